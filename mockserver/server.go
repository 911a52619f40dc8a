package mockserver

import (
	"context"
	"fmt"
	"net/http"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/breakcold-go/breakcold/client"
	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/internal/specdata"
)

// ControlPrefix is the reserved path prefix of the control API. It is outside the
// spec and never collides with Breakcold's paths.
const ControlPrefix = "/_mock"

// VersionHeader announces the mock's version on every response.
const VersionHeader = "X-Breakcold-Mock-Version"

// Server is a mock of both Breakcold API generations with its state, keys, clock and
// rate limiter. Serve Handler(US) and Handler(EU) on two listeners to mirror the two
// regions; both also serve the legacy API and the control API.
type Server struct {
	opts Options
	// reqIDs numbers the requests: a request id is the server's random prefix
	// and this count, unique without asking the system for randomness per request.
	reqPrefix string
	// versionHeader is the value of VersionHeader on every answer.
	versionHeader []string
	userBudgets   *sync.Map // user id → its rate-limit window key (Server.userBudget)
	reqIDs        *atomic.Uint64
	// ops are the spec's operations, prepared when the code was generated (package
	// specdata), by "METHOD /path/{pattern}": nothing of the spec is decoded at
	// start-up.
	ops     map[string]*specdata.Operation
	clock   *clock
	keys    *keyRegistry
	limiter *limiter
	store   *store
	faults  *faultSet
	journal *journal
	outbox  *outbox
	mux     *http.ServeMux
	control http.Handler
	// changes counts changes of the state; saver, set with Options.StateFile,
	// writes it (state.go).
	changes *atomic.Uint64
	saver   *stateSaver
	// seedIDs, set only on the scratch server that builds a seed's state, makes the
	// ids a seed leaves out the same on every load (swap.go).
	seedIDs *idSource
	// streamsDone ends the journal streams when closeStreams closes it: a
	// stream never ends by itself, and a listener waits for its requests.
	streamsDone  chan struct{}
	closeStreams func()
}

// New builds a server from opts and loads its initial data: the demo dataset unless
// opts.Seed or opts.Empty say otherwise.
func New(opts Options) (*Server, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	s := &Server{
		reqPrefix: newID("req_")[:4+requestPrefixLen], reqIDs: new(atomic.Uint64), versionHeader: []string{opts.Version}, userBudgets: new(sync.Map),
		opts:    opts,
		ops:     make(map[string]*specdata.Operation, len(specdata.Operations)),
		clock:   &clock{base: opts.Now},
		keys:    newKeyRegistry(),
		limiter: newLimiter(opts.RateWindow),
		store:   newStore(),
		faults:  &faultSet{},
		journal: newJournal(opts.JournalSize, opts.JournalBytes),

		streamsDone: make(chan struct{}),
		changes:     new(atomic.Uint64),
	}
	for i := range specdata.Operations {
		op := &specdata.Operations[i]
		s.ops[op.Method+" "+op.Path] = op
	}
	s.closeStreams = sync.OnceFunc(func() { close(s.streamsDone) })
	s.mux = http.NewServeMux()
	h := &handlers{s: s}
	si := bc.NewStrictHandlerWithOptions(h, nil, bc.StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  s.bindError,
		ResponseErrorHandlerFunc: s.handlerError,
	})
	router := &opRouter{s: s, replace: binders(si, h, s.bindError, s.handlerError)}
	bc.HandlerWithOptions(si, bc.StdHTTPServerOptions{BaseRouter: router, ErrorHandlerFunc: s.bindError})
	if router.err != nil {
		return nil, router.err
	}
	if missing := router.missing(); len(missing) > 0 {
		return nil, fmt.Errorf("mockserver: generated handler lacks operations %v", missing)
	}
	s.mux.HandleFunc("/", s.noRoute)
	s.control = s.controlHandler()
	s.outbox = newOutbox(s)
	if err := s.outbox.reset(opts.Webhooks, len(opts.Webhooks), false); err != nil {
		return nil, err
	}
	if err := s.loadInitial(); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler serves one region: the current API for keys of that region, the legacy
// API, and the control API.
func (s *Server) Handler(region Region) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.serve(w, r, region)
	})
}

// opRouter is the ServeMux the generated code registers its handlers on. It wraps
// each in the pipeline of the operation it serves, so routing happens once.
type opRouter struct {
	s       *Server
	seen    map[string]bool
	err     error
	replace map[string]http.HandlerFunc // routes served by a binder (binders.go) instead
}

