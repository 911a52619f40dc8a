package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/client/webhook"
	"github.com/breakcold-go/breakcold/internal/testbin"
	"github.com/breakcold-go/breakcold/internal/version"
	"github.com/breakcold-go/breakcold/mockserver"
)

func TestMain(m *testing.M) { testbin.Main(m, ".") }

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadDefaultsFlagsAndEnv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(config) bool
		wantErr string
	}{
		{"defaults", nil, nil, func(c config) bool {
			return c.usAddr == "127.0.0.1:8080" && c.euAddr == "127.0.0.1:8081" && c.rateLimit == 60 && c.rateWindow == time.Minute && c.logFormat == "text"
		}, ""},
		{"env", nil, map[string]string{"BREAKCOLD_MOCK_RATE_LIMIT": "600", "BREAKCOLD_MOCK_RATE_WINDOW": "10s", "BREAKCOLD_MOCK_US_ADDR": ":9000"}, func(c config) bool {
			return c.rateLimit == 600 && c.rateWindow == 10*time.Second && c.usAddr == "127.0.0.1:9000"
		}, ""},
		{"host flag", []string{"-host", "0.0.0.0"}, nil, func(c config) bool { return c.usAddr == "0.0.0.0:8080" && c.euAddr == "0.0.0.0:8081" }, ""},
		{"host env, IPv6", nil, map[string]string{"BREAKCOLD_MOCK_HOST": "::"}, func(c config) bool { return c.usAddr == "[::]:8080" }, ""},
		{"address with a host keeps it", []string{"-host", "0.0.0.0", "-us-addr", "127.0.0.1:0", "-eu-addr", ""}, nil, func(c config) bool { return c.usAddr == "127.0.0.1:0" && c.euAddr == "" }, ""},
		{"ready file env", nil, map[string]string{"BREAKCOLD_MOCK_READY_FILE": "r.json"}, func(c config) bool { return c.readyFile == "r.json" }, ""},
		{"port without colon", []string{"-us-addr", "8080"}, nil, nil, "want host:port"},
		{"flags beat env", []string{"-rate-limit", "5"}, map[string]string{"BREAKCOLD_MOCK_RATE_LIMIT": "600"}, func(c config) bool { return c.rateLimit == 5 }, ""},
		{"bad env number", nil, map[string]string{"BREAKCOLD_MOCK_RATE_LIMIT": "lots"}, nil, "BREAKCOLD_MOCK_RATE_LIMIT"},
		{"bad env duration", nil, map[string]string{"BREAKCOLD_MOCK_RATE_WINDOW": "1 minute"}, nil, "BREAKCOLD_MOCK_RATE_WINDOW"},
		{"bad log format", []string{"-log-format", "xml"}, nil, nil, "log-format"},
		{"bad log level", []string{"-log-level", "loud"}, nil, nil, "log-level"},
		{"empty and seed", []string{"-empty", "-seed", "x.json"}, nil, nil, "exclude"},
		{"stray argument", []string{"serve"}, nil, nil, "unexpected arguments"},
		{"bad env boolean", nil, map[string]string{"BREAKCOLD_MOCK_EMPTY": "yes"}, nil, "BREAKCOLD_MOCK_EMPTY"},
		{"env boolean", nil, map[string]string{"BREAKCOLD_MOCK_EMPTY": "true"}, func(c config) bool { return c.empty }, ""},
		{"rate limit zero", []string{"-rate-limit", "0"}, nil, nil, "-rate-limit"},
		{"rate limit negative", []string{"-rate-limit", "-5"}, nil, nil, "-rate-limit"},
		{"rate limit not a number", []string{"-rate-limit", "many"}, nil, nil, "-rate-limit"},
		{"timeouts default", nil, nil, func(c config) bool {
			return c.readTimeout == 30*time.Second && c.writeTimeout == 60*time.Second && c.idleTimeout == 120*time.Second
		}, ""},
		{"timeouts env", nil, map[string]string{"BREAKCOLD_MOCK_READ_TIMEOUT": "1s", "BREAKCOLD_MOCK_WRITE_TIMEOUT": "2s", "BREAKCOLD_MOCK_IDLE_TIMEOUT": "3s"}, func(c config) bool {
			return c.readTimeout == time.Second && c.writeTimeout == 2*time.Second && c.idleTimeout == 3*time.Second
		}, ""},
		{"timeout not positive", []string{"-idle-timeout", "0s"}, nil, nil, "-idle-timeout"},
		{"control token env", nil, map[string]string{"BREAKCOLD_MOCK_CONTROL_TOKEN": "t0k"}, func(c config) bool { return c.controlToken == "t0k" }, ""},
		{"webhooks from env", nil, map[string]string{"BREAKCOLD_MOCK_WEBHOOK": "http://localhost:3000/a, http://localhost:3000/b"}, func(c config) bool {
			return strings.Join(c.webhooks, " ") == "http://localhost:3000/a http://localhost:3000/b"
		}, ""},
		{"webhook flags beat env", []string{"-webhook", "http://localhost:1/x", "-webhook", "https://example.test/y"}, map[string]string{"BREAKCOLD_MOCK_WEBHOOK": "http://localhost:3000/a"}, func(c config) bool {
			return strings.Join(c.webhooks, " ") == "http://localhost:1/x https://example.test/y"
		}, ""},
		{"bad webhook", []string{"-webhook", "localhost:3000"}, nil, nil, "-webhook"},
		{"journal env", nil, map[string]string{"BREAKCOLD_MOCK_JOURNAL_SIZE": "10", "BREAKCOLD_MOCK_JOURNAL_BYTES": "4096", "BREAKCOLD_MOCK_JOURNAL_BODY_BYTES": "0", "BREAKCOLD_MOCK_HAR": "x.har"}, func(c config) bool {
			return c.journalSize == 10 && c.journalBytes == 4096 && c.journalBodyBytes == 0 && c.harFile == "x.har"
		}, ""},
		{"journal size zero", []string{"-journal-size", "0"}, nil, nil, "-journal-size"},
		{"state from env", nil, map[string]string{"BREAKCOLD_MOCK_STATE": "s.json", "BREAKCOLD_MOCK_STATE_INTERVAL": "1m"}, func(c config) bool {
			return c.stateFile == "s.json" && c.stateInterval == time.Minute
		}, ""},
		{"state interval default", nil, nil, func(c config) bool { return c.stateFile == "" && c.stateInterval == 10*time.Second }, ""},
		{"state interval not positive", []string{"-state-interval", "0s"}, nil, nil, "-state-interval"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := load(tc.args, env(tc.env), io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got error %v, want one mentioning %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(c) {
				t.Errorf("got %+v", c)
			}
		})
	}
}

