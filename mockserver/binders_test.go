package mockserver

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/internal/specdata"
)

// capture keeps what a handler got: listRecords' parameters from a wrapper
// (queryCapture), a request object from a strict wrapper (strictCapture). Any
// other operation panics (the embedded interfaces are nil).
type capture struct{ got any }

type queryCapture struct {
	bc.ServerInterface
	*capture
}

type strictCapture struct {
	bc.StrictServerInterface
	*capture
}

func (c queryCapture) ListRecords(_ http.ResponseWriter, _ *http.Request, p bc.ListRecordsParams) {
	c.got = &p
}

func (c strictCapture) CreateRecord(_ context.Context, req bc.CreateRecordRequestObject) (bc.CreateRecordResponseObject, error) {
	c.got = req
	return nil, nil
}

func (c strictCapture) LegacyListLeads(_ context.Context, req bc.LegacyListLeadsRequestObject) (bc.LegacyListLeadsResponseObject, error) {
	c.got = req
	return nil, nil
}

// validated is a request as the pipeline hands it on: validated by specdata.Check,
// with the result in its state. It returns false when validation refuses it (the
// pipeline answers 400 before any binder runs).
func validated(t *testing.T, pattern, target, body string) (func() *http.Request, bool) {
	t.Helper()
	method, path, _ := strings.Cut(pattern, " ")
	var op *specdata.Operation
	for i := range specdata.Operations {
		if o := &specdata.Operations[i]; o.Method == method && o.Path == path {
			op = o
		}
	}
	if op == nil {
		t.Fatalf("no operation %s", pattern)
	}
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	var raw []byte
	if body != "" {
		raw = []byte(body)
	}
	in, problems := specdata.Check(r, op, raw, nil)
	if len(problems) > 0 {
		return nil, false
	}
	return func() *http.Request {
		c := r.Clone(context.WithValue(context.Background(), ctxKey{}, &reqState{input: in, reqBody: raw}))
		c.Body = io.NopCloser(bytes.NewReader(raw))
		return c
	}, true
}

// both serves a request with the generated wrapper (strict handler included) and
// with the binder, and returns what each handed the handler and the error each
// reported. The wrapper gets the body as the pipeline gives it to generated
// handlers: with validation's defaults encoded in.
func both(t *testing.T, pattern string, next func() *http.Request) (wrapper, binder any, wrapperErr, binderErr string) {
	t.Helper()
	fail := func(dst *string) func(http.ResponseWriter, *http.Request, error) {
		return func(_ http.ResponseWriter, _ *http.Request, err error) { *dst = err.Error() }
	}
	w := &capture{}
	strict := bc.NewStrictHandlerWithOptions(strictCapture{capture: w}, nil, bc.StrictHTTPServerOptions{RequestErrorHandlerFunc: fail(&wrapperErr), ResponseErrorHandlerFunc: fail(&wrapperErr)})
	gen := &bc.ServerInterfaceWrapper{Handler: strict, ErrorHandlerFunc: fail(&wrapperErr)}
	if pattern == "GET /api/v1/records" {
		gen.Handler = queryCapture{capture: w}
	}
	r := next()
	stateOf(r.Context()).input.Put(r)
	switch pattern {
	case "GET /api/v1/records":
		gen.ListRecords(httptest.NewRecorder(), r)
	case "POST /api/v1/records":
		gen.CreateRecord(httptest.NewRecorder(), r)
	case "POST /rest/leads/list":
		gen.LegacyListLeads(httptest.NewRecorder(), r)
	}
	b := &capture{}
	strictB := bc.NewStrictHandlerWithOptions(strictCapture{capture: b}, nil, bc.StrictHTTPServerOptions{RequestErrorHandlerFunc: fail(&binderErr), ResponseErrorHandlerFunc: fail(&binderErr)})
	var si bc.ServerInterface = strictB
	if pattern == "GET /api/v1/records" {
		si = queryCapture{capture: b}
	}
	binders(si, strictCapture{capture: b}, fail(&binderErr), fail(&binderErr))[pattern](httptest.NewRecorder(), next())
	return w.got, b.got, wrapperErr, binderErr
}

// Each binder gives the handler what the generated wrapper gives it, and fails
// with the same error, whatever the query.
func TestBindersMatchTheGeneratedWrappers(t *testing.T) {
	t.Parallel()
	queries := []string{
		"", "workspaceId=wk_1&limit=25", "limit=25&cursor=abc&search=Ada%20L&archived=true",
		"objectTypeId=ot_1&objectTypeSlug=person&viewId=rv_1", "archived=1", "archived=maybe",
		"limit=ten", "limit=25&limit=30", "search=a%2Cb", "unknown=x&limit=5", "search=&cursor=",
		"limit=+5", "limit=05", "limit=1e2", "limit=", "archived=", "archived=TRUE&archived=false",
	}
	for _, q := range queries {
		// As the pipeline hands it on, and bare (no validation state), as a
		// caller that skips validation would.
		next, ok := validated(t, "GET /api/v1/records", "/api/v1/records?"+q, "")
		bare := func() *http.Request { return httptest.NewRequest(http.MethodGet, "/api/v1/records?"+q, nil) }
		requests := []func() *http.Request{bare}
		if ok {
			requests = append(requests, next)
		}
		for _, n := range requests {
			want, got, wantErr, gotErr := both(t, "GET /api/v1/records", n)
			if diff := cmp.Diff(want, got); diff != "" || gotErr != wantErr {
				t.Errorf("query %q: parameters (-wrapper +binder):\n%s\nerrors: wrapper %q, binder %q", q, diff, wantErr, gotErr)
			}
		}
	}
}

