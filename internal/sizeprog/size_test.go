// Package sizeprog holds two equivalent programs, one on package client and one
// on net/http alone, and the tests that keep the SDK light: what importing
// client links, and how much larger it makes a binary.
package sizeprog

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/breakcold-go/breakcold/internal/testbin"
)

func TestMain(m *testing.M) { testbin.Main(m, "./sdk", "./std") }

// maxExtra is how much larger a binary may get by using client instead of
// net/http and encoding/json.
const maxExtra = 1 << 20

// size is the size of the program of pkg, built as a release is (see testbin).
func size(t *testing.T, pkg string) int64 {
	t.Helper()
	fi, err := os.Stat(testbin.Path(t, pkg))
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

func TestClientBinarySize(t *testing.T) {
	sdk, std := size(t, "./sdk"), size(t, "./std")
	t.Logf("client program %d bytes, net/http program %d bytes, difference %d bytes", sdk, std, sdk-std)
	if sdk-std > maxExtra {
		t.Errorf("a program using client is %d bytes larger than one using net/http; the budget is %d", sdk-std, maxExtra)
	}
}

// forbidden are packages a program must not link by importing client. reflect is
// not one: encoding/json and fmt link it whatever client does. What client
// promises is not to import it itself, which TestClientImports checks apart.
var forbidden = []string{"github.com/getkin/kin-openapi", "santhosh-tekuri/jsonschema", "yaml",
	"github.com/breakcold-go/breakcold/gen", "github.com/breakcold-go/breakcold/internal/gen", "github.com/breakcold-go/breakcold/apispec",
	"github.com/oapi-codegen"}

func TestClientImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/breakcold-go/breakcold/client").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if strings.Contains(dep, f) {
				t.Errorf("client links %s", dep)
			}
		}
	}
	// client imports the standard library only, and not reflect.
	imports, err := exec.Command("go", "list", "-f", `{{join .Imports " "}}`, "github.com/breakcold-go/breakcold/client").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range strings.Fields(string(imports)) {
		if imp == "reflect" || strings.Contains(imp, ".") {
			t.Errorf("client imports %s; it imports only the standard library, and not reflect", imp)
		}
	}
}

// TestMockImports keeps the spec decoder out of the mock binary: it starts from
// tables generated into internal/specdata, and linking kin-openapi would bring
// back its package init (about 10 ms for the JSON Schema validator alone) and
// the temptation to decode the spec at start-up. It keeps out the generated
// client too, which only tests use: it is most of what oapi-codegen writes, and
// compiling it doubled the time and memory a build of the mock takes.
func TestMockImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/breakcold-go/breakcold/cmd/breakcold-mock").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, f := range []string{"github.com/getkin/kin-openapi", "santhosh-tekuri/jsonschema", "yaml", "github.com/breakcold-go/breakcold/apispec",
			"github.com/breakcold-go/breakcold/gen/breakcoldspec", "github.com/breakcold-go/breakcold/internal/gen/breakcoldclient"} {
			if strings.Contains(dep, f) {
				t.Errorf("breakcold-mock links %s", dep)
			}
		}
	}
}
