package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

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
	for _, f := range []string{"-us-addr", "-eu-addr", "-seed", "-rate-limit", "-rate-window", "-log-level", "-log-format", "BREAKCOLD_MOCK_SEED", "/_mock"} {
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
