package mockserver

import (
	"encoding/base64"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/internal/specdata"
)

// Journal defaults (Options.JournalSize, JournalBytes, JournalBodyBytes).
const (
	defaultJournalSize      = 1000
	defaultJournalBytes     = 32 << 20
	defaultJournalBodyBytes = 64 << 10
)

// JournalEntry is one request as the journal remembers it. Keys and webhook
// secrets appear by prefix only, in the path, the query, the headers and the
// bodies.
type JournalEntry struct {
	// Seq is the entry's place in the journal: 1 for the first request the mock
	// served, never reused, also across ClearJournal.
	Seq        int64             `json:"seq"`
	Time       time.Time         `json:"time"` // on the mock's clock
	RequestID  string            `json:"requestId"`
	Method     string            `json:"method"`
	Path       string            `json:"path"`
	Query      string            `json:"query,omitempty"` // the raw query, without '?'
	Operation  string            `json:"operation,omitempty"`
	Generation client.Generation `json:"generation,omitempty"`
	Region     Region            `json:"region"`
	KeyPrefix  string            `json:"keyPrefix,omitempty"`
	Status     int               `json:"status"` // 0: the connection was dropped by a fault
	DurationUS int64             `json:"durationMicros"`
	// Fault is the id of the injected fault that answered, 0 when none did.
	Fault int `json:"fault,omitempty"`
	// RateLimit is what the X-RateLimit-* headers said, when the answer had them.
	RateLimit *RateLimit `json:"rateLimit,omitempty"`
	// Request and Response are the messages, headers and bodies; nil in a
	// summary (JournalFilter.Summary).
	Request  *JournalMessage `json:"request,omitempty"`
	Response *JournalMessage `json:"response,omitempty"`
}

// RateLimit is a response's X-RateLimit-* headers.
type RateLimit struct {
	Limit     int `json:"limit"`
	Remaining int `json:"remaining"`
	Reset     int `json:"reset"` // seconds until the window resets
}

// JournalMessage is a request or response as the journal keeps it: its
// headers and up to Options.JournalBodyBytes of its body.
type JournalMessage struct {
	Header http.Header `json:"headers"`
	// Body is the body as text, or in base64 when BodyEncoding says so (a body
	// that is not UTF-8).
	Body         string `json:"body,omitempty"`
	BodyEncoding string `json:"bodyEncoding,omitempty"`
	BodySize     int64  `json:"bodySize"`            // the whole body's size
	Truncated    bool   `json:"truncated,omitempty"` // Body is the first part only
}

// jentry is a journal entry as it is kept: the summary, and the messages as
// the request path left them. Redaction and encoding wait until someone reads
// the entry, so serving a request pays for neither. The header maps are the
// request's and the response's own, which nothing changes once the handler
// has returned.
type jentry struct {
	JournalEntry
	host, proto           string
	reqHeader, respHeader http.Header
	reqBody, respBody     []byte
	respLazy              func([]byte) []byte // builds respBody when the entry is read
	reqSize, respSize     int64
	bytes                 int64 // what the entry counts against Options.JournalBytes
	limits                RateLimit
	hasLimits             bool // limits holds the answer's X-RateLimit-* (a pointer would cost an allocation per request)
}

type journal struct {
	maxBytes int64
	size     int // the most entries it keeps

	mu      sync.Mutex
	entries []jentry // a ring: count entries from head; grows to size as entries come
	head    int
	count   int
	bytes   int64
	seq     int64
	epoch   int           // moves on clear, so a stream knows to start over
	changed chan struct{} // closed on the next add or clear; nil until someone waits
}

// newJournal keeps up to size entries; its ring starts empty and grows as entries
// come, so an idle mock does not hold (and a start-up does not clear) room for
// all of them.
func newJournal(size int, maxBytes int64) *journal {
	return &journal{size: size, maxBytes: maxBytes}
}

// grow doubles the ring, up to size, oldest entry first; j.mu is held.
func (j *journal) grow() {
	ring := make([]jentry, min(j.size, max(16, 2*len(j.entries))))
	for i := range j.count {
		ring[i] = j.entries[(j.head+i)%len(j.entries)]
	}
	j.entries, j.head = ring, 0
}

func (j *journal) add(e jentry) {
	// The client's headers are counted, the mock's own (a handful, short)
	// estimated: walking both maps cost 3 % of a getRecord.
	resp := int64(len(e.respBody))
	if e.respLazy != nil {
		resp = e.respSize // what reading the entry makes
	}
	e.bytes = int64(len(e.reqBody)+respHeaderBytes*len(e.respHeader)) + resp + headerBytes(e.reqHeader)
	j.mu.Lock()
	j.seq++
	e.Seq = j.seq
	if j.count == len(j.entries) {
		if len(j.entries) < j.size {
			j.grow()
		} else {
			j.drop()
		}
	}
	j.entries[(j.head+j.count)%len(j.entries)] = e
	j.count++
	j.bytes += e.bytes
	for j.bytes > j.maxBytes && j.count > 1 {
		j.drop()
	}
	j.wake()
	j.mu.Unlock()
}

