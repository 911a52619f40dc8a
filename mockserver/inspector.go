package mockserver

import (
	"embed"
	"encoding/json"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"time"

	"github.com/breakcold-go/breakcold/client"
)

// The inspector: a page at GET /_mock/ui that shows what the mock received and
// answered as it happens, with panels for keys and their windows, webhooks,
// faults and the clock. It is plain HTML, CSS and JavaScript with no
// third-party code, embedded in the binary, so it works offline and needs no
// build step. It reads the control API like any client: the journal's stream
// (GET /_mock/journal/stream, Server-Sent Events), one entry's detail
// (GET /_mock/journal/{id}) and GET /_mock/ui/state for the panels; its buttons
// call the control API's own endpoints. Behind Options.ControlToken it is
// guarded like every control call (a browser asks for the token as a basic-auth
// password).

//go:embed ui
var uiFiles embed.FS

// uiRoutes serves the page, its assets and its state.
func (s *Server) uiRoutes(m ctlRouter) {
	p := ControlPrefix + "/ui"
	assets, _ := fs.Sub(uiFiles, "ui")
	m.HandleFunc("GET "+p, func(w http.ResponseWriter, r *http.Request) { serveAsset(w, assets, "index.html") })
	m.HandleFunc("GET "+p+"/{file}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("file") == "state" {
			ctlJSON(w, http.StatusOK, s.uiState())
			return
		}
		serveAsset(w, assets, r.PathValue("file"))
	})
}

func serveAsset(w http.ResponseWriter, assets fs.FS, name string) {
	b, err := fs.ReadFile(assets, name)
	if err != nil {
		ctlError(w, notFound("inspector file", name))
		return
	}
	h := w.Header()
	h.Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	// Nothing but the mock's own origin: no CDN, no inline script.
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
	_, _ = w.Write(b)
}

// uiState is what the inspector's panels show, secrets by prefix.
type uiState struct {
	Version  string          `json:"version"`
	Now      time.Time       `json:"now"`
	Offset   float64         `json:"offsetSeconds"` // how far the clock was advanced
	Journal  uiJournal       `json:"journal"`
	Keys     []uiKey         `json:"keys"`
	Webhooks []uiWebhook     `json:"webhooks"`
	Delivs   []uiDelivery    `json:"deliveries"`
	Faults   []Fault         `json:"faults"`
	Ops      []string        `json:"operations"`
	Limits   uiLimitSettings `json:"limits"`
}

type uiJournal struct {
	Entries    int   `json:"entries"`
	Bytes      int64 `json:"bytes"`
	MaxEntries int   `json:"maxEntries"`
	MaxBytes   int64 `json:"maxBytes"`
}

type uiLimitSettings struct {
	Profile string  `json:"profile"`
	Limit   int     `json:"limit"` // negative: off
	Window  float64 `json:"windowSeconds"`
}

type uiKey struct {
	Prefix     string            `json:"prefix"`
	Name       string            `json:"name"`
	Generation client.Generation `json:"generation"`
	Region     Region            `json:"region,omitempty"`
	UserID     string            `json:"userId"`
	Full       bool              `json:"full"`
	Scopes     int               `json:"scopes"`
	Workspace  string            `json:"workspaceId,omitempty"`
	State      string            `json:"state"` // active, expired or revoked
	Window     RateLimit         `json:"window"`
}

type uiWebhook struct {
	ID           string   `json:"id"`
	URL          string   `json:"url"`
	Events       []string `json:"events"`
	SecretPrefix string   `json:"secretPrefix"`
	Active       bool     `json:"active"`
	Failures     int      `json:"consecutiveFailures"`
}

type uiDelivery struct {
	WebhookDelivery
	Body json.RawMessage `json:"body,omitempty"` // left out: the event is in the journal of the receiver
}

// uiDeliveries is how many recent deliveries the page lists.
const uiDeliveries = 50

func (s *Server) uiState() uiState {
	now := s.clock.Now()
	st := uiState{
		Version: s.opts.Version, Now: now, Offset: now.Sub(s.clock.base()).Round(time.Second).Seconds(),
		Keys: []uiKey{}, Webhooks: []uiWebhook{}, Delivs: []uiDelivery{}, Faults: s.Faults(), Ops: []string{},
		Limits: uiLimitSettings{Profile: s.opts.LimitProfile, Limit: s.opts.RateLimit, Window: s.opts.RateWindow.Seconds()},
	}
	st.Journal.Entries, st.Journal.Bytes = s.journal.usage()
	st.Journal.MaxEntries, st.Journal.MaxBytes = s.opts.JournalSize, s.opts.JournalBytes
	for _, k := range s.Keys() {
		state := "active"
		switch {
		case k.RevokedAt != nil:
			state = "revoked"
		case k.ExpiresAt != nil && !now.Before(*k.ExpiresAt):
			state = "expired"
		}
		d := s.describeLimits(&reqState{key: &k, gen: k.Generation})
		st.Keys = append(st.Keys, uiKey{
			Prefix: k.Prefix, Name: k.Name, Generation: k.Generation, Region: k.Region, UserID: k.UserID, Full: k.Full(),
			Scopes: len(k.Scopes), Workspace: k.WorkspaceID, State: state, Window: RateLimit{Limit: d.Limit, Remaining: d.Remaining, Reset: d.Reset},
		})
	}
	for _, w := range s.Webhooks() {
		st.Webhooks = append(st.Webhooks, uiWebhook{ID: w.ID, URL: w.URL, Events: w.Events, SecretPrefix: secretPrefix(w.Secret), Active: w.Active, Failures: w.ConsecutiveFailures})
	}
	ds := s.WebhookDeliveries(WebhookDeliveryFilter{})
	for i := len(ds) - 1; i >= 0 && len(st.Delivs) < uiDeliveries; i-- {
		st.Delivs = append(st.Delivs, uiDelivery{WebhookDelivery: ds[i]})
	}
	for _, op := range s.ops {
		st.Ops = append(st.Ops, op.ID)
	}
	slices.Sort(st.Ops)
	return st
}
