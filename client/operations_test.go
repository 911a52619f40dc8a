package client

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/breakcold-go/breakcold/gen/breakcoldspec"
)

// specOp is one operation of the spec, read straight from the embedded
// document: package apispec imports this package, so its tests cannot use it.
type specOp struct {
	ID, Method, Path string
	Op               *openapi3.Operation
}

func (o specOp) String() string { return fmt.Sprintf("%s (%s %s)", o.ID, o.Method, o.Path) }

func (o specOp) legacy() bool { return strings.HasPrefix(o.Path, "/rest/") }

// SuccessStatus is the operation's documented 2xx status.
func (o specOp) SuccessStatus() int {
	for code := range o.Op.Responses.Map() {
		if n, err := strconv.Atoi(code); err == nil && n >= 200 && n < 300 {
			return n
		}
	}
	return 0
}

// specOperations loads the spec's operations by operationId.
func specOperations(t *testing.T) map[string]specOp {
	t.Helper()
	doc, err := breakcoldspec.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]specOp{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops[op.OperationID] = specOp{ID: op.OperationID, Method: method, Path: path, Op: op}
		}
	}
	return ops
}

// matches reports whether a request path fits a spec path template.
func matches(template, path string) bool {
	ts, ps := strings.Split(template, "/"), strings.Split(path, "/")
	if len(ts) != len(ps) {
		return false
	}
	for i := range ts {
		if ts[i] != ps[i] && !(strings.HasPrefix(ts[i], "{") && ps[i] != "") {
			return false
		}
	}
	return true
}

// TestEveryOperation calls every wrapper method and checks that together they
// cover the spec's 93 operations, each on its own method, path, host and
// credential header, and that each maps both a success and an error.
func TestEveryOperation(t *testing.T) {
	t.Parallel()
	spec := specOperations(t)
	if len(generatedCalls) != len(spec) {
		t.Errorf("the client has %d operation methods, the spec %d operations", len(generatedCalls), len(spec))
	}
	for _, tc := range generatedCalls {
		t.Run(tc.id, func(t *testing.T) {
			t.Parallel()
			op, ok := spec[tc.id]
			if !ok {
				t.Fatalf("the client calls operation %q, which the spec does not have", tc.id)
			}
			var h hits
			c := newTestClient(t, plainKey, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				// The first call fails, so the error names the operation;
				// the second succeeds with the documented status and an empty body.
				if h.add(r) == 1 {
					if strings.HasPrefix(r.URL.Path, "/rest/") {
						reply(http.StatusNotFound, `{"message":"gone","code":"NOT_FOUND","data":{"code":"NOT_FOUND","httpStatus":404,"path":"x.y"}}`)(w, r)
					} else {
						reply(http.StatusNotFound, `{"error":{"code":"not_found","message":"gone","requestId":"req_1"}}`)(w, r)
					}
					return
				}
				body := "{}"
				if schema := op.Op.Responses.Status(op.SuccessStatus()).Value.Content.Get("application/json").Schema.Value; schema.Type.Is("array") {
					body = "[]"
				}
				reply(op.SuccessStatus(), body)(w, r)
			}), WithRetryPolicy(RetryPolicy{}))

			_, resp, err := tc.call(t.Context(), c)
			e, ok := err.(*Error)
			if !ok || e.StatusCode != http.StatusNotFound || resp == nil || resp.StatusCode != http.StatusNotFound {
				t.Fatalf("first call: err = %v, resp = %+v; want a 404 *Error and its Response", err, resp)
			}
			if e.Operation != tc.id {
				t.Errorf("error names operation %q, want %q", e.Operation, tc.id)
			}
			r := h.reqs[0]
			if r.Method != op.Method || !matches(op.Path, r.URL.Path) {
				t.Errorf("sent %s %s, want %s", r.Method, r.URL.Path, op)
			}
			wantHost, wantHeader := "current.test", "Authorization"
			if op.legacy() {
				wantHost, wantHeader = "legacy.test", "x-api-key"
			}
			if r.URL.Host != wantHost || r.Header.Get(wantHeader) == "" {
				t.Errorf("sent to %s with headers %v, want host %s and %s", r.URL.Host, r.Header, wantHost, wantHeader)
			}
			if len(r.Header.Values("Authorization"))+len(r.Header.Values("x-api-key")) != 1 {
				t.Errorf("sent credential headers %v, want exactly one", r.Header)
			}

			got, _, err := tc.call(t.Context(), c)
			if err != nil {
				t.Errorf("second call: err = %v, want success", err)
			}
			if !got {
				t.Errorf("second call returned no value")
			}
		})
	}
}

// TestIterators runs every All… iterator over two pages.
func TestIterators(t *testing.T) {
	t.Parallel()
	spec := specOperations(t)
	lists := 0
	for _, o := range spec {
		if strings.HasSuffix(o.Path, "/list") || o.Op.Parameters.GetByInAndName("query", "cursor") != nil {
			lists++
		}
	}
	if len(generatedIterators) != lists {
		t.Errorf("the client has %d iterators, the spec %d list operations", len(generatedIterators), lists)
	}
	for _, it := range generatedIterators {
		t.Run(it.name, func(t *testing.T) {
			t.Parallel()
			var h hits
			c := newTestClient(t, plainKey, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				h.add(r)
				if r.Method == http.MethodGet {
					if r.URL.Query().Get("cursor") == "" {
						reply(http.StatusOK, `{"data":[{}],"pagination":{"cursor":"next","hasMore":true}}`)(w, r)
					} else {
						reply(http.StatusOK, `{"data":[{}],"pagination":{"cursor":null,"hasMore":false}}`)(w, r)
					}
					return
				}
				var body struct {
					Pagination struct{ Page int } `json:"pagination"`
				}
				_ = json.NewDecoder(r.Body).Decode(&body)
				items := `[{},{}]`
				if body.Pagination.Page > 0 {
					items = `[{}]`
				}
				reply(http.StatusOK, `{"leads":`+items+`,"data":`+items+`,"pagination":{"page":0,"page_size":2}}`)(w, r)
			}))
			n, err := it.drain(t.Context(), c)
			if err != nil {
				t.Fatal(err)
			}
			want := 2
			if h.count() > 0 && h.reqs[0].Method == http.MethodPost {
				want = 3
			}
			if n != want || h.count() != 2 {
				t.Errorf("got %d items in %d requests, want %d in 2", n, h.count(), want)
			}
		})
	}
}
