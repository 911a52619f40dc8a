package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

type reportData struct {
	cfg       config
	bin       string
	startups  []time.Duration
	rss       []int64
	peakRSS   int64
	ops       []op
	results   map[string]map[string][]stats
	cpus      int
	goVersion string
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
	fmt.Fprintf(w, "mock flags: -rate-limit %d %s\n", c.rateLimit, strings.Join(c.mockArgs, " "))
	fmt.Fprintf(w, "load: %d connections, ≤%d requests or ≤%v per operation and server, %d warm-up, %d round(s), list pages of %d\n\n",
		c.concurrency, c.requests, c.duration, c.warmup, c.rounds, c.page)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	id := func(x time.Duration) time.Duration { return x }
	st := medianOf(d.startups, id)
	fmt.Fprintf(tw, "measure\tmedian\tmin\tmax\truns\ttarget\t\n")
	fmt.Fprintf(tw, "start-up (start → first 200 on /_mock/ready)\t%s\t%s\t%s\t%d\t< %v: %s\t\n",
		ms(st), ms(minOf(d.startups)), ms(maxOf(d.startups)), len(d.startups), targetStartup, verdict(st < targetStartup))
	id64 := func(x int64) int64 { return x }
	r := medianOf(d.rss, id64)
	fmt.Fprintf(tw, "idle RSS, demo data (VmRSS 0.5 s after ready)\t%.1f MB\t%.1f MB\t%.1f MB\t%d\t< %d MB: %s\t\n",
		mb(r), mb(minOf(d.rss)), mb(maxOf(d.rss)), len(d.rss), targetRSS>>20, verdict(r < targetRSS))
	if d.peakRSS > 0 {
		fmt.Fprintf(tw, "peak RSS after the load tests (VmHWM)\t%.1f MB\t\t\t1\t\t\n", mb(d.peakRSS))
	}
	tw.Flush()
	fmt.Fprintln(w)

	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "operation\tserver\trequests\treq/s\tp50\tp99\tmock/bare req/s\ttarget ≥ %.1f\t\n", targetRatio)
	for _, o := range d.ops {
		mock, bare := d.results[o.name]["mock"], d.results[o.name]["bare"]
		rps := func(s stats) float64 { return s.rps() }
		n := func(s stats) int64 { return int64(s.n) }
		p50 := func(s stats) time.Duration { return s.p50 }
		p99 := func(s stats) time.Duration { return s.p99 }
		ratio := medianOf(mock, rps) / medianOf(bare, rps)
		fmt.Fprintf(tw, "%s\tmock\t%d\t%.0f\t%s\t%s\t%.2f×\t%s\t\n", o.name, medianOf(mock, n), medianOf(mock, rps), ms(medianOf(mock, p50)), ms(medianOf(mock, p99)), ratio, verdict(ratio >= targetRatio))
		fmt.Fprintf(tw, "\tbare\t%d\t%.0f\t%s\t%s\t\t\t\n", medianOf(bare, n), medianOf(bare, rps), ms(medianOf(bare, p50)), ms(medianOf(bare, p99)))
	}
	tw.Flush()
	for _, o := range d.ops {
		if o.note != "" {
			fmt.Fprintf(w, "note: %s %s\n", o.name, o.note)
		}
	}
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