func TestHelpListsEveryFlag(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	_, err := load([]string{"-help"}, env(nil), &out)
	if err == nil {
		t.Fatal("-help returned no error")
	}
	for _, f := range []string{"-host", "-us-addr", "-eu-addr", "-ready-file", "-healthcheck", "-version", "-seed", "-rate-limit", "-rate-window", "-log-level", "-log-format", "-read-timeout", "-write-timeout", "-idle-timeout", "-control-token", "BREAKCOLD_MOCK_SEED", "-state", "BREAKCOLD_MOCK_STATE", "-state-interval", "/_mock", "-webhook", "BREAKCOLD_MOCK_WEBHOOK"} {
		if !strings.Contains(out.String(), f) {
			t.Errorf("help does not mention %s", f)
		}
	}
}

// syncBuffer lets the test read what run prints while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunServesAndShutsDown(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-us-addr", "127.0.0.1:0", "-eu-addr", "127.0.0.1:0", "-log-format", "json"}, env(nil), &stdout, &stderr)
	}()
	re := regexp.MustCompile(`US current API  (http://\S+)/api/v1`)
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := re.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("no banner; stdout %q stderr %q", stdout.String(), stderr.String())
	}
	req, _ := http.NewRequest("GET", base+"/api/v1/workspaces", nil)
	req.Header.Set("Authorization", "Bearer "+mockserver.DemoKeyFull)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get(mockserver.VersionHeader) == "" {
		t.Errorf("got %d with version %q", resp.StatusCode, resp.Header.Get(mockserver.VersionHeader))
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	logs := stderr.String()
	if !strings.Contains(logs, `"msg":"stopped"`) {
		t.Errorf("no shutdown log in %s", logs)
	}
	if strings.Contains(logs, mockserver.DemoKeyFull) {
		t.Error("logs reveal a whole key")
	}
	if !strings.Contains(logs, `"key":"bc_live_usfull"`) {
		t.Error("request log does not name the key by prefix")
	}
}

