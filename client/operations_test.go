package client

import (
	"encoding/json"
	"errors"
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
// cover the spec's operations, each on its own method, path, host and
// credential header, and that each maps an error, a correct answer, and an
// answer the spec does not allow.
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
			if tc.status != op.SuccessStatus() {
				t.Fatalf("the client expects %d, the spec declares %d", tc.status, op.SuccessStatus())
			}
			// The answers in turn: an error, the smallest correct body, a body
			// of the wrong JSON type or missing a required property, and the
			// correct body with another 2xx status than the spec declares.
			wrong := "{}"
			if strings.HasPrefix(tc.body, "{}") {
				wrong = "[]"
			}
			var h hits
			handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch h.add(r) {
				case 1:
					if strings.HasPrefix(r.URL.Path, "/rest/") {
						reply(http.StatusNotFound, `{"message":"gone","code":"NOT_FOUND","data":{"code":"NOT_FOUND","httpStatus":404,"path":"x.y"}}`)(w, r)
					} else {
						reply(http.StatusNotFound, `{"error":{"code":"not_found","message":"gone","requestId":"req_1"}}`)(w, r)
					}
				case 2:
					reply(tc.status, tc.body)(w, r)
				case 3:
					reply(tc.status, wrong)(w, r)
				default:
					reply(tc.status^1, tc.body)(w, r) // 200 ↔ 201
				}
			})
			opts := []Option{WithRetryPolicy(RetryPolicy{})}
			c, lc := newTestClient(t, plainKey, handler, opts...), newTestLegacy(t, plainKey, handler, opts...)

			_, resp, err := tc.call(t.Context(), c, lc)
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

			got, _, err := tc.call(t.Context(), c, lc)
			if err != nil || !got {
				t.Errorf("correct answer %s: got a value %t, err = %v; want a value", tc.body, got, err)
			}
			for _, answer := range []string{wrong + " with " + strconv.Itoa(tc.status), tc.body + " with " + strconv.Itoa(tc.status^1)} {
				got, resp, err := tc.call(t.Context(), c, lc)
				var u *UnexpectedResponseError
				if !errors.Is(err, ErrUnexpectedResponse) || !errors.As(err, &u) || got {
					t.Errorf("answer %s: got a value %t, err = %v; want ErrUnexpectedResponse and no value", answer, got, err)
					continue
				}
				if u.Operation != tc.id || u.StatusCode != resp.StatusCode || len(u.Body) == 0 || !strings.Contains(err.Error(), tc.id) {
					t.Errorf("answer %s: error %+v does not name the operation, status and body", answer, u)
				}
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
			// page builds a list body from the smallest one the spec allows,
			// with n items and the given pagination.
			page := func(n int, pagination map[string]any) string {
				var body map[string]any
				if err := json.Unmarshal([]byte(it.page), &body); err != nil {
					t.Fatal(err)
				}
				var item any
				if err := json.Unmarshal([]byte(it.item), &item); err != nil {
					t.Fatal(err)
				}
				items := make([]any, n)
				for i := range items {
					items[i] = item
				}
				body[it.items] = items
				p, _ := body["pagination"].(map[string]any)
				for k, v := range pagination {
					p[k] = v
				}
				return toJSON(body)
			}
			var h hits
			handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				h.add(r)
				if r.Method == http.MethodGet {
					if r.URL.Query().Get("cursor") == "" {
						reply(http.StatusOK, page(1, map[string]any{"cursor": "next", "hasMore": true}))(w, r)
					} else {
						reply(http.StatusOK, page(1, map[string]any{"cursor": nil, "hasMore": false}))(w, r)
					}
					return
				}
				var body struct {
					Pagination struct{ Page int } `json:"pagination"`
				}
				_ = json.NewDecoder(r.Body).Decode(&body)
				n := 2
				if body.Pagination.Page > 0 {
					n = 1
				}
				reply(http.StatusOK, page(n, map[string]any{"page": 0, "page_size": 2}))(w, r)
			})
			n, err := it.drain(t.Context(), newTestClient(t, plainKey, handler), newTestLegacy(t, plainKey, handler))
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
