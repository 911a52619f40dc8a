// Command breakcold-bench measures the breakcold-mock binary as CI users feel it:
// start-up time, idle memory, and throughput and latency over loopback, side by
// side with a bare net/http server that answers the same bytes for the same
// requests. It also times the first mockserver.Start (Listen) in a fresh
// process, as a test binary pays it, and can check its own load generator
// against wrk.
//
//	breakcold-bench                          # builds breakcold-mock with go build, defaults
//	breakcold-bench -mock ./breakcold-mock -concurrency 8 -duration 5s
//	breakcold-bench -rounds 3 -wrk           # every operation also loaded by wrk (-t2 -c32 -d6s), if on PATH
//	go test -run '^$' -bench . -count 5 ./mockserver | tee bench.out
//	breakcold-bench -medians bench.out       # median of each metric over the runs
//
// It starts the mock on 127.0.0.1 with an ephemeral port and a rate limit so high
// that the limiter runs on every request but never rejects, and the bare server
// as a second process (this binary with -serve-bare), so both run in their own
// process and compete with the load generator alike. The mock under load starts
// from a seed file the bench writes (the demo data and a full list page of
// records and leads), and is reset to it before every round, so every round
// reads the same store; createRecord, the one operation that grows the store,
// runs last in each round. Every load test is bounded by a request count and a
// duration, and only ever talks to 127.0.0.1. Results go to stdout as a table,
// progress to stderr. BENCHMARKS.md explains the figures.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/breakcold-go/breakcold/mockserver"
)

// config is what the command line asks for.
type config struct {
	mock        string
	mockArgs    []string
	rateLimit   int
	ops         []string
	requests    int
	duration    time.Duration
	concurrency int
	warmup      int
	rounds      int
	startupRuns int
	floorRuns   int
	page        int
	firstRuns   int
	wrk         bool
	wrkBounds   wrkBounds
	serveBare   string
	firstListen bool
	medians     string
}

// Targets this command reports against; a figure equal to its target meets it.
const (
	targetRatio        = 0.85                  // mock req/s ≥ 0.85× the bare server's, every operation, measured by wrk
	targetStartupFloor = 1.3                   // start-up ≤ 1.3× the floor's (a bare net/http server through the same probe)
	targetStartup      = 25 * time.Millisecond // process start to the first 200 on /_mock/ready, when no floor ran
	targetRSS          = 12 << 20              // idle VmRSS with the demo data, bytes
	targetFirstListen  = 20 * time.Millisecond // the first mockserver.Start (Listen) in a process
)

// The defaults measure the way the targets are defined: wrk -t2 -c32 for 6 s
// per operation and server, list pages of 25.
const (
	defaultWrkConns    = 32
	defaultWrkThreads  = 2
	defaultWrkDuration = 6 * time.Second
	defaultPage        = 25
)

