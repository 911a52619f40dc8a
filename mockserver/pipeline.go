package mockserver

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/breakcold-go/breakcold/apispec"
	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

// responseWriter records the status and, once the limiter has spoken, stamps the
// X-RateLimit-* headers at WriteHeader time, overriding whatever the generated
// response types set (they declare the headers but cannot know their values).
type responseWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
	limits *decision
}

func (w *responseWriter) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote, w.status = true, code
	if w.limits != nil {
		h := w.Header()
		h.Set("X-RateLimit-Limit", strconv.Itoa(w.limits.Limit))
		h.Set("X-RateLimit-Remaining", strconv.Itoa(w.limits.Remaining))
		h.Set("X-RateLimit-Reset", strconv.Itoa(w.limits.Reset))
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *responseWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// pipeline runs, in order: body cap, authentication (401), rate limit (429),
// injected faults, scopes (403), schema validation (400), then the handler.
func (s *Server) pipeline(op *apispec.Operation, next http.Handler) http.Handler {
	route := &routers.Route{Spec: s.requestSpec, Path: op.Path, PathItem: s.doc.Paths.Value(op.Path), Method: op.Method, Operation: op.Op}
	var pathParams []string
	for _, p := range append(slices.Clone(route.PathItem.Parameters), op.Op.Parameters...) {
		if p.Value != nil && p.Value.In == openapi3.ParameterInPath {
			pathParams = append(pathParams, p.Value.Name)
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := stateOf(r.Context())
		st.op, st.gen, st.procedure = op, op.Generation, op.Procedure
		rw, ok := w.(*responseWriter)
		if !ok {
			rw = &responseWriter{ResponseWriter: w}
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(rw, r.Body, s.opts.MaxBodyBytes)
		}
		key, e := s.authenticate(r, st)
		if e != nil {
			if st.gen == apispec.Current {
				challenge := `Bearer realm="breakcold"`
				if r.Header.Get("Authorization") != "" {
					challenge += `, error="invalid_token"`
				}
				rw.Header().Set("WWW-Authenticate", challenge)
			}
			s.writeErr(rw, r, e)
			return
		}
		st.key = key
		d := s.limiter.take(s.budgets(st, r), s.clock.Now())
		rw.limits = &d
		if !d.Allowed {
			e := errorf(http.StatusTooManyRequests, bc.ErrorCodeRateLimited, "Public API rate limit exceeded; retry in %d seconds", d.Reset)
			if st.gen == apispec.Legacy {
				e.Message = fmt.Sprintf("Too many requests, retry in %d seconds", d.Reset)
			}
			e.RetryAfter = d.Reset
			s.writeErr(rw, r, e)
			return
		}
		if s.applyFault(rw, r, st, d) {
			return
		}
		for _, scope := range op.Scopes {
			if !slices.Contains(key.Scopes, scope) {
				s.writeErr(rw, r, forbidden("API key lacks scope %q, which %s needs", scope, op.ID))
				return
			}
		}
		params := make(map[string]string, len(pathParams))
		for _, name := range pathParams {
			params[name] = r.PathValue(name)
		}
		err := openapi3filter.ValidateRequest(r.Context(), &openapi3filter.RequestValidationInput{
			Request: r, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
		})
		if err != nil {
			s.writeErr(rw, r, validationError(err))
			return
		}
		next.ServeHTTP(rw, r)
	})
}

// authenticate finds the request's key and checks it is usable here. Every failure
// is a 401 whose message says what the API expects; the Bearer API adds
// WWW-Authenticate.
func (s *Server) authenticate(r *http.Request, st *reqState) (*Key, *apiError) {
	var secret string
	var e *apiError
	if st.gen == apispec.Legacy {
		secret, e = legacyCredential(r)
	} else {
		secret, e = bearerCredential(r)
	}
	if e != nil {
		return nil, e
	}
	return s.checkKey(secret, st)
}

func unauthorized(format string, args ...any) *apiError {
	return errorf(http.StatusUnauthorized, bc.ErrorCodeUnauthorized, format, args...)
}

func bearerCredential(r *http.Request) (string, *apiError) {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		if r.Header.Get("x-api-key") != "" {
			return "", unauthorized("this API takes Authorization: Bearer bc_live_… keys; x-api-key (legacy breakcold-usr- keys) works only on the legacy API under /rest")
		}
		return "", unauthorized("missing API key; send Authorization: Bearer bc_live_…")
	}
	scheme, token, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" || strings.ContainsAny(token, " \t") {
		return "", unauthorized("malformed Authorization header; send the word Bearer, one space, then the key")
	}
	if strings.HasPrefix(token, LegacyKeyPrefix) {
		return "", unauthorized("a legacy breakcold-usr- key cannot call the current API; it takes Authorization: Bearer bc_live_… keys")
	}
	if !strings.HasPrefix(token, CurrentKeyPrefix) {
		return "", unauthorized("malformed API key; current-API keys start with bc_live_")
	}
	return token, nil
}

