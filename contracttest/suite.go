package contracttest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/breakcold-go/breakcold/apispec"
)

// Keys are the credentials a run uses. Only Full is required for the current API and
// Legacy for the legacy API; the others enable their checks (on a mock with a
// control API the suite makes them itself).
type Keys struct {
	Full       string // bc_live_ key with every scope
	Restricted string // bc_live_ key without records:write (the 403 scope check)
	Limited    string // bc_live_ key limited to one workspace (the 403 workspace check)
	Legacy     string // breakcold-usr- key
}

// Target is a server to check: Breakcold itself or a mock.
type Target struct {
	Name string
	// BaseURL is the current API's host root in the region under test, such as
	// https://http.us.breakcold.com or http://127.0.0.1:8080 (paths add /api/v1).
	BaseURL string
	// OtherRegionURL, when set, is the other region's host root: the full key must be
	// refused there.
	OtherRegionURL string
	// LegacyURL is the legacy API's host root (paths add /rest); empty means BaseURL.
	LegacyURL string
	Keys      Keys
	// WorkspaceID is where the run writes; empty means the first workspace listed.
	WorkspaceID string
	// ReadOnly makes no writes: for production accounts. Write operations are
	// reported as skipped, so coverage needs Skip entries or a second run elsewhere.
	ReadOnly bool
	// AllowSend lets the run compose and send real inbox messages. Off by default:
	// on Breakcold they reach real people.
	AllowSend bool
	// MaxRequests caps the requests a run sends; 0 means no cap.
	MaxRequests int
	// Control is the base URL of the mock's control API (…/_mock). With it the run
	// resets the mock first, makes the keys it lacks, and moves the mock's clock
	// instead of waiting out rate-limit windows.
	Control string
	// SlowRateLimit opts in to spending a real rate-limit window and waiting for its
	// reset on targets without a control API (up to Window seconds of sleeping).
	SlowRateLimit bool
	// Window is the rate-limit window in seconds; 0 means 60.
	Window int
	// RateLimitHeaders says how strictly the current API's X-RateLimit-* and
	// Retry-After headers are checked; the legacy API documents them, so there they
	// are always required.
	RateLimitHeaders HeaderCheck
	// Skip names operations the run must not exercise, with the reason.
	Skip map[string]string
	// HTTPClient sends the requests; nil means a client with a 30 s timeout.
	HTTPClient *http.Client
	// Progress receives a line per check as the run goes; nil is silent.
	Progress io.Writer
}

// HeaderCheck is how the current API's rate-limit headers are checked.
type HeaderCheck int

const (
	// HeadersAuto is HeadersStrict against the mock (Control set), else HeadersIfPresent.
	HeadersAuto HeaderCheck = iota
	// HeadersStrict requires X-RateLimit-* on every response and Retry-After on every
	// 429, as the mock sends them.
	HeadersStrict
	// HeadersIfPresent checks only the headers a response carries: Breakcold documents
	// no X-RateLimit-* on the current API and Retry-After only "when possible".
	HeadersIfPresent
)

// strictHeaders reports whether an exchange must carry the rate-limit headers.
func (r *runner) strictHeaders(op apispec.Operation) bool {
	switch {
	case op.Generation == apispec.Legacy:
		return true
	case r.t.RateLimitHeaders == HeadersAuto:
		return r.t.Control != ""
	}
	return r.t.RateLimitHeaders == HeadersStrict
}

// retryAfter is how many seconds a 429 asks the client to wait: Retry-After, else the
// body's retryAfterMs, else a whole window.
func (r *runner) retryAfter(x *exchange) int {
	if n, err := strconv.Atoi(x.header.Get("Retry-After")); err == nil {
		return n
	}
	if ms, ok := dig(x.json, "error", "retryAfterMs").(float64); ok {
		return int((ms + 999) / 1000)
	}
	return r.t.Window
}

// Result is one check's outcome.
type Result struct {
	Group     string // "conformance" or "behaviour"
	Name      string
	Operation string
	Outcome   string // "pass", "fail" or "skip"
	Message   string
	Request   string // METHOD URL
	Status    int
	Curl      string
	Duration  time.Duration
}

// Report is the outcome of a run.
type Report struct {
	Target     string
	Results    []Result
	Operations []apispec.Operation
	// Seen lists, per operation id, the statuses the run received.
	Seen     map[string]map[int]bool
	Requests int
	Started  time.Time
	Duration time.Duration
}

