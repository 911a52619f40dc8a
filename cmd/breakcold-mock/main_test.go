package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/client/webhook"
	"github.com/breakcold-go/breakcold/mockserver"
)

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
			return c.rateLimit == 600 && c.rateWindow == 10*time.Second && c.usAddr == ":9000"
		}, ""},
		{"flags beat env", []string{"-rate-limit", "5"}, map[string]string{"BREAKCOLD_MOCK_RATE_LIMIT": "600"}, func(c config) bool { return c.rateLimit == 5 }, ""},
		{"bad env number", nil, map[string]string{"BREAKCOLD_MOCK_RATE_LIMIT": "lots"}, nil, "BREAKCOLD_MOCK_RATE_LIMIT"},
		{"bad env duration", nil, map[string]string{"BREAKCOLD_MOCK_RATE_WINDOW": "1 minute"}, nil, "BREAKCOLD_MOCK_RATE_WINDOW"},
		{"bad log format", []string{"-log-format", "xml"}, nil, nil, "log-format"},
		{"bad log level", []string{"-log-level", "loud"}, nil, nil, "log-level"},
		{"empty and seed", []string{"-empty", "-seed", "x.json"}, nil, nil, "exclude"},
		{"stray argument", []string{"serve"}, nil, nil, "unexpected arguments"},
		{"webhooks from env", nil, map[string]string{"BREAKCOLD_MOCK_WEBHOOK": "http://localhost:3000/a, http://localhost:3000/b"}, func(c config) bool {
			return strings.Join(c.webhooks, " ") == "http://localhost:3000/a http://localhost:3000/b"
		}, ""},
		{"webhook flags beat env", []string{"-webhook", "http://localhost:1/x", "-webhook", "https://example.test/y"}, map[string]string{"BREAKCOLD_MOCK_WEBHOOK": "http://localhost:3000/a"}, func(c config) bool {
			return strings.Join(c.webhooks, " ") == "http://localhost:1/x https://example.test/y"
		}, ""},
		{"bad webhook", []string{"-webhook", "localhost:3000"}, nil, nil, "-webhook"},
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
	for _, f := range []string{"-us-addr", "-eu-addr", "-seed", "-rate-limit", "-rate-window", "-log-level", "-log-format", "BREAKCOLD_MOCK_SEED", "/_mock", "-webhook", "BREAKCOLD_MOCK_WEBHOOK"} {
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
