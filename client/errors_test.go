package client

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestErrorMapping(t *testing.T) {
	t.Parallel()
	sentinels := []error{ErrInvalidRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict, ErrRateLimited, ErrServer, ErrWrongCredential}
	tests := []struct {
		name   string
		legacy bool // call a legacy operation instead of a current one
		status int
		body   string
		ctype  string
		want   error // the one sentinel the error must match; nil for none
		check  func(t *testing.T, e *Error)
	}{
		{name: "current 400", status: 400, want: ErrInvalidRequest,
			body: `{"error":{"code":"invalid_request","message":"Invalid body","requestId":"req_1","details":[{"field":"workspaceId","message":"is required"}]}}`,
			check: func(t *testing.T, e *Error) {
				wantFields(t, e, "invalid_request", "Invalid body", "req_1", "")
				if want := []ErrorDetail{{Field: "workspaceId", Message: "is required"}}; !slices.Equal(e.Details, want) {
					t.Errorf("Details = %+v, want %+v", e.Details, want)
				}
			}},
		{name: "current 401", status: 401, want: ErrUnauthorized,
			body:  `{"error":{"code":"unauthorized","message":"Invalid API key","requestId":"req_2"}}`,
			check: func(t *testing.T, e *Error) { wantFields(t, e, "unauthorized", "Invalid API key", "req_2", "") }},
		{name: "current 403", status: 403, want: ErrForbidden,
			body: `{"error":{"code":"forbidden","message":"Missing scope records:read","requestId":"req_3"}}`},
		{name: "current 404", status: 404, want: ErrNotFound,
			body:  `{"error":{"code":"not_found","message":"Record not found","requestId":"req_4"}}`,
			check: func(t *testing.T, e *Error) { wantFields(t, e, "not_found", "Record not found", "req_4", "") }},
		{name: "current 409", status: 409, want: ErrConflict,
			body: `{"error":{"code":"conflict","message":"Slug taken","requestId":"req_5"}}`},
		{name: "current 413", status: 413, want: ErrInvalidRequest,
			body: `{"error":{"code":"payload_too_large","message":"Too large","requestId":"req_6"}}`},
		{name: "current 429 with retryAfterMs", status: 429, want: ErrRateLimited,
			body: `{"error":{"code":"rate_limited","message":"Slow down","requestId":"req_7","retryAfterMs":12000}}`,
			check: func(t *testing.T, e *Error) {
				if e.RetryAfter != 12*time.Second {
					t.Errorf("RetryAfter = %v, want 12s", e.RetryAfter)
				}
			}},
		{name: "current 500", status: 500, want: ErrServer,
			body: `{"error":{"code":"internal_error","message":"boom","requestId":"req_8"}}`},
		{name: "legacy 400", legacy: true, status: 400, want: ErrInvalidRequest,
			body:  `{"message":"name is required","code":"BAD_REQUEST","data":{"code":"BAD_REQUEST","httpStatus":400,"path":"tag.create"}}`,
			check: func(t *testing.T, e *Error) { wantFields(t, e, "BAD_REQUEST", "name is required", "", "tag.create") }},
		{name: "legacy 401", legacy: true, status: 401, want: ErrUnauthorized,
			body: `{"message":"Invalid API key","code":"UNAUTHORIZED","data":{"code":"UNAUTHORIZED","httpStatus":401,"path":"tag.list"}}`},
		{name: "legacy 404", legacy: true, status: 404, want: ErrNotFound,
			body:  `{"message":"Lead not found","code":"NOT_FOUND","data":{"code":"NOT_FOUND","httpStatus":404,"path":"lead.get"}}`,
			check: func(t *testing.T, e *Error) { wantFields(t, e, "NOT_FOUND", "Lead not found", "", "lead.get") }},
		{name: "legacy 409", legacy: true, status: 409, want: ErrConflict,
			body: `{"message":"exists","code":"CONFLICT","data":{"code":"CONFLICT","httpStatus":409,"path":"tag.create"}}`},
		{name: "legacy 429", legacy: true, status: 429, want: ErrRateLimited,
			body: `{"message":"Too many requests","code":"TOO_MANY_REQUESTS","data":{"code":"TOO_MANY_REQUESTS","httpStatus":429,"path":"tag.list"}}`},
		{name: "legacy 503", legacy: true, status: 503, want: ErrServer,
			body: `{"message":"down","code":"SERVICE_UNAVAILABLE","data":{"code":"SERVICE_UNAVAILABLE","httpStatus":503,"path":"tag.list"}}`},
		{name: "text/plain 502 keeps status and text", status: 502, ctype: "text/plain; charset=utf-8", want: ErrServer,
			body:  "upstream connect error\n",
			check: func(t *testing.T, e *Error) { wantFields(t, e, "", "upstream connect error", "", "") }},
		{name: "malformed JSON 404 keeps status", status: 404, want: ErrNotFound, body: `{"error":`,
			check: func(t *testing.T, e *Error) { wantFields(t, e, "", `{"error":`, "", "") }},
		{name: "empty 418 matches no sentinel", status: http.StatusTeapot, ctype: "text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			headers := append([]string{"Content-Type", cmp.Or(tt.ctype, "application/json")}, rateHeaders(60, 7, 30)...)
			h := reply(tt.status, tt.body, headers...)
			op, err := "getRecord", error(nil)
			if tt.legacy {
				op = "legacyListTags"
				_, _, err = newTestLegacy(t, plainKey, h, WithRetryPolicy(RetryPolicy{})).ListTags(t.Context())
			} else {
				_, _, err = newTestClient(t, plainKey, h, WithRetryPolicy(RetryPolicy{})).GetRecord(t.Context(), "rec_1")
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v (%T), want *Error", err, err)
			}
			if e.StatusCode != tt.status || e.Operation != op || string(e.Body) != tt.body {
				t.Errorf("got status %d, operation %q, body %q; want %d, %q, %q", e.StatusCode, e.Operation, e.Body, tt.status, op, tt.body)
			}
			if e.RateLimit.Limit != 60 || e.RateLimit.Remaining != 7 {
				t.Errorf("RateLimit = %+v, want limit 60, remaining 7", e.RateLimit)
			}
			for _, s := range sentinels {
				if got, want := errors.Is(err, s), s == tt.want; got != want {
					t.Errorf("errors.Is(err, %v) = %v, want %v", s, got, want)
				}
			}
			if !strings.HasPrefix(err.Error(), "client: "+op+": ") {
				t.Errorf("message %q lacks the prefix %q", err, "client: "+op+": ")
			}
			if tt.check != nil {
				tt.check(t, e)
			}
		})
	}
}

