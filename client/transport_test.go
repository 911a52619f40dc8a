package client

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"testing/synctest"
	"time"
)

// The retry tests run inside synctest bubbles: waits cost fake time only, so a
// 30-second Retry-After is checked to the nanosecond without slowing the suite.

func TestRateLimitWait(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		headers  []string
		call     func(context.Context, *Client) error
		opts     []Option
		wantHits int
		wantWait time.Duration
		wantErr  error
	}{
		{
			name:     "Retry-After on GET",
			headers:  append([]string{"Retry-After", "30"}, rateHeaders(60, 0, 45)...),
			call:     getRecord,
			opts:     []Option{WithRateLimitWait(time.Minute)},
			wantHits: 2, wantWait: 30 * time.Second,
		},
		{
			name:     "Retry-After on POST, which a 429 did not process",
			headers:  append([]string{"Retry-After", "30"}, rateHeaders(60, 0, 30)...),
			call:     createRecord,
			opts:     []Option{WithRateLimitWait(time.Minute)},
			wantHits: 2, wantWait: 30 * time.Second,
		},
		{
			name:     "X-RateLimit-Reset without Retry-After",
			headers:  rateHeaders(60, 0, 12),
			call:     getRecord,
			opts:     []Option{WithRateLimitWait(time.Minute)},
			wantHits: 2, wantWait: 12 * time.Second,
		},
		{
			name:     "wait longer than WithRateLimitWait returns at once",
			headers:  []string{"Retry-After", "600"},
			call:     getRecord,
			opts:     []Option{WithRateLimitWait(time.Minute)},
			wantHits: 1, wantErr: ErrRateLimited,
		},
		{
			name:     "by default a short wait is made",
			headers:  []string{"Retry-After", "3"},
			call:     getRecord,
			wantHits: 2, wantWait: 3 * time.Second,
		},
		{
			name:     "by default a spent window's wait is not made",
			headers:  append([]string{"Retry-After", "30"}, rateHeaders(60, 0, 30)...),
			call:     getRecord,
			wantHits: 1, wantErr: ErrRateLimited,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				var h hits
				c := newTestClient(t, plainKey, script(&h, reply(http.StatusTooManyRequests, tooManyJSON, tt.headers...), okRecord()), tt.opts...)
				start := time.Now()
				wantOutcome(t, tt.call(t.Context(), c), tt.wantErr, &h, tt.wantHits)
				if got := time.Since(start); got != tt.wantWait {
					t.Errorf("waited %v, want %v", got, tt.wantWait)
				}
			})
		})
	}
}

func TestRateLimitDeadlineShorterThanWait(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var h hits
		c := newTestClient(t, currentKey, script(&h, reply(http.StatusTooManyRequests, tooManyJSON, "Retry-After", "30")))
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		start := time.Now()
		_, _, err := c.GetRecord(ctx, "rec_1")
		if got := time.Since(start); got != 0 {
			t.Errorf("waited %v of fake time, want 0", got)
		}
		var apiErr *Error
		if !errors.As(err, &apiErr) || !errors.Is(err, ErrRateLimited) {
			t.Fatalf("err = %v, want an *Error matching ErrRateLimited", err)
		}
		if apiErr.RetryAfter != 30*time.Second || apiErr.StatusCode != http.StatusTooManyRequests {
			t.Errorf("got status %d, RetryAfter %v; want 429, 30s", apiErr.StatusCode, apiErr.RetryAfter)
		}
		if got := h.count(); got != 1 {
			t.Errorf("handler hit %d times, want 1", got)
		}
	})
}

