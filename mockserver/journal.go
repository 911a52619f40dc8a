package mockserver

import (
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/internal/specdata"
)

// JournalEntry is one request as the journal remembers it. Keys appear by prefix.
type JournalEntry struct {
	Time       time.Time         `json:"time"` // on the mock's clock
	RequestID  string            `json:"requestId"`
	Method     string            `json:"method"`
	Path       string            `json:"path"`
	Operation  string            `json:"operation,omitempty"`
	Generation client.Generation `json:"generation,omitempty"`
	Region     Region            `json:"region"`
	KeyPrefix  string            `json:"keyPrefix,omitempty"`
	Status     int               `json:"status"` // 0: the connection was dropped by a fault
	DurationUS int64             `json:"durationMicros"`
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

// record logs the request and adds it to the journal. Every request is logged;
// every one but control-API calls, which are the test's own bookkeeping, is
// journaled. Keys in paths are shown by prefix. The level follows the outcome:
// 5xx is an error, a dropped connection a warning, the rest info; an answer of an
// injected fault is info, with the fault's id.
func (s *Server) record(r *http.Request, st *reqState, status int, took time.Duration) {
	p := redactKeys(r.URL.Path)
	control := st.op == nil && (p == ControlPrefix || strings.HasPrefix(p, ControlPrefix+"/"))
	e := JournalEntry{
		Time: s.clock.Now(), RequestID: st.id, Method: r.Method, Path: p,
		Region: st.region, Status: status, DurationUS: took.Microseconds(), KeyPrefix: st.keyPrefix,
	}
	if _, ok := specdata.GenerationOf(p); ok {
		e.Generation = st.gen
	}
	if st.op != nil {
		e.Operation = st.op.ID
	}
	if st.key != nil {
		e.KeyPrefix = st.key.Prefix
	}
	if !control {
		s.journal.add(e)
	}
	level := slog.LevelInfo
	switch {
	case st.fault != 0:
		// The test asked for this answer: a CI log scanner must not take it for
		// the mock failing.
	case status >= 500:
		level = slog.LevelError
	case status == 0:
		level = slog.LevelWarn
	}
	msg := "request"
	if control {
		msg = "control request"
	}
	if !s.opts.Logger.Enabled(r.Context(), level) {
		return
	}
	// Typed attributes: a request line is written per request, and boxing eight
	// values into ...any costs as much as formatting them.
	attrs := [...]slog.Attr{slog.String("id", e.RequestID), slog.String("region", string(e.Region)),
		slog.String("method", e.Method), slog.String("path", e.Path), slog.String("operation", e.Operation),
		slog.String("key", e.KeyPrefix), slog.Int("status", e.Status), slog.Float64("duration_ms", ms(took)),
		slog.Int("fault", st.fault)}
	n := len(attrs)
	if st.fault == 0 {
		n-- // most lines: no fault to name
	}
	s.opts.Logger.LogAttrs(r.Context(), level, msg, attrs[:n]...)
}

// JournalFilter picks journal entries, as GET /_mock/journal's query does; its
// zero value picks every entry.
type JournalFilter struct {
	Operation string // an operation id, such as createRecord
	KeyPrefix string // a key's display prefix (Key.Prefix)
	Status    int    // a response status; 0 is any
}

// Journal returns the recorded requests that match f, oldest first.
func (s *Server) Journal(f JournalFilter) []JournalEntry {
	return s.journal.list(func(e JournalEntry) bool {
		return (f.Operation == "" || e.Operation == f.Operation) &&
			(f.KeyPrefix == "" || e.KeyPrefix == f.KeyPrefix) &&
			(f.Status == 0 || e.Status == f.Status)
	})
}

// ClearJournal forgets every recorded request, as DELETE /_mock/journal does.
func (s *Server) ClearJournal() { s.journal.clear() }
