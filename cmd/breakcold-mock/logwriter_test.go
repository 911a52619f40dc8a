package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"
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

// Without warnings, lines still arrive within the interval.
func TestLogWriterFlushesOnItsInterval(t *testing.T) {
	t.Parallel()
	var out countingWriter
	w, closeLog := newLogWriter(&out, 5*time.Millisecond)
	defer closeLog()
	slog.New(slog.NewTextHandler(w, nil)).Log(context.Background(), slog.LevelInfo, "request")
	for deadline := time.Now().Add(5 * time.Second); out.count() == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the line never reached the writer")
		}
	}
}

// -log-flush 0 writes every line at once, as the plain writer does.
func TestLogWriterOff(t *testing.T) {
	t.Parallel()
	var out countingWriter
	w, closeLog := newLogWriter(&out, 0)
	defer closeLog()
	if w != &out {
		t.Fatalf("newLogWriter(w, 0) = %T, want w itself", w)
	}
	if h := withFlushOnWarn(slog.NewTextHandler(w, nil), w); h == nil {
		t.Fatal("no handler")
	}
}
