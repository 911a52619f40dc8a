package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/internal/specdata"
)

// budget is one rate-limit level a request draws on: a bucket key, its limit and its
// window (0 means the limiter's window, Options.RateWindow).
type budget struct {
	key    string
	limit  int
	window time.Duration
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
	end  time.Time
	used int
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

func (l *limiter) windowOf(b budget) time.Duration {
	if b.window > 0 {
		return b.window
	}
	return l.window
}

func (l *limiter) current(b budget, now time.Time) *bucket {
	bk := l.buckets[b.key]
	if bk == nil || !now.Before(bk.end) {
		bk = &bucket{end: now.Add(l.windowOf(b))}
		l.buckets[b.key] = bk
	}
	return bk
}

// take draws one request from every budget, or from none if any is spent.
func (l *limiter) take(budgets []budget, now time.Time) decision {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	bs := make([]*bucket, len(budgets))
	allowed := true
	for i, b := range budgets {
		bs[i] = l.current(b, now)
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
		if bs[i] == nil || !now.Before(bs[i].end) {
			bs[i] = &bucket{end: now.Add(l.windowOf(b))}
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
		end := bs[i].end
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
		if !now.Before(b.end) {
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

// The current API's documented budgets, per minute whatever Options.RateWindow says.
const (
	perMinute       = time.Minute
	orgBudget       = 600
	workspaceBudget = 300
	identityBudget  = 180
	keyBudget       = 180
	// defaultRouteBudget is Breakcold's published default route budget, for an
	// operation whose spec gives none.
	defaultRouteBudget = 120
)

// routeBudget is the operation's route budget per minute per organization, from the
// spec's x-breakcold-rate-limit.
func routeBudget(op *specdata.Operation) int {
	if op == nil || op.RateLimit <= 0 {
		return defaultRouteBudget
	}
	return op.RateLimit
}

// budgets lists the rate-limit levels a request draws on. ws is the workspace the
// request touches ("" when none).
func (s *Server) budgets(st *reqState, ws string) []budget {
	k := st.key
	user := budget{key: s.userBudget(k.UserID), limit: s.opts.RateLimit}
	if s.opts.LimitProfile != ProfileMultiLevel || st.gen == client.GenerationLegacy {
		st.budget[0] = user
		return st.budget[:]
	}
	out := []budget{
		{key: "org:" + k.OrgID, limit: orgBudget, window: perMinute},
		{key: "user:" + k.UserID, limit: identityBudget, window: perMinute},
		{key: "key:" + k.Prefix, limit: keyBudget, window: perMinute},
		{key: "route:" + k.OrgID + ":" + st.op.ID, limit: routeBudget(st.op), window: perMinute},
	}
	if ws != "" {
		out = append(out, budget{key: "ws:" + ws, limit: workspaceBudget, window: perMinute})
	}
	return out
}

// userBudget is "user:<id>", the simple profile's window key, made once per user
// rather than on every request.
func (s *Server) userBudget(userID string) string {
	if b, ok := s.userBudgets.Load(userID); ok {
		return b.(string)
	}
	b, _ := s.userBudgets.LoadOrStore(userID, "user:"+userID)
	return b.(string)
}

// requestWorkspace is the workspace a current-API request touches, for the
// workspace budget: the workspaceId query parameter, else the body's workspaceId,
// else the workspace of the resource its path names. It is "" when there is none
// (or the resource does not exist; the handler answers 404 then).
func (s *Server) requestWorkspace(r *http.Request, params map[string]string, pathParams []string) string {
	if ws := r.URL.Query().Get("workspaceId"); ws != "" {
		return ws
	}
	if ws := bodyWorkspace(r); ws != "" {
		return ws
	}
	defer s.readLock()()
	for _, name := range pathParams {
		if ws := s.resourceWorkspace(name, params[name]); ws != "" {
			return ws
		}
	}
	return ""
}

// bodyWorkspace reads workspaceId from a JSON body and puts the body back for the
// validator and the handler (with the read error, if any, such as a body too large).
func bodyWorkspace(r *http.Request) string {
	if r.Body == nil || r.Body == http.NoBody || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return ""
	}
	data, err := io.ReadAll(r.Body)
	rest := []io.Reader{bytes.NewReader(data)}
	if err != nil {
		rest = append(rest, errReader{err})
	}
	r.Body = io.NopCloser(io.MultiReader(rest...))
	var body struct {
		WorkspaceID string `json:"workspaceId"`
	}
	if json.Unmarshal(data, &body) != nil {
		return ""
	}
	return body.WorkspaceID
}

// errReader fails every read with its error.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// checkOwners fails for a current-API operation whose path has a parameter that no
// resource owns: under the multi-level profile its requests would draw on no
// workspace budget. A legacy request draws on its user's budget alone.
func (s *Server) checkOwners(op *specdata.Operation) error {
	if op.Generation != client.GenerationCurrent {
		return nil
	}
	for _, p := range op.Params {
		if p.In == "path" && len(s.store.owners[p.Name]) == 0 {
			return fmt.Errorf("mockserver: no resource owns path parameter %q of %s (name it where newTables makes the resource of its ids)", p.Name, op.ID)
		}
	}
	return nil
}

// resourceWorkspace is the workspace of the entity a path parameter names, or ""
// (the resources that own the parameter are in store.owners). The caller holds the
// read lock.
func (s *Server) resourceWorkspace(param, id string) string {
	for _, r := range s.store.owners[param] {
		if ws := r.workspaceOfID(id); ws != "" {
			return ws
		}
	}
	return ""
}

// describeLimits gives the headers of a request's principal without drawing on its
// budget; a request with no principal gets a fresh window.
func (s *Server) describeLimits(st *reqState) decision {
	limit, window := s.opts.RateLimit, s.opts.RateWindow
	if s.opts.LimitProfile == ProfileMultiLevel && st.gen == client.GenerationCurrent {
		limit, window = routeBudget(st.op), perMinute
	}
	if st.key != nil {
		return s.limiter.peek([]budget{{key: "user:" + st.key.UserID, limit: limit, window: window}}, s.clock.Now())
	}
	return decision{Limit: max(limit, 0), Remaining: max(limit, 0), Reset: ceilSeconds(window)}
}
