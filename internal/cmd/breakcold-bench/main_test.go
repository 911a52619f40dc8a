package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLoadFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{name: "defaults", args: nil},
		{name: "some ops", args: []string{"-ops", "getRecord,listRecords"}},
		{name: "unknown op", args: []string{"-ops", "getRecord,deleteEverything"}, wantErr: `unknown operation "deleteEverything"`},
		{name: "mock args may not move the listener", args: []string{"-mock-args", "-us-addr=0.0.0.0:80"}, wantErr: "must not set -us-addr"},
		{name: "mock args may not change the limit", args: []string{"-mock-args", "--rate-limit 5"}, wantErr: "must not set -rate-limit"},
		{name: "zero concurrency", args: []string{"-concurrency", "0"}, wantErr: "-concurrency 0"},
		{name: "page over the API's limit", args: []string{"-page", "101"}, wantErr: "-page 101"},
		{name: "stray argument", args: []string{"now"}, wantErr: "unexpected arguments"},
		{name: "wrk", args: []string{"-ops", "getRecord", "-wrk"}},
		{name: "no first-start runs", args: []string{"-first-start-runs", "0"}, wantErr: "-first-start-runs 0"},
		{name: "no floor runs", args: []string{"-floor-runs", "0"}},
		{name: "negative floor runs", args: []string{"-floor-runs", "-1"}, wantErr: "-floor-runs -1"},
		{name: "mock args may not choose the data", args: []string{"-mock-args", "-log-level error -seed my.json"}, wantErr: "must not set -seed"},
		{name: "mock args may not set a control token", args: []string{"-mock-args", "-control-token=t"}, wantErr: "must not set -control-token"},
		{name: "wrk bounds", args: []string{"-wrk", "-wrk-connections", "8", "-wrk-threads", "8", "-wrk-duration", "2s"}},
		{name: "fewer wrk connections than threads", args: []string{"-wrk-connections", "1", "-wrk-threads", "2"}, wantErr: "-wrk-connections 1: want at least -wrk-threads (2)"},
		{name: "zero wrk connections", args: []string{"-wrk-connections", "0"}, wantErr: "-wrk-connections 0: want at least 1"},
		{name: "zero wrk threads", args: []string{"-wrk-threads", "0"}, wantErr: "-wrk-threads 0: want at least 1"},
		{name: "zero wrk duration", args: []string{"-wrk-duration", "0s"}, wantErr: "-wrk-duration 0s"},
		{name: "negative wrk duration", args: []string{"-wrk-duration", "-3s"}, wantErr: "-wrk-duration -3s"},
		{name: "wrk duration not in seconds", args: []string{"-wrk-duration", "2500ms"}, wantErr: "-wrk-duration 2.5s: want whole seconds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := load(tt.args, io.Discard)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("load(%q): got error %v, want none", tt.args, err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("load(%q): got error %v, want one containing %q", tt.args, err, tt.wantErr)
			}
		})
	}
}

// TestDefaults: the defaults are the performance target's method: wrk -t2 -c32,
// 6 s per operation and server, list pages of 25.
func TestDefaults(t *testing.T) {
	t.Parallel()
	c, err := load(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if want := (wrkBounds{threads: 2, conns: 32, duration: 6 * time.Second}); c.wrkBounds != want || c.page != 25 {
		t.Errorf("defaults: wrk %+v, page %d; want %+v, page 25", c.wrkBounds, c.page, want)
	}
	if !slices.Equal(c.ops, opNames) {
		t.Errorf("default -ops: %q, want %q", c.ops, opNames)
	}
	if targetRSS != 12<<20 {
		t.Errorf("targetRSS = %d, want 12 MB", targetRSS)
	}
}

func TestHelpNamesFlags(t *testing.T) {
	t.Parallel()
	var help strings.Builder
	if _, err := load([]string{"-h"}, &help); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("load(-h): got %v, want flag.ErrHelp", err)
	}
	for _, name := range []string{"-wrk", "-wrk-connections", "-wrk-threads", "-wrk-duration", "-first-start-runs", "-first-listen", "-serve-bare", "-medians", "-floor-runs"} {
		if !strings.Contains(help.String(), "  "+name+"\n") && !strings.Contains(help.String(), "  "+name+" ") {
			t.Errorf("-h output does not name %s:\n%s", name, help.String())
		}
	}
	// The usage text and -wrk's help say which flags bound wrk.
	usage, _, _ := strings.Cut(help.String(), "Flags:")
	_, wrkHelp, _ := strings.Cut(help.String(), "  -wrk\n")
	wrkHelp, _, _ = strings.Cut(wrkHelp, "\n  -")
	for _, name := range []string{"-wrk-connections", "-wrk-threads", "-wrk-duration"} {
		if !strings.Contains(usage, name) {
			t.Errorf("the usage text does not name %s:\n%s", name, usage)
		}
		if !strings.Contains(wrkHelp, name) {
			t.Errorf("-wrk's help does not name %s:\n%s", name, wrkHelp)
		}
	}
}

