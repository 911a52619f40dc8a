package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseWrk(t *testing.T) {
	t.Parallel()
	good := readTestdata(t, "wrk-latency.txt") // wrk 4.1 -d 1s -c 4 -t 2 --latency against the bare server
	got, err := parseWrk(good)
	want := wrkResult{n: 24920, elapsed: 1100 * time.Millisecond, rps: 22679.12,
		avg: 325950 * time.Nanosecond, max: 5860 * time.Microsecond, p50: 115 * time.Microsecond, p99: 3330 * time.Microsecond}
	if err != nil || got != want {
		t.Errorf("parseWrk(testdata/wrk-latency.txt): got %+v, %v; want %+v, no error", got, err, want)
	}

	tests := []struct {
		name    string
		out     string
		wantErr string
	}{
		{name: "non-2xx answers", out: readTestdata(t, "wrk-errors.txt"), wantErr: "754 non-2xx"},
		{name: "socket errors", out: strings.Replace(good, "Requests/sec:", "  Socket errors: connect 0, read 2, write 0, timeout 0\nRequests/sec:", 1), wantErr: "read 2"},
		{name: "no latency distribution (run without --latency)", out: strings.Replace(good, "  Latency Distribution\n", "", 1), wantErr: "the 50% latency"},
		{name: "no Requests/sec", out: strings.Replace(good, "Requests/sec:  22679.12\n", "", 1), wantErr: `"Requests/sec:"`},
		{name: "no request count", out: strings.Replace(good, "  24920 requests in 1.10s, 2.88MB read\n", "", 1), wantErr: `"N requests in T"`},
		{name: "garbled latency line", out: strings.Replace(good, "325.95us", "325.95parsecs", 1), wantErr: "cannot read"},
		{name: "garbled percentile", out: strings.Replace(good, "3.33ms", "3.33", 1), wantErr: "cannot read"},
		{name: "garbled rate", out: strings.Replace(good, "22679.12", "22,679.12", 1), wantErr: "cannot read"},
		{name: "connection refused", out: "unable to connect to 127.0.0.1:1 Connection refused\n", wantErr: "no "},
		{name: "zero requests", out: strings.NewReplacer("24920 requests", "0 requests", "22679.12", "0.00").Replace(good), wantErr: "nothing was measured"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := parseWrk(tt.out); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseWrk: got error %v, want one containing %q; input:\n%s", err, tt.wantErr, tt.out)
			}
		})
	}
}

