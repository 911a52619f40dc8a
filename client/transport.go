package client

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/breakcold-go/breakcold/gen/breakcold"
)

// RetryPolicy says when and how long the client waits before sending again.
type RetryPolicy struct {
	// MaxRetries is how many times one call may be sent again after its first
	// attempt; 0 turns retrying off.
	MaxRetries int
	// MaxWait is the longest single wait the server may ask for (Retry-After,
	// else X-RateLimit-Reset on a 429) or pacing may impose. When a wait would be
	// longer, or would outlast the context's deadline, the error is returned at
	// once instead.
	MaxWait time.Duration
	// BaseDelay is the backoff before the first retry after a 5xx or a network
	// error; it doubles with each retry up to MaxDelay, and each wait is drawn
	// between half and all of that (jitter).
	BaseDelay time.Duration
	MaxDelay  time.Duration
}

// DefaultRetryPolicy is the policy New uses: three retries, rate-limit waits up
// to two minutes (the legacy window is 60 s), backoff from 500 ms to 10 s.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxRetries: 3, MaxWait: 2 * time.Minute, BaseDelay: 500 * time.Millisecond, MaxDelay: 10 * time.Second}
}

// retrier is the HttpRequestDoer under the generated clients. It records the
// rate-limit headers, waits out 429s, and retries 5xx answers and network errors
// of idempotent methods. It reads each body into memory, so a response it
// returns no longer depends on the connection or the per-attempt timeout.
type retrier struct {
	next    breakcold.HttpRequestDoer
	policy  RetryPolicy
	pacing  bool
	timeout time.Duration
	limits  *rateLimits
}

func (d *retrier) Do(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	for attempt := 0; ; attempt++ {
		if err := d.pace(ctx); err != nil {
			return nil, err
		}
		resp, err := d.send(req, attempt)
		wait, again := d.plan(req, resp, err, attempt)
		if !again || !fits(ctx, wait) {
			return resp, err
		}
		if resp != nil {
			_ = resp.Body.Close()
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// send makes one attempt with a fresh body and reads the whole response.
func (d *retrier) send(req *http.Request, attempt int) (*http.Response, error) {
	ctx := req.Context()
	if d.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d.timeout)
		defer cancel()
	}
	r := req.WithContext(ctx)
	if attempt > 0 && req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		r.Body = body
	}
	resp, err := d.next.Do(r)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read response: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	d.limits.observe(resp.Header, time.Now())
	return resp, nil
}

// plan decides whether to send req again and after how long.
//
// A 429 is retried whatever the method: the API documents that a 429 request was
// not processed. A 5xx or a network error is retried only for idempotent
// methods, because a POST or PATCH the server saw may have taken effect.
func (d *retrier) plan(req *http.Request, resp *http.Response, err error, attempt int) (time.Duration, bool) {
	if attempt >= d.policy.MaxRetries || (req.Body != nil && req.Body != http.NoBody && req.GetBody == nil) {
		return 0, false
	}
	switch {
	case err != nil:
		return d.backoff(attempt), req.Context().Err() == nil && idempotent(req.Method)
	case resp.StatusCode == http.StatusTooManyRequests:
		wait, ok := rateLimitWait(resp.Header, time.Now())
		if !ok {
			wait = d.backoff(attempt)
		}
		return wait, wait <= d.policy.MaxWait
	case retryable(resp.StatusCode) && idempotent(req.Method):
		if wait, ok := retryAfter(resp.Header, time.Now()); ok {
			return wait, wait <= d.policy.MaxWait
		}
		return d.backoff(attempt), true
	}
	return 0, false
}

// pace waits, when pacing is on, until a window the last response said was spent
// has reset. It refuses to send when that is longer than MaxWait or the context
// allows.
func (d *retrier) pace(ctx context.Context) error {
	if !d.pacing {
		return nil
	}
	rl := d.limits.snapshot()
	if !rl.Known() || rl.Remaining > 0 {
		return nil
	}
	wait := time.Until(rl.Reset)
	switch {
	case wait <= 0:
		return nil
	case wait > d.policy.MaxWait || !fits(ctx, wait):
		return &refusal{kind: ErrRateLimited, msg: fmt.Sprintf("rate limited: window spent for another %v, not sent", wait.Round(time.Second))}
	}
	return sleep(ctx, wait)
}

// backoff is BaseDelay doubled per attempt, capped at MaxDelay, with equal
// jitter (between half and all of it) so that clients spread out.
func (d *retrier) backoff(attempt int) time.Duration {
	delay := d.policy.BaseDelay
	for range attempt {
		if delay >= d.policy.MaxDelay {
			break
		}
		delay *= 2
	}
	delay = min(delay, d.policy.MaxDelay)
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

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
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
