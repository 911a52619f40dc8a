package mockserver

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/breakcold-go/breakcold/client/webhook"
	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// Outbound webhooks: the mock sends Breakcold's signed events to registered
// endpoints, as Breakcold documents its delivery (api-facts-2 §8.2):
//
//   - each attempt is signed anew (client/webhook.NewRequest), with the wall
//     clock's time of sending, so a receiver's replay check passes however far
//     the mock's clock was advanced; the event's timestamp is on the mock's
//     clock; the delivery id is the event's id, the same on every attempt;
//   - any 2xx accepts; up to 3 attempts, the second 5 s after the first was sent
//     and the third 30 s after the second (Breakcold: "after about 5 seconds,
//     then 30 seconds"), on the mock's clock, so advancing it delivers what is
//     due;
//   - 10 s per attempt; an endpoint is disabled after 50 consecutive failed
//     attempts (Breakcold says "delivery failures"; the delivery log counts each
//     attempt, so the mock does too).
//
// Each endpoint has one ordered queue and, while it has work, one worker
// goroutine: deliveries go out in the order the changes happened, a delivery
// waiting for its retry holds back the ones behind it, and a slow endpoint slows
// only itself. Handlers only enqueue, under the store lock, so the API never
// waits for a receiver and the queue's order is the order of the changes.

// Delivery constants, as Breakcold documents them.
const (
	webhookAttempts       = 3
	webhookDisableAfter   = 50
	defaultWebhookTimeout = 10 * time.Second
	// webhookLogSize is how many finished deliveries the log keeps; pending ones
	// are always kept.
	webhookLogSize = 2000
)

// webhookRetryDelays are the waits after a failed first and second attempt.
var webhookRetryDelays = [webhookAttempts - 1]time.Duration{5 * time.Second, 30 * time.Second}

// Delivery statuses.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed" // every attempt failed, or the endpoint went away
)

// WebhookSpec registers an endpoint: in Options.Webhooks, a seed's webhooks, POST
// /_mock/webhooks or Server.AddWebhook.
type WebhookSpec struct {
	// ID keeps an endpoint's id (a state file's endpoints); empty means a new one.
	ID  string `json:"id,omitempty"`
	URL string `json:"url"`
	// Events are the event names to send; empty means all 14.
	Events []string `json:"events,omitempty"`
	// ObjectTypes limits record-based events to records of these object types
	// (slugs), as the product's filter does; empty means all.
	ObjectTypes []string `json:"objectTypes,omitempty"`
	// WorkspaceID limits the endpoint to one workspace's events; empty means all.
	WorkspaceID string `json:"workspaceId,omitempty"`
	// Secret signs deliveries; empty means a generated whsec_… secret.
	Secret string `json:"secret,omitempty"`
}

// WebhookEndpoint is a registered endpoint.
type WebhookEndpoint struct {
	ID          string   `json:"id"`
	URL         string   `json:"url"`
	Events      []string `json:"events"`
	ObjectTypes []string `json:"objectTypes"`
	WorkspaceID string   `json:"workspaceId,omitempty"`
	Secret      string   `json:"secret"`
	// Active is false once the endpoint has failed 50 consecutive attempts.
	Active              bool `json:"active"`
	ConsecutiveFailures int  `json:"consecutiveFailures"`
	// IntegrationHookID names the integration hook (createIntegrationHook) the
	// endpoint delivers for.
	IntegrationHookID string `json:"integrationHookId,omitempty"`
}

