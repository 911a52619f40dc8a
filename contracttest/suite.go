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
	// LegacyObjectID is the legacy object definition (person or company) the run
	// creates its attribute on: legacyCreateAttribute's id_object. No legacy
	// operation lists them; empty means the spec example's, the mock's demo company
	// object.
	LegacyObjectID string
	// ReadOnly makes no writes: for production accounts. Write operations are
	// reported as skipped, so coverage needs Skip entries or a second run elsewhere.
	ReadOnly bool
	// AllowSend lets the run compose and send real inbox messages. Off by default:
	// on Breakcold they reach real people.
	AllowSend bool
	// MaxRequests caps the requests a run sends; 0 means no cap. A run that reaches
	// it stops there and fails: what it did not send, it did not check.
	MaxRequests int
	// FailFast stops the run at the first failed check.
	FailFast bool
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
	// Log receives a line before every wait and clock advance and when a run stops
	// early; nil means Progress.
	Log io.Writer
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

// strictHeaders reports whether an answer of the operation must carry the
// rate-limit headers. The legacy API documents them, so there they always must.
func (r *runner) strictHeaders(op apispec.Operation) bool {
	switch {
	case op.Generation == apispec.Legacy:
		return true
	case r.t.RateLimitHeaders == HeadersAuto:
		return r.t.Control != ""
	}
	return r.t.RateLimitHeaders == HeadersStrict
}

// Outcomes of a check.
const (
	Pass = "pass"
	Fail = "fail"
	Skip = "skip"
)

// Result is one check's outcome.
type Result struct {
	Group     string // "conformance", "behaviour", "rate-limits" or "coverage"
	Name      string // unique within a report
	Operation string // the operation it exercises; "" for checks across operations
	Outcome   string // Pass, Fail or Skip
	Message   string
	Request   string // METHOD URL
	Status    int
	Curl      string // reproduces the request, secrets left in environment variables
	// Response is the start of the answer's body (at most 2 KiB), for the HTML
	// report; empty when there was no answer.
	Response string
	Duration time.Duration
}

// ClassName is the result's JUnit classname: group.operation.
func (x Result) ClassName() string {
	op := x.Operation
	if op == "" {
		op = "all"
	}
	return x.Group + "." + op
}

// exchange is one request and its response.
type exchange struct {
	op     apispec.Operation
	req    *http.Request
	body   []byte // request body
	status int
	header http.Header
	resp   []byte
	json   any
	valid  bool     // the response matches the spec
	issues []string // spec violations found in it
	curl   string
}

func (x *exchange) request() string { return x.req.Method + " " + x.req.URL.String() }

// maxResponse caps how much of an answer a Result keeps.
const maxResponse = 2 << 10

// describe fills in a result what the exchange sent and got.
func (x *exchange) describe(res *Result) {
	res.Request, res.Status, res.Curl = x.request(), x.status, x.curl
	body := x.resp
	if len(body) > maxResponse {
		body = append(body[:maxResponse:maxResponse], "…"...)
	}
	res.Response = string(body)
}

type runner struct {
	t       Target
	ctx     context.Context
	v       *Validator
	http    *http.Client
	report  *Report
	ops     map[string]apispec.Operation
	limits  *limitTracker
	secrets *secrets
	state   map[string]any
	// facts are states the run saw answers show ("<id> listed"), which read-backs
	// of later writes need (see needs).
	facts map[string]bool
	// wrote holds, by object id, what the run's writes set on the object and
	// their answers declare: later answers must show it (keeps).
	wrote map[string]map[string]any
	// tag makes the values fill sets unique to the run; fills counts the writes.
	tag   string
	fills int
	// exampleIDs are the ids in the spec's response examples: a created object
	// that comes back with one of them was not created.
	exampleIDs map[string]bool
	// skipped says why an operation's conformance step did not run; sent lists
	// those whose step sent a request.
	skipped map[string]string
	sent    map[string]bool
	names   map[string]int
	stop    stopState
	timeout time.Duration // per request, while > 0 (the preflight)
	// answers, when not nil, keeps the exchange behind each check by its name.
	answers map[string]*exchange
	// links are the spec's links by source and target operation; last holds
	// each operation's last 2xx answer to a conformance step, whose ids the
	// links carry to later steps even when a check of that answer failed.
	links map[string]map[string]link
	last  map[string]*exchange
}

