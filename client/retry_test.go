package client

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func TestRetryHookAndLogger(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var h hits
		var events []RetryEvent
		var logs bytes.Buffer
		c := newTestClient(t, plainKey, script(&h,
			reply(http.StatusServiceUnavailable, serverJSON, "Retry-After", "2"),
			reply(http.StatusTooManyRequests, tooManyJSON, "Retry-After", "3"),
			okRecord()),
			WithRetryHook(func(ev RetryEvent) { events = append(events, ev) }),
			WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
		_, resp, err := c.GetRecord(t.Context(), "rec_1")
		if err != nil {
			t.Fatal(err)
		}
		if resp.Attempts != 3 || resp.StatusCode != http.StatusOK {
			t.Errorf("Response = %+v, want 3 attempts ending in 200", resp)
		}
		want := []RetryEvent{
			{Operation: "getRecord", Attempt: 1, StatusCode: 503, Delay: 2 * time.Second, Reason: "server error"},
			{Operation: "getRecord", Attempt: 2, StatusCode: 429, Delay: 3 * time.Second, Reason: "rate limited"},
		}
		if len(events) != len(want) {
			t.Fatalf("events = %+v, want %+v", events, want)
		}
		for i := range want {
			if events[i] != want[i] {
				t.Errorf("event %d = %+v, want %+v", i, events[i], want[i])
			}
		}
		out := logs.String()
		for _, s := range []string{"operation=getRecord", "attempt=2", "status=429", "delay=3s", `reason="rate limited"`} {
			if !strings.Contains(out, s) {
				t.Errorf("log %q lacks %q", out, s)
			}
		}
		if strings.Contains(out, "secret") {
			t.Errorf("log %q leaks the key", out)
		}
	})
}

// The legacy API lists with POST …/list; the spec marks those reads safe to
// repeat, so a transient 5xx is retried as for a GET.
func TestLegacyListRetriedAfterServerError(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var h hits
		c := newTestLegacy(t, legacyKey, script(&h,
			reply(http.StatusServiceUnavailable, `{"message":"down","code":"SERVICE_UNAVAILABLE","data":{"code":"SERVICE_UNAVAILABLE","httpStatus":503,"path":"lead.list"}}`),
			reply(http.StatusOK, toJSON(map[string]any{
				"leads":      []any{minimalItem("LegacyClient.AllLeads", map[string]any{"id": "00000000-0000-0000-0000-000000000001"})},
				"pagination": map[string]int{"page": 0, "page_size": 50},
			}))))
		n := 0
		for _, err := range c.AllLeads(t.Context(), LegacyLeadListRequest{}) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n != 1 || h.count() != 2 {
			t.Errorf("got %d leads in %d requests, want 1 in 2", n, h.count())
		}
		// A create sent as POST is not retried.
		h = hits{}
		c = newTestLegacy(t, legacyKey, script(&h, reply(http.StatusServiceUnavailable, `{}`), reply(http.StatusOK, `{}`)))
		if _, _, err := c.CreateTag(t.Context(), LegacyTagCreate{Name: "x"}); err == nil || h.count() != 1 {
			t.Errorf("CreateTag: err = %v after %d requests, want a 503 error after 1", err, h.count())
		}
	})
}

func TestBaseURLDropsAPIPrefix(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"http://mock.test", "http://mock.test/", "http://mock.test/api/v1", "http://mock.test/api/v1/", "http://mock.test/rest"} {
		var mu sync.Mutex
		var paths []string
		rt := inproc{http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			paths = append(paths, r.URL.Host+r.URL.Path)
			mu.Unlock()
			okRecord()(w, r)
		})}
		c, err := New(plainKey, WithBaseURL(base), WithHTTPClient(&http.Client{Transport: rt}))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.GetRecord(t.Context(), "rec_1"); err != nil {
			t.Fatalf("base %s: %v", base, err)
		}
		if want := "mock.test/api/v1/records/rec_1"; paths[0] != want {
			t.Errorf("base %s: sent %s, want %s", base, paths[0], want)
		}
	}
	// A proxy prefix is kept.
	var got string
	rt := inproc{http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.URL.Path; okRecord()(w, r) })}
	c, _ := New(plainKey, WithBaseURL("http://proxy.test/breakcold/api/v1"), WithHTTPClient(&http.Client{Transport: rt}))
	if _, _, err := c.GetRecord(t.Context(), "a/b"); err != nil || got != "/breakcold/api/v1/records/a/b" {
		t.Errorf("got path %q, err %v", got, err)
	}
}

func TestResponsePerCall(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, plainKey, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		remaining := r.URL.Path[len("/api/v1/records/rec_"):]
		okRecord(append([]string{"X-Request-Id", "req_" + remaining}, "X-RateLimit-Limit", "60", "X-RateLimit-Remaining", remaining, "X-RateLimit-Reset", "30")...)(w, r)
	}))
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			id := strings.Repeat("1", 1) + string(rune('0'+i%10))
			_, resp, err := c.GetRecord(t.Context(), "rec_"+id)
			if err != nil {
				t.Error(err)
				return
			}
			if resp.RequestID != "req_"+id || resp.RateLimit.Remaining != int(id[0]-'0')*10+int(id[1]-'0') || resp.RateLimit.Limit != 60 {
				t.Errorf("call %s got Response %+v", id, resp)
			}
		})
	}
	wg.Wait()
	// An error answer carries its Response too, with the envelope's request id.
	c = newTestClient(t, plainKey, reply(http.StatusNotFound, `{"error":{"code":"not_found","message":"no","requestId":"req_9"}}`))
	_, resp, err := c.GetRecord(t.Context(), "rec_1")
	if err == nil || resp == nil || resp.StatusCode != 404 || resp.RequestID != "req_9" {
		t.Errorf("got %+v, %v; want a 404 Response with request id req_9", resp, err)
	}
}

func TestNullableAndPrinting(t *testing.T) {
	t.Parallel()
	up := LegacyLeadUpdate{}
	up.Data.City = NewNullable("Paris")
	up.Data.Phone = Null[string]()
	b := toJSON(up)
	if !strings.Contains(b, `"city":"Paris"`) || !strings.Contains(b, `"phone":null`) || strings.Contains(b, "email") {
		t.Errorf("JSON = %s, want city set, phone null, email absent", b)
	}
	var back LegacyLeadUpdate
	if err := fromJSON(b, &back); err != nil {
		t.Fatal(err)
	}
	if v, ok := back.Data.City.Value(); !ok || v != "Paris" || !back.Data.Phone.IsNull() || back.Data.Email.IsSpecified() {
		t.Errorf("round trip = %v", back)
	}
	for _, tt := range []struct {
		got, want string
	}{
		{NewNullable(3).String(), "3"},
		{Null[int]().String(), "null"},
		{Nullable[int]{}.String(), "<unset>"},
		{sprint(CRMObject{ID: "obj_1", Icon: Ptr("star")}), `"icon":"star"`},
	} {
		if !strings.Contains(tt.got, tt.want) {
			t.Errorf("got %q, want it to contain %q", tt.got, tt.want)
		}
	}
	if s := sprint(CRMObject{Icon: Ptr("star")}); strings.Contains(s, "0x") {
		t.Errorf("%%v of a CRMObject prints a pointer: %s", s)
	}
}