// Failed reports whether any check failed.
func (r *Report) Failed() bool {
	for _, x := range r.Results {
		if x.Outcome == "fail" {
			return true
		}
	}
	return false
}

// Counts returns how many checks passed, failed and were skipped.
func (r *Report) Counts() (pass, fail, skip int) {
	for _, x := range r.Results {
		switch x.Outcome {
		case "pass":
			pass++
		case "fail":
			fail++
		default:
			skip++
		}
	}
	return
}

// Coverage returns how many operations answered at least once, and how many of the
// documented (operation, status) pairs were seen.
func (r *Report) Coverage() (opsSeen, ops, respSeen, resps int) {
	for _, op := range r.Operations {
		ops++
		if len(r.Seen[op.ID]) > 0 {
			opsSeen++
		}
		for _, st := range op.Statuses() {
			resps++
			if r.Seen[op.ID][st] {
				respSeen++
			}
		}
	}
	return
}

// Summary is a few lines for people: counts, coverage and every failure.
func (r *Report) Summary() string {
	var b strings.Builder
	pass, fail, skip := r.Counts()
	opsSeen, ops, respSeen, resps := r.Coverage()
	fmt.Fprintf(&b, "contract run against %s: %d passed, %d failed, %d skipped in %s (%d requests)\n",
		r.Target, pass, fail, skip, r.Duration.Round(time.Millisecond), r.Requests)
	fmt.Fprintf(&b, "coverage: %d/%d operations exercised, %d/%d documented responses seen\n", opsSeen, ops, respSeen, resps)
	for _, x := range r.Results {
		if x.Outcome != "fail" {
			continue
		}
		fmt.Fprintf(&b, "\nFAIL %s: %s\n", x.Name, x.Message)
		if x.Request != "" {
			fmt.Fprintf(&b, "  request: %s -> %d\n  reproduce: %s\n", x.Request, x.Status, x.Curl)
		}
	}
	return b.String()
}

// errBudget stops a run that reached MaxRequests.
var errBudget = errors.New("request budget spent")

// exchange is one request and its response.
type exchange struct {
	op     apispec.Operation
	req    *http.Request
	body   []byte // request body
	status int
	header http.Header
	resp   []byte
	json   map[string]any
	issues []string // spec and rate-limit violations found in it
}

func (x *exchange) request() string { return x.req.Method + " " + x.req.URL.String() }

// curl reproduces the request with the key left in an environment variable.
func (x *exchange) curl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "curl -si -X %s", x.req.Method)
	if x.req.Header.Get("Authorization") != "" {
		b.WriteString(` -H "Authorization: Bearer $BREAKCOLD_API_KEY"`)
	}
	if x.req.Header.Get("x-api-key") != "" {
		b.WriteString(` -H "x-api-key: $BREAKCOLD_LEGACY_KEY"`)
	}
	if len(x.body) > 0 {
		fmt.Fprintf(&b, " -H 'Content-Type: application/json' -d '%s'", strings.ReplaceAll(string(x.body), "'", `'\''`))
	}
	fmt.Fprintf(&b, " '%s'", x.req.URL.String())
	return b.String()
}

// window tracks the rate-limit headers of one generation to check they are coherent.
type window struct {
	limit     int
	remaining int
	resetAt   time.Time
	seen      bool
}

type runner struct {
	t       Target
	ctx     context.Context
	v       *Validator
	http    *http.Client
	report  *Report
	ops     map[string]apispec.Operation
	windows map[string]*window // by credential: a key sees its user's window
	state   map[string]any
}

