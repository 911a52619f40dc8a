package contracttest_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/contracttest"
	"github.com/breakcold-go/breakcold/mockserver"
)

// A target that cannot be checked is refused before the first check, quickly and
// with an error that says which of the two it is.
func TestTargetsThatCannotRun(t *testing.T) {
	t.Parallel()
	ts := mockserver.Start(t, mockserver.Options{})
	tests := []struct {
		name   string
		target contracttest.Target
		want   error
		text   string
	}{
		{"nothing listening", contracttest.Target{BaseURL: "http://127.0.0.1:1", Keys: contracttest.Keys{Full: "bc_live_x"}},
			contracttest.ErrUnreachable, "connection refused"},
		{"no such control API", contracttest.Target{BaseURL: ts.URL, Control: "http://127.0.0.1:1/_mock"},
			contracttest.ErrUnreachable, "control API"},
		{"not the API's host root", contracttest.Target{BaseURL: ts.URL + "/api/v1", Keys: contracttest.Keys{Full: mockserver.DemoKeyFull}},
			contracttest.ErrUnreachable, "host root"},
		{"unknown key", contracttest.Target{BaseURL: ts.URL, Keys: contracttest.Keys{Full: "bc_live_contract_unknown_0000000000"}},
			contracttest.ErrRefused, "401"},
		{"expired key", contracttest.Target{BaseURL: ts.URL, Keys: contracttest.Keys{Full: mockserver.DemoKeyExpired}},
			contracttest.ErrRefused, "expired"},
		{"unknown legacy key", contracttest.Target{BaseURL: ts.URL, Keys: contracttest.Keys{Legacy: "breakcold-usr-contract-unknown-000000"}},
			contracttest.ErrRefused, "legacy key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var progress bytes.Buffer
			tc.target.Progress = &progress
			start := time.Now()
			rep, err := contracttest.Check(context.Background(), tc.target)
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("took %v to give up, want under 10 s", took)
			}
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("got report %v, error %v; want %v mentioning %q", rep, err, tc.want, tc.text)
			}
			if strings.Contains(err.Error(), mockserver.DemoKeyExpired) {
				t.Errorf("the error shows the key: %v", err)
			}
			if progress.Len() > 0 {
				t.Errorf("checks ran before the preflight failed:\n%s", progress.String())
			}
		})
	}
}

// A server that goes away mid-run stops the run after a few failures, and the
// report says so instead of claiming coverage.
func TestServerGoingAwayStopsTheRun(t *testing.T) {
	t.Parallel()
	target := mockTarget(t, mockserver.Options{}, func(h http.Handler) http.Handler { return dying(150, h) })
	rep, err := contracttest.Check(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Stopped != contracttest.StopServerGone {
		t.Fatalf("Stopped = %q, want %q\n%s", rep.Stopped, contracttest.StopServerGone, rep.Summary())
	}
	if _, fail, _ := rep.Counts(); fail < 1 || fail > 3 {
		t.Errorf("%d failed checks, want 1 to 3:\n%s", fail, rep.Summary())
	}
	for _, res := range rep.Results {
		if res.Group == "coverage" {
			t.Errorf("a stopped run reports coverage: %s", res.Name)
		}
	}
	sum := rep.Summary()
	if !regexp.MustCompile(`server went away after \d+ checks`).MatchString(sum) || strings.Contains(sum, "operations exercised") {
		t.Errorf("summary:\n%s", sum)
	}
}

// syncBuffer is a bytes.Buffer that signals when a line holds a word.
type syncBuffer struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	word string
	seen chan struct{}
	once sync.Once
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if bytes.Contains(p, []byte(b.word)) {
		b.once.Do(func() { close(b.seen) })
	}
	return b.buf.Write(p)
}

