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
		cfg:      config{rateLimit: 1, concurrency: 4, requests: 10, duration: time.Second, rounds: 1, page: 50},
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
		"start-up (start → first 200 on /_mock/ready) 25.00 ms 24.00 ms 26.00 ms 3 ≤ 25ms: met",
		"floor: a bare net/http server, same probe 20.00 ms 20.00 ms 20.00 ms 1",
		"idle RSS, demo data (VmRSS 0.5 s after ready) 16.0 MB 16.0 MB 16.0 MB 1 ≤ 15 MB: MISSED",
		"first mockserver.Start in a process (Listen, demo data) 21.00 ms 21.00 ms 21.00 ms 1 ≤ 20ms: MISSED",
		"same process: exec → main() (runtime, package init) 3.00 ms 3.00 ms 3.00 ms 1",
		"getRecord mock bench 800 800 1.00 ms 2.00 ms 0.80× no target",
		"bare bench 1000 1000 1.00 ms 2.00 ms",
		"getRecord mock wrk 850 850 1.00 ms 3.00 ms 0.85× ≥ 0.85: met",
		"listRecords mock bench 100 100 1.00 ms 2.00 ms 0.10× no target",
		"listRecords mock wrk 700 700 1.00 ms 3.00 ms 0.70× ≥ 0.85: MISSED",
		"note: -wrk: a note",
	} {
		found := false
		for line := range strings.Lines(out.String()) {
			if strings.Join(strings.Fields(line), " ") == want {
				found = true
			}
		}
		if !found {
			t.Errorf("report: no line %q in\n%s", want, out.String())
		}
	}
}