// Check runs the whole suite against the target and returns its report. The error is
// for runs that could not start (a bad target); failed checks are in the report.
func Check(ctx context.Context, t Target) (*Report, error) {
	if t.BaseURL == "" && t.LegacyURL == "" {
		return nil, errors.New("contracttest: Target needs a BaseURL or a LegacyURL")
	}
	if t.LegacyURL == "" {
		t.LegacyURL = t.BaseURL
	}
	if t.Window == 0 {
		t.Window = 60
	}
	if t.HTTPClient == nil {
		t.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if t.Name == "" {
		t.Name = t.BaseURL
	}
	bases := []string{t.BaseURL}
	if t.LegacyURL != t.BaseURL {
		bases = append(bases, t.LegacyURL)
	}
	if t.OtherRegionURL != "" {
		bases = append(bases, t.OtherRegionURL)
	}
	v, err := NewValidator(bases...)
	if err != nil {
		return nil, err
	}
	ops, err := apispec.Operations(v.Spec())
	if err != nil {
		return nil, err
	}
	r := &runner{
		t: t, ctx: ctx, v: v, http: t.HTTPClient,
		report:  &Report{Target: t.Name, Operations: ops, Seen: map[string]map[int]bool{}, Started: time.Now()},
		ops:     map[string]apispec.Operation{},
		windows: map[string]*window{},
		state:   map[string]any{},
	}
	for _, op := range ops {
		r.ops[op.ID] = op
	}
	if t.Control != "" {
		if err := r.prepareMock(); err != nil {
			return nil, fmt.Errorf("contracttest: preparing the mock through %s: %w", t.Control, err)
		}
	}
	r.conformance()
	r.behaviour()
	r.coverage()
	r.report.Duration = time.Since(r.report.Started)
	return r.report, nil
}

func (r *runner) progress(res Result) {
	if r.t.Progress == nil {
		return
	}
	mark := map[string]string{"pass": "ok  ", "fail": "FAIL", "skip": "skip"}[res.Outcome]
	line := fmt.Sprintf("%s %-12s %s", mark, res.Group, res.Name)
	if res.Status != 0 {
		line += fmt.Sprintf(" (%d)", res.Status)
	}
	if res.Outcome != "pass" && res.Message != "" {
		line += ": " + res.Message
	}
	fmt.Fprintln(r.t.Progress, line)
}

func (r *runner) add(res Result) {
	r.report.Results = append(r.report.Results, res)
	r.progress(res)
}

// call describes a request by operation id.
type call struct {
	op    string
	vars  map[string]string // path parameters, and other values the call needs: empty means an earlier step failed
	query url.Values
	body  any
	key   string            // overrides the operation's usual key
	raw   map[string]string // headers set as given (auth checks); disables the usual key
	base  string            // overrides the host root
}

// send performs a call, validates the exchange against the spec and tracks the
// rate-limit headers. A 429 it did not ask for is waited out (by moving the mock's
// clock when there is a control API) and the call is retried once.
func (r *runner) send(c call) (*exchange, error) {
	op, ok := r.ops[c.op]
	if !ok {
		return nil, fmt.Errorf("no operation %q in the spec", c.op)
	}
	for attempt := 0; ; attempt++ {
		x, err := r.sendOnce(op, c)
		if err != nil {
			return nil, err
		}
		if x.status != http.StatusTooManyRequests || attempt > 0 || c.raw != nil {
			return x, nil
		}
		if err := r.waitWindow(r.retryAfter(x)); err != nil {
			return x, nil
		}
	}
}

func (r *runner) sendOnce(op apispec.Operation, c call) (*exchange, error) {
	if r.t.MaxRequests > 0 && r.report.Requests >= r.t.MaxRequests {
		return nil, errBudget
	}
	path := op.Path
	for k, v := range c.vars {
		path = strings.ReplaceAll(path, "{"+k+"}", url.PathEscape(v))
	}
	base := r.t.BaseURL
	if op.Generation == apispec.Legacy {
		base = r.t.LegacyURL
	}
	if c.base != "" {
		base = c.base
	}
	u := strings.TrimRight(base, "/") + path
	if len(c.query) > 0 {
		u += "?" + c.query.Encode()
	}
	var body []byte
	if c.body != nil {
		var err error
		if body, err = json.Marshal(c.body); err != nil {
			return nil, err
		}
	}
	req, err := http.NewRequestWithContext(r.ctx, op.Method, u, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.raw != nil {
		for k, v := range c.raw {
			req.Header.Set(k, v)
		}
	} else {
		key := c.key
		if key == "" {
			key = r.t.Keys.Full
			if op.Generation == apispec.Legacy {
				key = r.t.Keys.Legacy
			}
		}
		if op.Generation == apispec.Legacy {
			req.Header.Set("x-api-key", key)
		} else {
			req.Header.Set("Authorization", "Bearer "+key)
		}
	}
	r.report.Requests++
	resp, err := r.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", op.Method, u, err)
	}
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	x := &exchange{op: op, req: req, body: body, status: resp.StatusCode, header: resp.Header, resp: respBody}
	_ = json.Unmarshal(respBody, &x.json)
	if r.report.Seen[op.ID] == nil {
		r.report.Seen[op.ID] = map[int]bool{}
	}
	r.report.Seen[op.ID][x.status] = true
	check := req.Clone(r.ctx)
	check.Body = io.NopCloser(bytes.NewReader(body))
	if err := r.v.CheckResponse(check, x.status, x.header, respBody); err != nil {
		x.issues = append(x.issues, "response breaks the spec: "+oneLine(err.Error()))
	}
	x.issues = append(x.issues, r.trackLimits(req.Header.Get("Authorization")+req.Header.Get("x-api-key"), x)...)
	return x, nil
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 600 {
		s = s[:600] + "…"
	}
	return s
}

// trackLimits checks the X-RateLimit-* headers: present (unless the target may leave
// them out, see HeaderCheck), Limit constant, Remaining falling within a window,
// 0 ≤ Reset ≤ window. Windows are tracked per credential: keys of one user share a
// window, so Remaining never rises for any one of them.
func (r *runner) trackLimits(cred string, x *exchange) []string {
	if !r.strictHeaders(x.op) && x.header.Get("X-RateLimit-Limit") == "" &&
		x.header.Get("X-RateLimit-Remaining") == "" && x.header.Get("X-RateLimit-Reset") == "" {
		return nil
	}
	var issues []string
	get := func(name string) (int, bool) {
		v := x.header.Get(name)
		n, err := strconv.Atoi(v)
		if v == "" || err != nil {
			issues = append(issues, fmt.Sprintf("%s is %q, want an integer", name, v))
			return 0, false
		}
		return n, true
	}
	limit, ok1 := get("X-RateLimit-Limit")
	remaining, ok2 := get("X-RateLimit-Remaining")
	reset, ok3 := get("X-RateLimit-Reset")
	if !ok1 || !ok2 || !ok3 || x.status == http.StatusUnauthorized {
		return issues // a 401 describes no user's window
	}
	if reset < 0 || reset > r.t.Window {
		issues = append(issues, fmt.Sprintf("X-RateLimit-Reset is %d, want 0 to %d", reset, r.t.Window))
	}
	if remaining > limit {
		issues = append(issues, fmt.Sprintf("X-RateLimit-Remaining %d exceeds the limit %d", remaining, limit))
	}
	w := r.windows[cred]
	if w == nil {
		w = &window{}
		r.windows[cred] = w
	}
	resetAt := time.Now().Add(time.Duration(reset) * time.Second)
	if w.seen {
		if limit != w.limit {
			issues = append(issues, fmt.Sprintf("X-RateLimit-Limit changed from %d to %d", w.limit, limit))
		}
		sameWindow := resetAt.Sub(w.resetAt) < 2*time.Second && w.resetAt.Sub(resetAt) < 2*time.Second
		if sameWindow && remaining > w.remaining {
			issues = append(issues, fmt.Sprintf("X-RateLimit-Remaining rose from %d to %d within one window", w.remaining, remaining))
		}
	}
	*w = window{limit: limit, remaining: remaining, resetAt: resetAt, seen: true}
	return issues
}

// waitWindow waits out a spent window: through the mock's clock when there is a
// control API, else by sleeping when the wait is short enough.
func (r *runner) waitWindow(seconds int) error {
	if seconds <= 0 {
		seconds = 1
	}
	if r.t.Control != "" {
		if err := r.advance(seconds); err != nil {
			return err
		}
		r.windows = map[string]*window{}
		return nil
	}
	if seconds > r.t.Window {
		return fmt.Errorf("rate-limit wait of %d s exceeds the window", seconds)
	}
	select {
	case <-time.After(time.Duration(seconds)*time.Second + 500*time.Millisecond):
	case <-r.ctx.Done():
		return r.ctx.Err()
	}
	r.windows = map[string]*window{}
	return nil
}

func (r *runner) coverage() {
	ids := make([]string, 0, len(r.ops))
	for id := range r.ops {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		res := Result{Group: "coverage", Name: "exercised " + id, Operation: id, Outcome: "pass"}
		switch {
		case len(r.report.Seen[id]) > 0:
		case r.t.Skip[id] != "":
			res.Outcome, res.Message = "skip", r.t.Skip[id]
		default:
			res.Outcome, res.Message = "fail", "the run never exercised this operation; fix its prerequisites or list it in Skip with a reason"
		}
		r.add(res)
	}
}