// WebhookDelivery is one event's delivery to one endpoint, with its attempts.
type WebhookDelivery struct {
	ID          string           `json:"id"` // dlv_…; the log's id, not sent
	EventID     string           `json:"eventId"`
	Event       string           `json:"event"`
	EndpointID  string           `json:"endpointId"`
	URL         string           `json:"url"`
	WorkspaceID string           `json:"workspaceId"`
	Status      string           `json:"status"`
	CreatedAt   time.Time        `json:"createdAt"` // on the mock's clock
	NextAttempt *time.Time       `json:"nextAttemptAt,omitempty"`
	Attempts    []WebhookAttempt `json:"attempts"`
	// RedeliveryOf is the delivery this one repeats.
	RedeliveryOf string `json:"redeliveryOf,omitempty"`
	// Body is the request body, the same on every attempt.
	Body json.RawMessage `json:"body"`
}

// WebhookAttempt is one HTTP request of a delivery.
type WebhookAttempt struct {
	Time       time.Time `json:"time"` // when it was sent, on the mock's clock
	StatusCode int       `json:"statusCode,omitempty"`
	Error      string    `json:"error,omitempty"`
	DurationUS int64     `json:"durationMicros"`
	// ResponseBody is the start of the receiver's answer (attemptBodyBytes),
	// secrets by prefix.
	ResponseBody string `json:"responseBody,omitempty"`
}

// attemptBodyBytes is how much of a receiver's answer an attempt keeps.
const attemptBodyBytes = 512

// WebhookDeliveryFilter picks deliveries, as GET /_mock/webhooks/deliveries's
// query does; its zero value picks every one.
type WebhookDeliveryFilter struct {
	Event    string // an event name
	Endpoint string // an endpoint id
	Status   string // pending, delivered or failed
	EventID  string // an event's id (evt_…)
}

// outbox is the mock's webhook endpoints, queues and delivery log.
type outbox struct {
	s      *Server
	client *http.Client
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex
	closed    bool
	endpoints []*endpoint // in registration order
	log       []*delivery // oldest first
	// changed is closed and replaced whenever an attempt ends, so Advance can
	// wait for what its move made due.
	changed chan struct{}
}

type endpoint struct {
	WebhookEndpoint
	queue   []*delivery
	running bool
	removed bool
	// option marks an endpoint of Options.Webhooks: the options add it on every
	// start, so a state file does not keep it.
	option bool
	wake   chan struct{}
}

type delivery struct {
	WebhookDelivery
	ev       webhook.Event
	next     time.Time
	inFlight bool
}