func load(args []string, stderr io.Writer) (config, error) {
	var c config
	var ops, mockArgs string
	fs := flag.NewFlagSet("breakcold-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.mock, "mock", "", "`path` of the breakcold-mock binary; empty builds it as the release does (CGO_ENABLED=0 go build -trimpath) into a temporary directory (run from inside the module)")
	fs.StringVar(&mockArgs, "mock-args", "", "extra flags for the mock (not the floor), space-separated, e.g. \"-log-level warn\" (not "+strings.Join(dashed(benchMockFlags), ", ")+": the bench sets those)")
	fs.IntVar(&c.rateLimit, "rate-limit", 100_000_000, "the mock's -rate-limit: high, so the limiter runs on every request but never rejects")
	fs.StringVar(&ops, "ops", strings.Join(opNames, ","), "operations to load, comma-separated: "+strings.Join(opNames, ", "))
	fs.IntVar(&c.requests, "requests", 20000, "requests per operation and server (count limit)")
	fs.DurationVar(&c.duration, "duration", 2*time.Second, "time limit per operation and server")
	fs.IntVar(&c.concurrency, "concurrency", 4, "concurrent connections of the load generator")
	fs.IntVar(&c.warmup, "warmup", 300, "requests sent to each server before measuring, not counted")
	fs.IntVar(&c.rounds, "rounds", 1, "times to repeat the load tests, alternating mock and bare; the table shows medians")
	fs.IntVar(&c.startupRuns, "startup-runs", 5, "fresh mock processes to time from start to the first 200 on /_mock/ready (median shown)")
	fs.IntVar(&c.floorRuns, "floor-runs", 5, "fresh processes of a bare net/http server (package floor) timed the same way, the floor under the mock's start-up; 0 skips them")
	fs.IntVar(&c.firstRuns, "first-start-runs", 9, "fresh processes that each time their first mockserver.Start (Listen with the zero Options) and their exec to main() (median shown)")
	fs.BoolVar(&c.wrk, "wrk", false, "also load every operation with wrk (-wrk-threads, -wrk-connections, -wrk-duration, --latency, a Lua script for methods and bodies, 127.0.0.1 only) against the mock and the bare server, beside the bench's own figures; its ratios carry the target; skipped with a note when wrk is not on PATH")
	fs.IntVar(&c.wrkBounds.conns, "wrk-connections", defaultWrkConns, "with -wrk: wrk's open connections (-c), at least -wrk-threads")
	fs.IntVar(&c.wrkBounds.threads, "wrk-threads", defaultWrkThreads, "with -wrk: wrk's threads (-t)")
	fs.DurationVar(&c.wrkBounds.duration, "wrk-duration", defaultWrkDuration, "with -wrk: how long wrk loads each operation and server (-d), in whole seconds")
	fs.IntVar(&c.page, "page", defaultPage, "page size of the list operations; the mock's seed gets enough extra records and leads to fill one")
	fs.StringVar(&c.medians, "medians", "", "print the median of every metric of each benchmark in `file` (output of go test -bench -count N; - for stdin) and exit")
	fs.StringVar(&c.serveBare, "serve-bare", "", "internal: serve the responses recorded in `file` on 127.0.0.1 (the bare baseline process)")
	fs.BoolVar(&c.firstListen, "first-listen", false, "internal: time one mockserver.Listen in this fresh process, print it and when main() began, and exit (the -first-start-runs child)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: breakcold-bench [flags]

Measures the breakcold-mock binary over loopback: start-up (process start to the
first 200 on /_mock/ready), idle RSS with the demo data, the first
mockserver.Start in a fresh process (and, apart, exec to main()), and requests/s
with p50 and p99 latency of each operation against the mock and against a bare
net/http server answering the same bytes, with the ratio mock/bare. With -wrk,
wrk loads every operation too (-wrk-threads 2, -wrk-connections 32,
-wrk-duration 6s by default; a round then takes 2 × -wrk-duration more per
operation), and its ratios carry the target. The mock under
load starts from a seed with a full list page (-page) and is reset to it before
every round; createRecord runs last in each round. The defaults finish in about
half a minute on two cores. Results on stdout, progress on stderr.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	var errs []error
	if fs.NArg() > 0 {
		errs = append(errs, fmt.Errorf("unexpected arguments %q", fs.Args()))
	}
	c.mockArgs = strings.Fields(mockArgs)
	for _, a := range c.mockArgs {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && slices.Contains(benchMockFlags, name) {
			errs = append(errs, fmt.Errorf("-mock-args must not set -%s: the bench chooses it", name))
		}
	}
	for _, op := range strings.Split(ops, ",") {
		op = strings.TrimSpace(op)
		if op == "" {
			continue
		}
		if !slices.Contains(opNames, op) {
			errs = append(errs, fmt.Errorf("-ops: unknown operation %q (want some of %s)", op, strings.Join(opNames, ", ")))
		}
		c.ops = append(c.ops, op)
	}
	switch {
	case c.requests < 1:
		errs = append(errs, fmt.Errorf("-requests %d: want at least 1", c.requests))
	case c.duration <= 0:
		errs = append(errs, fmt.Errorf("-duration %v: want a positive duration", c.duration))
	case c.concurrency < 1:
		errs = append(errs, fmt.Errorf("-concurrency %d: want at least 1", c.concurrency))
	case c.rounds < 1:
		errs = append(errs, fmt.Errorf("-rounds %d: want at least 1", c.rounds))
	case c.startupRuns < 1:
		errs = append(errs, fmt.Errorf("-startup-runs %d: want at least 1", c.startupRuns))
	case c.floorRuns < 0:
		errs = append(errs, fmt.Errorf("-floor-runs %d: want 0 or more", c.floorRuns))
	case c.firstRuns < 1:
		errs = append(errs, fmt.Errorf("-first-start-runs %d: want at least 1", c.firstRuns))
	case c.page < 1 || c.page > 100:
		errs = append(errs, fmt.Errorf("-page %d: want 1 to 100 (the API's limit)", c.page))
	case c.warmup < 0:
		errs = append(errs, fmt.Errorf("-warmup %d: want 0 or more", c.warmup))
	}
	if err := c.wrkBounds.check(); err != nil {
		errs = append(errs, err)
	}
	return c, errors.Join(errs...)
}

// benchMockFlags are the mock's flags the bench sets itself: the listeners and
// the rate limit, the data (the demo data for start-up and memory, the bench's
// seed under load) and the control API's token (the bench resets the mock
// between rounds).
var benchMockFlags = []string{"us-addr", "eu-addr", "rate-limit", "seed", "empty", "state", "control-token"}

func dashed(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "-" + n
	}
	return out
}

func main() {
	mainAt := time.Now() // for -first-listen: every package's init has run
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, mainAt, os.Args[1:], os.Stdout, os.Stderr); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "breakcold-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, mainAt time.Time, args []string, stdout, stderr io.Writer) error {
	cfg, err := load(args, stderr)
	if err != nil {
		return err
	}
	if cfg.serveBare != "" {
		return serveBare(ctx, cfg.serveBare, stdout)
	}
	if cfg.firstListen {
		return firstListen(stdout, mainAt)
	}
	if cfg.medians != "" {
		return medians(cfg.medians, stdout)
	}
	progress := func(format string, args ...any) { fmt.Fprintf(stderr, "breakcold-bench: "+format+"\n", args...) }
	tmp, err := os.MkdirTemp("", "breakcold-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var wrkPath, wrkNote string
	if cfg.wrk {
		if wrkPath, err = exec.LookPath("wrk"); err != nil {
			wrkPath = "" // LookPath may name a wrk in the working directory along with its error
			wrkNote = "-wrk: wrk is not on PATH (Debian: apt-get install wrk); its rows are skipped"
			progress("%s", wrkNote)
		}
	}
	bin := cfg.mock
	if bin == "" {
		progress("building breakcold-mock with go build")
		if bin, err = buildMock(ctx, tmp); err != nil {
			return err
		}
	}

	// Start-up and idle memory: fresh processes, nothing else running.
	var startups []time.Duration
	var rss []int64
	for i := range cfg.startupRuns {
		m, err := startMock(ctx, bin, tmp, cfg, cfg.mockArgs...)
		if err != nil {
			return err
		}
		time.Sleep(500 * time.Millisecond) // let the runtime settle: idle, not mid-start-up
		r, err := m.rss()
		m.stop()
		if err != nil {
			return err
		}
		startups, rss = append(startups, m.startup), append(rss, r)
		progress("start-up run %d/%d: %v to the first 200 on /_mock/ready, idle RSS %.1f MB", i+1, cfg.startupRuns, m.startup.Round(10*time.Microsecond), mb(r))
	}

	// The floor: a bare net/http server through the same probe, alternating with
	// nothing else, so the mock's own share of its start-up is visible. It gets
	// none of -mock-args: they are the mock's flags.
	var floors []time.Duration
	if cfg.floorRuns > 0 {
		floorBin, err := buildFloor(ctx, tmp)
		if err != nil {
			return err
		}
		for i := range cfg.floorRuns {
			f, err := startMock(ctx, floorBin, tmp, cfg)
			if err != nil {
				return fmt.Errorf("floor: %w", err)
			}
			f.stop()
			floors = append(floors, f.startup)
			progress("floor run %d/%d: %v to the first 200 on /_mock/ready", i+1, cfg.floorRuns, f.startup.Round(10*time.Microsecond))
		}
	}

	// The first mockserver.Start in a process: a fresh child each run.
	var firsts []firstStart
	for i := range cfg.firstRuns {
		f, err := timeFirstStart(ctx)
		if err != nil {
			return err
		}
		firsts = append(firsts, f)
		progress("first-start run %d/%d: exec → main() %v, first mockserver.Listen %v", i+1, cfg.firstRuns, f.toMain.Round(10*time.Microsecond), f.listen.Round(10*time.Microsecond))
	}

	// Throughput and latency: one mock, started from the bench's seed, and one
	// bare server for all rounds. The mock is reset to its seed before the bare
	// server records its answers (prepare's create changed the store) and before
	// every round, so every round, and the recording, starts from the same store.
	seed, err := writeSeed(tmp, cfg.page)
	if err != nil {
		return err
	}
	m, err := startMock(ctx, bin, tmp, cfg, append(slices.Clone(cfg.mockArgs), "-seed", seed)...)
	if err != nil {
		return err
	}
	defer m.stop()
	ops, get, err := prepare(ctx, m, cfg)
	if err != nil {
		return err
	}
	if err := resetMock(ctx, m, get); err != nil {
		return err
	}
	bare, err := startBare(ctx, tmp, ops, m)
	if err != nil {
		return err
	}
	defer bare.stop()
	results := map[string]map[string][]stats{}        // op → server → one per round
	wrkResults := map[string]map[string][]wrkResult{} // op → server → one per round
	for round := range cfg.rounds {
		if err := resetMock(ctx, m, get); err != nil {
			return fmt.Errorf("round %d: %w", round+1, err)
		}
		progress("round %d/%d: the mock is reset to its seed (POST %s/reset answered 200, getRecord's record answers 200)", round+1, cfg.rounds, mockserver.ControlPrefix)
		for _, op := range ops {
			if results[op.name] == nil {
				results[op.name] = map[string][]stats{}
			}
			order := []*server{&m.server, bare}
			if round%2 == 1 {
				slices.Reverse(order) // neither server always runs first
			}
			for _, srv := range order {
				if err := ctx.Err(); err != nil {
					return err
				}
				st, err := loadTest(ctx, srv, op, cfg)
				if err != nil {
					return fmt.Errorf("%s against %s: %w", op.name, srv.name, err)
				}
				progress("round %d/%d %-15s %-4s %6d requests in %-8v %8.0f req/s  p50 %-9v p99 %v",
					round+1, cfg.rounds, op.name, srv.name, st.n, st.elapsed.Round(time.Millisecond), st.rps(), st.p50.Round(time.Microsecond), st.p99.Round(time.Microsecond))
				results[op.name][srv.name] = append(results[op.name][srv.name], st)
				if wrkPath == "" {
					continue
				}
				wr, err := runWrk(ctx, wrkPath, srv, op, cfg.wrkBounds)
				if err != nil {
					return fmt.Errorf("%s against %s: %w", op.name, srv.name, err)
				}
				progress("round %d/%d %-15s %-4s %6d requests in %-8v %8.0f req/s  p50 %-9v p99 %v  (wrk; avg %v, max %v)",
					round+1, cfg.rounds, op.name, srv.name, wr.n, wr.elapsed, wr.rps, wr.p50, wr.p99, wr.avg, wr.max)
				if wrkResults[op.name] == nil {
					wrkResults[op.name] = map[string][]wrkResult{}
				}
				wrkResults[op.name][srv.name] = append(wrkResults[op.name][srv.name], wr)
			}
		}
	}
	peak, _ := m.hwm()
	report(stdout, reportData{
		cfg: cfg, bin: bin, startups: startups, floors: floors, rss: rss, peakRSS: peak, firsts: firsts,
		ops: ops, results: results, wrk: wrkResults, wrkNote: wrkNote, cpus: runtime.NumCPU(), goVersion: runtime.Version(),
	})
	return nil
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }
