package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"
)

// wrk is an outside load generator: its figures check that the bench's own
// generator, a Go program sharing the machine's two cores, does not flatter
// or hide the mock/bare ratio, and they carry the target. Its bounds are flags
// whose defaults are the target's (wrk -t2 -c32, 6 s per operation and
// server), so runs with the defaults compare.
type wrkBounds struct {
	threads  int           // -t
	conns    int           // -c
	duration time.Duration // -d, whole seconds
}

// check refuses bounds wrk would refuse or misread: wrk reads -d as a whole
// number of seconds, and gives each thread at least one connection.
func (b wrkBounds) check() error {
	var errs []error
	if b.threads < 1 {
		errs = append(errs, fmt.Errorf("-wrk-threads %d: want at least 1", b.threads))
	}
	switch {
	case b.conns < 1:
		errs = append(errs, fmt.Errorf("-wrk-connections %d: want at least 1", b.conns))
	case b.threads >= 1 && b.conns < b.threads:
		errs = append(errs, fmt.Errorf("-wrk-connections %d: want at least -wrk-threads (%d), wrk gives every thread its own connections", b.conns, b.threads))
	}
	if b.duration < time.Second || b.duration%time.Second != 0 {
		errs = append(errs, fmt.Errorf("-wrk-duration %v: want whole seconds, at least 1s (wrk counts in seconds)", b.duration))
	}
	return errors.Join(errs...)
}

// String is the bounds as wrk's flags, e.g. "-t2 -c32 -d6s".
func (b wrkBounds) String() string {
	return fmt.Sprintf("-t%d -c%d -d%ds", b.threads, b.conns, b.seconds())
}

func (b wrkBounds) seconds() int64 { return int64(b.duration / time.Second) }

// wrkResult is what the bench reads from one wrk run.
type wrkResult struct {
	n        int64         // "N requests in T"
	elapsed  time.Duration // T
	rps      float64       // "Requests/sec:"
	avg, max time.Duration // the "Latency" line: average and maximum
	p50, p99 time.Duration // "Latency Distribution" (--latency)
}

// wrkArgs are wrk's arguments for o against base within bounds b: the same
// headers the bench's generator sends. A request with another method than GET,
// or a body, needs a Lua script (wrkScript) at script.
func wrkArgs(base string, o op, script string, b wrkBounds) []string {
	args := []string{"-d", fmt.Sprintf("%ds", b.seconds()), "-c", strconv.Itoa(b.conns), "-t", strconv.Itoa(b.threads), "--latency", "--timeout", "5s"}
	if o.method != "GET" || o.body != nil {
		args = append(args, "-s", script)
	}
	h := o.header()
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			args = append(args, "-H", k+": "+v)
		}
	}
	return append(args, base+o.target)
}

// wrkScript is the Lua script that sets o's method and body on every request
// wrk sends. The body goes in a long bracket, which needs no escaping; a body
// that holds the closing bracket is refused.
func wrkScript(o op) (string, error) {
	if strings.Contains(string(o.body), "]==]") {
		return "", fmt.Errorf("wrk: %s's body holds ]==]", o.name)
	}
	return fmt.Sprintf("wrk.method = %q\nwrk.body = [==[%s]==]\n", o.method, o.body), nil
}

// runWrk loads o on srv with the wrk at path within bounds b and reads its
// report. Every answer must be a 2xx and no socket may fail: otherwise the
// figures measure errors.
func runWrk(ctx context.Context, path string, srv *server, o op, b wrkBounds) (wrkResult, error) {
	if err := checkLoopback(srv.base); err != nil {
		return wrkResult{}, err
	}
	script, err := wrkScript(o)
	if err != nil {
		return wrkResult{}, err
	}
	f, err := os.CreateTemp("", "breakcold-bench-*.lua")
	if err != nil {
		return wrkResult{}, err
	}
	defer os.Remove(f.Name())
	if _, err := f.WriteString(script); err != nil {
		f.Close()
		return wrkResult{}, err
	}
	if err := f.Close(); err != nil {
		return wrkResult{}, err
	}
	args := wrkArgs(srv.base, o, f.Name(), b)
	ctx, cancel := context.WithTimeout(ctx, b.duration+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return wrkResult{}, fmt.Errorf("wrk: %w\n%s%s", err, stdout.Bytes(), stderr.Bytes())
	}
	r, err := parseWrk(stdout.String())
	if err != nil {
		return wrkResult{}, fmt.Errorf("%w\nwrk printed:\n%s", err, stdout.Bytes())
	}
	return r, nil
}