func newOutbox(s *Server) *outbox {
	o := &outbox{s: s, client: s.opts.WebhookClient, changed: make(chan struct{})}
	if o.client == nil {
		o.client = &http.Client{
			// A redirect would send the event to an address nobody registered.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	o.ctx, o.cancel = context.WithCancel(context.Background())
	return o
}

func (o *outbox) notify() {
	close(o.changed)
	o.changed = make(chan struct{})
}

// shortID is an id of the webhook's own kinds (evt_…, dlv_…): a prefix and 24
// characters, the shape Breakcold's examples show.
func shortID(prefix string) string { return randomID(prefix, 24) }

func newSecret() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return "whsec_" + hex.EncodeToString(b)
}

// secretPrefix is what logs show of a secret.
func secretPrefix(s string) string {
	if len(s) > 10 {
		return s[:10] + "…"
	}
	return "…"
}

// Check validates a spec and returns it with a generated secret if it had
// none.
func (w WebhookSpec) Check() (WebhookSpec, error) {
	u, err := url.Parse(w.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return w, invalid("url", "%q is not an absolute http or https URL", w.URL)
	}
	for i, e := range w.Events {
		if !bc.WebhookEventName(e).Valid() {
			return w, invalid(fmt.Sprintf("events.%d", i), "%q is not one of Breakcold's 14 events", e)
		}
	}
	if w.Secret == "" {
		w.Secret = newSecret()
	}
	return w, nil
}

// add registers an endpoint.
func (o *outbox) add(spec WebhookSpec, hookID string) (WebhookEndpoint, error) {
	return o.addEndpoint(spec, hookID, false)
}

func (o *outbox) addEndpoint(spec WebhookSpec, hookID string, option bool) (WebhookEndpoint, error) {
	spec, err := spec.Check()
	if err != nil {
		return WebhookEndpoint{}, err
	}
	ep := &endpoint{
		option: option,
		WebhookEndpoint: WebhookEndpoint{
			ID: cmpOr(spec.ID, newID("wh")), URL: spec.URL, Events: orEmpty(slices.Clone(spec.Events)),
			ObjectTypes: orEmpty(slices.Clone(spec.ObjectTypes)), WorkspaceID: spec.WorkspaceID,
			Secret: spec.Secret, Active: true, IntegrationHookID: hookID,
		},
		wake: make(chan struct{}, 1),
	}
	o.mu.Lock()
	if slices.ContainsFunc(o.endpoints, func(e *endpoint) bool { return e.ID == ep.ID }) {
		o.mu.Unlock()
		return WebhookEndpoint{}, invalid("id", "webhook endpoint %q already exists", ep.ID)
	}
	o.endpoints = append(o.endpoints, ep)
	o.mu.Unlock()
	o.s.touch()
	o.s.opts.Logger.Info("webhook endpoint added", "endpoint", ep.ID, "url", ep.URL, "events", ep.Events,
		"objectTypes", ep.ObjectTypes, "workspace", ep.WorkspaceID, "secret", secretPrefix(ep.Secret))
	return ep.WebhookEndpoint, nil
}

// remove drops the endpoints match picks; their pending deliveries fail.
func (o *outbox) remove(match func(*endpoint) bool) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	var n int
	o.endpoints = slices.DeleteFunc(o.endpoints, func(ep *endpoint) bool {
		if !match(ep) {
			return false
		}
		n++
		ep.removed = true
		o.abandon(ep, "endpoint removed")
		o.s.opts.Logger.Info("webhook endpoint removed", "endpoint", ep.ID, "url", ep.URL)
		return true
	})
	if n > 0 {
		o.notify()
		o.s.touch()
	}
	return n
}

// abandon fails every delivery queued for ep but the one in flight, whose
// worker finishes it. o.mu is held.
func (o *outbox) abandon(ep *endpoint, why string) {
	ep.queue = slices.DeleteFunc(ep.queue, func(d *delivery) bool {
		if d.inFlight {
			return false
		}
		d.Status, d.NextAttempt = DeliveryFailed, nil
		d.Attempts = append(d.Attempts, WebhookAttempt{Time: o.s.clock.Now(), Error: why})
		return true
	})
	select {
	case ep.wake <- struct{}{}:
	default:
	}
}

// reset replaces every endpoint with specs' (a seed's, the options'); the first
// options of them are Options.Webhooks. With clearLog it also forgets the
// delivery log.
func (o *outbox) reset(specs []WebhookSpec, options int, clearLog bool) error {
	o.remove(func(*endpoint) bool { return true })
	if clearLog {
		o.mu.Lock()
		o.log = slices.DeleteFunc(o.log, func(d *delivery) bool { return !d.inFlight })
		o.mu.Unlock()
	}
	for i, spec := range specs {
		if _, err := o.addEndpoint(spec, "", i < options); err != nil {
			return fmt.Errorf("mockserver: webhook %d: %w", i, err)
		}
	}
	return nil
}

func (o *outbox) list() []WebhookEndpoint {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make([]WebhookEndpoint, len(o.endpoints))
	for i, ep := range o.endpoints {
		out[i] = ep.WebhookEndpoint
	}
	return out
}

// wants reports whether ep subscribes to an event of workspace ws about a
// record of objectType ("" when the event has no record, or it is unknown).
func (ep *endpoint) wants(event, ws, objectType string) bool {
	return ep.Active &&
		(len(ep.Events) == 0 || slices.Contains(ep.Events, event)) &&
		(ep.WorkspaceID == "" || ep.WorkspaceID == ws) &&
		(len(ep.ObjectTypes) == 0 || slices.Contains(ep.ObjectTypes, objectType))
}