// A script learns where a mock on port 0 listens from its ready file, which
// replaces a stale one, holds the demo keys, and goes away when the mock stops.
func TestReadyFileAndPortZero(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "mock.json")
	if err := os.WriteFile(path, []byte("left by an earlier run"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout, done := runInBackground(ctx, "-us-addr", "127.0.0.1:0", "-eu-addr", "127.0.0.1:0", "-ready-file", path, "-log-level", "warn")
	info := waitReadyFile(t, path, done)
	for _, ep := range []*endpoint{info.US, info.EU} {
		if ep == nil || strings.HasSuffix(ep.Listen, ":0") || ep.URL != "http://"+ep.Listen || ep.API != ep.URL+"/api/v1" {
			t.Fatalf("got endpoint %+v, want a bound port and its URLs", ep)
		}
	}
	if info.US.URL == info.EU.URL || info.Legacy != info.US.URL+"/rest" || info.Control != info.US.URL+mockserver.ControlPrefix {
		t.Errorf("got %+v", info)
	}
	if info.Keys["full"] != mockserver.DemoKeyFull || info.Keys["eu"] != mockserver.DemoKeyEU || info.Keys["legacy"] != mockserver.DemoKeyLegacy || len(info.Keys) != len(demoKeys) {
		t.Errorf("got keys %v", info.Keys)
	}
	if info.Version != version.String() {
		t.Errorf("got version %q, want %q", info.Version, version.String())
	}
	if !strings.Contains(stdout.String(), "US current API  "+info.US.API) {
		t.Errorf("banner and ready file disagree: %s", stdout.String())
	}
	get(t, info.EU.API+"/workspaces", mockserver.DemoKeyEU, http.StatusOK)
	get(t, info.Control+"/ready", "", http.StatusOK)

	var out bytes.Buffer
	if err := run(ctx, []string{"-healthcheck", "-us-addr", info.US.Listen, "-eu-addr", info.EU.Listen}, env(nil), &out, io.Discard); err != nil {
		t.Errorf("healthcheck of a running mock: %v", err)
	}
	if strings.Count(out.String(), "ok ") != 2 {
		t.Errorf("healthcheck printed %q, want a line per listener", out.String())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ready file outlived the mock: %v", err)
	}
}

// runInBackground runs the mock with args until ctx ends; done gets run's error.
func runInBackground(ctx context.Context, args ...string) (stdout *syncBuffer, done <-chan error) {
	stdout = &syncBuffer{}
	errc := make(chan error, 1)
	go func() { errc <- run(ctx, args, env(nil), stdout, io.Discard) }()
	return stdout, errc
}

func waitReadyFile(t *testing.T, path string, done <-chan error) readyInfo {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		select {
		case err := <-done:
			t.Fatalf("mock exited: %v", err)
		default:
		}
		raw, err := os.ReadFile(path)
		if err != nil || bytes.HasPrefix(raw, []byte("left")) {
			continue
		}
		var info readyInfo
		if err := json.Unmarshal(raw, &info); err != nil {
			t.Fatalf("ready file %s: %v", raw, err)
		}
		return info
	}
	t.Fatal("no ready file within 10s")
	return readyInfo{}
}

func get(t *testing.T, url, key string, want int) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != want {
		t.Errorf("GET %s: got %d, want %d", url, resp.StatusCode, want)
	}
}

func TestHealthcheckFailures(t *testing.T) {
	t.Parallel()
	notReady := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "starting", http.StatusServiceUnavailable)
	}))
	t.Cleanup(notReady.Close)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	tests := []struct {
		name      string
		addr      string
		unhealthy bool
	}{
		{"answers 503", notReady.Listener.Addr().String(), true},
		{"nothing listening", closed.Listener.Addr().String(), true},
		{"port 0 cannot be checked", "127.0.0.1:0", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := run(context.Background(), []string{"-healthcheck", "-us-addr", tc.addr, "-eu-addr", ""}, env(nil), io.Discard, io.Discard)
			if err == nil || errors.Is(err, errUnhealthy) != tc.unhealthy {
				t.Errorf("-us-addr %s: got %v, want unhealthy=%v", tc.addr, err, tc.unhealthy)
			}
		})
	}
}

