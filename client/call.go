package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// request is one operation call as a generated method describes it.
type request struct {
	op         string // the spec's operationId, e.g. getRecord
	method     string
	path       string // with path parameters escaped, e.g. /api/v1/records/rec_1
	query      url.Values
	headers    http.Header
	body       any    // encoded as JSON; nil sends no body
	idempotent bool   // safe to send again after a 5xx or a network error
	status     int    // the success status the spec declares
	shape      *shape // what the spec allows the success body to be
}

// Response is what one call's HTTP exchange said besides its body: every method
// returns it, also with an error when an answer arrived, so that concurrent
// callers each see the request id and rate-limit state of their own call.
type Response struct {
	// StatusCode and Header are those of the last attempt's answer.
	StatusCode int
	Header     http.Header
	// RequestID is the server's id for the request: the X-Request-Id header, or
	// the error envelope's requestId; empty when the server gave none.
	RequestID string
	// RateLimit is what the answer's X-RateLimit-* headers said; its Known method
	// is false when they were absent.
	RateLimit RateLimit
	// Attempts is how many times the request was sent (1 without retries).
	Attempts int
}

// do sends req, with retries, and decodes a 2xx JSON body into out. It is the one
// path every operation takes; a non-2xx answer becomes an *Error here.
func (c *conn) do(ctx context.Context, req *request, out any) (*Response, error) {
	var payload []byte
	if req.body != nil {
		var err error
		if payload, err = json.Marshal(req.body); err != nil {
			return nil, fmt.Errorf("client: %s: encode request body: %w", req.op, err)
		}
	}
	target := c.url(req)
	resp := &Response{}
	for attempt := 1; ; attempt++ {
		if err := c.pace(ctx, req); err != nil {
			return nil, err
		}
		resp.Attempts = attempt
		status, header, body, err := c.send(ctx, req, target, payload)
		if err == nil {
			now := time.Now()
			resp.StatusCode, resp.Header = status, header
			resp.RateLimit = parseRateLimit(header, now)
			resp.RequestID = header.Get("X-Request-Id")
			c.limits.observe(resp.RateLimit)
		}
		wait, reason, again := c.plan(req, status, header, err, attempt)
		if again && !fits(ctx, wait) {
			again = false
		}
		if !again {
			return resp, c.finish(req, resp, body, err, out)
		}
		c.report(ctx, RetryEvent{Operation: req.op, Attempt: attempt, StatusCode: status, Err: err, Delay: wait, Reason: reason})
		if err := sleep(ctx, wait); err != nil {
			return resp, fmt.Errorf("client: %s: %w", req.op, err)
		}
	}
}

// finish turns the last attempt into the method's result.
func (c *conn) finish(req *request, resp *Response, body []byte, err error, out any) error {
	if err != nil {
		if resp.StatusCode == 0 {
			resp.Attempts = max(resp.Attempts, 1)
		}
		return fmt.Errorf("client: %s: %w", req.op, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := newError(req.op, resp.StatusCode, resp.Header, body)
		if resp.RequestID == "" {
			resp.RequestID = e.RequestID
		}
		return e
	}
	unexpected := func(problem string) error {
		return &UnexpectedResponseError{Operation: req.op, StatusCode: resp.StatusCode, Problem: problem, Header: resp.Header, Body: body}
	}
	if c.strict {
		if resp.StatusCode != req.status {
			return unexpected(fmt.Sprintf("the spec declares %d", req.status))
		}
		if p := checkShape(body, req.shape); p != nil {
			return unexpected(p.String())
		}
	}
	if err := json.Unmarshal(body, out); err != nil {
		return unexpected("decode: " + err.Error())
	}
	return nil
}

// send makes one attempt and reads the whole answer, so that the per-attempt
// timeout never cuts a body the caller has not read yet.
func (c *conn) send(ctx context.Context, req *request, target string, payload []byte) (int, http.Header, []byte, error) {
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	hr, err := http.NewRequestWithContext(ctx, req.method, target, body)
	if err != nil {
		return 0, nil, nil, err
	}
	for name, values := range req.headers {
		hr.Header[name] = values
	}
	hr.Header.Set("User-Agent", c.userAgent)
	hr.Header.Set("Accept", "application/json")
	if payload != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if c.legacy {
		hr.Header.Set("x-api-key", string(c.key))
	} else {
		hr.Header.Set("Authorization", "Bearer "+string(c.key))
		if c.orgID != "" {
			hr.Header.Set("X-Breakcold-Organization-Id", c.orgID)
		}
	}
	res, err := c.httpClient.Do(hr)
	if err != nil {
		return 0, nil, nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("read %d response: %w", res.StatusCode, err)
	}
	return res.StatusCode, res.Header, data, nil
}

// url joins the generation's base URL, the path and the query.
func (c *conn) url(req *request) string {
	u := c.base + req.path
	if len(req.query) > 0 {
		u += "?" + req.query.Encode()
	}
	return u
}

// formatValue writes a query, header or path parameter in the spec's form style.
func formatValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float32:
		return strconv.FormatFloat(float64(v), 'f', -1, 32)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case time.Time:
		return v.Format(time.RFC3339Nano)
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(v)
}

// jsonString backs the generated String methods: a model as compact JSON.
func jsonString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%%!(json error: %v)", err)
	}
	return string(b)
}

// Ptr returns a pointer to v, for the optional fields of request types:
//
//	client.RecordUpdate{DisplayName: client.Ptr("Ada Lovelace")}
func Ptr[T any](v T) *T { return &v }

// orZero copies *p, or makes the zero value when p is nil.
func orZero[P any](p *P) P {
	if p == nil {
		var zero P
		return zero
	}
	return *p
}

// trimAPIPrefix strips a trailing /api/v1 or /rest, which the operations' paths
// already start with.
func trimAPIPrefix(p string) string {
	p = strings.TrimSuffix(p, "/")
	for _, prefix := range []string{"/api/v1", "/rest"} {
		p = strings.TrimSuffix(p, prefix)
	}
	return strings.TrimSuffix(p, "/")
}
