package main

import (
	"log/slog"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// countingWriter counts the writes that reach it.
type countingWriter struct {
	syncBuffer
	writes int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.writes++
	c.mu.Unlock()
	return c.syncBuffer.Write(p)
}

func (c *countingWriter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writes
}

// Info lines are batched into one write within the interval, a warning goes out
// at once with what preceded it, and closing writes out the rest.
func TestLogWriterBatchesInfoAndFlushesWarnings(t *testing.T) {
	t.Parallel()
	var out countingWriter
	w, closeLog := newLogWriter(&out, time.Hour) // only warnings and close flush
	logger := slog.New(withFlushOnWarn(slog.NewTextHandler(w, nil), w))
	for i := range 100 {
		logger.Info("request", "n", i)
	}
	if n := out.count(); n != 0 {
		t.Fatalf("%d writes before any flush, want 0 (lines are batched)", n)
	}
	logger.With("region", "us").Warn("slow client")
	if n, s := out.count(), out.String(); n != 1 || strings.Count(s, "\n") != 101 || !strings.Contains(s, "slow client") {
		t.Fatalf("after a warning: %d writes, %d lines; want 1 write of 101 lines in order", n, strings.Count(s, "\n"))
	}
	logger.Info("last")
	closeLog()
	if s := out.String(); !strings.HasSuffix(s, "msg=last\n") {
		t.Fatalf("close did not write the last line: %q", s[max(0, len(s)-80):])
	}
}

// Without warnings, a line waits for the interval and goes out at it; the next
// one goes out at the next tick. The clock is synctest's: no real time passes.
func TestLogWriterFlushesOnItsInterval(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const interval = 50 * time.Millisecond
		var out countingWriter
		w, closeLog := newLogWriter(&out, interval)
		defer closeLog()
		logger := slog.New(slog.NewTextHandler(w, nil))
		for i, msg := range []string{"first", "second"} {
			logger.Info(msg)
			time.Sleep(interval - time.Nanosecond)
			synctest.Wait()
			if n := out.count(); n != i {
				t.Fatalf("%q, 1ns before the tick: %d writes, want %d (the line waits for the interval)", msg, n, i)
			}
			time.Sleep(time.Nanosecond)
			synctest.Wait()
			if n, s := out.count(), out.String(); n != i+1 || !strings.HasSuffix(s, "msg="+msg+"\n") {
				t.Fatalf("%q, at the tick: %d writes of %q, want %d ending in the line", msg, n, s, i+1)
			}
		}
	})
}

// -log-flush 0 writes every line at once, as the plain writer does, through the
// handler as it is.
func TestLogWriterOff(t *testing.T) {
	t.Parallel()
	var out countingWriter
	w, closeLog := newLogWriter(&out, 0)
	defer closeLog()
	inner := slog.NewTextHandler(w, nil)
	if h := withFlushOnWarn(inner, w); h != slog.Handler(inner) {
		t.Fatalf("withFlushOnWarn wraps the handler of an unbatched writer in a %T", h)
	}
	logger := slog.New(inner)
	for i, msg := range []string{"first", "second"} {
		logger.Info(msg)
		if n, s := out.count(), out.String(); n != i+1 || !strings.HasSuffix(s, "msg="+msg+"\n") {
			t.Fatalf("after %q: %d writes of %q, want %d ending in the line", msg, n, s, i+1)
		}
	}
}
