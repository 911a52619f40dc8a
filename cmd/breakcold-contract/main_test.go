package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/apispec"
	"github.com/breakcold-go/breakcold/client/webhook"
	"github.com/breakcold-go/breakcold/contracttest"
	"github.com/breakcold-go/breakcold/internal/testbin"
	"github.com/breakcold-go/breakcold/mockserver"
)

func TestMain(m *testing.M) { testbin.Main(m, "../breakcold-mock", ".") }

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
	c, err = load([]string{"-key", "k"}, env(map[string]string{"BREAKCOLD_COMPARE_URL": "http://127.0.0.1:9080", "BREAKCOLD_COMPARE_KEY": "bc_live_y"}), io.Discard)
	if err != nil || c.compare.BaseURL != "http://127.0.0.1:9080" || c.compare.Keys.Full != "bc_live_y" {
		t.Errorf("-compare from the environment: got %+v, %v", c.compare, err)
	}
	for _, args := range [][]string{
		{"-region", "mars", "-key", "k"}, {"-skip", "noreason", "-key", "k"}, {}, {"extra", "-key", "k"}, {"-format", "xml", "-key", "k"},
		{"-key", "k", "-compare-key", "k2"}, {"-key", "k", "-compare", "http://127.0.0.1:9080"},
		{"-key", "k", "-compare", "http://127.0.0.1:9080", "-compare-key", "k2", "-junit", "c.xml"},
	} {
		if _, err := load(args, env(nil), io.Discard); err == nil {
			t.Errorf("load(%q) accepted bad input", args)
		}
	}
}

