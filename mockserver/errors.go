package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/breakcold-go/breakcold/apispec"
	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

// apiError is an error the mock answers with. Handlers return it; writeError turns it
// into the generation's wire envelope. It is the only place envelopes are built.
type apiError struct {
	Status  int
	Code    bc.ErrorCode // current-API code; the legacy code is derived from Status
	Message string
	Details []bc.ErrorDetail
	// RetryAfter is set on 429s.
	RetryAfter int
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

func errorf(status int, code bc.ErrorCode, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

func invalid(field, format string, args ...any) *apiError {
	msg := fmt.Sprintf(format, args...)
	return &apiError{
		Status: http.StatusBadRequest, Code: bc.ErrorCodeInvalidRequest,
		Message: field + ": " + msg, Details: []bc.ErrorDetail{{Field: field, Message: msg}},
	}
}

func notFound(kind, id string) *apiError {
	return errorf(http.StatusNotFound, bc.ErrorCodeNotFound, "%s %q not found", kind, id)
}

func conflict(format string, args ...any) *apiError {
	return errorf(http.StatusConflict, bc.ErrorCodeConflict, format, args...)
}

func forbidden(format string, args ...any) *apiError {
	return errorf(http.StatusForbidden, bc.ErrorCodeForbidden, format, args...)
}

// asAPIError maps any error to an apiError; anything unexpected is a 500.
func asAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errorf(http.StatusRequestEntityTooLarge, bc.ErrorCodePayloadTooLarge, "request body exceeds %d bytes", mbe.Limit)
	}
	return errorf(http.StatusInternalServerError, bc.ErrorCodeInternalError, "internal error: %v", err)
}

var legacyCodes = map[int]bc.LegacyErrorCode{
	http.StatusBadRequest:            bc.BADREQUEST,
	http.StatusUnauthorized:          bc.UNAUTHORIZED,
	http.StatusForbidden:             bc.FORBIDDEN,
	http.StatusNotFound:              bc.NOTFOUND,
	http.StatusMethodNotAllowed:      bc.METHODNOTSUPPORTED,
	http.StatusConflict:              bc.CONFLICT,
	http.StatusRequestEntityTooLarge: bc.PAYLOADTOOLARGE,
	http.StatusUnsupportedMediaType:  bc.UNSUPPORTEDMEDIATYPE,
	http.StatusTooManyRequests:       bc.TOOMANYREQUESTS,
	http.StatusServiceUnavailable:    bc.SERVICEUNAVAILABLE,
}

var currentCodes = map[int]bc.ErrorCode{
	http.StatusBadRequest:            bc.ErrorCodeInvalidRequest,
	http.StatusUnauthorized:          bc.ErrorCodeUnauthorized,
	http.StatusForbidden:             bc.ErrorCodeForbidden,
	http.StatusNotFound:              bc.ErrorCodeNotFound,
	http.StatusMethodNotAllowed:      bc.ErrorCodeMethodNotAllowed,
	http.StatusConflict:              bc.ErrorCodeConflict,
	http.StatusRequestEntityTooLarge: bc.ErrorCodePayloadTooLarge,
	http.StatusUnsupportedMediaType:  bc.ErrorCodeUnsupportedMediaType,
	http.StatusTooManyRequests:       bc.ErrorCodeRateLimited,
	http.StatusServiceUnavailable:    bc.ErrorCodeServiceUnavailable,
}

// statusError builds the apiError for a bare status, as fault injection needs.
func statusError(status int) *apiError {
	code, ok := currentCodes[status]
	if !ok {
		code = bc.ErrorCodeInternalError
	}
	return errorf(status, code, "%s (injected fault)", http.StatusText(status))
}

// writeError writes e in the envelope of the request's API generation. procedure is the
// legacy procedure name (data.path); requestID goes into the current envelope.
func writeError(w http.ResponseWriter, gen apispec.Generation, procedure, requestID string, e *apiError) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	if e.Status == http.StatusTooManyRequests {
		h.Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	var body any
	if gen == apispec.Legacy {
		code, ok := legacyCodes[e.Status]
		if !ok {
			code = bc.INTERNALSERVERERROR
		}
		var le bc.LegacyErrorEnvelope
		le.Message, le.Code = e.Message, code
		le.Data.Code, le.Data.HTTPStatus, le.Data.Path = code, e.Status, procedure
		body = le
	} else {
		var ce bc.ErrorEnvelope
		ce.Error.Code, ce.Error.Message, ce.Error.RequestID = e.Code, e.Message, requestID
		if len(e.Details) > 0 {
			d := e.Details
			ce.Error.Details = &d
		}
		if e.Status == http.StatusTooManyRequests {
			ms := int64(e.RetryAfter) * 1000
			ce.Error.RetryAfterMs = &ms
		}
		body = ce
	}
	w.WriteHeader(e.Status)
	_ = json.NewEncoder(w).Encode(body)
}
