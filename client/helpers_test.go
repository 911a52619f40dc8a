package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Test keys of each kind, and one whose prefix names neither generation.
const (
	currentKey = "bc_live_4kq2m9x7secretsecret"
	legacyKey  = "breakcold-usr-7fj3k2secretsecret"
	plainKey   = "test-key-any-generation"
)

// Hosts the tests route to; requests never leave the process.
const (
	currentHost = "http://current.test"
	legacyHost  = "http://legacy.test"
)

// inproc is a RoundTripper that serves requests with a handler in the same
// process, so tests inside a synctest bubble never touch the network.
type inproc struct{ h http.Handler }

func (p inproc) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body == nil {
		req = req.Clone(req.Context())
		req.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, req)
	return rec.Result(), nil
}

// failing is a RoundTripper whose first fails calls return a network error.
type failing struct {
	next  http.RoundTripper
	mu    sync.Mutex
	fails int
}

var errNetwork = errors.New("connection reset by peer")

func (f *failing) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	fail := f.fails > 0
	f.fails--
	f.mu.Unlock()
	if fail {
		return nil, errNetwork
	}
	return f.next.RoundTrip(req)
}

// newTestClient builds a client whose current and legacy hosts are served by h.
func newTestClient(t testing.TB, key string, h http.Handler, opts ...Option) *Client {
	t.Helper()
	return newClientWith(t, key, inproc{h}, opts...)
}

func newClientWith(t testing.TB, key string, rt http.RoundTripper, opts ...Option) *Client {
	t.Helper()
	c, err := New(key, append(testOptions(rt), opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// newTestLegacy builds a legacy client whose host is served by h.
func newTestLegacy(t testing.TB, key string, h http.Handler, opts ...Option) *LegacyClient {
	t.Helper()
	c, err := NewLegacy(key, append(testOptions(inproc{h}), opts...)...)
	if err != nil {
		t.Fatalf("NewLegacy: %v", err)
	}
	return c
}

func testOptions(rt http.RoundTripper) []Option {
	return []Option{WithBaseURL(currentHost), WithLegacyBaseURL(legacyHost), WithHTTPClient(&http.Client{Transport: rt})}
}

// hits counts the requests a handler saw and remembers when they came.
type hits struct {
	mu     sync.Mutex
	reqs   []*http.Request
	bodies []string
	times  []time.Time
}

// add records r and its body, which it leaves readable for the handler.
func (h *hits) add(r *http.Request) int {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	h.mu.Lock()
	defer h.mu.Unlock()
	h.reqs = append(h.reqs, r)
	h.bodies = append(h.bodies, string(body))
	h.times = append(h.times, time.Now())
	return len(h.reqs)
}

func (h *hits) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.reqs)
}

// script answers the nth request (1-based) with answers[n-1], repeating the last.
func script(h *hits, answers ...http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := h.add(r)
		answers[min(n, len(answers))-1](w, r)
	})
}

// reply answers with status, optional headers (name, value pairs) and a JSON body.
func reply(status int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

// rateHeaders returns X-RateLimit-* header pairs for reply.
func rateHeaders(limit, remaining, reset int) []string {
	return []string{
		"X-RateLimit-Limit", strconv.Itoa(limit),
		"X-RateLimit-Remaining", strconv.Itoa(remaining),
		"X-RateLimit-Reset", strconv.Itoa(reset),
	}
}

const (
	recordJSON  = `{"record":{"id":"rec_1","displayName":"Ada","fields":{},"isArchived":false,"objectTypeId":"obj_1","objectTypeSlug":"people","workspaceId":"ws_1","createdAt":1,"updatedAt":1}}`
	tooManyJSON = `{"error":{"code":"rate_limited","message":"Public API rate limit exceeded","requestId":"req_429"}}`
	serverJSON  = `{"error":{"code":"internal_error","message":"boom","requestId":"req_500"}}`
)

// toJSON marshals the fixed values tests serve; they always marshal.
func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func fromJSON(s string, v any) error { return json.Unmarshal([]byte(s), v) }

func sprint(v any) string { return fmt.Sprintf("%v", v) }

// minimalBody is the smallest success body the spec allows for an operation.
func minimalBody(t testing.TB, op string) string {
	t.Helper()
	for _, c := range generatedCalls {
		if c.id == op {
			return c.body
		}
	}
	t.Fatalf("no operation %s", op)
	return ""
}

// okRecord answers a record with the status the spec declares: 201 for
// createRecord (POST), 200 for the rest.
func okRecord(headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		status := http.StatusOK
		if r.Method == http.MethodPost {
			status = http.StatusCreated
		}
		reply(status, recordJSON, headers...)(w, r)
	}
}

// minimalItem is the smallest item the spec allows in an iterator's list, with
// the given properties set.
func minimalItem(iterator string, set map[string]any) map[string]any {
	for _, it := range generatedIterators {
		if it.name == iterator {
			var item map[string]any
			if err := json.Unmarshal([]byte(it.item), &item); err != nil {
				panic(err)
			}
			maps.Copy(item, set)
			return item
		}
	}
	panic("no iterator " + iterator)
}
