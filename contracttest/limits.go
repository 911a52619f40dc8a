package contracttest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/breakcold-go/breakcold/apispec"
)

// The rate-limit rules checked on every answer, whatever the target. Each is one
// check per credential: a server that breaks a rule on every answer fails it once,
// with the first answer that broke it, instead of failing every other check.
const (
	ruleConstant = "X-RateLimit-Limit stays the same"
	ruleFalls    = "X-RateLimit-Remaining falls by one per request within a window"
	ruleRange    = "X-RateLimit-Remaining and X-RateLimit-Reset stay in range"
	// The spec makes the headers optional on the current API (Breakcold documents none);
	// the mock sends them, so against it their absence is a failure.
	rulePresent = "every current-API answer carries X-RateLimit-Limit, -Remaining and -Reset (strict: the target is the mock)"
	// The spec (info.description, "Unauthenticated responses"): a 401 names no user,
	// so it carries the headers of a fresh window, Remaining equal to Limit.
	ruleFresh = "401 answers carry a fresh window (X-RateLimit-Remaining equals X-RateLimit-Limit)"
)

// window is what one credential last saw of its rate-limit window.
type window struct {
	limit, remaining int
	resetAt          time.Time
	counted          int // limitTracker.counted when it was seen
}

// finding is one rule's outcome for one credential.
type finding struct {
	compared   int // answers the rule could judge
	violations int
	index      int // the failing result in the report, -1 if none yet
	message    string
}

type limitTracker struct {
	window int // seconds
	// counted is how many requests so far may have drawn on some window: every
	// request but those answered 401 or 429.
	counted  int
	windows  map[string]*window   // by credential label
	findings map[string]*finding  // by rule and credential label
	order    []string             // finding keys, first seen first
	keys     map[string][2]string // finding key → rule, label
}

func newLimitTracker(seconds int) *limitTracker {
	return &limitTracker{window: seconds, windows: map[string]*window{}, findings: map[string]*finding{}, keys: map[string][2]string{}}
}

// reset forgets the windows after a wait: the next answers start fresh ones.
func (l *limitTracker) reset() { l.windows = map[string]*window{} }

// unknown notes a request that got no answer: it may have been counted.
func (l *limitTracker) unknown() { l.counted++ }

func (l *limitTracker) finding(rule, label string) *finding {
	k := rule + "\x00" + label
	f := l.findings[k]
	if f == nil {
		f = &finding{index: -1}
		l.findings[k] = f
		l.order = append(l.order, k)
		l.keys[k] = [2]string{rule, label}
	}
	return f
}

// judge records one answer's verdict on a rule: "" complies. The first violation
// fails the rule's check at once, with the answer that broke it.
func (l *limitTracker) judge(r *runner, x *exchange, rule, label, problem string) {
	f := l.finding(rule, label)
	f.compared++
	if problem == "" {
		return
	}
	f.violations++
	if f.violations > 1 {
		return
	}
	f.message = problem
	// No Operation: a rule spans operations, and a check keeps one classname
	// whether it passes or fails; the request shows where it broke.
	res := Result{Group: "rate-limits", Name: ruleName(rule, label), Outcome: Fail, Message: problem}
	x.describe(&res)
	f.index = r.add(res)
}

func ruleName(rule, label string) string {
	if label == "" {
		return rule
	}
	return rule + " for the " + label
}

