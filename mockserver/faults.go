package mockserver

import (
	"net/http"
	"sync"
	"time"
)

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

// AddFault adds a fault, as POST /_mock/faults does, and returns it with its id.
func (s *Server) AddFault(f Fault) (Fault, error) {
	switch {
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return Fault{}, invalid("status", "must be a 4xx or 5xx status")
	case f.Status == 0 && f.LatencyMS <= 0 && !f.Drop:
		return Fault{}, invalid("status", "a fault needs a status, latencyMs or drop")
	case f.LatencyMS < 0 || f.LatencyMS > 120_000:
		return Fault{}, invalid("latencyMs", "must be between 0 and 120000")
	case f.Operation != "" && !s.hasOperation(f.Operation):
		return Fault{}, invalid("operation", "no operation %q in the spec", f.Operation)
	}
	f = s.faults.add(f)
	s.opts.Logger.Info("fault added", "id", f.ID, "key", f.KeyPrefix, "operation", f.Operation, "status", f.Status, "count", f.Count)
	return f, nil
}

// Faults lists the faults still waiting for requests, as GET /_mock/faults does.
func (s *Server) Faults() []Fault { return s.faults.list() }

// ClearFaults removes every fault, as DELETE /_mock/faults does.
func (s *Server) ClearFaults() { s.faults.clear() }

func (s *Server) hasOperation(id string) bool {
	for _, op := range s.ops {
		if op.ID == id {
			return true
		}
	}
	return false
}

// applyFault carries out a matching fault; it reports whether the request is done.
func (s *Server) applyFault(w *responseWriter, r *http.Request, st *reqState, d decision) bool {
	fault, ok := s.faults.take(st.key.Prefix, st.op.ID)
	if !ok {
		return false
	}
	st.fault = fault.ID
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
