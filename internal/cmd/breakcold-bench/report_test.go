package main

import (
	"strings"
	"testing"
	"time"
)

// TestReport checks the verdicts: targets are met at equality, wrk's ratios carry
// the target for every operation, and its rows stand beside the bench's own.
func TestReport(t *testing.T) {
	t.Parallel()
	st := func(rps float64) stats {
		return stats{n: int(rps), elapsed: time.Second, p50: time.Millisecond, p99: 2 * time.Millisecond}
	}
	d := reportData{
		cfg: config{rateLimit: 1, mockArgs: []string{"-log-level", "error"}, concurrency: 4, requests: 10, duration: time.Second, rounds: 3, page: 25,
			wrkBounds: wrkBounds{threads: 2, conns: 32, duration: 6 * time.Second}},
		bin:      "breakcold-mock",
		startups: []time.Duration{targetStartup, targetStartup + time.Millisecond, targetStartup - time.Millisecond},
		floors:   []time.Duration{20 * time.Millisecond},
		rss:      []int64{16 << 20},
		firsts:   []firstStart{{toMain: 3 * time.Millisecond, listen: 21 * time.Millisecond}},
		ops:      []op{{name: "getRecord"}, {name: "listRecords"}},
		results: map[string]map[string][]stats{
			"getRecord":   {"mock": {st(800)}, "bare": {st(1000)}},
			"listRecords": {"mock": {st(100)}, "bare": {st(1000)}},
		},
		wrk: map[string]map[string][]wrkResult{
			"getRecord": {
				"mock": {{n: 850, elapsed: time.Second, rps: 850, p50: time.Millisecond, p99: 3 * time.Millisecond}},
				"bare": {{n: 1000, elapsed: time.Second, rps: 1000, p50: time.Millisecond, p99: 3 * time.Millisecond}},
			},
			"listRecords": {
				"mock": {{n: 700, elapsed: time.Second, rps: 700, p50: time.Millisecond, p99: 3 * time.Millisecond}},
				"bare": {{n: 1000, elapsed: time.Second, rps: 1000, p50: time.Millisecond, p99: 3 * time.Millisecond}},
			},
		},
		wrkNote: "-wrk: a note",
	}
	var out strings.Builder
	report(&out, d)
	for _, want := range []string{
		"mock flags: -rate-limit 1 -log-level error; under load also -seed: the demo data with 25 more records and leads, reset before every round",
		"load: 4 connections, ≤10 requests or ≤1s per operation and server, 0 warm-up, 3 round(s), list pages of 25; wrk: -t2 -c32 -d6s",
		"start-up (start → first 200 on /_mock/ready) 25.00 ms 24.00 ms 26.00 ms 3 ≤ 1.3× floor (26.00 ms): met",
		"floor: a bare net/http server, same probe 20.00 ms 20.00 ms 20.00 ms 1",
		"idle RSS, demo data (VmRSS 0.5 s after ready) 16.0 MB 16.0 MB 16.0 MB 1 ≤ 12 MB: MISSED",
		"first mockserver.Start in a process (Listen, demo data) 21.00 ms 21.00 ms 21.00 ms 1 ≤ 20ms: MISSED",
		"same process: exec → main() (runtime, package init) 3.00 ms 3.00 ms 3.00 ms 1",
		"getRecord mock bench 800 800 1.00 ms 2.00 ms 0.80× no target",
		"bare bench 1000 1000 1.00 ms 2.00 ms",
		"getRecord mock wrk 850 850 1.00 ms 3.00 ms 0.85× ≥ 0.85: met",
		"listRecords mock bench 100 100 1.00 ms 2.00 ms 0.10× no target",
		"listRecords mock wrk 700 700 1.00 ms 3.00 ms 0.70× ≥ 0.85: MISSED",
		"note: -wrk: a note",
	} {
		if !hasLine(out.String(), want) {
			t.Errorf("report: no line %q in\n%s", want, out.String())
		}
	}
}

// hasLine says whether out holds the line want, spaces collapsed.
func hasLine(out, want string) bool {
	for line := range strings.Lines(out) {
		if strings.Join(strings.Fields(line), " ") == want {
			return true
		}
	}
	return false
}

// TestReportStartupTarget: with floor runs, start-up is held to 1.3× the
// floor's median, met at equality and missed above; without, to the absolute
// target. Idle RSS is met at 12 MB exactly. Without wrk's figures the header
// names no wrk bounds.
func TestReportStartupTarget(t *testing.T) {
	t.Parallel()
	const row = "start-up (start → first 200 on /_mock/ready) "
	for _, tt := range []struct {
		name     string
		startups []time.Duration
		floors   []time.Duration
		want     string
	}{
		{name: "at 1.3× the floor", startups: []time.Duration{13 * time.Millisecond}, floors: []time.Duration{10 * time.Millisecond},
			want: row + "13.00 ms 13.00 ms 13.00 ms 1 ≤ 1.3× floor (13.00 ms): met"},
		{name: "a nanosecond over", startups: []time.Duration{13*time.Millisecond + 1}, floors: []time.Duration{10 * time.Millisecond},
			want: row + "13.00 ms 13.00 ms 13.00 ms 1 ≤ 1.3× floor (13.00 ms): MISSED"},
		{name: "the floor's median", startups: []time.Duration{4 * time.Millisecond}, floors: []time.Duration{2 * time.Millisecond, 3 * time.Millisecond, 9 * time.Millisecond},
			want: row + "4.00 ms 4.00 ms 4.00 ms 1 ≤ 1.3× floor (3.90 ms): MISSED"},
		{name: "no floor, at the absolute target", startups: []time.Duration{targetStartup}, floors: nil,
			want: row + "25.00 ms 25.00 ms 25.00 ms 1 ≤ 25ms: met"},
		{name: "no floor, above the absolute target", startups: []time.Duration{targetStartup + time.Microsecond}, floors: nil,
			want: row + "25.00 ms 25.00 ms 25.00 ms 1 ≤ 25ms: MISSED"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out strings.Builder
			report(&out, reportData{cfg: config{page: 25, wrkBounds: wrkBounds{threads: 2, conns: 32, duration: 6 * time.Second}},
				startups: tt.startups, floors: tt.floors, rss: []int64{targetRSS}})
			for _, want := range []string{
				tt.want,
				"idle RSS, demo data (VmRSS 0.5 s after ready) 12.0 MB 12.0 MB 12.0 MB 1 ≤ 12 MB: met",
				"load: 0 connections, ≤0 requests or ≤0s per operation and server, 0 warm-up, 0 round(s), list pages of 25",
			} {
				if !hasLine(out.String(), want) {
					t.Errorf("report: no line %q in\n%s", want, out.String())
				}
			}
		})
	}
}
