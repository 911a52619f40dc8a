package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"
)

// result turns one call of a generated ClientInterface method into the success
// body or an error. Every wrapped operation goes through it.
//
// It takes the raw *http.Response rather than the generated XxxWithResponse
// result because the generated Parse functions return (nil, err) on a body that
// does not match its declared type, losing the status (oapi-codegen #2149). Here a
// non-2xx status becomes an *Error before any typed parsing, so the status and raw
// body always survive; parse (the generated ParseXxxResponse) only sees 2xx
// answers, and pick (its GetJSON2xx method) takes the documented body from them.
// A 204 or an empty body is not expected: every operation documents a JSON body.
func result[R, T any](resp *http.Response, err error, parse func(*http.Response) (*R, error), pick func(R) *T) (*T, error) {
	op := operationID[R]()
	if err != nil {
		return nil, fmt.Errorf("client: %s: %w", op, err)
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("client: %s: read %d response: %w", op, resp.StatusCode, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, newError(op, resp, body)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	r, err := parse(resp)
	if err != nil {
		return nil, fmt.Errorf("client: %s: decode %d response: %w; body: %s", op, resp.StatusCode, err, text(body))
	}
	v := pick(*r)
	if v == nil {
		// Another 2xx than the documented one (the spec infers most statuses),
		// or a JSON body without a JSON content type: accept the documented shape.
		v = new(T)
		if err := json.Unmarshal(body, v); err != nil {
			return nil, fmt.Errorf("client: %s: decode %d response with content type %q: %w; body: %s",
				op, resp.StatusCode, resp.Header.Get("Content-Type"), err, text(body))
		}
	}
	return v, nil
}

// deref unwraps result's pointer for operations whose body is a bare array.
func deref[T any](v *T, err error) (T, error) {
	if err != nil {
		var zero T
		return zero, err
	}
	return *v, nil
}

// operationID names the operation whose generated response type is R: the
// generator names GetRecordResponse after the spec's operationId getRecord.
func operationID[R any]() string {
	name := strings.TrimSuffix(reflect.TypeFor[R]().Name(), "Response")
	r, size := utf8.DecodeRuneInString(name)
	return string(unicode.ToLower(r)) + name[size:]
}

// orZero copies *p, or makes the zero value when p is nil: list methods take nil
// parameters, and the iterators copy what they are given.
func orZero[P any](p *P) P {
	if p == nil {
		var zero P
		return zero
	}
	return *p
}

// unwrap returns the single field of a generated envelope, such as the Record of
// RecordEnvelope{Record}. The envelopes differ only in that field's name, which
// generics cannot abstract over; the type assertion fails loudly if the first
// field is ever not T, and TestEveryOperation calls every operation.
func unwrap[T, E any](env *E, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	return reflect.ValueOf(env).Elem().Field(0).Addr().Interface().(*T), nil
}