// drop forgets the oldest entry; j.mu is held.
func (j *journal) drop() {
	j.bytes -= j.entries[j.head].bytes
	j.entries[j.head] = jentry{}
	j.head = (j.head + 1) % len(j.entries)
	j.count--
}

// wake tells the streams waiting for a change; j.mu is held.
func (j *journal) wake() {
	if j.changed != nil {
		close(j.changed)
		j.changed = nil
	}
}

// respHeaderBytes is what one of the mock's response headers counts against
// Options.JournalBytes: "X-Ratelimit-Remaining: 59" and its like.
const respHeaderBytes = 48

// headerBytes is about what a header map holds: names and values.
func headerBytes(h http.Header) int64 {
	var n int
	for k, vs := range h {
		for _, v := range vs {
			n += len(k) + len(v)
		}
	}
	return int64(n)
}

// each calls f on the entries oldest first, under the lock, until f says stop.
func (j *journal) each(f func(*jentry) bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for i := range j.count {
		if !f(&j.entries[(j.head+i)%len(j.entries)]) {
			return
		}
	}
}

// since returns copies of the entries after seq, the journal's epoch, and a
// channel closed at the next change.
func (j *journal) since(seq int64) ([]jentry, int, <-chan struct{}) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []jentry
	for i := range j.count {
		if e := &j.entries[(j.head+i)%len(j.entries)]; e.Seq > seq {
			out = append(out, *e)
		}
	}
	if j.changed == nil {
		j.changed = make(chan struct{})
	}
	return out, j.epoch, j.changed
}

func (j *journal) clear() {
	j.mu.Lock()
	clear(j.entries)
	j.head, j.count, j.bytes = 0, 0, 0
	j.epoch++
	j.wake()
	j.mu.Unlock()
}

// usage is what the journal holds: entries and bytes.
func (j *journal) usage() (int, int64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.count, j.bytes
}

