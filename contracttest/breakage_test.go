package contracttest_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/breakcold-go/breakcold/contracttest"
	"github.com/breakcold-go/breakcold/mockserver"
)

// recorder buffers a response so a breakage can rewrite it before it is sent.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(code int)        { r.status = code }

// breakage rewrites a request before the mock sees it, or the response after.
type breakage struct {
	name     string
	request  func(r *http.Request)
	response func(r *http.Request, rec *recorder)
	// want is text the report must contain in a failed check's name or message.
	want string
}

func (b breakage) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b.request != nil {
			b.request(r)
		}
		rec := &recorder{header: http.Header{}, status: 200}
		next.ServeHTTP(rec, r)
		if b.response != nil {
			b.response(r, rec)
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.status)
		w.Write(rec.body.Bytes())
	})
}

func isOp(r *http.Request, method, pathPrefix string) bool {
	return r.Method == method && strings.HasPrefix(r.URL.Path, pathPrefix)
}

// Each deliberately broken server must be caught by name.
func TestSuiteCatchesBrokenServers(t *testing.T) {
	t.Parallel()
	breakages := []breakage{
		{name: "missing rate-limit header", want: "X-RateLimit-Remaining",
			response: func(r *http.Request, rec *recorder) {
				if isOp(r, "GET", "/api/v1/records/") {
					rec.header.Del("X-RateLimit-Remaining")
				}
			}},
		{name: "undocumented status", want: "status 200, want 201",
			response: func(r *http.Request, rec *recorder) {
				if isOp(r, "POST", "/api/v1/records") && rec.status == 201 {
					rec.status = 200
				}
			}},
		{name: "schema change", want: "displayName",
			response: func(r *http.Request, rec *recorder) {
				b := bytes.ReplaceAll(rec.body.Bytes(), []byte(`"displayName"`), []byte(`"display_name"`))
				rec.body.Reset()
				rec.body.Write(b)
			}},
		{name: "auth not enforced", want: "no credential is 401",
			request: func(r *http.Request) {
				if r.Header.Get("Authorization") == "" && r.Header.Get("x-api-key") == "" && strings.HasPrefix(r.URL.Path, "/api/") {
					r.Header.Set("Authorization", "Bearer "+mockserver.DemoKeyFull)
				}
			}},
		{name: "scope not enforced", want: "records:write",
			response: func(r *http.Request, rec *recorder) {
				if rec.status == 403 {
					rec.status = 201
				}
			}},
		{name: "limit not enforced", want: "the limit is not enforced",
			response: func(r *http.Request, rec *recorder) {
				if rec.status == 429 && isOp(r, "GET", "/api/v1/workspaces") {
					rec.status = 200
					rec.header.Del("Retry-After")
					rec.body.Reset()
					io.WriteString(&rec.body, `{"data":[],"pagination":{"cursor":null,"hasMore":false}}`)
				}
			}},
		{name: "state not kept", want: "reads back updateRecord",
			request: func(r *http.Request) {
				if isOp(r, "PATCH", "/api/v1/records/") {
					body := `{"fields":{}}`
					r.Body = io.NopCloser(strings.NewReader(body))
					r.ContentLength = int64(len(body))
				}
			}},
		{name: "static Remaining", want: "X-RateLimit-Remaining stayed at 42",
			response: func(r *http.Request, rec *recorder) {
				if rec.status != http.StatusUnauthorized {
					rec.header.Set("X-RateLimit-Remaining", "42")
				}
			}},
		{name: "401 counted against a window", want: "a 401 with X-RateLimit-Remaining 0",
			response: func(r *http.Request, rec *recorder) {
				if rec.status == http.StatusUnauthorized {
					rec.header.Set("X-RateLimit-Remaining", "0")
				}
			}},
		{name: "deletes not kept", want: "legacyGetLead",
			request: func(r *http.Request) {
				if isOp(r, "DELETE", "/rest/leads/") {
					r.Method = "GET"
					r.URL.Path = "/rest/lead/" + strings.TrimPrefix(r.URL.Path, "/rest/leads/")
				}
			}},
	}
	for _, b := range breakages {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			target := mockTarget(t, mockserver.Options{}, b.wrap)
			target.Name = "broken: " + b.name
			rep, err := contracttest.Check(context.Background(), target)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Failed() {
				t.Fatalf("the suite passed a server with %s", b.name)
			}
			for _, res := range rep.Results {
				if res.Outcome == "fail" && strings.Contains(res.Name+" "+res.Message, b.want) {
					return
				}
			}
			t.Errorf("no failure mentions %q:\n%s", b.want, rep.Summary())
		})
	}
}

// Against targets other than the mock, Breakcold's undocumented rate-limit headers
// may be absent, but headers that are present must still be coherent.
func TestSuiteRateLimitHeadersIfPresent(t *testing.T) {
	t.Parallel()
	strip := func(r *http.Request, rec *recorder) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			for _, h := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"} {
				rec.header.Del(h)
			}
		}
	}
	incoherent := func(r *http.Request, rec *recorder) {
		if isOp(r, "GET", "/api/v1/records/") {
			rec.header.Set("X-RateLimit-Remaining", "100000")
		}
	}
	tests := []struct {
		name     string
		response func(*http.Request, *recorder)
		want     string // "" when the run must pass
	}{
		{"headers absent", strip, ""},
		{"headers incoherent", incoherent, "with X-RateLimit-Limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			target := mockTarget(t, mockserver.Options{}, breakage{response: tc.response}.wrap)
			target.Name, target.RateLimitHeaders = tc.name, contracttest.HeadersIfPresent
			rep, err := contracttest.Check(context.Background(), target)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				if rep.Failed() {
					t.Fatalf("got failures, want none:\n%s", rep.Summary())
				}
				return
			}
			for _, res := range rep.Results {
				if res.Outcome == "fail" && strings.Contains(res.Name+" "+res.Message, tc.want) {
					return
				}
			}
			t.Errorf("no failure mentions %q:\n%s", tc.want, rep.Summary())
		})
	}
}
