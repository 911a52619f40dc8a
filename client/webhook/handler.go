package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Handler is an http.Handler for a webhook endpoint. It refuses unsigned,
// forged, stale and malformed deliveries with a 4xx answer, and dispatches each
// verified event to the function registered for its kind with On (or to
// Default). A function's error answers 500, so Breakcold tries again; nil
// answers 200. Create it with NewHandler.
type Handler struct {
	verifier Verifier
	maxBody  int64
	logger   *slog.Logger

	mu       sync.RWMutex
	handlers map[string]func(context.Context, *Event) error
	// Default receives events with no function of their own; nil accepts and
	// drops them.
	Default func(context.Context, *Event) error
}

// MaxBodyBytes caps a delivery's body; larger ones answer 413.
const MaxBodyBytes = 1 << 20

// NewHandler returns a Handler that verifies with v (see Verifier).
func NewHandler(v Verifier) *Handler {
	return &Handler{verifier: v, maxBody: MaxBodyBytes, handlers: map[string]func(context.Context, *Event) error{}}
}

// WithLogger makes h log each refused delivery and each failed function at
// Warn level (never the secret or the signature), and returns h.
func (h *Handler) WithLogger(l *slog.Logger) *Handler {
	h.logger = l
	return h
}

// On registers fn for events of kind k, replacing any earlier one:
//
//	webhook.On(h, webhook.RecordCreated, func(ctx context.Context, ev *webhook.Event, rec webhook.Record) error { … })
func On[D any](h *Handler, k Kind[D], fn func(context.Context, *Event, D) error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.handlers[k.name] = func(ctx context.Context, ev *Event) error {
		d, err := k.Decode(ev)
		if err != nil {
			return err
		}
		return fn(ctx, ev, d)
	}
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.refuse(w, r, http.StatusMethodNotAllowed, errors.New("webhook: deliveries are POST requests"))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.refuse(w, r, http.StatusRequestEntityTooLarge, fmt.Errorf("webhook: body over %d bytes", h.maxBody))
		} else {
			h.refuse(w, r, http.StatusBadRequest, fmt.Errorf("webhook: read body: %w", err))
		}
		return
	}
	if err := h.verifier.Verify(r.Header, body); err != nil {
		h.refuse(w, r, http.StatusUnauthorized, err)
		return
	}
	ev, err := Parse(body)
	if err != nil {
		h.refuse(w, r, http.StatusBadRequest, err)
		return
	}
	if name := r.Header.Get(HeaderEvent); name != "" && name != ev.Type {
		h.refuse(w, r, http.StatusBadRequest, fmt.Errorf("%w: %s says %s, the body %s", ErrMalformedDelivery, HeaderEvent, name, ev.Type))
		return
	}
	h.mu.RLock()
	fn, ok := h.handlers[ev.Type]
	h.mu.RUnlock()
	if !ok {
		fn = h.Default
	}
	if fn != nil {
		if err := fn(r.Context(), ev); err != nil {
			if h.logger != nil {
				h.logger.Warn("webhook: handler failed", "event", ev.Type, "eventId", ev.ID, "error", err)
			}
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"received": ev.ID})
}

func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, status int, err error) {
	if h.logger != nil {
		h.logger.Warn("webhook: delivery refused", "status", status, "deliveryId", r.Header.Get(HeaderDeliveryID), "error", err)
	}
	writeJSON(w, status, map[string]string{"error": err.Error()})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// NewRequest builds a delivery of ev to url signed with secret at timestamp,
// with every header Breakcold sends: for testing a Handler, or any receiver,
// without Breakcold.
func NewRequest(ctx context.Context, url, secret string, ev Event, timestamp time.Time) (*http.Request, error) {
	body, err := json.Marshal(ev)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set(HeaderEvent, ev.Type)
	req.Header.Set(HeaderDeliveryID, ev.ID)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(timestamp.Unix(), 10))
	req.Header.Set(HeaderSignature, Sign(secret, timestamp, body))
	return req, nil
}