func wantFields(t *testing.T, e *Error, code, message, requestID, procedure string) {
	t.Helper()
	got := []string{e.Code, e.Message, e.RequestID, e.Procedure}
	want := []string{code, message, requestID, procedure}
	if !slices.Equal(got, want) {
		t.Errorf("code, message, request id, procedure = %q, want %q", got, want)
	}
}

func TestErrorMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Operation: "getRecord", StatusCode: 404, Code: "not_found", Message: "Record not found", RequestID: "req_1"},
			"client: getRecord: 404 not_found: Record not found (request req_1)"},
		{&Error{Operation: "createRecord", StatusCode: 400, Code: "invalid_request", Message: "Invalid body",
			Details: []ErrorDetail{{Field: "workspaceId", Message: "is required"}}},
			"client: createRecord: 400 invalid_request: Invalid body; workspaceId: is required"},
		{&Error{Operation: "createRecord", StatusCode: 400, Code: "invalid_request", Message: "workspaceId: is required",
			Details: []ErrorDetail{{Field: "workspaceId", Message: "is required"}}},
			"client: createRecord: 400 invalid_request: workspaceId: is required"},
		{&Error{Operation: "legacyGetLead", StatusCode: 502, Message: "upstream down"},
			"client: legacyGetLead: 502 bad gateway: upstream down"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestSuccessBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		status  int
		ctype   string
		body    string
		wantErr string // substring; empty means success
	}{
		{name: "documented status", status: 200, ctype: "application/json", body: recordJSON},
		{name: "JSON without a JSON content type", status: 200, ctype: "text/plain", body: recordJSON},
		{name: "other 2xx than the spec declares", status: 201, ctype: "application/json", body: recordJSON,
			wantErr: "client: getRecord: unexpected 201 response: the spec declares 200"},
		{name: "malformed body", status: 200, ctype: "application/json", body: `{"record":`,
			wantErr: `client: getRecord: unexpected 200 response: $.record: invalid JSON: unexpected end at byte 10`},
		{name: "empty object", status: 200, ctype: "application/json", body: `{}`,
			wantErr: `client: getRecord: unexpected 200 response: $: missing required property "record" of RecordEnvelope`},
		{name: "wrong JSON type inside", status: 200, ctype: "application/json", body: strings.Replace(recordJSON, `"createdAt":1`, `"createdAt":"1"`, 1),
			wantErr: `client: getRecord: unexpected 200 response: $.record.createdAt: want integer, got string (Timestamp)`},
		{name: "a fraction where an integer is due", status: 200, ctype: "application/json", body: strings.Replace(recordJSON, `"createdAt":1`, `"createdAt":1.5`, 1),
			wantErr: `$.record.createdAt: want integer, got number`},
		{name: "null where the spec does not allow it", status: 200, ctype: "application/json", body: strings.Replace(recordJSON, `"displayName":"Ada"`, `"displayName":null`, 1),
			wantErr: `$.record.displayName: want string, got null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newTestClient(t, plainKey, reply(tt.status, tt.body, "Content-Type", tt.ctype))
			rec, _, err := c.GetRecord(t.Context(), "rec_1")
			if tt.wantErr != "" {
				var u *UnexpectedResponseError
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.As(err, &u) || string(u.Body) != tt.body {
					t.Fatalf("err = %v, want an *UnexpectedResponseError with the body, containing %q", err, tt.wantErr)
				}
				if rec != nil {
					t.Errorf("returned %v beside the error, want nil", rec)
				}
				return
			}
			if err != nil || rec.ID != "rec_1" || rec.DisplayName != "Ada" {
				t.Fatalf("GetRecord = %+v, %v; want record rec_1 named Ada", rec, err)
			}
		})
	}
}
