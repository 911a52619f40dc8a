package client

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"
)

// RetryPolicy says when and how long the client waits before sending again.
type RetryPolicy struct {
	// MaxRetries is how many times one call may be sent again after its first
	// attempt; 0 turns retrying off.
	MaxRetries int
	// MaxWait is the longest single wait the client accepts: a 429's Retry-After
	// (else X-RateLimit-Reset), a 5xx's Retry-After, or a pacing wait. A longer
	// wait, or one that would outlast the context's deadline, is not made: the
	// error is returned at once, with Error.RetryAfter saying how long to wait.
	// The default is 5 s, so a client never sleeps long without being asked to;
	// WithRateLimitWait raises it to wait out a spent 60-second window.
	MaxWait time.Duration
	// BaseDelay is the backoff before the first retry after a 5xx or a network
	// error; it doubles with each retry up to MaxDelay, and each wait is drawn
	// between half and all of that (jitter).
	BaseDelay time.Duration
	MaxDelay  time.Duration
}

// DefaultRetryPolicy is the policy New uses: three retries, waits of at most
// 5 s, backoff from 500 ms to 10 s.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxRetries: 3, MaxWait: 5 * time.Second, BaseDelay: 500 * time.Millisecond, MaxDelay: 10 * time.Second}
}

// RetryEvent describes one wait before the client sends a call again. The hook
// of WithRetryHook and the logger of WithLogger receive one per retry.
type RetryEvent struct {
	Operation  string        // the spec's operationId, e.g. getRecord
	Attempt    int           // the attempt that failed, from 1
	StatusCode int           // its status; 0 after a network error
	Err        error         // the network error, if any
	Delay      time.Duration // how long the client waits before the next attempt
	Reason     string        // "rate limited", "server error", "network error" or "pacing"
}

// Retry reasons.
const (
	reasonRateLimited = "rate limited"
	reasonServer      = "server error"
	reasonNetwork     = "network error"
	reasonPacing      = "pacing"
)

// plan decides whether to send req again and after how long.
//
// A 429 is retried whatever the operation: the API documents that a 429
// request was not processed. A 5xx or a network error is retried only for
// operations the spec marks safe to repeat (see request.idempotent), because a
// create the server saw may have taken effect.
func (c *conn) plan(req *request, status int, h http.Header, err error, attempt int) (time.Duration, string, bool) {
	p := c.retry
	if attempt > p.MaxRetries {
		return 0, "", false
	}
	now := time.Now()
	switch {
	case err != nil:
		return backoff(p, attempt), reasonNetwork, req.idempotent
	case status == http.StatusTooManyRequests:
		wait, ok := rateLimitWait(h, now)
		if !ok {
			wait = backoff(p, attempt)
		}
		return wait, reasonRateLimited, wait <= p.MaxWait
	case retryable(status) && req.idempotent:
		if wait, ok := retryAfter(h, now); ok {
			return wait, reasonServer, wait <= p.MaxWait
		}
		return backoff(p, attempt), reasonServer, true
	}
	return 0, "", false
}

// pace waits, when pacing is on, until a window the last answer said was spent
// has reset. It refuses to send when that is longer than MaxWait or the context
// allows.
func (c *conn) pace(ctx context.Context, req *request) error {
	if !c.pacing {
		return nil
	}
	rl := c.limits.snapshot()
	if !rl.Known() || rl.Remaining > 0 {
		return nil
	}
	wait := time.Until(rl.Reset)
	switch {
	case wait <= 0:
		return nil
	case wait > c.retry.MaxWait || !fits(ctx, wait):
		return &refusal{kind: ErrRateLimited, msg: fmt.Sprintf("client: %s: rate limited: window spent for another %v, not sent", req.op, wait.Round(time.Second))}
	}
	c.report(ctx, RetryEvent{Operation: req.op, Delay: wait, Reason: reasonPacing})
	return sleep(ctx, wait)
}

// report tells the hook and the logger about a wait.
func (c *conn) report(ctx context.Context, ev RetryEvent) {
	if c.onRetry != nil {
		c.onRetry(ev)
	}
	if c.logger != nil {
		attrs := []slog.Attr{slog.String("operation", ev.Operation), slog.Int("attempt", ev.Attempt),
			slog.Duration("delay", ev.Delay), slog.String("reason", ev.Reason)}
		if ev.StatusCode != 0 {
			attrs = append(attrs, slog.Int("status", ev.StatusCode))
		}
		if ev.Err != nil {
			attrs = append(attrs, slog.String("error", ev.Err.Error()))
		}
		c.logger.LogAttrs(ctx, slog.LevelInfo, "client: waiting before sending again", attrs...)
	}
}

// backoff is BaseDelay doubled per attempt, capped at MaxDelay, with equal
// jitter (between half and all of it) so that clients spread out.
func backoff(p RetryPolicy, attempt int) time.Duration {
	delay := p.BaseDelay
	for range attempt - 1 {
		if delay >= p.MaxDelay {
			break
		}
		delay *= 2
	}
	delay = min(delay, p.MaxDelay)
	if delay <= 1 {
		return delay
	}
	half := delay / 2
	return half + rand.N(delay-half+1)
}

// retryable lists the statuses that say "try again later"; 501 and the like do not.
func retryable(status int) bool {
	switch status {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// fits reports whether waiting d still leaves the context alive.
func fits(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
