package mockserver_test

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/mockserver"
)

func header(t *testing.T, r reply, name string) int {
	t.Helper()
	n, err := strconv.Atoi(r.Header.Get(name))
	if err != nil {
		t.Fatalf("%s = %q, want an integer", name, r.Header.Get(name))
	}
	return n
}

// A fixed clock makes Reset exact: the window is anchored at the first request.
func fixedClock() func() time.Time {
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	return func() time.Time { return t0 }
}

func TestRateLimitWindow(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{Now: fixedClock()})
	url := ts.URL + "/api/v1/workspaces"
	for i := 1; i <= 60; i++ {
		r := do(t, "GET", url, "", bearer(mockserver.DemoKeyFull)...)
		if r.Status != 200 {
			t.Fatalf("request %d: status %d, want 200", i, r.Status)
		}
		check(t, "Limit", header(t, r, "X-RateLimit-Limit"), 60)
		check(t, fmt.Sprintf("Remaining after %d", i), header(t, r, "X-RateLimit-Remaining"), 60-i)
		check(t, "Reset", header(t, r, "X-RateLimit-Reset"), 60)
	}
	// The read-only key belongs to the same user: it shares the spent window.
	for _, key := range []string{mockserver.DemoKeyFull, mockserver.DemoKeyReadOnly} {
		r := do(t, "GET", url, "", bearer(key)...)
		check(t, "61st status", r.Status, http.StatusTooManyRequests)
		check(t, "Retry-After", header(t, r, "Retry-After"), 60)
		check(t, "Remaining", header(t, r, "X-RateLimit-Remaining"), 0)
		check(t, "code", r.errorCode(t), "rate_limited")
		check[any](t, "retryAfterMs", r.json(t)["error"].(map[string]any)["retryAfterMs"], float64(60000))
	}
	// Another user is unaffected.
	check(t, "other user", do(t, "GET", url, "", bearer(mockserver.DemoKeySales)...).Status, 200)

	// Part-way through the window Reset counts down; the window then resets.
	control(t, ts, "POST", "/clock/advance", map[string]any{"seconds": 45})
	r := do(t, "GET", url, "", bearer(mockserver.DemoKeyFull)...)
	check(t, "still limited", r.Status, 429)
	check(t, "Reset after 45 s", header(t, r, "X-RateLimit-Reset"), 15)
	control(t, ts, "POST", "/clock/advance", map[string]any{"seconds": 15})
	r = do(t, "GET", url, "", bearer(mockserver.DemoKeyFull)...)
	check(t, "after reset", r.Status, 200)
	// The rejected requests consumed nothing: a fresh window has 59 left.
	check(t, "Remaining after reset", header(t, r, "X-RateLimit-Remaining"), 59)
}

func TestLegacyRateLimit(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{Now: fixedClock(), RateLimit: 3, RateWindow: 10 * time.Second})
	for i := 0; i < 3; i++ {
		r := do(t, "GET", ts.URL+"/rest/me", "", "x-api-key", mockserver.DemoKeyLegacy)
		check(t, "Limit", header(t, r, "X-RateLimit-Limit"), 3)
	}
	r := do(t, "GET", ts.URL+"/rest/me", "", "x-api-key", mockserver.DemoKeyLegacy)
	check(t, "status", r.Status, 429)
	check(t, "legacy code", r.errorCode(t), "TOO_MANY_REQUESTS")
	check(t, "data.path", r.json(t)["data"].(map[string]any)["path"], "user.me")
	check(t, "Retry-After", header(t, r, "Retry-After"), 10)
}

// Of many simultaneous requests on a fresh window exactly the limit succeed, and
// every response's headers agree with the outcome.
func TestRateLimitExactUnderConcurrency(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{Now: fixedClock()})
	const n = 150
	var ok, limited atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(mockserver.DemoKeyFull)...)
			switch r.Status {
			case 200:
				ok.Add(1)
			case 429:
				limited.Add(1)
				if r.Header.Get("X-RateLimit-Remaining") != "0" {
					t.Errorf("429 with Remaining %s", r.Header.Get("X-RateLimit-Remaining"))
				}
			default:
				t.Errorf("status %d", r.Status)
			}
		}()
	}
	wg.Wait()
	check(t, "successes", ok.Load(), int32(60))
	check(t, "rejections", limited.Load(), int32(n-60))
}