// parseWrk reads wrk 4's report (run with --latency):
//
//	Running 1s test @ http://127.0.0.1:45107/api/v1/records/rc1
//	  2 threads and 4 connections
//	  Thread Stats   Avg      Stdev     Max   +/- Stdev
//	    Latency   325.95us  621.83us   5.86ms   91.05%
//	    Req/Sec    11.95k     5.03k   21.27k    66.67%
//	  Latency Distribution
//	     50%  115.00us
//	     75%  234.00us
//	     90%  828.00us
//	     99%    3.33ms
//	  24920 requests in 1.10s, 2.88MB read
//	Requests/sec:  22679.12
//	Transfer/sec:      2.62MB
//
// A "Non-2xx or 3xx responses" or a "Socket errors" line with a count above
// zero is an error.
func parseWrk(out string) (wrkResult, error) {
	var r wrkResult
	var seen struct{ rps, latency, p50, p99, requests bool }
	inDist := false
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		var err error
		switch {
		case strings.HasPrefix(line, "Requests/sec:") && len(f) == 2:
			r.rps, err = strconv.ParseFloat(f[1], 64)
			seen.rps = err == nil
		case f[0] == "Latency" && len(f) == 2 && f[1] == "Distribution":
			inDist = true
			continue
		case f[0] == "Latency" && len(f) == 5:
			if r.avg, err = time.ParseDuration(f[1]); err == nil {
				r.max, err = time.ParseDuration(f[3])
			}
			seen.latency = err == nil
		case inDist && len(f) == 2 && strings.HasSuffix(f[0], "%"):
			d, err := time.ParseDuration(f[1])
			if err != nil {
				return r, fmt.Errorf("wrk: cannot read %q: %w", line, err)
			}
			switch f[0] {
			case "50%", "50.000%":
				r.p50, seen.p50 = d, true
			case "99%", "99.000%":
				r.p99, seen.p99 = d, true
			}
			continue // the distribution goes on
		case len(f) >= 4 && f[1] == "requests" && f[2] == "in":
			if r.n, err = strconv.ParseInt(f[0], 10, 64); err == nil {
				r.elapsed, err = time.ParseDuration(strings.TrimSuffix(f[3], ","))
			}
			seen.requests = err == nil
		case strings.HasPrefix(line, "Non-2xx or 3xx responses:"):
			if n := strings.TrimSpace(strings.TrimPrefix(line, "Non-2xx or 3xx responses:")); n != "0" {
				return r, fmt.Errorf("wrk: %s non-2xx answers", n)
			}
		case strings.HasPrefix(line, "Socket errors:"):
			// "Socket errors: connect 0, read 0, write 0, timeout 0"
			for i := 2; i+1 < len(f); i += 2 {
				if n := strings.TrimSuffix(f[i+1], ","); n != "0" {
					return r, fmt.Errorf("wrk: %s", line)
				}
			}
		}
		if err != nil {
			return r, fmt.Errorf("wrk: cannot read %q: %w", line, err)
		}
		inDist = false
	}
	var missing []string
	for _, m := range []struct {
		ok   bool
		what string
	}{{seen.requests, `"N requests in T"`}, {seen.rps, `"Requests/sec:"`}, {seen.latency, `the "Latency" line`}, {seen.p50, "the 50% latency"}, {seen.p99, "the 99% latency"}} {
		if !m.ok {
			missing = append(missing, m.what)
		}
	}
	if len(missing) > 0 {
		return r, errors.New("wrk: no " + strings.Join(missing, ", ") + " in its output (wrk 4 with --latency?)")
	}
	if r.n <= 0 || r.rps <= 0 {
		return r, fmt.Errorf("wrk: %d requests at %.2f/s: nothing was measured", r.n, r.rps)
	}
	return r, nil
}
