package mockserver

import (
	"sync"
	"time"
)

// clock is the mock's time: the configured clock plus an offset the control API moves.
type clock struct {
	base   func() time.Time
	mu     sync.Mutex
	offset time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	off := c.offset
	c.mu.Unlock()
	return c.base().Add(off)
}

func (c *clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
	return c.Now()
}

func (c *clock) Reset() {
	c.mu.Lock()
	c.offset = 0
	c.mu.Unlock()
}

func millis(t time.Time) int64 { return t.UnixMilli() }

// Now is the mock's clock: Options.Now moved by any control-API advance.
func (s *Server) Now() time.Time { return s.clock.Now() }

// Advance moves the mock's clock forward and returns once the webhook
// deliveries the move made due have been attempted.
func (s *Server) Advance(d time.Duration) {
	now := s.clock.Advance(d)
	s.opts.Logger.Info("clock advanced", "by_seconds", d.Seconds(), "now", now)
	s.outbox.settle(now)
}
