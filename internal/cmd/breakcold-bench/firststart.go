package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/breakcold-go/breakcold/mockserver"
)

// The first mockserver.Start in a test binary pays for what the package does
// once per process besides building the demo data, so only a fresh process
// shows it: the bench re-executes itself with -first-listen for every run. The
// child also says when its main() began, so the time from exec to main()
// (the runtime's start and every package's init, mockserver's included, as in
// a test binary) shows apart from the call.

// firstListenTag starts the child's one line of output.
const firstListenTag = "first-listen:"

// firstListen is the -first-listen mode: one mockserver.Listen with the zero
// Options (demo data, a free port on 127.0.0.1 per region), timed, then Close.
// It prints when main() began (Unix nanoseconds, comparable with the parent's
// clock) and how long Listen took.
func firstListen(stdout io.Writer, mainAt time.Time) error {
	t0 := time.Now()
	ts, err := mockserver.Listen(mockserver.Options{})
	elapsed := time.Since(t0)
	if err != nil {
		return err
	}
	ts.Close()
	_, err = fmt.Fprintf(stdout, "%s main=%d listen=%s\n", firstListenTag, mainAt.UnixNano(), elapsed)
	return err
}

// parseFirstListen reads the child's line from its output.
func parseFirstListen(out string) (mainAt time.Time, listen time.Duration, err error) {
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), firstListenTag)
		if !ok {
			continue
		}
		var gotMain, gotListen bool
		for _, f := range strings.Fields(rest) {
			k, v, _ := strings.Cut(f, "=")
			switch k {
			case "main":
				ns, err := strconv.ParseInt(v, 10, 64)
				if err != nil || ns <= 0 {
					return time.Time{}, 0, fmt.Errorf("first-listen: bad main=%q", v)
				}
				mainAt, gotMain = time.Unix(0, ns), true
			case "listen":
				d, err := time.ParseDuration(v)
				if err != nil || d <= 0 {
					return time.Time{}, 0, fmt.Errorf("first-listen: bad listen=%q", v)
				}
				listen, gotListen = d, true
			}
		}
		if !gotMain || !gotListen {
			return time.Time{}, 0, fmt.Errorf("first-listen: want main= and listen= in %q", sc.Text())
		}
		return mainAt, listen, nil
	}
	return time.Time{}, 0, fmt.Errorf("no %q line in %q", firstListenTag, out)
}

// firstStart is one fresh process's figures.
type firstStart struct {
	toMain time.Duration // exec to main(): runtime start and package init
	listen time.Duration // the first mockserver.Listen
}

// timeFirstStart runs this binary with -first-listen once. The exec-to-main()
// figure compares the parent's clock before the exec with the child's at main():
// /proc/PID/stat counts start time in clock ticks, too coarse for a few
// milliseconds.
func timeFirstStart(ctx context.Context) (firstStart, error) {
	self, err := os.Executable()
	if err != nil {
		return firstStart{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, self, "-first-listen")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return firstStart{}, fmt.Errorf("-first-listen child: %w\n%s", err, stderr.Bytes())
	}
	mainAt, listen, err := parseFirstListen(stdout.String())
	if err != nil {
		return firstStart{}, err
	}
	toMain := mainAt.Sub(start)
	if toMain < 0 {
		return firstStart{}, errors.New("-first-listen child: its main() began before it was started (wall clock stepped?)")
	}
	return firstStart{toMain: toMain, listen: listen}, nil
}
