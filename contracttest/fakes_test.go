package contracttest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/breakcold-go/breakcold/contracttest"
	"github.com/breakcold-go/breakcold/mockserver"
)

// exampleServer is what a generic spec mock does: it checks that a credential is
// present and answers every operation with the spec's example, keeping no state.
// Its X-RateLimit-* headers are the spec's header examples, the same every time.
func exampleServer(t *testing.T) *httptest.Server {
	t.Helper()
	var v *contracttest.Validator
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		op, _, _, err := v.Find(r)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		status := op.SuccessStatus()
		if r.Header.Get("Authorization") == "" && r.Header.Get("X-Api-Key") == "" {
			status = http.StatusUnauthorized
		}
		resp := op.Op.Responses.Value(fmt.Sprint(status)).Value
		for name, h := range resp.Headers {
			if h.Value != nil && h.Value.Example != nil {
				w.Header().Set(name, fmt.Sprint(h.Value.Example))
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(resp.Content.Get("application/json").Example)
	}))
	t.Cleanup(srv.Close)
	var err error
	if v, err = contracttest.NewValidator(srv.URL); err != nil {
		t.Fatal(err)
	}
	return srv
}

// dying serves the handler for the first n requests, then closes every connection
// without an answer, as a server that crashed behind its listener would.
func dying(n int64, next http.Handler) http.Handler {
	var seen atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) <= n || strings.HasPrefix(r.URL.Path, mockserver.ControlPrefix) {
			next.ServeHTTP(w, r)
			return
		}
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	})
}

// spent answers the first request to the API through the handler and every later
// one with a 429 whose window resets in 30 s: a target whose window another client
// keeps spending.
func spent(next http.Handler) http.Handler {
	var seen atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, mockserver.ControlPrefix) || seen.Add(1) == 1 {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Retry-After", "30")
		h.Set("X-RateLimit-Limit", "60")
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Reset", "30")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"error":{"code":"rate_limited","message":"retry in 30 seconds","requestId":"req_1"}}`)
	})
}

// mockTarget serves a fresh mock, its US listener behind wrap, and returns a target
// for it with the demo keys and the control API.
func mockTarget(t *testing.T, opts mockserver.Options, wrap func(http.Handler) http.Handler) contracttest.Target {
	t.Helper()
	mock, err := mockserver.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	us := httptest.NewServer(wrap(mock.Handler(mockserver.US)))
	t.Cleanup(us.Close)
	eu := httptest.NewServer(mock.Handler(mockserver.EU))
	t.Cleanup(eu.Close)
	return contracttest.Target{
		BaseURL: us.URL, OtherRegionURL: eu.URL, Control: us.URL + mockserver.ControlPrefix, AllowSend: true,
		Keys: contracttest.Keys{Full: mockserver.DemoKeyFull, Legacy: mockserver.DemoKeyLegacy},
	}
}

func noWrap(h http.Handler) http.Handler { return h }

// mockRun is one whole run against a fresh mock with its control API, shared by the
// tests that only read its report.
var mockRun = sync.OnceValues(func() (*contracttest.Report, error) {
	mock, err := mockserver.New(mockserver.Options{})
	if err != nil {
		return nil, err
	}
	us, eu := httptest.NewServer(mock.Handler(mockserver.US)), httptest.NewServer(mock.Handler(mockserver.EU))
	defer us.Close()
	defer eu.Close()
	return contracttest.Check(context.Background(), contracttest.Target{
		BaseURL: us.URL, OtherRegionURL: eu.URL, Control: us.URL + mockserver.ControlPrefix, AllowSend: true,
		Keys: contracttest.Keys{Full: mockserver.DemoKeyFull, Legacy: mockserver.DemoKeyLegacy},
	})
})
