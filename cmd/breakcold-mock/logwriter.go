package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// logWriter batches log lines: the mock logs every request, and a write to
// stderr per request cost a quarter of its throughput on loopback. Lines reach
// the underlying writer at least every interval, at once for warnings and
// errors (see flushOnWarn), and when the writer is closed.
type logWriter struct {
	mu    sync.Mutex
	buf   *bufio.Writer
	dirty bool
	stop  chan struct{}
	done  chan struct{}
}

// newLogWriter returns w itself, unbuffered, when interval is 0.
func newLogWriter(w io.Writer, interval time.Duration) (io.Writer, func()) {
	if interval <= 0 {
		return w, func() {}
	}
	lw := &logWriter{buf: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go lw.loop(interval)
	return lw, lw.close
}

// Write keeps one whole line (slog writes one record per call); a full buffer
// goes out at once.
func (lw *logWriter) Write(p []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	lw.dirty = true
	return lw.buf.Write(p)
}

// Flush writes out what is buffered.
func (lw *logWriter) Flush() {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if lw.dirty {
		_ = lw.buf.Flush()
		lw.dirty = false
	}
}

func (lw *logWriter) loop(interval time.Duration) {
	defer close(lw.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			lw.Flush()
		case <-lw.stop:
			lw.Flush()
			return
		}
	}
}

// close flushes and stops the flusher; the writer must not be used afterwards.
func (lw *logWriter) close() {
	close(lw.stop)
	<-lw.done
}

// flushOnWarn writes out a batched log at once after a warning or an error, so
// what needs attention is never held back behind the request lines.
type flushOnWarn struct {
	slog.Handler
	lw *logWriter
}

func withFlushOnWarn(h slog.Handler, w io.Writer) slog.Handler {
	if lw, ok := w.(*logWriter); ok {
		return flushOnWarn{h, lw}
	}
	return h
}

func (f flushOnWarn) Handle(ctx context.Context, r slog.Record) error {
	err := f.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		f.lw.Flush()
	}
	return err
}

func (f flushOnWarn) WithAttrs(attrs []slog.Attr) slog.Handler {
	return flushOnWarn{f.Handler.WithAttrs(attrs), f.lw}
}

func (f flushOnWarn) WithGroup(name string) slog.Handler {
	return flushOnWarn{f.Handler.WithGroup(name), f.lw}
}