func TestParseStatus(t *testing.T) {
	t.Parallel()
	status := "Name:\tbreakcold-mock\nVmHWM:\t   40600 kB\nVmRSS:\t   21540 kB\nThreads:\t7\n"
	got, err := parseStatus(status, "VmRSS")
	if err != nil || got != 21540<<10 {
		t.Errorf("parseStatus(VmRSS): got %d, %v; want %d", got, err, 21540<<10)
	}
	if _, err := parseStatus(status, "VmSwap"); err == nil {
		t.Error("parseStatus(VmSwap): got no error for a missing field")
	}
}

func TestPercentile(t *testing.T) {
	t.Parallel()
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i))
	}
	for _, tt := range []struct {
		p    float64
		want time.Duration
	}{{50, 50}, {99, 99}, {100, 100}, {0, 1}} {
		if got := percentile(d, tt.p); got != tt.want {
			t.Errorf("percentile(1..100, %v): got %v, want %v", tt.p, got, tt.want)
		}
	}
	if got := medianOf([]int64{5, 1, 3, 2}, func(x int64) int64 { return x }); got != 2 {
		t.Errorf("medianOf(5,1,3,2): got %d, want 2", got)
	}
}

// TestHammerReplaysBareAnswers runs a small bounded load against the bare handler
// in process: it stops at the count, and an unexpected status stops it with an error.
func TestHammerReplaysBareAnswers(t *testing.T) {
	t.Parallel()
	recs := []recorded{{Method: http.MethodGet, Target: "/api/v1/records/rc1", Status: http.StatusOK,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"record":{}}`)}}
	ts := httptest.NewServer(bareHandler(recs))
	t.Cleanup(ts.Close)
	srv := &server{name: "bare", base: ts.URL, hc: loopbackClient(2)}
	o := op{name: "getRecord", method: http.MethodGet, target: "/api/v1/records/rc1", key: "bc_live_test", want: http.StatusOK}
	lat, err := hammer(context.Background(), srv, o, 50, 10*time.Second, 2)
	if err != nil || len(lat) != 50 {
		t.Fatalf("hammer: got %d latencies, %v; want 50, no error", len(lat), err)
	}
	o.target = "/api/v1/records/missing"
	if _, err := hammer(context.Background(), srv, o, 50, 10*time.Second, 2); err == nil || !strings.Contains(err.Error(), "answered 404") {
		t.Errorf("hammer on an unknown path: got %v, want an error naming the 404", err)
	}
}

func TestMedians(t *testing.T) {
	t.Parallel()
	out := "goos: linux\nBenchmarkX/a-2   100   30 ns/op   5 B/op\nBenchmarkX/a-2   100   10 ns/op   5 B/op\nBenchmarkX/a-2   100   20 ns/op   7 B/op\nBenchmarkX/a-2 log line\nPASS\n"
	file := t.TempDir() + "/bench.out"
	if err := os.WriteFile(file, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	if err := medians(file, &got); err != nil {
		t.Fatal(err)
	}
	want := "BenchmarkX/a-2 3 20.0 ns/op 5.00 B/op"
	for line := range strings.Lines(got.String()) {
		if strings.Join(strings.Fields(line), " ") == want {
			return
		}
	}
	t.Errorf("medians: got\n%s\nwant a line %q", got.String(), want)
}