func TestRetryServerErrors(t *testing.T) {
	t.Parallel()
	policy := RetryPolicy{MaxRetries: 3, BaseDelay: time.Second, MaxDelay: 10 * time.Second}
	tests := []struct {
		name     string
		call     func(context.Context, *Client) error
		answers  []http.HandlerFunc
		wantHits int
		wantErr  error
		minWait  time.Duration
		maxWait  time.Duration
	}{
		{
			name:     "POST that got a 500 is not retried",
			call:     createRecord,
			answers:  []http.HandlerFunc{reply(http.StatusInternalServerError, serverJSON), okRecord()},
			wantHits: 1, wantErr: ErrServer,
		},
		{
			name:     "PATCH that got a 503 is not retried",
			call:     updateRecord,
			answers:  []http.HandlerFunc{reply(http.StatusServiceUnavailable, serverJSON), okRecord()},
			wantHits: 1, wantErr: ErrServer,
		},
		{
			// Backoff with equal jitter: 0.5–1 s, then 1–2 s.
			name:     "GET that got 503 twice is retried with backoff",
			call:     getRecord,
			answers:  []http.HandlerFunc{reply(http.StatusServiceUnavailable, serverJSON), reply(http.StatusServiceUnavailable, serverJSON), okRecord()},
			wantHits: 3, minWait: 1500 * time.Millisecond, maxWait: 3 * time.Second,
		},
		{
			name:     "GET gives up after MaxRetries",
			call:     getRecord,
			answers:  []http.HandlerFunc{reply(http.StatusBadGateway, "bad gateway", "Content-Type", "text/plain")},
			wantHits: 4, wantErr: ErrServer, minWait: 3500 * time.Millisecond, maxWait: 7 * time.Second,
		},
		{
			name:     "GET that got a 501 is not retried",
			call:     getRecord,
			answers:  []http.HandlerFunc{reply(http.StatusNotImplemented, serverJSON)},
			wantHits: 1, wantErr: ErrServer,
		},
		{
			name:     "503 Retry-After is honoured",
			call:     getRecord,
			answers:  []http.HandlerFunc{reply(http.StatusServiceUnavailable, serverJSON, "Retry-After", "4"), okRecord()},
			wantHits: 2, minWait: 4 * time.Second, maxWait: 4 * time.Second,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				var h hits
				c := newTestClient(t, plainKey, script(&h, tt.answers...), WithRetryPolicy(policy))
				start := time.Now()
				wantOutcome(t, tt.call(t.Context(), c), tt.wantErr, &h, tt.wantHits)
				if waited := time.Since(start); waited < tt.minWait || waited > tt.maxWait {
					t.Errorf("waited %v, want between %v and %v", waited, tt.minWait, tt.maxWait)
				}
			})
		})
	}
}

func TestRetryNetworkErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		call     func(context.Context, *Client) error
		wantHits int // requests that reached the handler
		wantErr  error
	}{
		{name: "GET is retried", call: getRecord, wantHits: 1},
		{name: "DELETE is retried", call: deleteInboxView, wantHits: 1},
		{name: "POST is not", call: createRecord, wantErr: errNetwork},
		{name: "PATCH is not", call: updateRecord, wantErr: errNetwork},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				var h hits
				ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					h.add(r)
					if r.Method == http.MethodDelete {
						reply(http.StatusOK, `{"id":"view_1","deleted":true}`)(w, r)
						return
					}
					okRecord()(w, r)
				})
				rt := &failing{next: inproc{ok}, fails: 1}
				c := newClientWith(t, plainKey, rt)
				wantOutcome(t, tt.call(t.Context(), c), tt.wantErr, &h, tt.wantHits)
			})
		})
	}
}

func TestRetryResendsBody(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var h hits
		c := newTestClient(t, plainKey, script(&h, reply(http.StatusTooManyRequests, tooManyJSON, "Retry-After", "1"), okRecord()))
		if err := createRecord(t.Context(), c); err != nil {
			t.Fatal(err)
		}
		if len(h.bodies) != 2 || h.bodies[0] == "" || h.bodies[0] != h.bodies[1] {
			t.Errorf("bodies sent = %q, want the same non-empty body twice", h.bodies)
		}
	})
}