func legacyCredential(r *http.Request) (string, *apiError) {
	key := r.Header.Get("x-api-key")
	if key == "" {
		if strings.HasPrefix(strings.ToLower(r.Header.Get("Authorization")), "bearer ") {
			return "", unauthorized("the legacy API takes x-api-key: breakcold-usr-… keys; Authorization: Bearer works only on the current API under /api/v1")
		}
		return "", unauthorized("missing API key; send x-api-key: breakcold-usr-…")
	}
	if strings.HasPrefix(key, CurrentKeyPrefix) {
		return "", unauthorized("a bc_live_ key cannot call the legacy API; it takes x-api-key: breakcold-usr-… keys")
	}
	if !strings.HasPrefix(key, LegacyKeyPrefix) {
		return "", unauthorized("unknown API key; legacy keys start with breakcold-usr-")
	}
	return key, nil
}

func (s *Server) checkKey(secret string, st *reqState) (*Key, *apiError) {
	k := s.keys.lookup(secret)
	now := s.clock.Now()
	switch {
	case k == nil:
		return nil, unauthorized("unknown API key %s", displayPrefix(secret))
	case k.RevokedAt != nil:
		return nil, unauthorized("API key %s was revoked", k.Prefix)
	case k.ExpiresAt != nil && !now.Before(*k.ExpiresAt):
		return nil, unauthorized("API key %s expired at %s", k.Prefix, k.ExpiresAt.UTC().Format(time.RFC3339))
	case st.gen == apispec.Current && k.Region != st.region:
		return nil, unauthorized("API key %s belongs to the %s region; send it to https://http.%s.breakcold.com", k.Prefix, strings.ToUpper(string(k.Region)), k.Region)
	}
	return k, nil
}

// budgets lists the rate-limit levels a request draws on.
func (s *Server) budgets(st *reqState, r *http.Request) []budget {
	k := st.key
	user := budget{key: "user:" + k.UserID, limit: s.opts.RateLimit}
	if s.opts.LimitProfile != ProfileMultiLevel || st.gen == apispec.Legacy {
		return []budget{user}
	}
	out := []budget{
		{key: "org:" + k.OrgID, limit: 600},
		{key: "user:" + k.UserID, limit: 180},
		{key: "key:" + k.Prefix, limit: 180},
		{key: "route:" + k.OrgID + ":" + st.op.ID, limit: 120},
	}
	if ws := r.URL.Query().Get("workspaceId"); ws != "" {
		out = append(out, budget{key: "ws:" + ws, limit: 300})
	}
	return out
}

// describeLimits gives the headers of a request's principal without drawing on its
// budget; a request with no principal gets a fresh window.
func (s *Server) describeLimits(st *reqState) decision {
	limit := s.opts.RateLimit
	if s.opts.LimitProfile == ProfileMultiLevel && st.gen == apispec.Current {
		limit = 120
	}
	if st.key != nil {
		return s.limiter.peek([]budget{{key: "user:" + st.key.UserID, limit: limit}}, s.clock.Now())
	}
	return decision{Limit: max(limit, 0), Remaining: max(limit, 0), Reset: ceilSeconds(s.opts.RateWindow)}
}

// validationError turns kin-openapi's findings into a 400 that names each field.
func validationError(err error) *apiError {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return asAPIError(mbe)
	}
	var details []bc.ErrorDetail
	collectDetails(err, "", &details)
	if len(details) == 0 {
		details = append(details, bc.ErrorDetail{Field: "request", Message: err.Error()})
	}
	msgs := make([]string, 0, len(details))
	for _, d := range details {
		msgs = append(msgs, d.Field+": "+d.Message)
	}
	return &apiError{Status: http.StatusBadRequest, Code: bc.ErrorCodeInvalidRequest, Message: strings.Join(msgs, "; "), Details: details}
}

func collectDetails(err error, field string, out *[]bc.ErrorDetail) {
	// Match the concrete type first: RequestError unwraps to its cause, so errors.As
	// on the outer error would skip the field name it carries.
	switch e := err.(type) {
	case openapi3.MultiError:
		for _, inner := range e {
			collectDetails(inner, field, out)
		}
		return
	case *openapi3filter.RequestError:
		f := field
		switch {
		case e.Parameter != nil:
			f = e.Parameter.Name
		case e.RequestBody != nil:
			f = "body"
		}
		if e.Err == nil {
			*out = append(*out, bc.ErrorDetail{Field: orDefault(f, "request"), Message: e.Reason})
			return
		}
		collectDetails(e.Err, f, out)
		return
	case *openapi3.SchemaError:
		f := field
		if ptr := e.JSONPointer(); len(ptr) > 0 {
			f = strings.TrimPrefix(f+"."+strings.Join(ptr, "."), ".")
		}
		*out = append(*out, bc.ErrorDetail{Field: orDefault(f, "body"), Message: e.Reason})
		return
	case *openapi3filter.ParseError:
		*out = append(*out, bc.ErrorDetail{Field: orDefault(field, "body"), Message: e.Error()})
		return
	}
	if next := errors.Unwrap(err); next != nil {
		collectDetails(next, field, out)
		return
	}
	*out = append(*out, bc.ErrorDetail{Field: orDefault(field, "request"), Message: err.Error()})
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
