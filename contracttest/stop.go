package contracttest

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// StopReason says why a run ended before its last check.
type StopReason string

// Reasons a run stops early. A run that stops early claims no coverage.
const (
	// StopInterrupted: the context was cancelled (Ctrl-C).
	StopInterrupted StopReason = "interrupted"
	// StopServerGone: several requests in a row got no answer at all.
	StopServerGone StopReason = "server went away"
	// StopFailFast: a check failed and Target.FailFast was set.
	StopFailFast StopReason = "fail-fast"
	// StopBudget: Target.MaxRequests requests were sent.
	StopBudget StopReason = "request budget spent"
)

// Errors Check returns when a run cannot start; match them with errors.Is.
var (
	ErrUnreachable = errors.New("contracttest: the target does not answer")
	ErrRefused     = errors.New("contracttest: the target refuses the credentials")
)

// errStopped is what every request and wait returns once the run has stopped.
var errStopped = errors.New("contracttest: run stopped")

// goneAfter is how many requests in a row may fail without an answer before the run
// decides the server went away: one is a glitch, three is an outage.
const goneAfter = 3

// preflightTimeout bounds each preflight request, so a target that swallows packets
// is reported in seconds rather than after the HTTP client's timeout.
const preflightTimeout = 8 * time.Second

type stopState struct {
	reason      StopReason
	detail      string
	transport   int  // requests in a row that got no answer
	gonePending bool // stop once the failing check is recorded
}

func (s *stopState) answered() { s.transport = 0 }

func (s *stopState) transportError() {
	s.transport++
	if s.transport >= goneAfter {
		s.gonePending = true
	}
}

// afterResult stops the run once the result that shows why is recorded.
func (s *stopState) afterResult(r *runner, res Result) {
	switch {
	case s.gonePending:
		r.serverGone()
	case res.Outcome == Fail && r.t.FailFast:
		r.stopWith(StopFailFast, "stopped at the first failure, %s", res.Name)
	}
}

func (r *runner) serverGone() {
	r.stopWith(StopServerGone, "the server went away after %d checks: %d requests in a row got no answer", r.checksRun(), r.stop.transport)
}

// checksRun counts the checks that ran, passed or failed, so far.
func (r *runner) checksRun() int {
	pass, fail, _ := r.report.Counts()
	return pass + fail
}

func (r *runner) stopWith(reason StopReason, format string, args ...any) {
	if r.stop.reason != "" {
		return
	}
	r.stop.reason, r.stop.detail = reason, fmt.Sprintf(format, args...)
	r.logf("stopping: %s", r.stop.detail)
}

// halted reports whether the run has stopped, noticing a cancelled context first.
func (r *runner) halted() bool {
	if r.stop.reason == "" {
		switch {
		case r.ctx.Err() != nil:
			r.stopWith(StopInterrupted, "interrupted after %d checks", r.checksRun())
		case r.stop.gonePending:
			r.serverGone()
		}
	}
	return r.stop.reason != ""
}

// preflight confirms, before any check, that the target answers and accepts the
// credentials, so a run that cannot work says so in one line instead of failing
// every check. With a control API it first prepares the mock.
func (r *runner) preflight() error {
	r.timeout = preflightTimeout
	defer func() { r.timeout = 0 }()
	if r.t.Control != "" {
		if err := r.controlCall("GET", "/health", nil, nil); err != nil {
			if errors.Is(err, errStopped) {
				return err
			}
			return fmt.Errorf("%w: the mock's control API at %s: %v", ErrUnreachable, r.t.Control, err)
		}
		if err := r.prepareMock(); err != nil {
			return fmt.Errorf("contracttest: preparing the mock through %s: %w", r.t.Control, err)
		}
	}
	r.secrets = newSecrets(r.t.Keys)
	probes := []struct{ op, key, name string }{
		{"listWorkspaces", r.t.Keys.Full, "the key (-key)"},
		{"legacyGetMe", r.t.Keys.Legacy, "the legacy key (-legacy-key)"},
	}
	for _, p := range probes {
		if p.key == "" {
			continue
		}
		op := r.ops[p.op]
		x, err := r.send(call{op: p.op})
		switch {
		case errors.Is(err, errStopped):
			return err
		case err != nil:
			return fmt.Errorf("%w: %v", ErrUnreachable, err)
		case x.status == http.StatusUnauthorized || x.status == http.StatusForbidden:
			return fmt.Errorf("%w: %s %s answers %d to %s: %s", ErrRefused, op.Method, x.req.URL, x.status, p.name, errorMessage(x))
		case x.status == http.StatusNotFound:
			return fmt.Errorf("%w: %s %s answers 404: is the URL the API's host root (without %s)?", ErrUnreachable, op.Method, x.req.URL, op.Path)
		}
	}
	return nil
}

// errorMessage is the message of an error answer in either envelope, or its start.
func errorMessage(x *exchange) string {
	if m := str(dig(x.json, "error", "message")) + str(dig(x.json, "message")); m != "" {
		return m
	}
	s := oneLine(string(x.resp))
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}

// Wait is one wait for a rate-limit window or a key's expiry: real time slept, or
// the mock's clock moved through its control API.
type Wait struct {
	Reason  string        `json:"reason"`
	Seconds int           `json:"seconds"`
	Clock   bool          `json:"clock"` // the mock's clock moved; no real time passed
	Took    time.Duration `json:"tookNs"`
}

// wait lets seconds pass for why: the mock's clock moves when there is a control
// API; otherwise the run sleeps, saying so first, for at most one window.
func (r *runner) wait(seconds int, why string) error {
	if r.halted() {
		return errStopped
	}
	seconds = max(seconds, 1)
	if r.t.Control != "" {
		r.logf("advancing the mock's clock %d s for %s", seconds, why)
		if err := r.controlCall("POST", "/clock/advance", map[string]any{"seconds": seconds}, nil); err != nil {
			return err
		}
		r.report.Waits = append(r.report.Waits, Wait{Reason: why, Seconds: seconds, Clock: true})
		r.limits.reset()
		return nil
	}
	if seconds > r.t.Window {
		return fmt.Errorf("the server asks for a wait of %d s, more than one window (%d s)", seconds, r.t.Window)
	}
	r.logf("waiting %d s for %s; -control skips waits on the mock", seconds, why)
	start := time.Now()
	timer := time.NewTimer(time.Duration(seconds)*time.Second + 500*time.Millisecond)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-r.ctx.Done():
		r.halted()
		return errStopped
	}
	r.report.Waits = append(r.report.Waits, Wait{Reason: why, Seconds: seconds, Took: time.Since(start)})
	r.limits.reset()
	return nil
}

// retryAfter is how many seconds a 429 asks the client to wait: Retry-After, else the
// body's retryAfterMs (Breakcold sends the header only "when possible").
func retryAfter(x *exchange) int {
	if n, err := strconv.Atoi(x.header.Get("Retry-After")); err == nil {
		return n
	}
	ms, _ := dig(x.json, "error", "retryAfterMs").(float64)
	return int((ms + 999) / 1000)
}

// rateLimitHint explains a 429 that a check did not ask for.
func (r *runner) rateLimitHint(x *exchange) string {
	how := "the suite waited once and retried, and the window was spent again"
	if ra := retryAfter(x); ra > r.t.Window {
		how = fmt.Sprintf("Retry-After %d s is more than one window (%d s), so the suite did not wait", ra, r.t.Window)
	}
	return "rate limited: " + how + "; another client may be using this key's user, or the server counts more than it says; -control skips waits on the mock"
}
