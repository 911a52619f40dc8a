package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"
)

type reportData struct {
	cfg       config
	bin       string
	startups  []time.Duration
	floors    []time.Duration // the floor server's start-ups; empty with -floor-runs 0
	rss       []int64
	peakRSS   int64
	firsts    []firstStart
	ops       []op
	results   map[string]map[string][]stats
	wrk       map[string]map[string][]wrkResult // op → server → rounds; empty without -wrk
	wrkNote   string                            // why wrk's rows are missing, if they are
	cpus      int
	goVersion string
}

// startupBound is the most the mock's start-up may take against a floor
// median: targetStartupFloor times it, to the nanosecond.
func startupBound(floor time.Duration) time.Duration {
	return time.Duration(math.Round(targetStartupFloor * float64(floor)))
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

// report prints the results as tables, medians over the runs and rounds.
func report(w io.Writer, d reportData) {
	c := d.cfg
	fmt.Fprintf(w, "breakcold-bench: %s, %d CPUs, %s\n", d.bin, d.cpus, d.goVersion)
	fmt.Fprintf(w, "mock flags: %s; under load also -seed: the demo data with %d more records and leads, reset before every round\n",
		strings.Join(append([]string{"-rate-limit", fmt.Sprint(c.rateLimit)}, c.mockArgs...), " "), c.page)
	wrkBounds := ""
	if len(d.wrk) > 0 {
		wrkBounds = "; wrk: " + c.wrkBounds.String()
	}
	fmt.Fprintf(w, "load: %d connections, ≤%d requests or ≤%v per operation and server, %d warm-up, %d round(s), list pages of %d%s\n\n",
		c.concurrency, c.requests, c.duration, c.warmup, c.rounds, c.page, wrkBounds)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	id := func(x time.Duration) time.Duration { return x }
	fmt.Fprintf(tw, "measure\tmedian\tmin\tmax\truns\ttarget\t\n")
	durationRow := func(name string, xs []time.Duration, target time.Duration, goal string) {
		m := medianOf(xs, id)
		if target > 0 {
			goal = fmt.Sprintf("≤ %s: %s", goal, verdict(m <= target))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t\n", name, ms(m), ms(minOf(xs)), ms(maxOf(xs)), len(xs), goal)
	}
	// With floor runs, start-up is held to the floor's on this machine; without,
	// to an absolute figure.
	startupTarget, startupGoal := targetStartup, targetStartup.String()
	if len(d.floors) > 0 {
		startupTarget = startupBound(medianOf(d.floors, id))
		startupGoal = fmt.Sprintf("%.1f× floor (%s)", targetStartupFloor, ms(startupTarget))
	}
	durationRow("start-up (start → first 200 on /_mock/ready)", d.startups, startupTarget, startupGoal)
	if len(d.floors) > 0 {
		durationRow("  floor: a bare net/http server, same probe", d.floors, 0, "")
	}
	id64 := func(x int64) int64 { return x }
	r := medianOf(d.rss, id64)
	fmt.Fprintf(tw, "idle RSS, demo data (VmRSS 0.5 s after ready)\t%.1f MB\t%.1f MB\t%.1f MB\t%d\t≤ %d MB: %s\t\n",
		mb(r), mb(minOf(d.rss)), mb(maxOf(d.rss)), len(d.rss), targetRSS>>20, verdict(r <= targetRSS))
	if len(d.firsts) > 0 {
		listens, toMains := make([]time.Duration, len(d.firsts)), make([]time.Duration, len(d.firsts))
		for i, f := range d.firsts {
			listens[i], toMains[i] = f.listen, f.toMain
		}
		durationRow("first mockserver.Start in a process (Listen, demo data)", listens, targetFirstListen, targetFirstListen.String())
		durationRow("  same process: exec → main() (runtime, package init)", toMains, 0, "")
	}
	if d.peakRSS > 0 {
		fmt.Fprintf(tw, "peak RSS after the load tests (VmHWM)\t%.1f MB\t\t\t1\t\t\n", mb(d.peakRSS))
	}
	tw.Flush()
	fmt.Fprintln(w)

	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "operation\tserver\tload\trequests\treq/s\tp50\tp99\tmock/bare req/s\ttarget\t\n")
	pair := func(opName, gen string, mock, bare []sample) {
		n := func(s sample) int64 { return s.n }
		rps := func(s sample) float64 { return s.rps }
		p50 := func(s sample) time.Duration { return s.p50 }
		p99 := func(s sample) time.Duration { return s.p99 }
		ratio := medianOf(mock, rps) / medianOf(bare, rps)
		// wrk's figures carry the target: the bench's own generator shares the
		// two cores with the servers and cross-checks them.
		goal := "no target"
		if gen == "wrk" {
			goal = fmt.Sprintf("≥ %.2f: %s", targetRatio, verdict(ratio >= targetRatio))
		}
		fmt.Fprintf(tw, "%s\tmock\t%s\t%d\t%.0f\t%s\t%s\t%.2f×\t%s\t\n", opName, gen, medianOf(mock, n), medianOf(mock, rps), ms(medianOf(mock, p50)), ms(medianOf(mock, p99)), ratio, goal)
		fmt.Fprintf(tw, "\tbare\t%s\t%d\t%.0f\t%s\t%s\t\t\t\n", gen, medianOf(bare, n), medianOf(bare, rps), ms(medianOf(bare, p50)), ms(medianOf(bare, p99)))
	}
	for _, o := range d.ops {
		pair(o.name, "bench", statsSamples(d.results[o.name]["mock"]), statsSamples(d.results[o.name]["bare"]))
		if w := d.wrk[o.name]; len(w["mock"]) > 0 && len(w["bare"]) > 0 {
			pair(o.name, "wrk", wrkSamples(w["mock"]), wrkSamples(w["bare"]))
		}
	}
	tw.Flush()
	if d.wrkNote != "" {
		fmt.Fprintf(w, "note: %s\n", d.wrkNote)
	}
}

// sample is one load test's figures, from either load generator.
type sample struct {
	n        int64
	rps      float64
	p50, p99 time.Duration
}

func statsSamples(ss []stats) []sample {
	out := make([]sample, len(ss))
	for i, s := range ss {
		out[i] = sample{n: int64(s.n), rps: s.rps(), p50: s.p50, p99: s.p99}
	}
	return out
}

// wrkSamples keeps wrk's own Requests/sec rather than recomputing it.
func wrkSamples(rs []wrkResult) []sample {
	out := make([]sample, len(rs))
	for i, r := range rs {
		out[i] = sample{n: r.n, rps: r.rps, p50: r.p50, p99: r.p99}
	}
	return out
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

func minOf[T int64 | time.Duration](xs []T) T {
	m := xs[0]
	for _, x := range xs {
		m = min(m, x)
	}
	return m
}

func maxOf[T int64 | time.Duration](xs []T) T {
	m := xs[0]
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}