// TestMockBinaryConforms builds breakcold-mock, starts it, and runs the CLI against
// it as a CI pipeline would, JUnit report included.
func TestMockBinaryConforms(t *testing.T) {
	bin := testbin.Path(t, "../breakcold-mock")
	dir := t.TempDir()
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
	junit, page := filepath.Join(dir, "contract.xml"), filepath.Join(dir, "contract.html")
	var out, errOut bytes.Buffer
	code, err := run(context.Background(), []string{
		"-base-url", urls["US"], "-other-region-url", urls["EU"], "-control", urls["US"] + mockserver.ControlPrefix,
		"-key", mockserver.DemoKeyFull, "-legacy-key", mockserver.DemoKeyLegacy, "-allow-send", "-junit", junit, "-html", page,
	}, env(nil), &out, &errOut)
	if err != nil || code != 0 {
		t.Fatalf("exit %d, err %v\n%s\n%s", code, err, out.String(), errOut.String())
	}
	doc, err := apispec.Load()
	if err != nil {
		t.Fatal(err)
	}
	ops, err := apispec.Operations(doc)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("coverage: %d/%d operations exercised", len(ops), len(ops)); !strings.Contains(out.String(), want) {
		t.Errorf("summary: %s", out.String())
	}
	if html, err := os.ReadFile(page); err != nil || !strings.Contains(string(html), "<h2 id=\"failures\">Failures (0)</h2>") ||
		!strings.Contains(out.String(), "HTML report: "+page) {
		t.Errorf("-html wrote %d bytes (%v) and said %q; want the page with no failures", len(html), err, out.String())
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
	if total < len(ops) {
		t.Errorf("JUnit report has %d tests, fewer than the spec's %d operations", total, len(ops))
	}
	if strings.Contains(out.String()+errOut.String(), mockserver.DemoKeyFull) {
		t.Error("output reveals a whole key")
	}
}

// A run that did not check everything exits 1; -format json gives machines the
// whole report.
func TestFailingTargetExitsOne(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	code, err := run(context.Background(), []string{"-mock", "-quiet", "-format", "json", "-skip", "getRecord=testing the exit code"}, env(nil), &out, io.Discard)
	var rep struct {
		Outcome string
		Results []struct{ Name string }
	}
	if err != nil || code != exitPass || json.Unmarshal(out.Bytes(), &rep) != nil || rep.Outcome != "passed" || len(rep.Results) < 400 {
		t.Fatalf("the mock failed its own check: %d %v\n%.500s", code, err, out.String())
	}
	out.Reset()
	code, _ = run(context.Background(), []string{"-mock", "-quiet", "-max-requests", "3"}, env(nil), &out, io.Discard)
	if code != exitFail || !strings.Contains(out.String(), "stopped early: the request budget of 3 was spent") {
		t.Errorf("a run cut short by -max-requests: exit %d, want %d\n%s", code, exitFail, out.String())
	}
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	failed := []contracttest.Result{{Outcome: contracttest.Fail}}
	tests := []struct {
		rep  contracttest.Report
		want int
	}{
		{contracttest.Report{Results: []contracttest.Result{{Outcome: contracttest.Pass}, {Outcome: contracttest.Skip}}}, exitPass},
		{contracttest.Report{Results: failed}, exitFail},
		{contracttest.Report{Stopped: contracttest.StopFailFast, Results: failed}, exitFail},
		{contracttest.Report{Stopped: contracttest.StopBudget}, exitFail},
		{contracttest.Report{Stopped: contracttest.StopServerGone, Results: failed}, exitCannotRun},
		{contracttest.Report{Stopped: contracttest.StopInterrupted, Results: failed}, exitInterrupted},
	}
	for _, tc := range tests {
		if got := exitCode(&tc.rep); got != tc.want {
			t.Errorf("exitCode(stopped %q, %d results) = %d, want %d", tc.rep.Stopped, len(tc.rep.Results), got, tc.want)
		}
	}
}

// A target that cannot be checked exits 2 at once, in a few lines.
func TestTargetThatCannotRunExitsTwo(t *testing.T) {
	t.Parallel()
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":{"code":"unauthorized","message":"unknown API key","requestId":"req_1"}}`)
	}))
	defer refusing.Close()
	for name, args := range map[string][]string{
		"unreachable":   {"-base-url", "http://127.0.0.1:1", "-key", "bc_live_x"},
		"refused key":   {"-base-url", refusing.URL, "-key", "bc_live_x", "-junit", filepath.Join(t.TempDir(), "c.xml")},
		"unknown flag":  {"-keys", "bc_live_x"},
		"no credential": {"-base-url", refusing.URL},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var out, errOut bytes.Buffer
			start := time.Now()
			code, err := run(context.Background(), args, env(nil), &out, &errOut)
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("took %v", took)
			}
			if code != exitCannotRun || err == nil {
				t.Fatalf("exit %d, error %v; want %d and why", code, err, exitCannotRun)
			}
			if name == "unknown flag" {
				return // the flag package prints the usage
			}
			if lines := strings.Count(out.String()+errOut.String(), "\n") + 1; lines > 3 {
				t.Errorf("%d lines, want at most 3:\n%s%s%v", lines, out.String(), errOut.String(), err)
			}
		})
	}
}