func TestConcurrentCreatesAllSurvive(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{RateLimit: -1})
	const n = 64
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"workspaceId":%q,"objectTypeSlug":"company","fields":{"name":"Concurrent %03d"}}`, mockserver.DemoWorkspacePartn, i)
			if r := do(t, "POST", ts.URL+"/api/v1/records", body, bearer(mockserver.DemoKeyFull)...); r.Status != 201 {
				t.Errorf("create %d: %d %s", i, r.Status, r.Body)
			}
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	cursor := ""
	for {
		url := ts.URL + "/api/v1/records?limit=7&search=Concurrent&workspaceId=" + mockserver.DemoWorkspacePartn
		if cursor != "" {
			url += "&cursor=" + cursor
		}
		page := do(t, "GET", url, "", bearer(mockserver.DemoKeyFull)...).json(t)
		for _, d := range page["data"].([]any) {
			name := d.(map[string]any)["displayName"].(string)
			if seen[name] {
				t.Errorf("%s listed twice", name)
			}
			seen[name] = true
		}
		p := page["pagination"].(map[string]any)
		if p["hasMore"] != true {
			break
		}
		cursor = p["cursor"].(string)
	}
	check(t, "records listed", len(seen), n)
}

func TestMultiLevelProfile(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{Now: fixedClock(), LimitProfile: mockserver.ProfileMultiLevel})
	url := ts.URL + "/api/v1/workspaces"
	for i := 1; i <= 120; i++ {
		r := do(t, "GET", url, "", bearer(mockserver.DemoKeyFull)...)
		if r.Status != 200 {
			t.Fatalf("request %d: %d", i, r.Status)
		}
	}
	// The route budget (120 per minute) is spent; another route still has room.
	check(t, "same route", do(t, "GET", url, "", bearer(mockserver.DemoKeyFull)...).Status, 429)
	other := do(t, "GET", ts.URL+"/api/v1/records?limit=1", "", bearer(mockserver.DemoKeyFull)...)
	check(t, "other route", other.Status, 200)
	check(t, "identity budget left", header(t, other, "X-RateLimit-Remaining"), 180-121)
}

// Route budgets come from the spec's x-breakcold-rate-limit (60 for reorders), are
// per minute whatever RateWindow says, and a 429 carries the documented message.
func TestMultiLevelRouteBudgetFromSpec(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{Now: fixedClock(), LimitProfile: mockserver.ProfileMultiLevel, RateWindow: 10 * time.Second})
	url := ts.URL + "/api/v1/crm/objects/reorder"
	body := `{"workspaceId":"` + mockserver.DemoWorkspacePartn + `"}` // invalid, but drawn before validation
	for i := 1; i <= 60; i++ {
		if r := do(t, "POST", url, body, bearer(mockserver.DemoKeyFull)...); r.Status != 400 {
			t.Fatalf("request %d: status %d, want 400: %s", i, r.Status, r.Body)
		}
	}
	r := do(t, "POST", url, body, bearer(mockserver.DemoKeyFull)...)
	check(t, "61st status", r.Status, http.StatusTooManyRequests)
	check(t, "message", r.message(t), "Public API rate limit exceeded")
	check(t, "Limit", header(t, r, "X-RateLimit-Limit"), 60)
	check(t, "Reset", header(t, r, "X-RateLimit-Reset"), 60)
	check(t, "Retry-After", header(t, r, "Retry-After"), 60)

	// -rate-window 10s does not shorten the documented per-minute budgets.
	control(t, ts, "POST", "/clock/advance", map[string]any{"seconds": 10})
	check(t, "after 10 s", do(t, "POST", url, body, bearer(mockserver.DemoKeyFull)...).Status, http.StatusTooManyRequests)
	control(t, ts, "POST", "/clock/advance", map[string]any{"seconds": 50})
	check(t, "after a minute", do(t, "POST", url, body, bearer(mockserver.DemoKeyFull)...).Status, 400)
}

// Every request in a workspace draws on its budget (300 per minute): workspaceId in
// the query or the body, or the workspace of the resource the path names.
func TestMultiLevelWorkspaceBudget(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{Now: fixedClock(), LimitProfile: mockserver.ProfileMultiLevel})
	ws := mockserver.DemoWorkspaceSales
	list := do(t, "GET", ts.URL+"/api/v1/records?limit=1&workspaceId="+ws, "", bearer(mockserver.DemoKeyFull)...)
	check(t, "list status", list.Status, 200)
	recordID := list.json(t)["data"].([]any)[0].(map[string]any)["id"].(string)

	// 299 more requests name the workspace in their body, spread over five routes of
	// 60 per minute and two users (180 each), so only the workspace budget runs out.
	routes := []string{"/api/v1/crm/objects/reorder", "/api/v1/crm/objects", "/api/v1/records", "/api/v1/inbox/views", "/api/v1/inbox/views/sidebar/reorder"}
	keys := []string{mockserver.DemoKeyFull, mockserver.DemoKeySales}
	body := `{"workspaceId":"` + ws + `"}`
	for i := range 299 {
		r := do(t, "POST", ts.URL+routes[i%len(routes)], body, bearer(keys[i%2])...)
		if r.Status == http.StatusTooManyRequests {
			t.Fatalf("request %d to %s: 429 before the workspace budget was spent: %s", i+2, routes[i%len(routes)], r.Body)
		}
	}
	r := do(t, "GET", ts.URL+"/api/v1/records/"+recordID, "", bearer(mockserver.DemoKeyFull)...)
	check(t, "record of the spent workspace", r.Status, http.StatusTooManyRequests)
	check(t, "Limit", header(t, r, "X-RateLimit-Limit"), 300)
	check(t, "outside any workspace", do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(mockserver.DemoKeyFull)...).Status, 200)
}