// track checks one answer's X-RateLimit-* headers against the rules. Presence and
// type are the spec's business (the validator reports them), except on the current
// API, where the spec makes them optional and presence is checked here when the
// target must send them (HeaderCheck); this checks that the values make sense
// together whenever they are present.
func (l *limitTracker) track(r *runner, x *exchange) {
	counts := x.status != http.StatusUnauthorized && x.status != http.StatusTooManyRequests
	if counts {
		l.counted++
	}
	limit, ok1 := headerInt(x.header, "X-RateLimit-Limit")
	remaining, ok2 := headerInt(x.header, "X-RateLimit-Remaining")
	reset, ok3 := headerInt(x.header, "X-RateLimit-Reset")
	if x.op.Generation == apispec.Current && r.strictHeaders(x.op) {
		missing := ""
		if !ok1 || !ok2 || !ok3 {
			missing = fmt.Sprintf("X-RateLimit-Limit %q, X-RateLimit-Remaining %q, X-RateLimit-Reset %q: want three integers",
				x.header.Get("X-RateLimit-Limit"), x.header.Get("X-RateLimit-Remaining"), x.header.Get("X-RateLimit-Reset"))
		}
		l.judge(r, x, rulePresent, "", missing)
	}
	if !ok1 || !ok2 || !ok3 {
		return
	}
	label := r.secrets.label(x.req)
	inRange := ""
	switch {
	case reset < 0 || reset > l.window:
		inRange = fmt.Sprintf("X-RateLimit-Reset is %d, want 0 to %d seconds", reset, l.window)
	case remaining < 0 || remaining > limit:
		inRange = fmt.Sprintf("X-RateLimit-Remaining is %d with X-RateLimit-Limit %d", remaining, limit)
	}
	if x.status == http.StatusUnauthorized {
		problem := inRange
		if problem == "" && remaining != limit {
			problem = fmt.Sprintf("a 401 with X-RateLimit-Remaining %d and X-RateLimit-Limit %d: a request that names no valid user must not draw on a window", remaining, limit)
		}
		l.judge(r, x, ruleFresh, "", problem)
		return
	}
	if label == "" || label == "other key" {
		return
	}
	l.judge(r, x, ruleRange, label, inRange)
	if x.status == http.StatusTooManyRequests {
		return // consumed nothing; the rate-limit check judges it
	}
	now := time.Now()
	resetAt := now.Add(time.Duration(reset) * time.Second)
	w := l.windows[label]
	if w != nil && now.Before(w.resetAt.Add(time.Second)) { // the same window
		changed := ""
		if limit != w.limit {
			changed = fmt.Sprintf("X-RateLimit-Limit changed from %d to %d within one window", w.limit, limit)
		}
		l.judge(r, x, ruleConstant, label, changed)
		since := l.counted - w.counted // requests that may have drawn on it since, this one included
		fell := ""
		switch drop := w.remaining - remaining; {
		case drop < 1 && remaining == w.remaining:
			fell = fmt.Sprintf("X-RateLimit-Remaining stayed at %d from one request to the next within one window (X-RateLimit-Reset %d)", remaining, reset)
		case drop < 1:
			fell = fmt.Sprintf("X-RateLimit-Remaining rose from %d to %d within one window (X-RateLimit-Reset %d)", w.remaining, remaining, reset)
		case drop > since:
			fell = fmt.Sprintf("X-RateLimit-Remaining fell by %d from one request to the next, with %d requests sent in all; another client of this key's user would explain it", drop, since)
		}
		l.judge(r, x, ruleFalls, label, fell)
	}
	l.windows[label] = &window{limit: limit, remaining: remaining, resetAt: resetAt, counted: l.counted}
}

func headerInt(h http.Header, name string) (int, bool) {
	n, err := strconv.Atoi(h.Get(name))
	return n, err == nil
}

// limitResults reports every rule that was judged and never broken; the broken
// ones were reported when first broken and now say how often.
func (r *runner) limitResults() {
	l := r.limits
	for _, k := range l.order {
		f := l.findings[k]
		rule, label := l.keys[k][0], l.keys[k][1]
		if f.index >= 0 {
			if f.violations > 1 {
				r.report.Results[f.index].Message = fmt.Sprintf("%s (and %d more answers)", f.message, f.violations-1)
			}
			continue
		}
		r.add(Result{Group: "rate-limits", Name: ruleName(rule, label), Outcome: Pass,
			Message: fmt.Sprintf("%d answers", f.compared)})
	}
	// The full key's window must always be judged: a run that never saw two of
	// its answers in one window says so rather than passing quietly.
	if r.t.Keys.Full != "" {
		if _, ok := l.findings[ruleFalls+"\x00full key"]; !ok {
			r.add(Result{Group: "rate-limits", Name: ruleName(ruleFalls, "full key"), Outcome: Skip,
				Message: "no two answers to the full key fell in one window"})
		}
	}
}