// dieAfter serves the mock for n requests, then stops listening and drops every
// open connection, as a crashed server does.
func dieAfter(t *testing.T, n int64) string {
	t.Helper()
	mock, err := mockserver.New(mockserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var srv *httptest.Server
	var count atomic.Int64
	api := mock.Handler(mockserver.US)
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if count.Add(1) == n {
			srv.Listener.Close()
			go srv.CloseClientConnections()
		}
		api.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// A server that goes away mid-run exits 2 after a handful of failures, and the
// summary says so instead of claiming coverage.
func TestServerGoingAwayExitsTwo(t *testing.T) {
	t.Parallel()
	url := dieAfter(t, 120)
	var out, errOut bytes.Buffer
	code, err := run(context.Background(), []string{"-base-url", url, "-control", url + mockserver.ControlPrefix,
		"-key", mockserver.DemoKeyFull, "-legacy-key", mockserver.DemoKeyLegacy, "-allow-send"}, env(nil), &out, &errOut)
	if err != nil || code != exitCannotRun {
		t.Fatalf("exit %d, error %v; want %d\n%s", code, err, exitCannotRun, out.String())
	}
	if n := strings.Count(errOut.String(), "\nFAIL "); n < 1 || n > 3 {
		t.Errorf("%d FAIL lines, want 1 to 3:\n%s", n, errOut.String())
	}
	if !regexp.MustCompile(`server went away after \d+ checks`).MatchString(out.String()) || strings.Contains(out.String(), "operations exercised") {
		t.Errorf("summary:\n%s", out.String())
	}
}

// spendsWindows serves the mock for its first n requests; after that every window
// is spent, for 30 s each time it is asked.
func spendsWindows(t *testing.T, n int64) string {
	t.Helper()
	mock, err := mockserver.New(mockserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var count atomic.Int64
	api := mock.Handler(mockserver.US)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if count.Add(1) <= n {
			api.ServeHTTP(w, r)
			return
		}
		for k, v := range map[string]string{"Retry-After": "30", "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "30"} {
			w.Header().Set(k, v)
		}
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// signalled is a writer that reports when a line holds a word.
type signalled struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	word string
	seen chan struct{}
}

func (s *signalled) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, _ := s.buf.Write(p)
	if s.seen != nil && strings.Contains(s.buf.String(), s.word) {
		close(s.seen)
		s.seen = nil
	}
	return n, nil
}

// checkPartialJUnit reads a JUnit report written by an interrupted run.
func checkPartialJUnit(t *testing.T, path string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var report struct {
		Errors int `xml:"errors,attr"`
		Tests  int `xml:"tests,attr"`
	}
	if err := xml.Unmarshal(raw, &report); err != nil || report.Errors != 1 || report.Tests < 2 || !bytes.Contains(raw, []byte(`type="interrupted"`)) {
		t.Errorf("partial JUnit report (%v):\n%.2000s", err, raw)
	}
}

// Ctrl-C during a wait (a cancelled context in process) exits 130 within a second
// or two and writes a JUnit report that says the run was interrupted.
func TestInterruptExits130(t *testing.T) {
	t.Parallel()
	url := spendsWindows(t, 20)
	junit := filepath.Join(t.TempDir(), "contract.xml")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &signalled{word: "waiting 30 s for the rate-limit window to reset; -control skips waits on the mock", seen: make(chan struct{})}
	seen := stderr.seen
	done := make(chan int)
	var out bytes.Buffer
	go func() {
		code, _ := run(ctx, []string{"-base-url", url, "-key", mockserver.DemoKeyFull, "-legacy-key", mockserver.DemoKeyLegacy, "-junit", junit}, env(nil), &out, stderr)
		done <- code
	}()
	select {
	case <-seen:
	case <-time.After(30 * time.Second):
		t.Fatal("no wait was announced")
	}
	cancel()
	select {
	case code := <-done:
		if code != exitInterrupted {
			t.Errorf("exit %d, want %d", code, exitInterrupted)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("still running 2 s after the interrupt")
	}
	if !strings.Contains(out.String(), "stopped early: interrupted after") {
		t.Errorf("summary:\n%s", out.String())
	}
	checkPartialJUnit(t, junit)
}

// The binary turns SIGINT during a wait into exit status 130 and a partial report.
func TestSIGINTExits130(t *testing.T) {
	t.Parallel()
	bin := testbin.Path(t, ".")
	dir := t.TempDir()
	url := spendsWindows(t, 20)
	junit := filepath.Join(dir, "contract.xml")
	cmd := exec.Command(bin, "-base-url", url, "-key", mockserver.DemoKeyFull, "-junit", junit, "-quiet")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stderr)
	for sc.Scan() && !strings.HasPrefix(sc.Text(), "waiting 30 s") {
	}
	go io.Copy(io.Discard, stderr)
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-exited:
		if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
			t.Errorf("exit status %d, want %d", code, exitInterrupted)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("still running 2 s after SIGINT")
	}
	checkPartialJUnit(t, junit)
}

// -receiver checks a team's webhook receiver: 0 for client/webhook's Handler, 1
// for one that skips verification, 2 for one that cannot be reached.
func TestReceiverMode(t *testing.T) {
	t.Parallel()
	const secret = "whsec_cli_test"
	good := httptest.NewServer(webhook.NewHandler(webhook.Verifier{Secrets: []string{secret}}))
	t.Cleanup(good.Close)
	lax := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(lax.Close)
	for _, tc := range []struct {
		name, url string
		want      int
		summary   string
	}{
		{"verifies", good.URL, exitPass, "19 passed, 0 failed"},
		{"skips verification", lax.URL, exitFail, "FAIL forged"},
		{"unreachable", "http://127.0.0.1:1/hooks", exitCannotRun, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout bytes.Buffer
			code, err := run(context.Background(), []string{"-receiver", tc.url, "-receiver-secret", secret, "-quiet"}, env(nil), &stdout, io.Discard)
			if code != tc.want {
				t.Fatalf("exit %d (%v), want %d; stdout %s", code, err, tc.want, stdout.String())
			}
			if !strings.Contains(stdout.String(), tc.summary) {
				t.Errorf("summary %q lacks %q", stdout.String(), tc.summary)
			}
		})
	}
	if _, err := load([]string{"-receiver", good.URL}, env(nil), io.Discard); err == nil {
		t.Error("-receiver without -receiver-secret accepted")
	}
}

