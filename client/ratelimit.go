package client

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// RateLimit is what a response's X-RateLimit-* headers said.
type RateLimit struct {
	Limit     int       // requests per window
	Remaining int       // requests left in the window
	Reset     time.Time // when the window resets; the header gives seconds from the response
}

// Known reports whether the snapshot came from a response that carried the headers.
func (r RateLimit) Known() bool { return !r.Reset.IsZero() }

// rateLimits keeps the latest snapshot, shared by all requests of one Client.
type rateLimits struct {
	mu   sync.Mutex
	last RateLimit
}

func (l *rateLimits) snapshot() RateLimit {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last
}

func (l *rateLimits) observe(r RateLimit) {
	if r.Known() {
		l.mu.Lock()
		l.last = r
		l.mu.Unlock()
	}
}

// parseRateLimit reads the three headers; it returns the zero RateLimit unless all
// three are present and numeric.
func parseRateLimit(h http.Header, now time.Time) RateLimit {
	limit, ok1 := headerInt(h, "X-RateLimit-Limit")
	remaining, ok2 := headerInt(h, "X-RateLimit-Remaining")
	reset, ok3 := resetIn(h, now)
	if !ok1 || !ok2 || !ok3 {
		return RateLimit{}
	}
	return RateLimit{Limit: limit, Remaining: remaining, Reset: now.Add(reset)}
}

// epochThreshold tells an epoch time from a number of seconds: the API sends
// seconds until the reset, but some servers send the reset's epoch second.
const epochThreshold = 1_000_000_000

// resetIn reads X-RateLimit-Reset as the time left until the window resets.
func resetIn(h http.Header, now time.Time) (time.Duration, bool) {
	n, ok := headerInt(h, "X-RateLimit-Reset")
	if !ok {
		return 0, false
	}
	if n >= epochThreshold {
		return max(0, time.Unix(int64(n), 0).Sub(now)), true
	}
	return time.Duration(n) * time.Second, true
}

// retryAfter reads Retry-After, as delta seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(now)), true
	}
	return 0, false
}

// rateLimitWait is how long a 429 asks the client to wait: Retry-After, else
// X-RateLimit-Reset.
func rateLimitWait(h http.Header, now time.Time) (time.Duration, bool) {
	if d, ok := retryAfter(h, now); ok {
		return d, true
	}
	return resetIn(h, now)
}

func headerInt(h http.Header, name string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(h.Get(name)))
	return n, err == nil && n >= 0
}
