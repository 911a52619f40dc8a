package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/mockserver"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoad(t *testing.T) {
	t.Parallel()
	c, err := load([]string{"-region", "eu", "-skip", "sendMessage=no mailbox"}, env(map[string]string{"BREAKCOLD_API_KEY": "bc_live_x"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.target.BaseURL != "https://http.eu.breakcold.com" || c.target.OtherRegionURL != "https://http.us.breakcold.com" || c.target.LegacyURL != "https://api.breakcold.com" {
		t.Errorf("region defaults: got %+v", c.target)
	}
	if c.target.Skip["sendMessage"] != "no mailbox" || c.target.Keys.Full != "bc_live_x" {
		t.Errorf("got %+v", c.target)
	}
	for _, args := range [][]string{{"-region", "mars", "-key", "k"}, {"-skip", "noreason", "-key", "k"}, {}, {"extra", "-key", "k"}} {
		if _, err := load(args, env(nil), io.Discard); err == nil {
			t.Errorf("load(%q) accepted bad input", args)
		}
	}
}

// TestMockBinaryConforms builds breakcold-mock, starts it, and runs the CLI against
// it as a CI pipeline would, JUnit report included.
func TestMockBinaryConforms(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the mock binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "breakcold-mock")
	build := exec.Command("go", "build", "-o", bin, "../breakcold-mock")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build breakcold-mock: %v\n%s", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-us-addr", "127.0.0.1:0", "-eu-addr", "127.0.0.1:0", "-log-level", "warn")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	urls := map[string]string{}
	re := regexp.MustCompile(`(US|EU) current API\s+(http://\S+)/api/v1`)
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && len(urls) < 2 {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			urls[m[1]] = m[2]
		}
	}
	go io.Copy(io.Discard, stdout)
	if len(urls) < 2 {
		t.Fatalf("no URLs in the mock's banner: %v", urls)
	}
	junit := filepath.Join(dir, "contract.xml")
	var out, errOut bytes.Buffer
	code, err := run(context.Background(), []string{
		"-base-url", urls["US"], "-other-region-url", urls["EU"], "-control", urls["US"] + mockserver.ControlPrefix,
		"-key", mockserver.DemoKeyFull, "-legacy-key", mockserver.DemoKeyLegacy, "-allow-send", "-junit", junit,
	}, env(nil), &out, &errOut)
	if err != nil || code != 0 {
		t.Fatalf("exit %d, err %v\n%s\n%s", code, err, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "coverage: 93/93 operations exercised") {
		t.Errorf("summary: %s", out.String())
	}
	raw, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var suites struct {
		Suites []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(raw, &suites); err != nil {
		t.Fatalf("JUnit report: %v", err)
	}
	total := 0
	for _, s := range suites.Suites {
		total += s.Tests
		if s.Failures != 0 {
			t.Errorf("suite %s has %d failures", s.Name, s.Failures)
		}
	}
	if total < 93 {
		t.Errorf("JUnit report has %d tests", total)
	}
	if strings.Contains(out.String()+errOut.String(), mockserver.DemoKeyFull) {
		t.Error("output reveals a whole key")
	}
}

// A failing target exits 1 and names the failure with a curl line.
func TestFailingTargetExitsOne(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	code, err := run(context.Background(), []string{"-mock", "-quiet", "-skip", "getRecord=testing the exit code"}, env(nil), &out, io.Discard)
	if err != nil || code != 0 {
		t.Fatalf("the mock failed its own check: %d %v\n%s", code, err, out.String())
	}
	code, _ = run(context.Background(), []string{"-mock", "-quiet", "-max-requests", "3"}, env(nil), &out, io.Discard)
	if code != exitFail {
		t.Errorf("a run cut short by -max-requests: exit %d, want %d\n%s", code, exitFail, out.String())
	}
}