// -compare prints no difference between two mocks built alike and exits 0; against
// a mock that drops a header from one answer it names that answer and exits 1.
func TestCompareExitCodes(t *testing.T) {
	t.Parallel()
	dropping := func(_ mockserver.Region, next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && r.URL.Path == "/api/v1/meetings" {
				w = headerDropper{w, "X-Ratelimit-Reset"}
			}
			next.ServeHTTP(w, r)
		})
	}
	a := mockserver.Start(t, mockserver.Options{})
	same := mockserver.Start(t, mockserver.Options{})
	other := mockserver.Start(t, mockserver.Options{}, mockserver.WrapHandler(dropping))
	args := func(b *mockserver.TestServer, more ...string) []string {
		return append([]string{"-quiet", "-allow-send",
			"-base-url", a.URL, "-other-region-url", a.EUURL, "-control", a.ControlURL, "-key", a.DemoKeys.Full, "-legacy-key", a.DemoKeys.Legacy,
			"-compare", b.URL, "-compare-other-region-url", b.EUURL, "-compare-control", b.ControlURL,
			"-compare-key", b.DemoKeys.Full, "-compare-legacy-key", b.DemoKeys.Legacy}, more...)
	}
	var out bytes.Buffer
	code, err := run(context.Background(), args(same), env(nil), &out, io.Discard)
	if err != nil || code != exitPass || !strings.Contains(out.String(), ": 0 differences in ") {
		t.Errorf("two mocks alike: exit %d, %v\n%s", code, err, out.String())
	}
	out.Reset()
	code, err = run(context.Background(), args(other, "-format", "json"), env(nil), &out, io.Discard)
	var c struct {
		Outcome     string
		Differences []contracttest.Difference
	}
	if err != nil || code != exitFail || json.Unmarshal(out.Bytes(), &c) != nil {
		t.Fatalf("a mock that drops a header: exit %d, %v\n%s", code, err, out.String())
	}
	want := contracttest.Difference{Operation: "listMeetings", Check: "listMeetings (GET /api/v1/meetings)", Kind: contracttest.DifferenceHeader,
		Where: "X-Ratelimit-Reset", A: "present", B: "absent"}
	if c.Outcome != "different" || len(c.Differences) != 1 || c.Differences[0] != want {
		t.Errorf("got %s %#v, want different and %#v", c.Outcome, c.Differences, want)
	}
}

// headerDropper leaves a header out of a 200 answer.
type headerDropper struct {
	http.ResponseWriter
	name string
}

func (d headerDropper) WriteHeader(code int) {
	if code == http.StatusOK {
		d.Header().Del(d.name)
	}
	d.ResponseWriter.WriteHeader(code)
}
