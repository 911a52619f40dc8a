package mockserver

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/breakcold-go/breakcold/apispec"
	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

// JournalEntry is one request as the journal remembers it. Keys appear by prefix.
type JournalEntry struct {
	Time       time.Time          `json:"time"` // on the mock's clock
	RequestID  string             `json:"requestId"`
	Method     string             `json:"method"`
	Path       string             `json:"path"`
	Operation  string             `json:"operation,omitempty"`
	Generation apispec.Generation `json:"generation,omitempty"`
	Region     Region             `json:"region"`
	KeyPrefix  string             `json:"keyPrefix,omitempty"`
	Status     int                `json:"status"` // 0: the connection was dropped by a fault
	DurationUS int64              `json:"durationMicros"`
}

type journal struct {
	mu      sync.Mutex
	entries []JournalEntry
	next    int
	full    bool
}

func newJournal(size int) *journal { return &journal{entries: make([]JournalEntry, size)} }

func (j *journal) add(e JournalEntry) {
	j.mu.Lock()
	j.entries[j.next] = e
	j.next = (j.next + 1) % len(j.entries)
	j.full = j.full || j.next == 0
	j.mu.Unlock()
}

// list returns entries oldest first that match the filter.
func (j *journal) list(keep func(JournalEntry) bool) []JournalEntry {
	j.mu.Lock()
	defer j.mu.Unlock()
	var ordered []JournalEntry
	if j.full {
		ordered = append(ordered, j.entries[j.next:]...)
	}
	ordered = append(ordered, j.entries[:j.next]...)
	out := []JournalEntry{}
	for _, e := range ordered {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}

func (j *journal) clear() {
	j.mu.Lock()
	clear(j.entries)
	j.next, j.full = 0, false
	j.mu.Unlock()
}

// record logs the request and adds it to the journal.
func (s *Server) record(r *http.Request, st *reqState, status int, took time.Duration) {
	if st.op == nil && !isAPIPath(r.URL.Path) {
		return // control API calls are logged by the control handler
	}
	e := JournalEntry{
		Time: s.clock.Now(), RequestID: st.id, Method: r.Method, Path: r.URL.Path,
		Generation: st.gen, Region: st.region, Status: status, DurationUS: took.Microseconds(),
	}
	if st.op != nil {
		e.Operation = st.op.ID
	}
	if st.key != nil {
		e.KeyPrefix = st.key.Prefix
	}
	s.journal.add(e)
	s.opts.Logger.Info("request", "id", e.RequestID, "region", e.Region, "method", e.Method, "path", e.Path,
		"operation", e.Operation, "key", e.KeyPrefix, "status", e.Status, "took", took.Round(time.Microsecond))
}

func isAPIPath(p string) bool {
	_, ok := apispec.GenerationOf(p)
	return ok
}

// Fault makes the next Count requests that match it fail or slow down. Empty
// KeyPrefix or Operation match any.
type Fault struct {
	ID        int    `json:"id"`
	KeyPrefix string `json:"keyPrefix,omitempty"`
	Operation string `json:"operation,omitempty"`
	Status    int    `json:"status,omitempty"`    // answer with this status, in the API's envelope
	LatencyMS int    `json:"latencyMs,omitempty"` // wait this long first
	Drop      bool   `json:"drop,omitempty"`      // close the connection without answering
	Count     int    `json:"count"`               // how many requests it still applies to
}

type faultSet struct {
	mu     sync.Mutex
	faults []*Fault
	nextID int
}

func (f *faultSet) add(x Fault) Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	x.ID = f.nextID
	if x.Count <= 0 {
		x.Count = 1
	}
	f.faults = append(f.faults, &x)
	return x
}

// take returns the first fault matching the request and uses one of its counts.
func (f *faultSet) take(keyPrefix, operation string) (Fault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, x := range f.faults {
		if (x.KeyPrefix == "" || x.KeyPrefix == keyPrefix) && (x.Operation == "" || x.Operation == operation) {
			x.Count--
			if x.Count == 0 {
				f.faults = append(f.faults[:i], f.faults[i+1:]...)
			}
			return *x, true
		}
	}
	return Fault{}, false
}

