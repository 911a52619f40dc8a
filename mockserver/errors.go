package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/breakcold-go/breakcold/client"
	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/internal/specdata"
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
func writeError(w http.ResponseWriter, gen client.Generation, procedure, requestID string, e *apiError) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	if e.Status == http.StatusTooManyRequests {
		h.Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	var body any
	if gen == client.GenerationLegacy {
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

// writeErr writes an error in the request's envelope, with the rate-limit headers of
// its principal (or of a fresh window when there is none).
//
// An answer given before authentication (413, a path not in its clean form, no
// route) draws on no window, but with a valid key it carries that key's window as
// it stands, and the journal names the key.
func (s *Server) writeErr(w http.ResponseWriter, r *http.Request, e *apiError) {
	st := stateOf(r.Context())
	if rw, ok := w.(*responseWriter); ok && rw.limits == nil {
		s.identify(r, st)
		d := s.describeLimits(st)
		rw.limits = &d
	}
	writeError(w, st.gen, st.procedure, st.id, e)
}

// noRoute answers paths and methods no operation serves: 405 when another method of
// the path exists, else 404, in the envelope of the path's generation.
//
// A request with a valid key is not counted, but its answer carries that user's
// window as it stands (and the journal its key), not a fresh window's.
func (s *Server) noRoute(w http.ResponseWriter, r *http.Request) {
	s.identify(r, stateOf(r.Context()))
	if allowed := allowedMethods(s.mux, r); len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		s.writeErr(w, r, errorf(http.StatusMethodNotAllowed, bc.ErrorCodeMethodNotAllowed, "%s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, strings.Join(allowed, ", ")))
		return
	}
	s.writeErr(w, r, errorf(http.StatusNotFound, bc.ErrorCodeNotFound, "no operation serves %s %s", r.Method, r.URL.Path))
}

// bindError answers parameter-binding and body-decoding failures of the generated code.
func (s *Server) bindError(w http.ResponseWriter, r *http.Request, err error) {
	e := asAPIError(err)
	if e.Status == http.StatusInternalServerError {
		e = &apiError{Status: http.StatusBadRequest, Code: bc.ErrorCodeInvalidRequest, Message: err.Error()}
	}
	s.writeErr(w, r, e)
}

// handlerError answers the errors handlers return.
func (s *Server) handlerError(w http.ResponseWriter, r *http.Request, err error) {
	e := asAPIError(err)
	if e.Status >= 500 {
		s.opts.Logger.Error("handler error", "request", stateOf(r.Context()).id, "error", err)
	}
	s.writeErr(w, r, e)
}

// validationError turns the validator's findings into a 400 that names each field.
func validationError(problems []specdata.Problem) *apiError {
	details := make([]bc.ErrorDetail, 0, len(problems))
	msgs := make([]string, 0, len(problems))
	for _, p := range problems {
		details = append(details, bc.ErrorDetail{Field: p.Field, Message: p.Message})
		msgs = append(msgs, p.Field+": "+p.Message)
	}
	return &apiError{Status: http.StatusBadRequest, Code: bc.ErrorCodeInvalidRequest, Message: strings.Join(msgs, "; "), Details: details}
}