func TestReachableURLAndBanner(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]string{
		"[::]:8080":      "http://127.0.0.1:8080",
		"0.0.0.0:8081":   "http://127.0.0.1:8081",
		"127.0.0.1:9":    "http://127.0.0.1:9",
		"[::1]:9":        "http://[::1]:9",
		"mock.test:8080": "http://mock.test:8080",
	} {
		if got := reachableURL(addr); got != want {
			t.Errorf("reachableURL(%q) = %q, want %q", addr, got, want)
		}
	}
	bound := map[mockserver.Region]net.Addr{mockserver.US: &net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}}
	var out bytes.Buffer
	printBanner(&out, newReadyInfo(bound, mockserver.Options{Version: "v0.1.0", Empty: true}, nil, time.Now()))
	for _, want := range []string{"breakcold-mock v0.1.0 is ready", "US current API  http://127.0.0.1:8080/api/v1", "every interface", "No demo keys"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "EU current API") {
		t.Errorf("banner shows an EU listener that is not there:\n%s", out.String())
	}
}

// The release build stamps the version with -ldflags; -version prints it, and
// -healthcheck exits 1 (unhealthy) rather than 2 (a usage error) when nothing answers.
func TestBinaryVersionAndHealthcheckExitCode(t *testing.T) {
	t.Parallel()
	bin := testbin.Path(t, ".")
	out, err := exec.Command(bin, "-version").Output()
	if want := "breakcold-mock " + testbin.Version + "\n"; err != nil || string(out) != want {
		t.Errorf("-version: got %q, %v; want %q", out, err, want)
	}
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	err = exec.Command(bin, "-healthcheck", "-us-addr", closed.Listener.Addr().String(), "-eu-addr", "").Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("-healthcheck with nothing listening: got %v, want exit status 1", err)
	}
}

// TestTimeoutsCloseSlowAndIdleConnections serves the mock with short timeouts on
// loopback: a client that stops sending its body, and one that keeps an idle
// keep-alive connection, are both disconnected.
func TestTimeoutsCloseSlowAndIdleConnections(t *testing.T) {
	t.Parallel()
	srv, err := mockserver.New(mockserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config{readTimeout: 300 * time.Millisecond, writeTimeout: time.Second, idleTimeout: 300 * time.Millisecond}
	hs := newHTTPServer(cfg, srv.Handler(mockserver.US), nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	dial := func(t *testing.T) net.Conn {
		t.Helper()
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return conn
	}
	closed := func(t *testing.T, conn net.Conn) {
		t.Helper()
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err := io.Copy(io.Discard, conn)
		if err != nil {
			t.Errorf("connection still open after 5 s: %v", err)
		}
	}
	t.Run("slow body", func(t *testing.T) {
		t.Parallel()
		conn := dial(t)
		fmt.Fprintf(conn, "POST /api/v1/records HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"wo", mockserver.DemoKeyFull)
		closed(t, conn)
	})
	t.Run("idle keep-alive", func(t *testing.T) {
		t.Parallel()
		conn := dial(t)
		fmt.Fprintf(conn, "GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		closed(t, conn)
	})
}

// breakcold-mock -webhook URL is all a developer needs: the banner prints the
// secret, the app gets signed events, and the logs show only the secret's
// prefix.
func TestRunSendsWebhooks(t *testing.T) {
	t.Parallel()
	got := make(chan *http.Request, 10)
	bodies := make(chan []byte, 10)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- r
		bodies <- b
	}))
	t.Cleanup(recv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-us-addr", "127.0.0.1:0", "-eu-addr", "", "-log-format", "json", "-webhook", recv.URL + "/hooks"}, env(nil), &stdout, &stderr)
	}()
	re := regexp.MustCompile(`(?s)US current API  (http://\S+)/api/v1.*/hooks  secret (whsec_\w+)`)
	var m []string
	for deadline := time.Now().Add(10 * time.Second); m == nil && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		m = re.FindStringSubmatch(stdout.String())
	}
	if m == nil {
		t.Fatalf("no banner with the webhook's secret; stdout %q stderr %q", stdout.String(), stderr.String())
	}
	base, secret := m[1], m[2]
	req, _ := http.NewRequest("POST", base+"/api/v1/records", strings.NewReader(`{"workspaceId":"`+mockserver.DemoWorkspaceSales+`","objectTypeSlug":"company","fields":{"name":"Hooked Ltd"}}`))
	req.Header.Set("Authorization", "Bearer "+mockserver.DemoKeyFull)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("createRecord: got %d, want 201", resp.StatusCode)
	}
	select {
	case r := <-got:
		if err := webhook.Verify(secret, r.Header, <-bodies); err != nil {
			t.Errorf("delivery does not verify with the banner's secret: %v", err)
		}
		if r.Header.Get(webhook.HeaderEvent) != "record.created" {
			t.Errorf("event: got %q, want record.created", r.Header.Get(webhook.HeaderEvent))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no delivery")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if logs := stderr.String(); strings.Contains(logs, secret) || !strings.Contains(logs, secret[:10]) {
		t.Errorf("logs should name the secret by its prefix %s only: %s", secret[:10], logs)
	}
}