func (f *faultSet) list() []Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := []Fault{}
	for _, x := range f.faults {
		out = append(out, *x)
	}
	return out
}

func (f *faultSet) clear() {
	f.mu.Lock()
	f.faults = nil
	f.mu.Unlock()
}

// applyFault carries out a matching fault; it reports whether the request is done.
func (s *Server) applyFault(w *responseWriter, r *http.Request, st *reqState, d decision) bool {
	fault, ok := s.faults.take(st.key.Prefix, st.op.ID)
	if !ok {
		return false
	}
	if fault.LatencyMS > 0 {
		select {
		case <-time.After(time.Duration(fault.LatencyMS) * time.Millisecond):
		case <-r.Context().Done():
			return true
		}
	}
	if fault.Drop {
		panic(http.ErrAbortHandler) // net/http closes the connection without a response
	}
	if fault.Status == 0 {
		return false
	}
	e := statusError(fault.Status)
	if fault.Status == http.StatusTooManyRequests {
		e.RetryAfter = max(d.Reset, 1)
	}
	s.writeErr(w, r, e)
	return true
}

// controlHandler serves the control API under ControlPrefix.
func (s *Server) controlHandler() http.Handler {
	m := http.NewServeMux()
	p := ControlPrefix
	m.HandleFunc("GET "+p+"/health", s.ctlHealth)
	m.HandleFunc("GET "+p+"/ready", s.ctlHealth)
	m.HandleFunc("POST "+p+"/reset", func(w http.ResponseWriter, r *http.Request) {
		if err := s.Reset(); err != nil {
			ctlError(w, asAPIError(err))
			return
		}
		s.opts.Logger.Info("control: reset")
		ctlJSON(w, http.StatusOK, map[string]any{"reset": true})
	})
	m.HandleFunc("POST "+p+"/seed", func(w http.ResponseWriter, r *http.Request) {
		var seed Seed
		if !ctlDecode(w, r, &seed) {
			return
		}
		if err := s.LoadSeed(&seed); err != nil {
			ctlError(w, asAPIError(err))
			return
		}
		ctlJSON(w, http.StatusOK, map[string]any{"loaded": true, "keys": s.keys.count()})
	})
	m.HandleFunc("GET "+p+"/principals", func(w http.ResponseWriter, r *http.Request) {
		ctlJSON(w, http.StatusOK, s.principals())
	})
	m.HandleFunc("GET "+p+"/keys", func(w http.ResponseWriter, r *http.Request) {
		ctlJSON(w, http.StatusOK, map[string]any{"keys": s.keys.list()})
	})
	m.HandleFunc("POST "+p+"/keys", func(w http.ResponseWriter, r *http.Request) {
		var spec KeySpec
		if !ctlDecode(w, r, &spec) {
			return
		}
		key, secret, err := s.CreateKey(spec)
		if err != nil {
			ctlError(w, asAPIError(err))
			return
		}
		s.opts.Logger.Info("control: key created", "key", key.Prefix, "name", key.Name, "generation", key.Generation, "user", key.UserID)
		ctlJSON(w, http.StatusCreated, map[string]any{"key": key, "secret": secret})
	})
	m.HandleFunc("DELETE "+p+"/keys/{prefix}", func(w http.ResponseWriter, r *http.Request) {
		n := s.RevokeKey(r.PathValue("prefix"))
		if n == 0 {
			ctlError(w, notFound("active key with prefix", r.PathValue("prefix")))
			return
		}
		ctlJSON(w, http.StatusOK, map[string]any{"revoked": n})
	})
	m.HandleFunc("GET "+p+"/clock", func(w http.ResponseWriter, r *http.Request) {
		ctlJSON(w, http.StatusOK, map[string]any{"now": s.clock.Now()})
	})
	m.HandleFunc("POST "+p+"/clock/advance", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Seconds float64 `json:"seconds"`
		}
		if !ctlDecode(w, r, &body) {
			return
		}
		if body.Seconds <= 0 {
			ctlError(w, invalid("seconds", "must be positive"))
			return
		}
		now := s.clock.Advance(time.Duration(body.Seconds * float64(time.Second)))
		s.opts.Logger.Info("control: clock advanced", "seconds", body.Seconds, "now", now)
		ctlJSON(w, http.StatusOK, map[string]any{"now": now})
	})
	m.HandleFunc("GET "+p+"/faults", func(w http.ResponseWriter, r *http.Request) {
		ctlJSON(w, http.StatusOK, map[string]any{"faults": s.faults.list()})
	})
	m.HandleFunc("POST "+p+"/faults", func(w http.ResponseWriter, r *http.Request) {
		var f Fault
		if !ctlDecode(w, r, &f) {
			return
		}
		if f.Status != 0 && (f.Status < 400 || f.Status > 599) {
			ctlError(w, invalid("status", "must be a 4xx or 5xx status"))
			return
		}
		if f.Status == 0 && f.LatencyMS <= 0 && !f.Drop {
			ctlError(w, invalid("status", "a fault needs a status, latencyMs or drop"))
			return
		}
		if f.LatencyMS < 0 || f.LatencyMS > 120_000 {
			ctlError(w, invalid("latencyMs", "must be between 0 and 120000"))
			return
		}
		if f.Operation != "" && !s.hasOperation(f.Operation) {
			ctlError(w, invalid("operation", "no operation %q in the spec", f.Operation))
			return
		}
		f = s.faults.add(f)
		s.opts.Logger.Info("control: fault added", "id", f.ID, "key", f.KeyPrefix, "operation", f.Operation, "status", f.Status, "count", f.Count)
		ctlJSON(w, http.StatusCreated, f)
	})
	m.HandleFunc("DELETE "+p+"/faults", func(w http.ResponseWriter, r *http.Request) {
		s.faults.clear()
		ctlJSON(w, http.StatusOK, map[string]any{"cleared": true})
	})
	m.HandleFunc("GET "+p+"/journal", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		status, _ := strconv.Atoi(q.Get("status"))
		entries := s.journal.list(func(e JournalEntry) bool {
			return (q.Get("operation") == "" || e.Operation == q.Get("operation")) &&
				(q.Get("key") == "" || e.KeyPrefix == q.Get("key")) &&
				(status == 0 || e.Status == status)
		})
		ctlJSON(w, http.StatusOK, map[string]any{"entries": entries})
	})
	m.HandleFunc("DELETE "+p+"/journal", func(w http.ResponseWriter, r *http.Request) {
		s.journal.clear()
		ctlJSON(w, http.StatusOK, map[string]any{"cleared": true})
	})
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		ctlError(w, errorf(http.StatusNotFound, bc.ErrorCodeNotFound, "no control endpoint %s %s; see the README's control API table", r.Method, r.URL.Path))
	})
	return m
}

func (s *Server) hasOperation(id string) bool {
	for _, op := range s.ops {
		if op.ID == id {
			return true
		}
	}
	return false
}

func (s *Server) ctlHealth(w http.ResponseWriter, r *http.Request) {
	s.store.mu.RLock()
	records, leads := s.store.records.len(), s.store.leads.len()
	s.store.mu.RUnlock()
	ctlJSON(w, http.StatusOK, map[string]any{
		"status": "ok", "version": s.opts.Version, "now": s.clock.Now(),
		"keys": s.keys.count(), "records": records, "leads": leads, "operations": len(s.ops),
	})
}

func ctlJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func ctlError(w http.ResponseWriter, e *apiError) {
	writeError(w, apispec.Current, "", "control", e)
}

func ctlDecode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(io.LimitReader(r.Body, 64<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		ctlError(w, invalid("body", "%v", err))
		return false
	}
	return true
}
