package contracttest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/breakcold-go/breakcold/apispec"
)

// Validator checks requests and responses against the Breakcold spec, for a target
// served at the given base URLs (scheme and host, such as http://127.0.0.1:8080 or
// https://http.us.breakcold.com; the spec's paths carry /api/v1 and /rest).
type Validator struct {
	doc    *openapi3.T
	router routers.Router
	ops    map[*openapi3.Operation]apispec.Operation
}

// NewValidator builds a validator for targets at baseURLs.
func NewValidator(baseURLs ...string) (*Validator, error) {
	if len(baseURLs) == 0 {
		return nil, errors.New("contracttest: NewValidator needs at least one base URL")
	}
	doc, err := apispec.Load()
	if err != nil {
		return nil, err
	}
	ops, err := apispec.Operations(doc)
	if err != nil {
		return nil, err
	}
	doc.Servers = nil
	for _, u := range baseURLs {
		doc.Servers = append(doc.Servers, &openapi3.Server{URL: strings.TrimRight(u, "/")})
	}
	for _, item := range doc.Paths.Map() {
		item.Servers = nil // the legacy paths' own host: the target serves every path
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("contracttest: router: %w", err)
	}
	v := &Validator{doc: doc, router: router, ops: map[*openapi3.Operation]apispec.Operation{}}
	for _, op := range ops {
		v.ops[doc.Paths.Value(op.Path).GetOperation(op.Method)] = op
	}
	return v, nil
}

// Spec is the validator's copy of the spec.
func (v *Validator) Spec() *openapi3.T { return v.doc }

// Find returns the spec operation a request is for.
func (v *Validator) Find(req *http.Request) (apispec.Operation, *routers.Route, map[string]string, error) {
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		return apispec.Operation{}, nil, nil, fmt.Errorf("no operation in the spec serves %s %s: %w", req.Method, req.URL.Path, err)
	}
	return v.ops[route.Operation], route, params, nil
}

var options = &openapi3filter.Options{
	AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
	IncludeResponseStatus: true,
	MultiError:            true,
}

// CheckRequest validates a request against its operation. It reads and restores the
// body.
func (v *Validator) CheckRequest(req *http.Request) error {
	_, route, params, err := v.Find(req)
	if err != nil {
		return err
	}
	return openapi3filter.ValidateRequest(req.Context(), &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route, Options: options,
	})
}

// CheckResponse validates a response (status, headers, content type and body) against
// the operation of the request that produced it.
func (v *Validator) CheckResponse(req *http.Request, status int, header http.Header, body []byte) error {
	_, route, params, err := v.Find(req)
	if err != nil {
		return err
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: options},
		Status:                 status,
		Header:                 header,
		Options:                options,
	}
	in.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(context.WithoutCancel(req.Context()), in)
}

// Violation is one request or response that breaks the spec.
type Violation struct {
	Operation string // operationId, or "" when no operation matched
	Method    string
	URL       string
	Status    int    // 0 for request violations
	Kind      string // "request" or "response"
	Err       error
}

func (x Violation) String() string {
	op := x.Operation
	if op == "" {
		op = "(no operation)"
	}
	if x.Kind == "request" {
		return fmt.Sprintf("%s: request %s %s breaks the spec: %v", op, x.Method, x.URL, x.Err)
	}
	return fmt.Sprintf("%s: response %d to %s %s breaks the spec: %v", op, x.Status, x.Method, x.URL, x.Err)
}

// Transport is an http.RoundTripper that checks every request an app sends and every
// response it gets against the spec, reporting violations without changing traffic.
// Put it under the client of an app's own tests to catch drift from Breakcold's API.
type Transport struct {
	Validator *Validator
	// Base sends the requests; nil means http.DefaultTransport.
	Base http.RoundTripper
	// Report is called for each violation; nil collects them for Violations.
	Report func(Violation)

	mu         sync.Mutex
	violations []Violation
}

// Violations returns what was collected when Report is nil.
func (t *Transport) Violations() []Violation {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Violation(nil), t.violations...)
}

func (t *Transport) report(x Violation) {
	if t.Report != nil {
		t.Report(x)
		return
	}
	t.mu.Lock()
	t.violations = append(t.violations, x)
	t.mu.Unlock()
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	op, _, _, findErr := t.Validator.Find(req)
	if findErr != nil {
		t.report(Violation{Method: req.Method, URL: req.URL.String(), Kind: "request", Err: findErr})
		return base.RoundTrip(req)
	}
	// Validate a copy so the request sent is exactly the one given.
	check := req.Clone(req.Context())
	if req.Body != nil && req.GetBody != nil {
		if b, err := req.GetBody(); err == nil {
			check.Body = b
		}
	}
	if req.Body == nil || req.GetBody != nil {
		if err := t.Validator.CheckRequest(check); err != nil {
			t.report(Violation{Operation: op.ID, Method: req.Method, URL: req.URL.String(), Kind: "request", Err: err})
		}
	}
	resp, err := base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err := t.Validator.CheckResponse(check, resp.StatusCode, resp.Header, body); err != nil {
		t.report(Violation{Operation: op.ID, Method: req.Method, URL: req.URL.String(), Status: resp.StatusCode, Kind: "response", Err: err})
	}
	return resp, nil
}