func (o *opRouter) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	op := o.s.ops[pattern]
	if op == nil {
		o.err = fmt.Errorf("mockserver: generated route %q is not in the spec", pattern)
		return
	}
	if o.seen == nil {
		o.seen = map[string]bool{}
	}
	o.seen[pattern] = true
	if err := o.s.checkOwners(op); err != nil {
		o.err = err
		return
	}
	b, bound := o.replace[pattern]
	if bound {
		h = b
	}
	o.s.mux.Handle(pattern, o.s.pipeline(op, http.HandlerFunc(h), bound))
}

func (o *opRouter) ServeHTTP(w http.ResponseWriter, r *http.Request) { o.s.mux.ServeHTTP(w, r) }

func (o *opRouter) missing() []string {
	var out []string
	for p := range o.s.ops {
		if !o.seen[p] {
			out = append(out, p)
		}
	}
	return out
}

// ctxKey carries the request's state to handlers.
type ctxKey struct{}

// reqState is what the pipeline learns about a request.
type reqState struct {
	id        string
	region    Region
	gen       client.Generation
	op        *specdata.Operation
	key       *Key
	keyPrefix string // the display prefix of the credential sent, valid or not
	procedure string
	authTried bool   // authenticate ran, whatever it found
	fault     int    // the id of the injected fault that answered, if one did
	query     string // the raw query as sent
	reqBody   []byte
	input     specdata.Input  // what validation parsed: the query and the JSON body
	budget    [1]budget       // the simple profile's one window, without an allocation
	resp      *responseWriter // the journal's view of the answer
}

func stateOf(ctx context.Context) *reqState {
	st, _ := ctx.Value(ctxKey{}).(*reqState)
	if st == nil {
		return &reqState{}
	}
	return st
}

// serve is the outermost layer: request id, version header, panic recovery, the
// journal, and dispatch to the control API or the API mux.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, region Region) {
	start := time.Now()
	// The query as sent: validation fills in defaults.
	st := &reqState{id: s.requestID(), region: region, query: r.URL.RawQuery}
	st.gen, _ = specdata.GenerationOf(r.URL.Path)
	if st.gen == "" {
		st.gen = client.GenerationCurrent
	}
	r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, st))
	rw := &responseWriter{ResponseWriter: w}
	st.resp = rw
	rw.Header()[VersionHeader] = s.versionHeader // canonical already; net/http only reads it
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				s.record(r, st, 0, time.Since(start))
				panic(p)
			}
			s.opts.Logger.Error("handler panic", "request", st.id, "panic", p)
			if !rw.wrote {
				s.writeErr(rw, r, errorf(http.StatusInternalServerError, bc.ErrorCodeInternalError, "internal error"))
			}
		}
		s.record(r, st, rw.status, time.Since(start))
	}()
	if r.URL.Path == ControlPrefix || strings.HasPrefix(r.URL.Path, ControlPrefix+"/") {
		s.control.ServeHTTP(rw, r)
		return
	}
	rw.keep = s.opts.JournalBodyBytes
	if p := r.URL.Path; !isCleanPath(p) && cleanPath(p) != p {
		// ServeMux would answer an unclean path (/api/v1/./records, //x) with a
		// text/html redirect; the API answers 404 in its envelope.
		s.writeErr(rw, r, errorf(http.StatusNotFound, bc.ErrorCodeNotFound, "no operation serves %s %s", r.Method, r.URL.Path))
		return
	}
	s.mux.ServeHTTP(rw, r)
}

// cleanPath is the canonical form of a request path, as net/http's ServeMux
// computes it before redirecting: cleaned, with a trailing slash kept.
func cleanPath(p string) string {
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if p[len(p)-1] == '/' && np != "/" {
		np += "/"
	}
	return np
}

// isCleanPath reports, without allocating, that cleanPath would leave p as it
// is: it starts with a slash and has no empty, "." or ".." segment (a trailing
// slash aside). A path it doubts goes to cleanPath.
func isCleanPath(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	start := 1 // of the current segment
	for i := 1; i <= len(p); i++ {
		if i < len(p) && p[i] != '/' {
			continue
		}
		if seg := p[start:i]; seg == "." || seg == ".." || seg == "" && i < len(p) {
			return false
		}
		start = i + 1
	}
	return true
}

// requestPrefixLen is how many random characters start a server's request ids;
// the other 30 - requestPrefixLen count its requests in base 32.
const requestPrefixLen = 18

// requestID is the next request's id: req_ and 30 characters, as every id of
// the mock, the last of them a count of the server's requests.
func (s *Server) requestID() string {
	const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
	var b [4 + 30]byte
	n := copy(b[:], s.reqPrefix)
	for i, v := len(b)-1, s.reqIDs.Add(1); i >= n; i, v = i-1, v>>5 {
		b[i] = alphabet[v&31]
	}
	return string(b[:])
}