// record logs the request and adds it to the journal. Every request is logged;
// every one but control-API calls, which are the test's own bookkeeping, is
// journaled. Keys in paths are shown by prefix. The level follows the outcome:
// 5xx is an error, a dropped connection a warning, the rest info; an answer of an
// injected fault is info, with the fault's id.
func (s *Server) record(r *http.Request, st *reqState, status int, took time.Duration) {
	p := redactKeys(r.URL.Path)
	control := st.op == nil && (p == ControlPrefix || strings.HasPrefix(p, ControlPrefix+"/"))
	e := jentry{JournalEntry: JournalEntry{
		Time: s.clock.Now(), RequestID: st.id, Method: r.Method, Path: p, Query: st.query,
		Region: st.region, Status: status, DurationUS: took.Microseconds(), KeyPrefix: st.keyPrefix, Fault: st.fault,
	}}
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
		e.host, e.proto, e.reqHeader = r.Host, r.Proto, r.Header
		e.reqBody, e.reqSize = s.journalBody(st.reqBody), int64(len(st.reqBody))
		if rw := st.resp; rw != nil {
			e.respHeader, e.respBody, e.respLazy, e.respSize = rw.hdr, rw.body, rw.lazy, rw.size
			if d := rw.limits; d != nil && rw.wrote {
				e.limits, e.hasLimits = RateLimit{Limit: d.Limit, Remaining: d.Remaining, Reset: d.Reset}, true
			}
		}
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

// journalBody is the part of a request body the journal keeps. The request's
// own bytes, which nothing changes, unless only a part is kept: then a copy,
// so the whole body is not held for its first part.
func (s *Server) journalBody(b []byte) []byte {
	limit := s.opts.JournalBodyBytes
	switch {
	case limit <= 0 || len(b) == 0:
		return nil
	case len(b) > limit:
		return slices.Clone(b[:limit])
	}
	return b
}

// JournalFilter picks journal entries, as GET /_mock/journal's query does; its
// zero value picks every entry.
type JournalFilter struct {
	Operation string // an operation id, such as createRecord
	KeyPrefix string // a key's display prefix (Key.Prefix)
	Status    int    // a response status; 0 is any
	Method    string // an HTTP method, such as POST
	// Path is a request path, such as /api/v1/records; one that ends in * is a
	// prefix (/api/v1/records/*).
	Path string
	// Limit keeps the most recent Limit matches; 0 keeps all.
	Limit int
	// Summary leaves out the messages (Request and Response).
	Summary bool
}

func (f JournalFilter) match(e *JournalEntry) bool {
	path, prefix := strings.CutSuffix(f.Path, "*")
	return (f.Operation == "" || e.Operation == f.Operation) &&
		(f.KeyPrefix == "" || e.KeyPrefix == f.KeyPrefix) &&
		(f.Status == 0 || e.Status == f.Status) &&
		(f.Method == "" || strings.EqualFold(e.Method, f.Method)) &&
		(f.Path == "" || e.Path == path || prefix && strings.HasPrefix(e.Path, path))
}

// pick returns copies of the entries f matches, oldest first.
func (j *journal) pick(f JournalFilter) []jentry {
	var out []jentry
	j.each(func(e *jentry) bool {
		if f.match(&e.JournalEntry) {
			out = append(out, *e)
		}
		return true
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[len(out)-f.Limit:]
	}
	return out
}

// Journal returns the recorded requests that match f, oldest first, with
// their headers and bodies (secrets by prefix) unless f.Summary.
func (s *Server) Journal(f JournalFilter) []JournalEntry {
	picked := s.journal.pick(f)
	out := make([]JournalEntry, len(picked))
	for i := range picked {
		out[i] = picked[i].view(!f.Summary)
	}
	return out
}

// JournalCount is how many recorded requests match f (f.Limit aside), as
// GET /_mock/journal/count answers: a test asks "was createRecord called
// twice?" in one call, in any language.
func (s *Server) JournalCount(f JournalFilter) int {
	n := 0
	s.journal.each(func(e *jentry) bool {
		if f.match(&e.JournalEntry) {
			n++
		}
		return true
	})
	return n
}

// journalEntry is the entry of a request id, with its messages.
func (s *Server) journalEntry(id string) (JournalEntry, bool) {
	var found *jentry
	s.journal.each(func(e *jentry) bool {
		if e.RequestID == id {
			c := *e
			found = &c
			return false
		}
		return true
	})
	if found == nil {
		return JournalEntry{}, false
	}
	return found.view(true), true
}

// ClearJournal forgets every recorded request, as DELETE /_mock/journal does.
func (s *Server) ClearJournal() { s.journal.clear() }

// view is the entry as the journal shows it: redacted, with its messages when
// detail is set.
func (e *jentry) view(detail bool) JournalEntry {
	v := e.JournalEntry
	v.Query = redactKeys(v.Query)
	if e.hasLimits {
		v.RateLimit = ptr(e.limits)
	}
	if !detail {
		return v
	}
	v.Request = message(e.reqHeader, e.reqBody, e.reqSize)
	if e.respHeader != nil || e.respSize > 0 {
		body := e.respBody
		if body == nil && e.respLazy != nil {
			body = e.respLazy(make([]byte, 0, e.respSize))
		}
		v.Response = message(e.respHeader, body, e.respSize)
	}
	return v
}

func message(h http.Header, body []byte, size int64) *JournalMessage {
	m := &JournalMessage{Header: redactHeader(h), BodySize: size, Truncated: int64(len(body)) < size}
	switch {
	case len(body) == 0:
	case utf8.Valid(body):
		m.Body = redactSecrets(string(body))
	default:
		m.Body, m.BodyEncoding = base64.StdEncoding.EncodeToString(body), "base64"
	}
	return m
}

// credentialHeaders carry a credential whole: only its prefix is shown.
var credentialHeaders = []string{"Authorization", "X-Api-Key", "Proxy-Authorization", "Cookie"}

// redactHeader copies h with every credential shown by its prefix.
func redactHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		c := make([]string, len(vs))
		for i, v := range vs {
			if slices.Contains(credentialHeaders, k) {
				c[i] = redactCredential(v)
			} else {
				c[i] = redactSecrets(v)
			}
		}
		out[k] = c
	}
	return out
}

// redactCredential keeps an authorization scheme and the credential's display
// prefix: "Bearer bc_live_usfull…".
func redactCredential(v string) string {
	scheme, cred, ok := strings.Cut(v, " ")
	if !ok || strings.HasPrefix(v, client.CurrentKeyPrefix) || strings.HasPrefix(v, client.LegacyKeyPrefix) {
		scheme, cred = "", v
	}
	p := strings.TrimSuffix(displayPrefix(strings.TrimSpace(cred)), "…") + "…"
	if scheme == "" {
		return p
	}
	return scheme + " " + p
}

// secretInText finds API keys and webhook secrets in headers and bodies, where
// JSON quotes end them.
var secretInText = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(bc_live_|breakcold-usr-|whsec_)[A-Za-z0-9_\-]*`)
})

// redactSecrets shows each key and webhook secret in s by its prefix only.
func redactSecrets(s string) string {
	if !strings.Contains(s, "bc_live_") && !strings.Contains(s, "breakcold-usr-") && !strings.Contains(s, "whsec_") {
		return s
	}
	return secretInText().ReplaceAllStringFunc(s, func(k string) string {
		if strings.HasPrefix(k, "whsec_") {
			return strings.TrimSuffix(secretPrefix(k), "…") + "…"
		}
		return strings.TrimSuffix(displayPrefix(k), "…") + "…"
	})
}
