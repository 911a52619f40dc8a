package apispec_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/breakcold-go/breakcold/apispec"
	"github.com/breakcold-go/breakcold/mockserver"
)

// TestRequestExamplesRun sends every operation its spec examples, the way
// Postman and Portman build requests from a spec: path, query and header
// parameters from their examples, the body from the request body's example,
// the demo key of the operation's generation. Each goes to a fresh mock with
// its demo data and must get the operation's success status: an example that
// names an id the demo data lacks, or a field its objects do not have, fails
// here, naming the operation.
func TestRequestExamplesRun(t *testing.T) {
	t.Parallel()
	doc, ops := specOperations(t)
	for _, op := range ops {
		t.Run(op.ID, func(t *testing.T) {
			t.Parallel()
			req, err := exampleRequest(doc, op)
			if err != nil {
				t.Fatal(err)
			}
			srv := mockserver.StartInProcess(t, mockserver.Options{})
			req.URL, _ = url.Parse(srv.URL + req.URL.String())
			if op.Generation == apispec.Legacy {
				req.Header.Set("x-api-key", mockserver.DemoKeyLegacy)
			} else {
				req.Header.Set("Authorization", "Bearer "+mockserver.DemoKeyFull)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != op.SuccessStatus() {
				t.Errorf("%s %s with the spec's examples: %d, want %d: %s", req.Method, req.URL.Path, resp.StatusCode, op.SuccessStatus(), body)
			}
		})
	}
}

// exampleRequest builds the request the spec's examples describe, with a path
// relative to the host root.
func exampleRequest(doc *openapi3.T, op apispec.Operation) (*http.Request, error) {
	path := op.Path
	query := url.Values{}
	header := http.Header{}
	for _, p := range apispec.Parameters(doc, op) {
		ex, ok := parameterExample(p)
		if !ok {
			if p.Required {
				return nil, fmt.Errorf("required %s parameter %s has no example", p.In, p.Name)
			}
			continue
		}
		switch p.In {
		case "path":
			path = strings.ReplaceAll(path, "{"+p.Name+"}", url.PathEscape(ex))
		case "query":
			query.Set(p.Name, ex)
		case "header":
			header.Set(p.Name, ex)
		}
	}
	var body io.Reader
	if rb := op.Op.RequestBody; rb != nil && rb.Value != nil {
		mt := rb.Value.Content.Get("application/json")
		if mt == nil || mt.Example == nil {
			return nil, fmt.Errorf("the request body has no example")
		}
		b, err := json.Marshal(mt.Example)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(b)
		header.Set("Content-Type", "application/json")
	}
	u := path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequest(op.Method, u, body)
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	return req, nil
}

// parameterExample is a parameter's example as it goes on the wire: the
// parameter's own, else its schema's.
func parameterExample(p *openapi3.Parameter) (string, bool) {
	ex := p.Example
	if ex == nil && p.Schema != nil && p.Schema.Value != nil {
		ex = p.Schema.Value.Example
	}
	if ex == nil {
		return "", false
	}
	return fmt.Sprint(ex), true
}