// Check runs the whole suite against the target and returns its report. The error is
// for runs that could not start: a bad target, a target that does not answer
// (ErrUnreachable) or refuses the credentials (ErrRefused). Failed checks, and runs
// that stopped early (Report.Stopped), are in the report.
func Check(ctx context.Context, t Target) (*Report, error) {
	return check(ctx, t, nil)
}

// check runs the suite; when answers is not nil, it gets the exchange behind each
// check that sent a request, by the check's name (for Compare).
func check(ctx context.Context, t Target, answers map[string]*exchange) (*Report, error) {
	return checkLinks(ctx, t, answers, nil)
}

// checkLinks is check with a hook that may edit the spec's links the run wires
// its steps from, for tests of what a missing link does.
func checkLinks(ctx context.Context, t Target, answers map[string]*exchange, edit func(map[string]map[string]link)) (*Report, error) {
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
	if t.Log == nil {
		t.Log = t.Progress
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
		report: &Report{
			Target: t.Name, Operations: ops, Started: time.Now(),
			Seen: map[string]map[int]bool{}, Exercised: map[string]bool{},
		},
		ops:        map[string]apispec.Operation{},
		limits:     newLimitTracker(t.Window),
		state:      map[string]any{},
		facts:      map[string]bool{},
		wrote:      map[string]map[string]any{},
		tag:        runTag(),
		exampleIDs: exampleIDs(v.Spec()),
		skipped:    map[string]string{},
		sent:       map[string]bool{},
		names:      map[string]int{},
		answers:    answers,
		last:       map[string]*exchange{},
	}
	for _, op := range ops {
		r.ops[op.ID] = op
	}
	r.links = specLinks(v.Spec())
	if edit != nil {
		edit(r.links)
	}
	if err := r.preflight(); err != nil {
		if r.halted() { // interrupted before the first check
			return r.finish(), nil
		}
		return nil, err
	}
	r.conformance()
	r.behaviour()
	r.limitResults()
	r.coverage()
	return r.finish(), nil
}

func (r *runner) finish() *Report {
	r.report.Duration = time.Since(r.report.Started)
	r.report.Stopped, r.report.StopDetail = r.stop.reason, r.stop.detail
	return r.report
}

func (r *runner) progress(res Result) {
	if r.t.Progress == nil {
		return
	}
	mark := map[string]string{Pass: "ok  ", Fail: "FAIL", Skip: "skip"}[res.Outcome]
	line := fmt.Sprintf("%s %-12s %s", mark, res.Group, res.Name)
	if res.Status != 0 {
		line += fmt.Sprintf(" (%d)", res.Status)
	}
	if res.Outcome != Pass && res.Message != "" {
		line += ": " + res.Message
	}
	fmt.Fprintln(r.t.Progress, line)
}

func (r *runner) logf(format string, args ...any) {
	if r.t.Log != nil {
		fmt.Fprintf(r.t.Log, format+"\n", args...)
	}
}

// add records a check's result, unless the run has stopped: what comes after an
// interruption or the fatal error did not run to completion. It returns the
// result's index in the report, or -1.
func (r *runner) add(res Result) int {
	// A pending stop waits for this result: it is the failure that shows why.
	if r.stop.reason != "" || r.ctx.Err() != nil {
		r.halted()
		return -1
	}
	// Names are unique by construction; the suffix only guards reports against a
	// future flow that repeats one, since viewers merge cases of one name.
	if n := r.names[res.Name]; n > 0 {
		r.names[res.Name] = n + 1
		res.Name = fmt.Sprintf("%s [%d]", res.Name, n+1)
	} else {
		r.names[res.Name] = 1
	}
	r.report.Results = append(r.report.Results, res)
	r.progress(res)
	r.stop.afterResult(r, res)
	return len(r.report.Results) - 1
}