// Each body binder hands the handler the request object the strict wrapper
// decodes from the same bytes, and takes its fast path for every plain body.
// (A body with a key twice is left out: encoding/json merges two objects under
// one key into a struct but keeps the last in a map, and JSON leaves such a
// body's meaning to the server; the binder keeps the last, as JavaScript's
// JSON.parse does.)
func TestBodyBindersMatchTheGeneratedWrappers(t *testing.T) {
	t.Parallel()
	const uuid = "6f1c2a8e-3b4d-4e5f-9a0b-1c2d3e4f5a6b"
	cases := []struct {
		pattern, body string
		fast          bool // the binder builds the request itself
	}{
		{"POST /api/v1/records", `{"workspaceId":"wk5d2k4m6n8p0q2r4s6t8v0x2z4b6c8d","objectTypeSlug":"person","fields":{"name":"Ada","n":1.5,"tags":["a"],"x":null,"o":{"a":1}}}`, true},
		{"POST /api/v1/records", `{"workspaceId":"wk5d2k4m6n8p0q2r4s6t8v0x2z4b6c8d","objectTypeId":"ot0a2vpfp1bv34c15sh2grtc4ybv6hmt"}`, true},
		{"POST /api/v1/records", `{"workspaceId":"wk5d2k4m6n8p0q2r4s6t8v0x2z4b6c8d","objectTypeSlug":"person","fields":{}}`, true},
		{"POST /api/v1/records", `{"WorkspaceId":"wk5d2k4m6n8p0q2r4s6t8v0x2z4b6c8d","objectTypeSlug":"person"}`, false},
		{"POST /api/v1/records", `{"workspaceId":"wk5d2k4m6n8p0q2r4s6t8v0x2z4b6c8d","objectTypeSlug":"person","extra":true}`, false},
		{"POST /api/v1/records", `{"workspaceId":"wk5d2k4m6n8p0q2r4s6t8v0x2z4b6c8d","objectTypeSlug":"person","fields":[1]}`, false},
		{"POST /api/v1/records", `{"workspaceId":"wk5d2k4m6n8p0q2r4s6t8v0x2z4b6c8d","objectTypeSlug":"person","fields":{"e":1e3}}`, true},
		{"POST /rest/leads/list", `{}`, true},
		{"POST /rest/leads/list", `{"pagination":{"page":0,"page_size":25}}`, true},
		{"POST /rest/leads/list", `{"pagination":{"page":2}}`, true},
		{"POST /rest/leads/list", `{"pagination":{}}`, true},
		{"POST /rest/leads/list", `{"pagination":{"page":1.0}}`, false},
		{"POST /rest/leads/list", `{"pagination":{"page":1e1}}`, false},
		{"POST /rest/leads/list", `{"pagination":{"page":12345678901234567890}}`, false},
		{"POST /rest/leads/list", `{"filter":{"email_status":"valid","is_company":true,"is_contract":false,"is_tracked":true,"ai_enabled":false,"leads":["` + uuid + `"],"not_leads":[]}}`, true},
		{"POST /rest/leads/list", `{"filter":{"email_status":"all","not_leads":["` + strings.ToUpper(uuid) + `"]}}`, true},
		{"POST /rest/leads/list", `{"filter":{"leads":["{` + uuid + `}"]}}`, true},
		{"POST /rest/leads/list", `{"Filter":{"is_company":true}}`, false},
		{"POST /rest/leads/list", `{"filter":{"IS_COMPANY":true}}`, false},
		{"POST /rest/leads/list", `{"pagination":{"page_size":25},"sort":"name"}`, false},
		{"POST /rest/leads/list", `{"filter":{"email_status":"valid"},"pagination":{"page":0,"page_size":100}}`, true},
	}
	for _, c := range cases {
		next, ok := validated(t, c.pattern, strings.TrimPrefix(c.pattern, "POST "), c.body)
		if !ok {
			if c.fast {
				t.Errorf("%s %s: validation refuses a body the table calls plain", c.pattern, c.body)
			}
			continue
		}
		want, got, wantErr, gotErr := both(t, c.pattern, next)
		if diff := cmp.Diff(want, got); diff != "" || gotErr != wantErr {
			t.Errorf("%s %s: request (-wrapper +binder):\n%s\nerrors: wrapper %q, binder %q", c.pattern, c.body, diff, wantErr, gotErr)
		}
		st := stateOf(next().Context())
		var fast bool
		switch c.pattern {
		case "POST /api/v1/records":
			_, fast = recordCreateOf(st.input)
		case "POST /rest/leads/list":
			_, fast = leadListRequestOf(st.input, st.reqBody)
		}
		if fast != c.fast {
			t.Errorf("%s %s: fast path %v, want %v", c.pattern, c.body, fast, c.fast)
		}
	}
	if len(binders(queryCapture{}, strictCapture{}, nil, nil)) != 3 {
		t.Error("the table does not cover every binder")
	}
}