// emit queues an event for every endpoint that wants it and returns its id.
// data builds the payload, only when some endpoint wants the event. Callers
// that change state hold the store lock, so events queue in the order of the
// changes.
func (o *outbox) emit(event bc.WebhookEventName, ws, objectType string, data func() any) string {
	id := shortID("evt_")
	o.mu.Lock()
	defer o.mu.Unlock()
	var to []*endpoint
	for _, ep := range o.endpoints {
		if !o.closed && ep.wants(string(event), ws, objectType) {
			to = append(to, ep)
		}
	}
	if len(to) == 0 {
		return id
	}
	now := o.s.clock.Now()
	ev := webhook.Event{ID: id, Timestamp: now, WorkspaceID: ws, Type: string(event)}
	raw, err := json.Marshal(data())
	if err == nil {
		var body []byte
		ev.Data = raw
		if body, err = json.Marshal(ev); err == nil {
			for _, ep := range to {
				o.enqueue(ep, &delivery{ev: ev, next: now, WebhookDelivery: WebhookDelivery{
					ID: shortID("dlv_"), EventID: ev.ID, Event: ev.Type, EndpointID: ep.ID, URL: ep.URL,
					WorkspaceID: ws, Status: DeliveryPending, CreatedAt: now, NextAttempt: &now,
					Attempts: []WebhookAttempt{}, Body: body,
				}})
			}
		}
	}
	if err != nil {
		o.s.opts.Logger.Error("webhook: cannot encode event", "event", event, "error", err)
	}
	return id
}

// enqueue appends d to ep's queue and to the log, starting ep's worker if it
// is idle. o.mu is held.
func (o *outbox) enqueue(ep *endpoint, d *delivery) {
	ep.queue = append(ep.queue, d)
	o.log = append(o.log, d)
	if over := len(o.log) - webhookLogSize; over > 0 {
		o.log = slices.DeleteFunc(o.log, func(d *delivery) bool {
			if over > 0 && d.Status != DeliveryPending {
				over--
				return true
			}
			return false
		})
	}
	if !ep.running {
		ep.running = true
		o.wg.Add(1)
		go o.work(ep)
	}
	select {
	case ep.wake <- struct{}{}:
	default:
	}
}

// work sends ep's queue in order, waiting on the mock's clock for retries. It
// returns when the queue is empty, the endpoint is gone or the mock closed.
func (o *outbox) work(ep *endpoint) {
	defer o.wg.Done()
	for {
		o.mu.Lock()
		if len(ep.queue) == 0 || ep.removed || o.closed {
			ep.running = false
			o.notify()
			o.mu.Unlock()
			return
		}
		d := ep.queue[0]
		now := o.s.clock.Now()
		if wait := d.next.Sub(now); wait > 0 {
			o.mu.Unlock()
			// The mock's clock moves with real time and jumps on Advance, which
			// wakes the worker; the timer covers the first.
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-ep.wake:
			case <-o.ctx.Done():
			}
			t.Stop()
			continue
		}
		d.inFlight = true
		target, secret := ep.URL, ep.Secret
		o.mu.Unlock()

		a := o.attempt(target, secret, d.ev, now)

		o.mu.Lock()
		d.inFlight = false
		d.Attempts = append(d.Attempts, a)
		ok := a.Error == "" && a.StatusCode >= 200 && a.StatusCode < 300
		switch {
		case ok:
			d.Status, d.NextAttempt = DeliveryDelivered, nil
			ep.ConsecutiveFailures = 0
		case len(d.Attempts) < webhookAttempts:
			ep.ConsecutiveFailures++
			// From when the failed attempt was sent, so the schedule does not
			// depend on how long the receiver took to fail.
			d.next = a.Time.Add(webhookRetryDelays[len(d.Attempts)-1])
			d.NextAttempt = &d.next
		default:
			ep.ConsecutiveFailures++
			d.Status, d.NextAttempt = DeliveryFailed, nil
		}
		if !ok && ep.Active && ep.ConsecutiveFailures >= webhookDisableAfter {
			ep.Active = false
			o.abandon(ep, "endpoint disabled after 50 consecutive failures")
			o.s.opts.Logger.Warn("webhook endpoint disabled", "endpoint", ep.ID, "url", ep.URL, "failures", ep.ConsecutiveFailures)
		}
		if d.Status == DeliveryPending && (!ep.Active || ep.removed) {
			d.Status, d.NextAttempt = DeliveryFailed, nil // its endpoint went away during the attempt
		}
		if d.Status != DeliveryPending {
			ep.queue = slices.DeleteFunc(ep.queue, func(q *delivery) bool { return q == d })
		}
		o.s.opts.Logger.Info("webhook attempt", "delivery", d.ID, "event", d.Event, "eventId", d.EventID,
			"endpoint", ep.ID, "url", target, "attempt", len(d.Attempts), "status", a.StatusCode, "error", a.Error,
			"outcome", d.Status, "took", time.Duration(a.DurationUS)*time.Microsecond)
		o.notify()
		o.mu.Unlock()
	}
}