// call describes a request by operation id.
type call struct {
	op    string
	label string // tells repeated calls of one operation apart in check names
	// after names the write whose effect the call reads back; the call is skipped
	// when that write could not run. Its label defaults to "reads back <after>".
	after string
	vars  map[string]string // path parameters, and other values the call needs: empty means an earlier step failed
	// via names the operation whose last 2xx answer gives the call its path
	// parameters, through the spec's link from via to op (links.go).
	via   string
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
	x, err := r.sendOnce(op, c)
	if err != nil || x.status != http.StatusTooManyRequests || c.raw != nil {
		return x, err
	}
	if err := r.wait(retryAfter(x), "the rate-limit window to reset"); err != nil {
		if errors.Is(err, errStopped) {
			return nil, err
		}
		return x, nil // the 429 stands, with its hint
	}
	return r.sendOnce(op, c)
}

func (r *runner) sendOnce(op apispec.Operation, c call) (*exchange, error) {
	if r.halted() {
		return nil, errStopped
	}
	if r.t.MaxRequests > 0 && r.report.Requests >= r.t.MaxRequests {
		r.stopWith(StopBudget, "the request budget of %d was spent after %d checks", r.t.MaxRequests, r.checksRun())
		return nil, errStopped
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
	ctx, cancel := r.requestContext()
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, op.Method, u, bytes.NewReader(body))
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
	var respBody []byte
	if err == nil {
		respBody, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err != nil {
		if r.halted() {
			return nil, errStopped
		}
		r.limits.unknown() // it may have drawn on a window
		r.stop.transportError()
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // it repeats the method and URL
		}
		return nil, fmt.Errorf("%s %s: no answer: %w", op.Method, u, err)
	}
	r.stop.answered()
	x := &exchange{op: op, req: req, body: body, status: resp.StatusCode, header: resp.Header, resp: respBody}
	x.curl = r.secrets.curl(req, body)
	_ = json.Unmarshal(respBody, &x.json)
	check := req.Clone(context.WithoutCancel(ctx))
	check.Body = io.NopCloser(bytes.NewReader(body))
	if err := r.v.CheckResponse(check, x.status, x.header, respBody); err != nil {
		x.issues = append(x.issues, "response breaks the spec: "+oneLine(err.Error()))
	} else {
		x.valid = true
		if r.report.Seen[op.ID] == nil {
			r.report.Seen[op.ID] = map[int]bool{}
		}
		r.report.Seen[op.ID][x.status] = true
	}
	r.limits.track(r, x)
	return x, nil
}

// requestContext is the context of one request: the run's, bounded during the
// preflight.
func (r *runner) requestContext() (context.Context, context.CancelFunc) {
	if r.timeout > 0 {
		return context.WithTimeout(r.ctx, r.timeout)
	}
	return context.WithCancel(r.ctx)
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 600 {
		s = s[:600] + "…"
	}
	return s
}

func (r *runner) coverage() {
	if r.halted() {
		return // a run that stopped early claims no coverage
	}
	ids := make([]string, 0, len(r.ops))
	for id := range r.ops {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		res := Result{Group: "coverage", Name: "exercised " + id, Operation: id, Outcome: Pass}
		switch {
		case r.report.Exercised[id]:
		case r.t.Skip[id] != "":
			res.Outcome, res.Message = Skip, r.t.Skip[id]
		case r.sent[id]:
			res.Outcome, res.Message = Fail, "its conformance checks failed"
		case r.skipped[id] != "":
			res.Outcome, res.Message = Fail, "never exercised ("+r.skipped[id]+"); fix its prerequisites or skip it with a reason (-skip operationId=reason)"
		default:
			res.Outcome, res.Message = Fail, "never exercised: no step of the suite calls it"
		}
		r.add(res)
	}
}