// Cancelling the context during a wait ends the run at once; the report says it
// was interrupted and counts nothing that was cut short as failed.
func TestInterruptDuringAWait(t *testing.T) {
	t.Parallel()
	target := mockTarget(t, mockserver.Options{}, spent)
	target.Control = ""
	log := &syncBuffer{word: "waiting 30 s for the rate-limit window to reset; -control skips waits on the mock", seen: make(chan struct{})}
	target.Log = log
	ctx, cancel := context.WithCancel(context.Background())
	var cancelled time.Time
	go func() {
		select {
		case <-log.seen:
			cancelled = time.Now()
			cancel()
		case <-time.After(20 * time.Second):
		}
	}()
	rep, err := contracttest.Check(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	if cancelled.IsZero() {
		t.Fatalf("no wait was announced:\n%s", log.buf.String())
	}
	if took := time.Since(cancelled); took > 2*time.Second {
		t.Errorf("the run took %v to stop, want under 2 s", took)
	}
	if rep.Stopped != contracttest.StopInterrupted || !rep.Failed() {
		t.Errorf("Stopped = %q, Failed = %v; want interrupted and not passed", rep.Stopped, rep.Failed())
	}
	if _, fail, _ := rep.Counts(); fail > 0 {
		t.Errorf("an interrupted run reports failures:\n%s", rep.Summary())
	}
	if !strings.Contains(rep.Summary(), "interrupted after") {
		t.Errorf("summary:\n%s", rep.Summary())
	}
}

// A spent window that does not reset fails the checks it hit, each with the hint.
func TestUnaskedRateLimitCarriesTheHint(t *testing.T) {
	t.Parallel()
	target := mockTarget(t, mockserver.Options{}, spent)
	target.FailFast = true
	rep, err := contracttest.Check(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range rep.Results {
		if res.Outcome == contracttest.Fail {
			if !strings.Contains(res.Message, "status 429") || !strings.Contains(res.Message, "-control skips waits") {
				t.Errorf("a 429 failure without the hint: %s", res.Message)
			}
			return
		}
	}
	t.Fatalf("no failure:\n%s", rep.Summary())
}

// -fail-fast stops at the first failed check; -max-requests stops at the budget,
// and a run cut short fails.
func TestRunsCutShort(t *testing.T) {
	t.Parallel()
	t.Run("fail-fast", func(t *testing.T) {
		t.Parallel()
		target := mockTarget(t, mockserver.Options{}, breakage{response: func(r *http.Request, rec *recorder) {
			if isOp(r, "GET", "/api/v1/crm/objects") {
				rec.status = http.StatusTeapot
			}
		}}.wrap)
		target.FailFast = true
		rep, err := contracttest.Check(context.Background(), target)
		if err != nil {
			t.Fatal(err)
		}
		if _, fail, _ := rep.Counts(); fail != 1 || rep.Stopped != contracttest.StopFailFast {
			t.Errorf("%d failures, Stopped %q; want 1 and fail-fast\n%s", fail, rep.Stopped, rep.Summary())
		}
	})
	t.Run("budget", func(t *testing.T) {
		t.Parallel()
		target := mockTarget(t, mockserver.Options{}, noWrap)
		target.MaxRequests = 30
		rep, err := contracttest.Check(context.Background(), target)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Stopped != contracttest.StopBudget || rep.Requests != 30 || !rep.Failed() {
			t.Errorf("Stopped %q after %d requests, Failed %v; want the budget, 30, true", rep.Stopped, rep.Requests, rep.Failed())
		}
		if !strings.Contains(rep.Summary(), "request budget of 30 was spent") {
			t.Errorf("summary:\n%s", rep.Summary())
		}
	})
}

// A generic spec mock that keeps no state fails every read-back, and its creates
// fail for answering the spec's example ids. Read-backs of reorders, deletes and a
// restore first need an answer that showed the state the write changes, so a fixed
// example cannot pass them either.
func TestStatelessServerFailsReadBacks(t *testing.T) {
	t.Parallel()
	srv := exampleServer(t)
	rep, err := contracttest.Check(context.Background(), contracttest.Target{
		BaseURL: srv.URL, AllowSend: true,
		Keys: contracttest.Keys{Full: "bc_live_anything", Legacy: "breakcold-usr-anything"},
	})
	if err != nil {
		t.Fatal(err)
	}
	readBacks, creates := map[string]string{}, 0
	for _, res := range rep.Results {
		switch {
		case res.Group == "conformance" && strings.Contains(res.Name, " reads back "):
			readBacks[res.Name] = res.Outcome
			if res.Outcome != contracttest.Fail {
				t.Errorf("%s: %s against a server without state", res.Name, res.Outcome)
			}
		case res.Group == "conformance" && (strings.HasPrefix(res.Name, "create") && !strings.HasPrefix(res.Name, "createAttachmentUploadUrl") || strings.HasPrefix(res.Name, "legacyCreate")):
			creates++
			if !strings.Contains(res.Message, "the spec's examples") {
				t.Errorf("%s does not fail for the example id: %s %s", res.Name, res.Outcome, res.Message)
			}
		}
	}
	if len(readBacks) < 40 || creates < 15 {
		t.Errorf("%d read-backs and %d creates judged, want at least 40 and 15", len(readBacks), creates)
	}
	// These passed against fixed examples before they needed the state they change.
	for _, name := range []string{
		"listFieldOptions (GET /api/v1/crm/fields/{fieldDefinitionId}/options) reads back reorderFieldOptions",
		"listFieldOptions (GET /api/v1/crm/fields/{fieldDefinitionId}/options) reads back deleteFieldOption",
		"listCrmFields (GET /api/v1/crm/objects/{objectTypeId}/fields) reads back reorderCrmFields",
		"listRecordViews (GET /api/v1/crm/objects/{objectTypeId}/views) reads back reorderRecordViews",
		"getRecord (GET /api/v1/records/{recordId}) reads back restoreRecord",
		"legacyListStatuses (GET /rest/status) reads back legacyDeleteStatus",
		"legacyListLists (GET /rest/lists) reads back legacyDeleteList",
	} {
		if got := readBacks[name]; got != contracttest.Fail {
			t.Errorf("%s: got %q, want fail", name, got)
		}
	}
	// It takes any credential, so the credential checks fail; each reproduction
	// sends the credential that was tested, not the run's usual one.
	reproductions := map[string]string{
		"a key without the word Bearer is 401":          `-H "Authorization: $BREAKCOLD_API_KEY"`,
		"a legacy key on the current API is 401":        `-H "Authorization: Bearer $BREAKCOLD_LEGACY_KEY"`,
		"a current-API key on the legacy API is 401":    `-H "X-Api-Key: $BREAKCOLD_API_KEY"`,
		"an x-api-key header on the current API is 401": `-H "X-Api-Key: $BREAKCOLD_API_KEY"`,
	}
	for _, res := range rep.Results {
		if want, ok := reproductions[res.Name]; ok {
			delete(reproductions, res.Name)
			if res.Outcome != contracttest.Fail || !strings.Contains(res.Curl, want) || strings.Count(res.Curl, " -H ") != 1 {
				t.Errorf("%s: %s, reproduced by %s; want a failure sending only %s", res.Name, res.Outcome, res.Curl, want)
			}
		}
	}
	if len(reproductions) > 0 {
		t.Errorf("checks missing: %v", reproductions)
	}
}

// The rate-limit headers are judged on every target, once per rule and key; the
// run against the mock covers every rule and breaks none.
func TestRateLimitRules(t *testing.T) {
	t.Parallel()
	rep, err := mockRun()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, res := range rep.Results {
		if res.Group == "rate-limits" {
			names = append(names, res.Name)
			if res.Outcome != contracttest.Pass {
				t.Errorf("%s: %s %s", res.Name, res.Outcome, res.Message)
			}
		}
	}
	for _, want := range []string{
		"X-RateLimit-Remaining falls by one per request within a window for the full key",
		"X-RateLimit-Remaining falls by one per request within a window for the legacy key",
		"X-RateLimit-Limit stays the same for the full key",
		"X-RateLimit-Remaining and X-RateLimit-Reset stay in range for the full key",
		"401 answers carry a fresh window (X-RateLimit-Remaining equals X-RateLimit-Limit)",
	} {
		if !slices.Contains(names, want) {
			t.Errorf("no check %q among %q", want, names)
		}
	}
}

// Without a control API nothing vanishes: the run reports the same checks as with
// one, those it cannot make skipped with the reason.
func TestChecksThatCannotRunAreSkippedNotDropped(t *testing.T) {
	t.Parallel()
	names := func(rep *contracttest.Report) []string {
		var out []string
		for _, res := range rep.Results {
			if res.Group != "rate-limits" { // one per key, and the keys differ
				out = append(out, res.Group+"/"+res.Name)
			}
		}
		slices.Sort(out)
		return out
	}
	with, err := mockRun()
	if err != nil {
		t.Fatal(err)
	}
	bare := mockTarget(t, mockserver.Options{RateLimit: -1}, noWrap) // no window to wait out
	bare.Control = ""
	without, err := contracttest.Check(context.Background(), bare)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := names(with), names(without); !slices.Equal(a, b) {
		t.Errorf("with a control API %d checks, without %d", len(a), len(b))
	}
	reasons := map[string]int{}
	for _, res := range without.Results {
		if res.Outcome == contracttest.Skip {
			reasons[res.Message]++
		}
	}
	if n := reasons["needs the mock's control API (-control) to make a key holding records:read alone"]; n < 50 {
		t.Errorf("%d per-operation scope checks skipped for want of a control API; reasons: %v", n, reasons)
	}
	if n := reasons["needs the mock's control API (-control), or -slow-rate-limit to spend a real window and wait for its reset"]; n != 1 {
		t.Errorf("the 429 check is not skipped with its reason: %v", reasons)
	}
	if without.Failed() {
		t.Errorf("the mock fails without a control API:\n%s", without.Summary())
	}
}
