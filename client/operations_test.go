package client

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/breakcold-go/breakcold/apispec"
)

// specOperations loads the spec's operations by operationId.
func specOperations(t *testing.T) map[string]apispec.Operation {
	t.Helper()
	doc, err := apispec.Load()
	if err != nil {
		t.Fatal(err)
	}
	list, err := apispec.Operations(doc)
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]apispec.Operation{}
	for _, o := range list {
		ops[o.ID] = o
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

// clientMethods lists the *Client methods whose names satisfy keep.
func clientMethods(keep func(string) bool) []reflect.Method {
	var out []reflect.Method
	typ := reflect.TypeFor[*Client]()
	for i := range typ.NumMethod() {
		if m := typ.Method(i); keep(m.Name) {
			out = append(out, m)
		}
	}
	return out
}

// callArgs builds arguments for m: a context, "id_1" for every id, and zero
// values for parameters and bodies.
func callArgs(ctx context.Context, c *Client, m reflect.Method) []reflect.Value {
	args := []reflect.Value{reflect.ValueOf(c), reflect.ValueOf(ctx)}
	for i := 2; i < m.Type.NumIn(); i++ {
		in := m.Type.In(i)
		if in.Kind() == reflect.String {
			args = append(args, reflect.ValueOf("id_1").Convert(in))
		} else {
			args = append(args, reflect.Zero(in))
		}
	}
	return args
}

var accessors = []string{"RateLimit", "Region", "String", "GoString"}

// TestEveryOperation calls every wrapper method and checks that together they
// cover the spec's 93 operations, each on its own method, path, host and
// credential header, and that each maps both a success and an error.
func TestEveryOperation(t *testing.T) {
	t.Parallel()
	spec := specOperations(t)
	methods := clientMethods(func(name string) bool {
		return !strings.HasPrefix(name, "All") && !slices.Contains(accessors, name)
	})
	if len(methods) != len(spec) {
		t.Errorf("Client has %d operation methods, the spec %d operations", len(methods), len(spec))
	}
	seen := map[string]string{}
	for _, m := range methods {
		t.Run(m.Name, func(t *testing.T) {
			t.Parallel()
			var h hits
			var op apispec.Operation
			c := newTestClient(t, plainKey, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				// The first call fails, so the error names the operation;
				// the second succeeds with the documented status and an empty body.
				if h.add(r) == 1 {
					if strings.HasPrefix(r.URL.Path, apispec.LegacyPrefix) {
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

			out := m.Func.Call(callArgs(t.Context(), c, m))
			e, ok := out[2].Interface().(*Error)
			if !ok || e.StatusCode != http.StatusNotFound {
				t.Fatalf("first call: err = %v, want a 404 *Error", out[2])
			}
			op, ok = spec[e.Operation]
			if !ok {
				t.Fatalf("error names operation %q, which the spec does not have", e.Operation)
			}
			r := h.reqs[0]
			if r.Method != op.Method || !matches(op.Path, r.URL.Path) {
				t.Errorf("sent %s %s, want %s", r.Method, r.URL.Path, op)
			}
			wantHost, wantHeader := "current.test", "Authorization"
			if op.Generation == apispec.Legacy {
				wantHost, wantHeader = "legacy.test", "x-api-key"
			}
			if r.URL.Host != wantHost || r.Header.Get(wantHeader) == "" {
				t.Errorf("sent to %s with headers %v, want host %s and %s", r.URL.Host, r.Header, wantHost, wantHeader)
			}
			if len(r.Header.Values("Authorization"))+len(r.Header.Values("x-api-key")) != 1 {
				t.Errorf("sent credential headers %v, want exactly one", r.Header)
			}

			out = m.Func.Call(callArgs(t.Context(), c, m))
			if err := out[2].Interface(); err != nil {
				t.Errorf("second call: err = %v, want success", err)
			}
			if v := out[0]; v.Kind() == reflect.Pointer && v.IsNil() {
				t.Errorf("second call returned a nil %s", v.Type())
			}
		})
		seen[strings.ToLower(m.Name)] = ""
	}
	// Method names follow operationIds (with Go initialisms), so every spec
	// operation has its method.
	for id := range spec {
		if _, ok := seen[strings.ToLower(id)]; !ok {
			t.Errorf("operation %s has no method", id)
		}
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
	iterators := clientMethods(func(name string) bool { return strings.HasPrefix(name, "All") })
	if len(iterators) != lists {
		t.Errorf("Client has %d iterators, the spec %d list operations", len(iterators), lists)
	}
	for _, m := range iterators {
		t.Run(m.Name, func(t *testing.T) {
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
			seq := m.Func.Call(callArgs(t.Context(), c, m))[0]
			n := 0
			yield := reflect.MakeFunc(seq.Type().In(0), func(in []reflect.Value) []reflect.Value {
				if err := in[1]; !err.IsNil() {
					t.Errorf("item %d: err = %v", n, err)
				}
				n++
				return []reflect.Value{reflect.ValueOf(true)}
			})
			seq.Call([]reflect.Value{yield})
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
