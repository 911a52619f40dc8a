// Package examples runs the examples of docs/ for other languages against the
// mock, so that what the docs show works. Each needs its toolchain: Node.js and
// npm for TypeScript. CI has them; elsewhere a missing toolchain skips its
// example with a message. -short skips them all, since they install packages.
package examples

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/mockserver"
)

// TestTypeScript generates a client with openapi-typescript (with
// --default-non-nullable=false, see docs/typescript.md), compiles the example
// with tsc and runs it against the mock: create, update without multiselectMode,
// read back, list page by page, a 404.
func TestTypeScript(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the TypeScript example installs npm packages")
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("CI has no %s: %v", tool, err)
			}
			t.Skipf("%s is not installed: %v", tool, err)
		}
	}
	srv := mockserver.Start(t, mockserver.Options{})
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	npm := func(args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, "npm", args...)
		cmd.Dir = "typescript"
		cmd.Env = append(os.Environ(), "BREAKCOLD_BASE_URL="+srv.URL, "BREAKCOLD_API_KEY="+srv.DemoKeys.Full)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("npm %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	if _, err := os.Stat("typescript/node_modules"); err != nil {
		npm("ci", "--no-audit", "--no-fund")
	}
	out := npm("test")
	for _, want := range []string{"read back Katherine G. Johnson", "missing record: 404 not_found"} {
		if !strings.Contains(out, want) {
			t.Errorf("the example printed no %q:\n%s", want, out)
		}
	}
}
