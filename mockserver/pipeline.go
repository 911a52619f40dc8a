package mockserver

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/breakcold-go/breakcold/client"
	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/internal/specdata"
)

// responseWriter records the status and, once the limiter has spoken, stamps the
// X-RateLimit-* headers at WriteHeader time, overriding whatever the generated
// response types set (they declare the headers but cannot know their values).
// For the journal it keeps the header map and up to keep bytes of the body.
type responseWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
	limits *decision
	keep   int         // how many body bytes the journal keeps; 0: none
	hdr    http.Header // the header map as written
	body   []byte
	lazy   func([]byte) []byte // builds the body again, instead of body (writeLazy)
	size   int64
}

func (w *responseWriter) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote, w.status = true, code
	// Taken before the status is written: net/http hands out a copy after.
	h := w.Header()
	if w.limits != nil {
		// Canonical keys, set directly: these three are written on every answer.
		h["X-Ratelimit-Limit"] = limitHeader(w.limits.Limit)
		h["X-Ratelimit-Remaining"] = headerInt(w.limits.Remaining)
		h["X-Ratelimit-Reset"] = headerInt(w.limits.Reset)
	}
	w.hdr = h
	w.ResponseWriter.WriteHeader(code)
}

func (w *responseWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	if room := w.keep - len(w.body); room > 0 {
		w.body = append(w.body, b[:min(room, len(b))]...)
	}
	w.size += int64(len(b))
	return w.ResponseWriter.Write(b)
}

// headerInts holds the header values of the small numbers the rate-limit headers
// carry, made once, so that stamping them allocates nothing. net/http only reads
// a header's values, so answers may share them.
var headerInts = sync.OnceValue(func() [][]string {
	out := make([][]string, 1024)
	for i := range out {
		out[i] = []string{strconv.Itoa(i)}
	}
	return out
})

// headerInt is n as a header value.
func headerInt(n int) []string {
	if n >= 0 && n < 1024 {
		return headerInts()[n]
	}
	return []string{strconv.Itoa(n)}
}

// lastLimit is the last X-RateLimit-Limit value above headerInts' range: a
// window's limit is the same on every answer, so it is made once, not per answer.
var lastLimit atomic.Pointer[limitValue]

type limitValue struct {
	n int
	v []string
}

// limitHeader is headerInt for a window's limit.
func limitHeader(n int) []string {
	if n >= 0 && n < 1024 {
		return headerInts()[n]
	}
	if l := lastLimit.Load(); l != nil && l.n == n {
		return l.v
	}
	l := &limitValue{n: n, v: []string{strconv.Itoa(n)}}
	lastLimit.Store(l)
	return l.v
}

// writeLazy writes b, a buffer the caller reuses, and, when the journal would
// keep all of it, tells the journal how to build the same bytes again instead
// of keeping a copy: a page of 50 leads is 50 KB, and copying every page was
// the journal's largest cost. build must append exactly b to its argument and
// read only what no one changes (cached item encodings).
func (w *responseWriter) writeLazy(b []byte, build func([]byte) []byte) (int, error) {
	if len(w.body) == 0 && w.lazy == nil && len(b) <= w.keep {
		if !w.wrote {
			w.WriteHeader(http.StatusOK)
		}
		w.lazy = build
		w.size += int64(len(b))
		return w.ResponseWriter.Write(b)
	}
	return w.Write(b)
}

func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// pipeline runs, in order: body cap, authentication (401), rate limit (429),
// injected faults, scopes (403), schema validation (400), then the handler.
// bound says next takes the parsed query and the decoded body from the request's
// state (a binder), so the defaults validation added need not be put back into
// the request.
func (s *Server) pipeline(op *specdata.Operation, next http.Handler, bound bool) http.Handler {
	var pathParams []string
	for _, p := range op.Params {
		if p.In == "path" {
			pathParams = append(pathParams, p.Name)
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := stateOf(r.Context())
		st.op, st.gen, st.procedure = op, op.Generation, op.Procedure
		rw, ok := w.(*responseWriter)
		if !ok {
			rw = &responseWriter{ResponseWriter: w}
		}
		body, e := readBody(r, s.opts.MaxBodyBytes, rw)
		st.reqBody = body
		if e != nil {
			s.writeErr(rw, r, e)
			return
		}
		key, e := s.authenticate(r, st)
		if e != nil {
			if st.gen == client.GenerationCurrent {
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
		var ws string
		if s.opts.LimitProfile == ProfileMultiLevel && st.gen == client.GenerationCurrent {
			params := make(map[string]string, len(pathParams))
			for _, name := range pathParams {
				params[name] = r.PathValue(name)
			}
			ws = s.requestWorkspace(r, params, pathParams)
		}
		d := s.limiter.take(s.budgets(st, ws), s.clock.Now())
		rw.limits = &d
		if !d.Allowed {
			// The current API's documented message, word for word; Retry-After and
			// retryAfterMs carry the wait.
			e := errorf(http.StatusTooManyRequests, bc.ErrorCodeRateLimited, "Public API rate limit exceeded")
			if st.gen == client.GenerationLegacy {
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
			if !slices.Contains(key.Scopes, client.Scope(scope)) {
				s.writeErr(rw, r, forbidden("API key lacks scope %q, which %s needs", scope, op.ID))
				return
			}
		}
		// An API key belongs to one organization; the optional header may only repeat it.
		if org := r.Header.Get("X-Breakcold-Organization-Id"); org != "" && st.gen == client.GenerationCurrent && org != key.OrgID {
			s.writeErr(rw, r, forbidden("X-Breakcold-Organization-Id %q is not the API key's organization", org))
			return
		}
		decoded, e := strictInput(r, op, body)
		if e != nil {
			s.writeErr(rw, r, e)
			return
		}
		in, problems := specdata.Check(r, op, body, decoded)
		if len(problems) > 0 {
			s.writeErr(rw, r, validationError(problems))
			return
		}
		st.input = in
		if !bound {
			in.Put(r) // the generated handler parses the query and decodes the body itself
		}
		next.ServeHTTP(rw, r)
	})
}
