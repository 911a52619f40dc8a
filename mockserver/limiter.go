package mockserver

import (
	"net/http"
	"sync"
	"time"

	"github.com/breakcold-go/breakcold/apispec"
)

// budget is one rate-limit level a request draws on: a bucket key and its limit.
type budget struct {
	key   string
	limit int
}

// decision is what the limiter says about one request, in the terms of the
// X-RateLimit-* headers.
type decision struct {
	Allowed   bool
	Limit     int
	Remaining int
	Reset     int // whole seconds until the window resets (rounded up)
}

type bucket struct {
	start time.Time
	used  int
}

// limiter is a set of fixed windows, each anchored at its bucket's first request.
// A request is allowed only if every budget it draws on has room; a rejected
// request consumes nothing. Its headers describe the tightest budget.
type limiter struct {
	window  time.Duration
	mu      sync.Mutex
	buckets map[string]*bucket
	sweepAt time.Time
}

func newLimiter(window time.Duration) *limiter {
	return &limiter{window: window, buckets: map[string]*bucket{}}
}

func (l *limiter) current(key string, now time.Time) *bucket {
	b := l.buckets[key]
	if b == nil || !now.Before(b.start.Add(l.window)) {
		b = &bucket{start: now}
		l.buckets[key] = b
	}
	return b
}

// take draws one request from every budget, or from none if any is spent.
func (l *limiter) take(budgets []budget, now time.Time) decision {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	bs := make([]*bucket, len(budgets))
	allowed := true
	for i, b := range budgets {
		bs[i] = l.current(b.key, now)
		if b.limit >= 0 && bs[i].used >= b.limit {
			allowed = false
		}
	}
	if allowed {
		for _, b := range bs {
			b.used++
		}
	}
	d := l.describe(budgets, bs, now, allowed)
	return d
}

// peek describes the budgets without drawing on them.
func (l *limiter) peek(budgets []budget, now time.Time) decision {
	l.mu.Lock()
	defer l.mu.Unlock()
	bs := make([]*bucket, len(budgets))
	for i, b := range budgets {
		bs[i] = l.buckets[b.key]
		if bs[i] == nil || !now.Before(bs[i].start.Add(l.window)) {
			bs[i] = &bucket{start: now}
		}
	}
	return l.describe(budgets, bs, now, true)
}

// describe reports the budget with the fewest requests left (on a tie, the one that
// resets last), so Remaining never overstates what a client can send.
func (l *limiter) describe(budgets []budget, bs []*bucket, now time.Time, allowed bool) decision {
	d := decision{Allowed: allowed, Remaining: -1}
	var resetAt time.Time
	for i, b := range budgets {
		limit := b.limit
		if limit < 0 { // unlimited: describe a budget that never runs out
			limit = 1 << 30
		}
		rem := max(limit-bs[i].used, 0)
		end := bs[i].start.Add(l.window)
		if d.Remaining < 0 || rem < d.Remaining || (rem == d.Remaining && end.After(resetAt)) {
			d.Remaining, d.Limit, resetAt = rem, limit, end
		}
	}
	if d.Remaining < 0 {
		d.Remaining, d.Limit, resetAt = 0, 0, now
	}
	d.Reset = ceilSeconds(resetAt.Sub(now))
	return d
}

// sweep drops expired buckets once per window so memory follows the active users.
func (l *limiter) sweep(now time.Time) {
	if now.Before(l.sweepAt) {
		return
	}
	for k, b := range l.buckets {
		if !now.Before(b.start.Add(l.window)) {
			delete(l.buckets, k)
		}
	}
	l.sweepAt = now.Add(l.window)
}

func (l *limiter) reset() {
	l.mu.Lock()
	l.buckets = map[string]*bucket{}
	l.mu.Unlock()
}

func ceilSeconds(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int((d + time.Second - 1) / time.Second)
}

// budgets lists the rate-limit levels a request draws on.
func (s *Server) budgets(st *reqState, r *http.Request) []budget {
	k := st.key
	user := budget{key: "user:" + k.UserID, limit: s.opts.RateLimit}
	if s.opts.LimitProfile != ProfileMultiLevel || st.gen == apispec.Legacy {
		return []budget{user}
	}
	out := []budget{
		{key: "org:" + k.OrgID, limit: 600},
		{key: "user:" + k.UserID, limit: 180},
		{key: "key:" + k.Prefix, limit: 180},
		{key: "route:" + k.OrgID + ":" + st.op.ID, limit: 120},
	}
	if ws := r.URL.Query().Get("workspaceId"); ws != "" {
		out = append(out, budget{key: "ws:" + ws, limit: 300})
	}
	return out
}

// describeLimits gives the headers of a request's principal without drawing on its
// budget; a request with no principal gets a fresh window.
func (s *Server) describeLimits(st *reqState) decision {
	limit := s.opts.RateLimit
	if s.opts.LimitProfile == ProfileMultiLevel && st.gen == apispec.Current {
		limit = 120
	}
	if st.key != nil {
		return s.limiter.peek([]budget{{key: "user:" + st.key.UserID, limit: limit}}, s.clock.Now())
	}
	return decision{Limit: max(limit, 0), Remaining: max(limit, 0), Reset: ceilSeconds(s.opts.RateWindow)}
}
