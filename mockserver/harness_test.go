package mockserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/contracttest"
	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/internal/gen/breakcoldclient"
	"github.com/breakcold-go/breakcold/mockserver"
)

// setup runs a mock with the demo data for the test, without rate limits (these
// tests make many calls), and returns it with a validating client for key and
// the test's context.
func setup(t *testing.T, key string) (*mockserver.TestServer, *breakcoldclient.ClientWithResponses, context.Context) {
	t.Helper()
	ts := start(t, mockserver.Options{RateLimit: -1})
	return ts, apiClient(t, ts, key), t.Context()
}

// start runs a mock for the test with the demo data.
func start(t *testing.T, opts mockserver.Options) *mockserver.TestServer {
	t.Helper()
	return mockserver.Start(t, opts)
}

// validator checks exchanges with ts's listeners against the spec.
func validator(t *testing.T, ts *mockserver.TestServer) *contracttest.Validator {
	t.Helper()
	v, err := contracttest.NewValidator(ts.URL, ts.EUURL)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// validating returns an HTTP client whose every request and response to ts is
// checked against the spec; a violation fails the test.
func validating(t *testing.T, ts *mockserver.TestServer) *http.Client {
	t.Helper()
	v := validator(t, ts)
	return &http.Client{Transport: &contracttest.Transport{
		Validator: v,
		Report:    func(x contracttest.Violation) { t.Errorf("spec violation: %s", x) },
	}}
}

// apiClient is the generated client for ts's US listener, authenticating with key
// (Bearer for bc_live_ keys, x-api-key for legacy keys) and validating every
// exchange against the spec.
func apiClient(t *testing.T, ts *mockserver.TestServer, key string) *breakcoldclient.ClientWithResponses {
	t.Helper()
	return clientFor(t, ts, ts.URL, key)
}

func clientFor(t *testing.T, ts *mockserver.TestServer, base, key string) *breakcoldclient.ClientWithResponses {
	t.Helper()
	c, err := breakcoldclient.NewClientWithResponses(base, breakcoldclient.WithHTTPClient(validating(t, ts)), breakcoldclient.WithRequestEditorFn(authEditor(key)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func authEditor(key string) breakcoldclient.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		if strings.HasPrefix(key, client.LegacyKeyPrefix) {
			req.Header.Set("x-api-key", key)
		} else if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		return nil
	}
}

// reply is a raw response, for tests of the wire itself.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.Body)
	}
	return m
}

// errorCode reads the code of either generation's envelope.
func (r reply) errorCode(t *testing.T) string {
	t.Helper()
	return r.envelope(t, "code")
}

func (r reply) message(t *testing.T) string {
	t.Helper()
	return r.envelope(t, "message")
}

// envelope reads a field of either generation's error envelope: under "error" in
// the current API's, at the top in the legacy API's.
func (r reply) envelope(t *testing.T, field string) string {
	t.Helper()
	m := r.json(t)
	if e, ok := m["error"].(map[string]any); ok {
		m = e
	}
	s, _ := m[field].(string)
	return s
}

// do sends a raw request; headers is a list of name, value pairs.
func do(t *testing.T, method, url string, body string, headers ...string) reply {
	t.Helper()
	var b []byte
	if body != "" {
		b = []byte(body)
		headers = append(headers, "Content-Type", "application/json")
	}
	r, _ := exchange(t, http.DefaultClient, method, url, b, headers...)
	return r
}

// exchange sends a request with c and returns the answer and the request.
func exchange(t *testing.T, c *http.Client, method, url string, body []byte, headers ...string) (reply, *http.Request) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{Status: resp.StatusCode, Header: resp.Header, Body: b}, req
}

func bearer(key string) []string { return []string{"Authorization", "Bearer " + key} }

func control(t *testing.T, ts *mockserver.TestServer, method, path string, body any) reply {
	t.Helper()
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	r, _ := exchange(t, http.DefaultClient, method, ts.ControlURL+path, b)
	return r
}

// check fails the test unless got equals want, comparing structures, slices and
// maps by content (go-cmp) and saying how they differ.
func check[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s: got %v, want %v; diff (-want +got):\n%s", what, got, want, diff)
	}
}

type response interface{ StatusCode() int }

// want fails the test unless the call succeeded with the status.
func want(t *testing.T, what string, r response, err error, status int) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if r.StatusCode() != status {
		body := reflect.ValueOf(r).Elem().FieldByName("Body").Bytes()
		t.Fatalf("%s: status %d, want %d: %s", what, r.StatusCode(), status, body)
	}
}

func p[T any](v T) *T { return &v }

// objectBySlug is the workspace's object type with the slug.
func objectBySlug(t *testing.T, c *breakcoldclient.ClientWithResponses, ws, slug string) bc.CrmObject {
	t.Helper()
	lo, err := c.ListCrmObjectsWithResponse(context.Background(), &bc.ListCrmObjectsParams{WorkspaceID: ws})
	want(t, "listCrmObjects", lo, err, 200)
	for _, o := range lo.JSON200.Data {
		if o.Slug == slug {
			return o
		}
	}
	t.Fatalf("no object type %q in workspace %s", slug, ws)
	return bc.CrmObject{}
}