// attempt sends one signed request of ev, at now on the mock's clock.
func (o *outbox) attempt(target, secret string, ev webhook.Event, now time.Time) WebhookAttempt {
	a := WebhookAttempt{Time: now}
	start := time.Now()
	defer func() { a.DurationUS = time.Since(start).Microseconds() }()
	ctx, cancel := context.WithTimeout(o.ctx, o.s.opts.WebhookTimeout)
	defer cancel()
	// Signed with the wall clock, whatever the mock's says: a receiver checks the
	// timestamp against its own clock, which no advance moves. The event keeps
	// the mock's time.
	req, err := webhook.NewRequest(ctx, target, secret, ev, time.Now())
	if err != nil {
		a.Error = err.Error()
		return a
	}
	resp, err := o.client.Do(req)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			a.Error = fmt.Sprintf("no answer within %v", o.s.opts.WebhookTimeout)
		} else {
			a.Error = err.Error()
		}
		a.DurationUS = time.Since(start).Microseconds()
		return a
	}
	head := make([]byte, attemptBodyBytes)
	n, _ := io.ReadFull(resp.Body, head)
	a.ResponseBody = strings.ToValidUTF8(redactSecrets(string(head[:n])), "\uFFFD")
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	a.StatusCode = resp.StatusCode
	a.DurationUS = time.Since(start).Microseconds()
	return a
}

// settle waits until every delivery due at now has been attempted, or until no
// attempt ends for longer than an attempt may take.
func (o *outbox) settle(now time.Time) {
	o.mu.Lock()
	for _, ep := range o.endpoints {
		select {
		case ep.wake <- struct{}{}:
		default:
		}
	}
	for {
		due := false
		for _, ep := range o.endpoints {
			if len(ep.queue) > 0 && (ep.queue[0].inFlight || !ep.queue[0].next.After(now)) {
				due = true
				break
			}
		}
		if !due || o.closed {
			o.mu.Unlock()
			return
		}
		ch := o.changed
		o.mu.Unlock()
		t := time.NewTimer(o.s.opts.WebhookTimeout + time.Second)
		select {
		case <-ch:
			t.Stop()
		case <-t.C:
			return
		}
		o.mu.Lock()
	}
}

func (o *outbox) deliveries(f WebhookDeliveryFilter) []WebhookDelivery {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := []WebhookDelivery{}
	for _, d := range o.log {
		if (f.Event == "" || d.Event == f.Event) && (f.Endpoint == "" || d.EndpointID == f.Endpoint) && (f.Status == "" || d.Status == f.Status) && (f.EventID == "" || d.EventID == f.EventID) {
			c := d.WebhookDelivery
			c.Attempts = slices.Clone(c.Attempts)
			if c.NextAttempt != nil {
				c.NextAttempt = ptr(*c.NextAttempt)
			}
			out = append(out, c)
		}
	}
	return out
}

