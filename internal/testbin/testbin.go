// Package testbin builds the module's programs for the tests that run them as
// users do (the mock and contract binaries, the programs that measure the SDK's
// size). A test package declares its programs in TestMain, and the first test
// that asks for one builds them all in one go build; the others reuse them.
//
//	func TestMain(m *testing.M) { testbin.Main(m, "../breakcold-mock", ".") }
//
//	func TestBinary(t *testing.T) {
//		bin := testbin.Path(t, "../breakcold-mock")
//		...
//	}
//
// Building is the slow part of such a test, so Path skips the test under
// go test -short, the inner loop; make test (and so make check and CI) runs it.
// Every program is built as a release is (CGO_ENABLED=0, -trimpath), with the
// version Version stamped in, so all test packages share one set of compiled
// packages in the go command's cache, and the release builds of make cross and
// make image share it too.
package testbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
)

// Version is stamped into every program built here.
const Version = "v0.0.0-test"

var (
	programs []string // as declared to Main, relative to the test's directory
	once     sync.Once
	dir      string
	err      error
)

// Main declares the packages whose programs the package's tests run, runs the
// tests, and removes the programs. Call it from TestMain.
func Main(m *testing.M, pkgs ...string) {
	programs = pkgs
	code := m.Run()
	if dir != "" {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// Path returns the path of the program of pkg, one of the packages declared to
// Main, building all of them on the first call. Under -short it skips the test.
func Path(t testing.TB, pkg string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds programs with go build; make test runs it")
	}
	if !slices.Contains(programs, pkg) {
		t.Fatalf("testbin: %s is not among the programs declared to testbin.Main (%q)", pkg, programs)
	}
	once.Do(build)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, name(pkg))
}

func build() {
	dir, err = os.MkdirTemp("", "testbin-")
	if err != nil {
		return
	}
	// The trailing separator makes go build write one program per package into dir.
	args := append([]string{"build", "-trimpath", "-ldflags", "-X github.com/breakcold-go/breakcold/internal/version.Version=" + Version,
		"-o", dir + string(filepath.Separator)}, programs...)
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, e := cmd.CombinedOutput(); e != nil {
		err = fmt.Errorf("testbin: go %v: %v\n%s", args, e, out)
	}
}

// name is the file go build writes for a package given by its directory.
func name(pkg string) string {
	abs, e := filepath.Abs(pkg)
	if e != nil {
		abs = pkg
	}
	n := filepath.Base(abs)
	if runtime.GOOS == "windows" {
		n += ".exe"
	}
	return n
}
