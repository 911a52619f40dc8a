package mockserver

import (
	"crypto/subtle"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/internal/specdata"
)

// The control API's front door. Every control route, whoever registers it, passes
// through guardControl: clean paths, 405 with Allow, capped bodies, refusal of
// cross-origin browsers, and the control token when one is set.

const (
	// controlMaxBody caps control-API bodies; a seed may be larger (seedMaxBody).
	controlMaxBody = 64 << 10
	seedMaxBody    = 64 << 20
)

// ctlRouter is where control routes are registered (a controlMux).
type ctlRouter interface {
	HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request))
}

// controlMux is the control API's ServeMux; it remembers its patterns for the
// index that GET /_mock answers.
type controlMux struct {
	*http.ServeMux
	patterns []string
}

func newControlMux() *controlMux { return &controlMux{ServeMux: http.NewServeMux()} }

func (m *controlMux) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	m.ServeMux.HandleFunc(pattern, h)
	if strings.Contains(pattern, " ") {
		m.patterns = append(m.patterns, pattern)
	}
}

// openControl lists the calls that need no control token: probes and documents.
var openControl = []string{"/health", "/ready", "/openapi.json", "/openapi.yaml"}

// guardControl wraps the control mux in the checks every control call passes.
func (s *Server) guardControl(m *controlMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; cleanPath(p) != p {
			// ServeMux would redirect with a text/html 307.
			ctlError(w, errorf(http.StatusNotFound, bc.ErrorCodeNotFound, "no control endpoint %s %s (the path is not in its clean form)", r.Method, p))
			return
		}
		if e := crossOrigin(r); e != nil {
			ctlError(w, e)
			return
		}
		sub := strings.TrimPrefix(r.URL.Path, ControlPrefix)
		if s.opts.ControlToken != "" && !slices.Contains(openControl, sub) && !s.controlTokenOK(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="breakcold-mock control"`)
			// A browser on the inspector page asks for the token as a password.
			w.Header().Add("WWW-Authenticate", `Basic realm="breakcold-mock control", charset="UTF-8"`)
			ctlError(w, unauthorized("the control API needs its token: Authorization: Bearer <token> (or the token as the password of basic auth)"))
			return
		}
		if _, pattern := m.Handler(r); pattern == "/" {
			if allowed := allowedMethods(m.ServeMux, r); len(allowed) > 0 {
				w.Header().Set("Allow", strings.Join(allowed, ", "))
				ctlError(w, errorf(http.StatusMethodNotAllowed, bc.ErrorCodeMethodNotAllowed, "%s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, strings.Join(allowed, ", ")))
				return
			}
		}
		if r.Body != nil {
			limit := int64(controlMaxBody)
			if sub == "/seed" {
				limit = seedMaxBody
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		m.ServeHTTP(w, r)
	})
}

// crossOrigin refuses what a web page in a browser could send: requests its
// browser marks cross-site, requests from another origin, and state-changing
// requests with a body type an HTML form or a no-CORS fetch can send. Tools
// (curl, Go clients) send none of these headers and pass.
func crossOrigin(r *http.Request) *apiError {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return forbidden("the control API refuses cross-site browser requests (Sec-Fetch-Site: %s)", r.Header.Get("Sec-Fetch-Site"))
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host == "" || u.Host != r.Host {
			return forbidden("the control API refuses requests from another origin (Origin: %s)", o)
		}
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return errorf(http.StatusUnsupportedMediaType, bc.ErrorCodeUnsupportedMediaType, "the control API takes application/json bodies, not %q", ct)
		}
	}
	return nil
}

func (s *Server) controlTokenOK(r *http.Request) bool {
	token := ""
	if _, pass, ok := r.BasicAuth(); ok {
		token = pass
	} else if scheme, t, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok && strings.EqualFold(scheme, "Bearer") {
		token = t
	}
	return subtle.ConstantTimeCompare([]byte(token), []byte(s.opts.ControlToken)) == 1
}

// allowedMethods lists the methods some route of mux serves at r's path.
func allowedMethods(mux *http.ServeMux, r *http.Request) []string {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "/" && pattern != "" {
			allowed = append(allowed, m)
		}
	}
	return allowed
}

// ctlIndex answers GET /_mock: the control API's calls, for people and tools.
func (s *Server) ctlIndex(m *controlMux) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		calls := slices.Clone(m.patterns)
		slices.SortFunc(calls, func(a, b string) int {
			_, pa, _ := strings.Cut(a, " ")
			_, pb, _ := strings.Cut(b, " ")
			return strings.Compare(pa+" "+a, pb+" "+b)
		})
		ctlJSON(w, http.StatusOK, map[string]any{
			"version": s.opts.Version, "calls": calls, "tokenRequired": s.opts.ControlToken != "",
			"docs": "go doc github.com/breakcold-go/breakcold/mockserver",
		})
	}
}

// specJSON and specYAML are the embedded spec, as tools pointed at the mock fetch it.
var (
	specJSON = func() ([]byte, error) { return []byte(specdata.DocumentJSON), nil }
	specYAML = func() ([]byte, error) { return []byte(specdata.DocumentYAML), nil }
)

func ctlSpec(ctype string, load func() ([]byte, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := load()
		if err != nil {
			ctlError(w, asAPIError(err))
			return
		}
		w.Header().Set("Content-Type", ctype)
		_, _ = w.Write(b)
	}
}

// ctlBodyError is the answer to a control body that cannot be read: 413 past the
// cap, else 400.
func ctlBodyError(err error) *apiError {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return asAPIError(mbe)
	}
	return invalid("body", "%v", err)
}