// redeliver queues a new delivery of a logged delivery's event to its
// endpoint, with the same event id.
func (o *outbox) redeliver(id string) (WebhookDelivery, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	i := slices.IndexFunc(o.log, func(d *delivery) bool { return d.ID == id })
	if i < 0 {
		return WebhookDelivery{}, notFound("webhook delivery", id)
	}
	old := o.log[i]
	j := slices.IndexFunc(o.endpoints, func(ep *endpoint) bool { return ep.ID == old.EndpointID })
	if j < 0 {
		return WebhookDelivery{}, conflict("endpoint %s of delivery %s is no longer registered", old.EndpointID, id)
	}
	ep := o.endpoints[j]
	if !ep.Active {
		return WebhookDelivery{}, conflict("endpoint %s is disabled; enable it first (POST %s/webhooks/%s/enable)", ep.ID, ControlPrefix, ep.ID)
	}
	now := o.s.clock.Now()
	d := &delivery{ev: old.ev, next: now, WebhookDelivery: old.WebhookDelivery}
	d.ID, d.Status, d.CreatedAt, d.NextAttempt, d.Attempts, d.RedeliveryOf = shortID("dlv_"), DeliveryPending, now, &now, []WebhookAttempt{}, old.ID
	d.URL = ep.URL
	o.enqueue(ep, d)
	return d.WebhookDelivery, nil
}

// enable reactivates a disabled endpoint and zeroes its failure count.
func (o *outbox) enable(id string) (WebhookEndpoint, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, ep := range o.endpoints {
		if ep.ID == id {
			ep.Active, ep.ConsecutiveFailures = true, 0
			o.s.touch()
			return ep.WebhookEndpoint, nil
		}
	}
	return WebhookEndpoint{}, notFound("webhook endpoint", id)
}

// close stops the workers; deliveries still pending are dropped.
func (o *outbox) close() {
	o.mu.Lock()
	o.closed = true
	o.mu.Unlock()
	o.cancel()
	o.wg.Wait()
}

// AddWebhook registers an endpoint, as POST /_mock/webhooks does.
func (s *Server) AddWebhook(spec WebhookSpec) (WebhookEndpoint, error) { return s.outbox.add(spec, "") }

// Webhooks lists the registered endpoints with their secrets.
func (s *Server) Webhooks() []WebhookEndpoint { return s.outbox.list() }

// RemoveWebhook drops an endpoint and fails its pending deliveries; it reports
// whether the endpoint existed.
func (s *Server) RemoveWebhook(id string) bool {
	return s.outbox.remove(func(ep *endpoint) bool { return ep.ID == id }) > 0
}

// EnableWebhook reactivates an endpoint disabled after 50 consecutive failures.
func (s *Server) EnableWebhook(id string) (WebhookEndpoint, error) { return s.outbox.enable(id) }

// WebhookDeliveries returns the delivery log, oldest first, filtered by f.
func (s *Server) WebhookDeliveries(f WebhookDeliveryFilter) []WebhookDelivery {
	return s.outbox.deliveries(f)
}

// Redeliver sends a logged delivery's event to its endpoint again, as a new
// delivery with the same event id (and X-Webhook-Delivery-Id).
func (s *Server) Redeliver(id string) (WebhookDelivery, error) { return s.outbox.redeliver(id) }

// Close ends the inspector's journal streams, stops the webhook workers,
// dropping deliveries still pending, and with Options.StateFile saves the state
// a last time. A server that has never had a webhook endpoint, a stream nor a
// state file needs no Close.
func (s *Server) Close() {
	s.closeStreams()
	s.stopState()
	s.outbox.close()
}