func TestPacing(t *testing.T) {
	t.Parallel()
	spent := okRecord(rateHeaders(60, 0, 20)...)
	t.Run("waits for the reset before sending", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			var h hits
			c := newTestClient(t, plainKey, script(&h, spent, okRecord(rateHeaders(60, 59, 60)...)), WithPacing(true), WithRateLimitWait(time.Minute))
			if err := getRecord(t.Context(), c); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			if err := getRecord(t.Context(), c); err != nil {
				t.Fatal(err)
			}
			if got := time.Since(start); got != 20*time.Second {
				t.Errorf("second call waited %v, want 20s", got)
			}
			if got := h.times[1].Sub(h.times[0]); got != 20*time.Second {
				t.Errorf("second request sent %v after the first, want 20s", got)
			}
		})
	})
	t.Run("refuses when the deadline is sooner", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			var h hits
			c := newTestClient(t, plainKey, script(&h, spent), WithPacing(true))
			if err := getRecord(t.Context(), c); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			start := time.Now()
			err := getRecord(ctx, c)
			if !errors.Is(err, ErrRateLimited) {
				t.Fatalf("err = %v, want ErrRateLimited", err)
			}
			if got, hitsNow := time.Since(start), h.count(); got != 0 || hitsNow != 1 {
				t.Errorf("waited %v and sent %d requests, want 0s and 1", got, hitsNow)
			}
		})
	})
	t.Run("off by default", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			var h hits
			c := newTestClient(t, plainKey, script(&h, spent))
			start := time.Now()
			for range 2 {
				if err := getRecord(t.Context(), c); err != nil {
					t.Fatal(err)
				}
			}
			if got := time.Since(start); got != 0 {
				t.Errorf("waited %v, want 0", got)
			}
		})
	})
}

func TestRateLimitSnapshot(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c := newTestClient(t, plainKey, okRecord(rateHeaders(60, 12, 45)...))
		if got := c.RateLimit(); got.Known() {
			t.Errorf("RateLimit before any response = %+v, want the zero value", got)
		}
		if err := getRecord(t.Context(), c); err != nil {
			t.Fatal(err)
		}
		want := RateLimit{Limit: 60, Remaining: 12, Reset: time.Now().Add(45 * time.Second)}
		if got := c.RateLimit(); got != want {
			t.Errorf("RateLimit() = %+v, want %+v", got, want)
		}
	})
}

func TestPerAttemptTimeout(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var h hits
		slow := func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(time.Minute):
			}
			okRecord()(w, r)
		}
		next := inproc{script(&h, slow, okRecord())}
		rt := roundTripFunc(func(req *http.Request) (*http.Response, error) {
			resp, _ := next.RoundTrip(req)
			if err := req.Context().Err(); err != nil {
				return nil, err
			}
			return resp, nil
		})
		c := newClientWith(t, plainKey, rt, WithTimeout(5*time.Second), WithRetryPolicy(RetryPolicy{MaxRetries: 1, BaseDelay: time.Second}))
		start := time.Now()
		if err := getRecord(t.Context(), c); err != nil {
			t.Fatalf("err = %v, want the retry to succeed", err)
		}
		if got := time.Since(start); got < 5500*time.Millisecond || got > 6*time.Second {
			t.Errorf("took %v, want the 5s timeout plus 0.5–1s backoff", got)
		}
	})
}

// wantOutcome checks a call's error and how many requests reached the handler.
func wantOutcome(t *testing.T, err, wantErr error, h *hits, wantHits int) {
	t.Helper()
	if !errors.Is(err, wantErr) {
		t.Fatalf("err = %v, want %v", err, wantErr)
	}
	if got := h.count(); got != wantHits {
		t.Errorf("handler hit %d times, want %d", got, wantHits)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Calls the retry tests share, one per method kind.

func getRecord(ctx context.Context, c *Client) error {
	_, _, err := c.GetRecord(ctx, "rec_1")
	return err
}

func createRecord(ctx context.Context, c *Client) error {
	slug := "people"
	_, _, err := c.CreateRecord(ctx, RecordCreate{WorkspaceID: "ws_1", ObjectTypeSlug: &slug})
	return err
}

func updateRecord(ctx context.Context, c *Client) error {
	_, _, err := c.UpdateRecord(ctx, "rec_1", RecordUpdate{Fields: FieldValues{"name": "Ada"}})
	return err
}

func deleteInboxView(ctx context.Context, c *Client) error {
	_, _, err := c.DeleteInboxView(ctx, "view_1")
	return err
}
