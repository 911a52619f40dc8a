package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Sentinels for errors.Is. An *Error matches the one its status maps to;
// ErrWrongCredential and ErrRateLimited also mark errors raised before sending.
var (
	ErrInvalidRequest  = errors.New("client: invalid request")  // 400, 413, 415, 422
	ErrUnauthorized    = errors.New("client: unauthorized")     // 401
	ErrForbidden       = errors.New("client: forbidden")        // 403
	ErrNotFound        = errors.New("client: not found")        // 404
	ErrConflict        = errors.New("client: conflict")         // 409
	ErrRateLimited     = errors.New("client: rate limited")     // 429, or a spent window with pacing on
	ErrServer          = errors.New("client: server error")     // 5xx
	ErrWrongCredential = errors.New("client: wrong credential") // key of the other generation; nothing sent
	// ErrUnexpectedResponse marks a 2xx answer the spec does not allow: an
	// undeclared status, a body that is not JSON, a missing required property or
	// a value of the wrong JSON type. It is an *UnexpectedResponseError.
	ErrUnexpectedResponse = errors.New("client: unexpected response")
)

// Error is a non-2xx answer from either API generation. Callers match it with
// errors.As, or match its kind with errors.Is and the sentinels above.
type Error struct {
	Operation  string // the spec's operationId, e.g. getRecord
	StatusCode int    // HTTP status
	Code       string // ErrorCode (current API) or LegacyErrorCode (legacy API); empty when the body did not parse
	Message    string // the server's message, or the raw body text when it did not parse
	RequestID  string // current API only
	Procedure  string // legacy API only: the failing procedure, e.g. lead.delete
	Details    []ErrorDetail
	RetryAfter time.Duration // how long the server asked to wait; 0 when it did not say
	RateLimit  RateLimit     // the response's rate-limit headers
	Body       []byte        // the raw response body
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "client: %s: %d", e.Operation, e.StatusCode)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	} else if t := http.StatusText(e.StatusCode); t != "" {
		fmt.Fprintf(&b, " %s", strings.ToLower(t))
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	for _, d := range e.Details {
		if detail := d.Field + ": " + d.Message; !strings.Contains(e.Message, detail) {
			fmt.Fprintf(&b, "; %s", detail)
		}
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request %s)", e.RequestID)
	}
	return b.String()
}

// Is reports whether target is the sentinel for e's status.
func (e *Error) Is(target error) bool {
	s := sentinel(e.StatusCode)
	return s != nil && s == target
}

func sentinel(status int) error {
	switch status {
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity:
		return ErrInvalidRequest
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusForbidden:
		return ErrForbidden
	case http.StatusNotFound:
		return ErrNotFound
	case http.StatusConflict:
		return ErrConflict
	case http.StatusTooManyRequests:
		return ErrRateLimited
	}
	if status >= 500 {
		return ErrServer
	}
	return nil
}

// maxMessage caps how much of an unparsed body goes into Message.
const maxMessage = 512

// newError is the one place a non-2xx response becomes an error. It reads either
// generation's envelope; any other body becomes the message as text, so the status
// is never lost.
func newError(op string, status int, header http.Header, body []byte) *Error {
	now := time.Now()
	e := &Error{
		Operation:  op,
		StatusCode: status,
		Body:       body,
		RateLimit:  parseRateLimit(header, now),
	}
	var cur ErrorEnvelope
	var leg LegacyErrorEnvelope
	switch {
	case json.Unmarshal(body, &cur) == nil && cur.Error.Code != "":
		e.Code, e.Message, e.RequestID = string(cur.Error.Code), cur.Error.Message, cur.Error.RequestID
		if cur.Error.Details != nil {
			e.Details = *cur.Error.Details
		}
		if ms := cur.Error.RetryAfterMs; ms != nil {
			e.RetryAfter = time.Duration(*ms) * time.Millisecond
		}
	case json.Unmarshal(body, &leg) == nil && leg.Code != "":
		e.Code, e.Message, e.Procedure = string(leg.Code), leg.Message, leg.Data.Path
	default:
		e.Message = text(body)
	}
	if d, ok := retryAfter(header, now); ok {
		e.RetryAfter = d
	}
	return e
}

// text is body as a one-line message, cut to maxMessage bytes.
func text(body []byte) string {
	s := strings.Join(strings.Fields(string(bytes.ToValidUTF8(body, []byte("?")))), " ")
	if len(s) <= maxMessage {
		return s
	}
	cut := maxMessage
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// UnexpectedResponseError is a success status whose answer the spec does not
// allow, so that a changed or broken server is an error where it happens rather
// than a zero value far from the cause. It matches ErrUnexpectedResponse with
// errors.Is. WithStrictResponses(false) turns the check off.
type UnexpectedResponseError struct {
	Operation  string      // the spec's operationId, e.g. getRecord
	StatusCode int         // the status received
	Problem    string      // what is wrong, e.g. `$.record.id: missing required property "id" of Record`
	Header     http.Header // the answer's headers
	Body       []byte      // the raw body
}

func (e *UnexpectedResponseError) Error() string {
	return fmt.Sprintf("client: %s: unexpected %d response: %s", e.Operation, e.StatusCode, e.Problem)
}

// Is reports whether target is ErrUnexpectedResponse.
func (e *UnexpectedResponseError) Is(target error) bool { return target == ErrUnexpectedResponse }

// refusal is an error raised by the client itself, before or instead of sending.
// It matches its kind with errors.Is.
type refusal struct {
	kind error
	msg  string
}

func (r *refusal) Error() string { return r.msg }
func (r *refusal) Unwrap() error { return r.kind }