func TestWrkArgs(t *testing.T) {
	t.Parallel()
	cfg, err := load(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	get := op{name: "getRecord", method: http.MethodGet, target: "/api/v1/records/rc1", key: "bc_live_test", want: http.StatusOK}
	got := wrkArgs("http://127.0.0.1:9", get, "unused.lua", cfg.wrkBounds)
	want := []string{"-d", "6s", "-c", "32", "-t", "2", "--latency", "--timeout", "5s",
		"-H", "Authorization: Bearer bc_live_test", "http://127.0.0.1:9/api/v1/records/rc1"}
	if !slices.Equal(got, want) {
		t.Errorf("wrkArgs(getRecord) with the default bounds: got %q, want %q", got, want)
	}
	post := op{name: "createRecord", method: http.MethodPost, target: "/api/v1/records", key: "bc_live_test", body: []byte(`{"a":"]]"}`)}
	got = wrkArgs("http://127.0.0.1:9", post, "post.lua", wrkBounds{threads: 1, conns: 4, duration: 2 * time.Minute})
	want = []string{"-d", "120s", "-c", "4", "-t", "1", "--latency", "--timeout", "5s", "-s", "post.lua",
		"-H", "Authorization: Bearer bc_live_test", "-H", "Content-Type: application/json", "http://127.0.0.1:9/api/v1/records"}
	if !slices.Equal(got, want) {
		t.Errorf("wrkArgs(createRecord): got %q, want %q", got, want)
	}
	script, err := wrkScript(post)
	if wantScript := "wrk.method = \"POST\"\nwrk.body = [==[{\"a\":\"]]\"}]==]\n"; err != nil || script != wantScript {
		t.Errorf("wrkScript(createRecord) = %q, %v; want %q", script, err, wantScript)
	}
	if _, err := wrkScript(op{name: "x", method: http.MethodPost, body: []byte(`"]==]"`)}); err == nil {
		t.Error("wrkScript: a body holding ]==] got no error")
	}
}

// TestRunWrk runs the real wrk, when installed, against the bare handler: the
// parser must read what this wrk prints, and the header must reach the server.
func TestWrkBounds(t *testing.T) {
	t.Parallel()
	if got, want := (wrkBounds{threads: 2, conns: 32, duration: 6 * time.Second}).String(), "-t2 -c32 -d6s"; got != want {
		t.Errorf("wrkBounds.String(): got %q, want %q", got, want)
	}
	for _, tt := range []struct {
		b       wrkBounds
		wantErr string
	}{
		{b: wrkBounds{threads: 2, conns: 2, duration: time.Second}},
		{b: wrkBounds{threads: 2, conns: 1, duration: time.Second}, wantErr: "-wrk-connections 1: want at least -wrk-threads (2)"},
		{b: wrkBounds{threads: 0, conns: 1, duration: time.Second}, wantErr: "-wrk-threads 0"},
		{b: wrkBounds{threads: 1, conns: 0, duration: time.Second}, wantErr: "-wrk-connections 0: want at least 1"},
		{b: wrkBounds{threads: 1, conns: 1, duration: 0}, wantErr: "-wrk-duration 0s"},
		{b: wrkBounds{threads: 1, conns: 1, duration: 1500 * time.Millisecond}, wantErr: "want whole seconds"},
	} {
		err := tt.b.check()
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%+v.check(): got %v, want no error", tt.b, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%+v.check(): got %v, want an error containing %q", tt.b, err, tt.wantErr)
		}
	}
}

func TestRunWrk(t *testing.T) {
	t.Parallel()
	path, err := exec.LookPath("wrk")
	if err != nil {
		t.Skip("wrk is not on PATH")
	}
	recs := []recorded{{Method: http.MethodGet, Target: "/api/v1/records/rc1", Status: http.StatusOK,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"record":{}}`)}}
	bare := bareHandler(recs)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer bc_live_test" {
			http.Error(w, "no key", http.StatusUnauthorized)
			return
		}
		bare.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	srv := &server{name: "bare", base: ts.URL}
	b := wrkBounds{threads: 2, conns: 4, duration: time.Second}
	o := op{name: "getRecord", method: http.MethodGet, target: "/api/v1/records/rc1", key: "bc_live_test", want: http.StatusOK}
	r, err := runWrk(context.Background(), path, srv, o, b)
	if err != nil || r.n == 0 || r.p99 < r.p50 {
		t.Errorf("runWrk: got %+v, %v; want requests, p50 ≤ p99, no error", r, err)
	}
	o.key = "bc_live_other"
	if _, err := runWrk(context.Background(), path, srv, o, b); err == nil || !strings.Contains(err.Error(), "non-2xx") {
		t.Errorf("runWrk with a key the server refuses: got %v, want a non-2xx error", err)
	}
	// A POST with a body goes through the Lua script: a server that wants
	// both answers 2xx only when they arrive.
	post := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || string(body) != `{"name":"Ada"}` || r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "not the request", http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(post.Close)
	create := op{name: "createRecord", method: http.MethodPost, target: "/api/v1/records", key: "bc_live_test", body: []byte(`{"name":"Ada"}`), want: http.StatusCreated}
	if r, err := runWrk(context.Background(), path, &server{name: "bare", base: post.URL}, create, b); err != nil || r.n == 0 {
		t.Errorf("runWrk(createRecord): got %+v, %v; want requests and no error", r, err)
	}
}
