package mockserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// streamHeartbeat is how often a quiet journal stream says it is alive, so
// proxies and browsers keep it open.
const streamHeartbeat = 15 * time.Second

// journalStream serves GET /_mock/journal/stream: Server-Sent Events, an
// "entry" event per journaled request (its summary, id the entry's Seq) after
// ?after= or the Last-Event-ID a reconnecting browser sends, and a "reset"
// event when the journal is cleared. It ends when the client goes, or the
// server closes.
func (s *Server) journalStream(w http.ResponseWriter, r *http.Request) {
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	if id, err := strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64); err == nil {
		after = id
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // a stream outlives the server's write timeout
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	epoch := -1
	beat := time.NewTicker(streamHeartbeat)
	defer beat.Stop()
	for {
		entries, ep, changed := s.journal.since(after)
		if epoch >= 0 && ep != epoch {
			fmt.Fprint(w, "event: reset\ndata: {}\n\n")
			entries, _, _ = s.journal.since(0)
		}
		epoch = ep
		for i := range entries {
			b, _ := json.Marshal(entries[i].view(false))
			fmt.Fprintf(w, "id: %d\nevent: entry\ndata: %s\n\n", entries[i].Seq, b)
			after = entries[i].Seq
		}
		if rc.Flush() != nil {
			return
		}
		select {
		case <-changed:
		case <-beat.C:
			fmt.Fprint(w, ": alive\n\n")
		case <-r.Context().Done():
			return
		case <-s.streamsDone:
			return
		}
	}
}