// 0.1.0 documented -rate-limit -1 as "limiting off": off says so now, and -1
// still works, with a warning.
func TestRateLimitOff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args    []string
		env     map[string]string
		warning bool
	}{
		{[]string{"-rate-limit", "off"}, nil, false},
		{nil, map[string]string{"BREAKCOLD_MOCK_RATE_LIMIT": "off"}, false},
		{[]string{"-rate-limit", "-1"}, nil, true},
	} {
		var stderr bytes.Buffer
		c, err := load(tc.args, env(tc.env), &stderr)
		if err != nil {
			t.Errorf("load(%q, %v): %v", tc.args, tc.env, err)
			continue
		}
		if c.rateLimit >= 0 {
			t.Errorf("load(%q, %v): rate limit %d, want limiting off (negative)", tc.args, tc.env, c.rateLimit)
		}
		if got := strings.Contains(stderr.String(), "deprecated"); got != tc.warning {
			t.Errorf("load(%q, %v): warning %q, want one: %v", tc.args, tc.env, stderr.String(), tc.warning)
		}
	}
}

// A -seed's keys are listed in the banner and the ready file, by prefix, with
// which of them have every scope; no secret of a seed is shown.
func TestSeedKeysInBannerAndReadyFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	seed := `{"organizations":[{"id":"o1","name":"Org","region":"us","users":[{"id":"u1","name":"U","email":"u@x.example"}],"workspaces":[{"id":"w1","name":"W","records":[]}]}],
"legacyUsers":[],"keys":[{"name":"ci full","userId":"u1","allScopes":true,"secret":"bc_live_seedfull_0123456789abcdef"},{"name":"ci reader","userId":"u1","scopes":["records:read"],"secret":"bc_live_seedread_0123456789abcdef"}]}`
	seedPath, path := filepath.Join(dir, "seed.json"), filepath.Join(dir, "mock.json")
	if err := os.WriteFile(seedPath, []byte(seed), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout, done := runInBackground(ctx, "-us-addr", "127.0.0.1:0", "-eu-addr", "", "-seed", seedPath, "-ready-file", path, "-log-level", "warn")
	waitReadyFile(t, path, done)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var info struct {
		SeedKeys []struct {
			Name, Prefix string
			Full         bool
		} `json:"seedKeys"`
	}
	if err := json.Unmarshal(raw, &info); err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(info.SeedKeys)
	if want := "[{ci full bc_live_seedfu true} {ci reader bc_live_seedre false}]"; got != want {
		t.Errorf("ready file seedKeys: got %s, want %s\n%s", got, want, raw)
	}
	banner := stdout.String()
	for _, want := range []string{"bc_live_seedfu", "bc_live_seedre", "ci full", "every scope"} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, banner)
		}
	}
	for _, bad := range []string{"No demo keys", "0123456789abcdef"} {
		if strings.Contains(banner+string(raw), bad) {
			t.Errorf("banner or ready file shows %q:\n%s\n%s", bad, banner, raw)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// -har writes the journal on exit, for a CI job to keep as an artefact.
func TestHARFileOnExit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path, har := filepath.Join(dir, "mock.json"), filepath.Join(dir, "run.har")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, done := runInBackground(ctx, "-us-addr", "127.0.0.1:0", "-eu-addr", "", "-ready-file", path, "-har", har, "-log-level", "warn")
	info := waitReadyFile(t, path, done)
	get(t, info.US.API+"/workspaces", mockserver.DemoKeyFull, http.StatusOK)
	get(t, info.US.API+"/nothing", mockserver.DemoKeyFull, http.StatusNotFound)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(har)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Log struct {
			Version string
			Entries []struct {
				Request  struct{ Method, URL string }
				Response struct{ Status int }
			}
		}
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if got.Log.Version != "1.2" || len(got.Log.Entries) != 2 || got.Log.Entries[1].Response.Status != 404 {
		t.Errorf("got %+v, want HAR 1.2 with the two requests", got.Log)
	}
	if bytes.Contains(raw, []byte(mockserver.DemoKeyFull)) {
		t.Error("the HAR holds the key")
	}
}

// mockProcess is a running breakcold-mock binary.
type mockProcess struct {
	cmd    *exec.Cmd
	stderr syncBuffer
	exited chan struct{}
	err    error
	info   readyInfo
}

// wait waits for the process to exit and returns how it did.
func (p *mockProcess) wait() error {
	<-p.exited
	return p.err
}

// startBinary runs the built mock with args on a free port and returns it once
// its ready file names its URLs.
func startBinary(t *testing.T, bin string, args ...string) *mockProcess {
	t.Helper()
	ready := filepath.Join(t.TempDir(), "ready.json")
	p := &mockProcess{exited: make(chan struct{})}
	p.cmd = exec.Command(bin, append([]string{"-us-addr", "127.0.0.1:0", "-eu-addr", "", "-ready-file", ready, "-log-level", "debug"}, args...)...)
	p.cmd.Stderr = &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		p.cmd.Process.Kill() // the process this test started, by its pid
		<-p.exited
	})
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		select {
		case <-p.exited:
			t.Fatalf("mock exited: %v\n%s", p.err, p.stderr.String())
		default:
		}
		if raw, err := os.ReadFile(ready); err == nil && json.Unmarshal(raw, &p.info) == nil {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatal("no ready file within 10s")
		}
	}
}

