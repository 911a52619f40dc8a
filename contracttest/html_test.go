package contracttest_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/breakcold-go/breakcold/contracttest"
	"github.com/breakcold-go/breakcold/mockserver"
)

// TestHTMLReport runs the suite against a deliberately broken server and checks
// the page a person reads: failures first, each with its request, answer and
// curl line; coverage; nothing loaded from elsewhere; valid HTML.
func TestHTMLReport(t *testing.T) {
	t.Parallel()
	broken := breakage{
		response: func(r *http.Request, rec *recorder) {
			if isOp(r, "POST", "/api/v1/records") && rec.status == 201 {
				rec.status = 200 // an undocumented status
			}
			if isOp(r, "GET", "/api/v1/records/") {
				b := bytes.ReplaceAll(rec.body.Bytes(), []byte(`"displayName"`), []byte(`"display_name"`))
				rec.body.Reset()
				rec.body.Write(b) // a renamed property
			}
		},
	}
	target := mockTarget(t, mockserver.Options{}, broken.wrap)
	target.Name = "a deliberately broken mock"
	rep, err := contracttest.Check(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := rep.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	html := page.String()
	if out := os.Getenv("BREAKCOLD_HTML_REPORT"); out != "" {
		if err := os.WriteFile(out, page.Bytes(), 0o644); err != nil { // for the README's screenshot
			t.Fatal(err)
		}
	}
	_, fail, _ := rep.Counts()
	for _, want := range []string{
		"Contract run against a deliberately broken mock: <span class=\"outcome-failed\">failed</span>",
		"status 200, want 201", "display_name", "curl ", "Coverage by operation", "<details>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if fail == 0 || strings.Count(html, `<div class="failure">`) != fail {
		t.Errorf("the page shows %d failures, the report has %d", strings.Count(html, `<div class="failure">`), fail)
	}
	if f, c := strings.Index(html, `id="failures"`), strings.Index(html, `id="coverage"`); f < 0 || c < f {
		t.Errorf("failures do not come before coverage")
	}
	if ext := regexp.MustCompile(`(?i)(src|href)\s*=\s*"(https?:)?//|<link\b|<script\b`).FindString(html); ext != "" {
		t.Errorf("the page loads something from elsewhere: %s", ext)
	}
	validateHTML(t, page.Bytes())
}

// validateHTML runs html-validate (npm, pinned in package.json) over the page;
// it proves its worth on a broken page first. CI installs it (npm ci); where it
// is missing outside CI the check is skipped, saying so.
func validateHTML(t *testing.T, page []byte) {
	t.Helper()
	bin, err := filepath.Abs("../node_modules/.bin/html-validate")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("html-validate is missing (run npm ci): %v", err)
		}
		t.Skipf("html-validate is not installed (npm ci installs it): %v", err)
	}
	run := func(doc []byte) (string, error) {
		name := filepath.Join(t.TempDir(), "report.html")
		if err := os.WriteFile(name, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(bin, name).CombinedOutput()
		return string(out), err
	}
	if _, err := run([]byte("<!DOCTYPE html><html lang=\"en\"><head><title>x</title></head><body><p><div></p></body></html>")); err == nil {
		t.Fatal("html-validate accepted a broken page")
	}
	if out, err := run(page); err != nil {
		t.Errorf("the report is not valid HTML: %v\n%s", err, out)
	}
}