// createRecord creates a company through the demo key and returns its id.
func createRecord(t *testing.T, info readyInfo, name string) string {
	t.Helper()
	body := `{"workspaceId":"` + mockserver.DemoWorkspaceSales + `","objectTypeSlug":"company","fields":{"name":"` + name + `"}}`
	req, _ := http.NewRequest(http.MethodPost, info.US.API+"/records", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+mockserver.DemoKeyFull)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Record struct{ ID string } `json:"record"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusCreated || out.Record.ID == "" {
		t.Fatalf("create record: %s, %v", resp.Status, err)
	}
	return out.Record.ID
}

// TestBinaryStateSurvivesRestarts runs the mock with -state: a record created
// before a SIGTERM, and one created before a kill -9 but after an interval
// passed, are both there after the restart.
func TestBinaryStateSurvivesRestarts(t *testing.T) {
	t.Parallel()
	bin := testbin.Path(t, ".")
	state := filepath.Join(t.TempDir(), "state.json")
	args := []string{"-state", state, "-state-interval", "200ms"}

	p := startBinary(t, bin, args...)
	first := createRecord(t, p.info, "Saved on SIGTERM")
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.wait(); err != nil {
		t.Fatalf("mock after SIGTERM: %v", err)
	}
	if fi, err := os.Stat(state); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v, %v; want one with mode 0600", fi, err)
	}

	p = startBinary(t, bin, args...)
	get(t, p.info.US.API+"/records/"+first, mockserver.DemoKeyFull, http.StatusOK)
	saves := strings.Count(p.stderr.String(), "state saved")
	second := createRecord(t, p.info, "Saved by the interval")
	// Past one interval: the saver has run since the record was created.
	for deadline := time.Now().Add(10 * time.Second); strings.Count(p.stderr.String(), "state saved") == saves; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no save within 10s: %s", p.stderr.String())
		}
	}
	if err := p.cmd.Process.Kill(); err != nil { // SIGKILL: no chance to save
		t.Fatal(err)
	}
	p.wait()

	p = startBinary(t, bin, args...)
	get(t, p.info.US.API+"/records/"+first, mockserver.DemoKeyFull, http.StatusOK)
	get(t, p.info.US.API+"/records/"+second, mockserver.DemoKeyFull, http.StatusOK)
}

// TestBinaryRefusesATruncatedState: a state file cut short stops the start
// with an error naming the file, and leaves the file alone.
func TestBinaryRefusesATruncatedState(t *testing.T) {
	t.Parallel()
	bin := testbin.Path(t, ".")
	state := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(state, []byte(`{"kind":"breakcold-mock state","version":1,"organizations":[{"id":"og`), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-us-addr", "127.0.0.1:0", "-eu-addr", "", "-state", state).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("got %v, want exit status 2; output:\n%s", err, out)
	}
	want := "breakcold-mock: mockserver: state file " + state + " is not valid JSON (truncated or corrupt?): unexpected end of JSON input"
	if !strings.Contains(string(out), want) {
		t.Errorf("got:\n%s\nwant a line %q", out, want)
	}
	if strings.Contains(string(out), "is ready") {
		t.Errorf("the mock started: %s", out)
	}
}
