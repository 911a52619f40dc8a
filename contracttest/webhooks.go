package contracttest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/breakcold-go/breakcold/apispec"
	"github.com/breakcold-go/breakcold/client/webhook"
)

// webhookTime is how every time in a webhook is written: ISO 8601 in UTC with
// milliseconds. The spec's format date-time alone would accept other forms.
var webhookTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

// CheckDelivery checks one webhook delivery, its headers and raw body, against
// the spec's webhooks section: the body against the event's requestBody
// schema, every time in it in Breakcold's form, the headers against their
// parameters, X-Webhook-Event and X-Webhook-Delivery-Id against the body, and
// the signature against secret (the timestamp's age is the receiver's
// concern, not checked here). It returns each problem found; none means the
// delivery is as documented.
func CheckDelivery(doc *openapi3.T, secret string, h http.Header, body []byte) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	var env struct {
		EventID   string         `json:"eventId"`
		Timestamp string         `json:"timestamp"`
		Event     string         `json:"event"`
		Data      map[string]any `json:"data"`
	}
	var decoded any
	if err := json.Unmarshal(body, &decoded); err != nil {
		return []string{fmt.Sprintf("body is not JSON: %v", err)}
	}
	_ = json.Unmarshal(body, &env)
	var hook *apispec.Webhook
	for _, w := range apispec.Webhooks(doc) {
		if w.Event == env.Event {
			hook = &w
		}
	}
	if hook == nil || hook.Op == nil {
		return []string{fmt.Sprintf("event %q is not in the spec's webhooks", env.Event)}
	}
	schema := hook.Op.RequestBody.Value.Content.Get("application/json").Schema.Value
	if err := schema.VisitJSON(decoded, openapi3.MultiErrors()); err != nil {
		add("body does not match the %s schema: %v", env.Event, err)
	}
	times := map[string]any{"timestamp": env.Timestamp}
	for _, k := range []string{"createdAt", "updatedAt", "dueAt"} {
		if v, ok := env.Data[k]; ok {
			times["data."+k] = v
		}
	}
	for k, v := range times {
		if s, _ := v.(string); !webhookTime.MatchString(s) {
			add("%s %v is not ISO 8601 with milliseconds and Z", k, v)
		}
	}
	for _, p := range hook.Op.Parameters {
		if p.Value == nil || p.Value.In != openapi3.ParameterInHeader {
			continue
		}
		v := h.Get(p.Value.Name)
		if v == "" {
			if p.Value.Required {
				add("header %s is missing", p.Value.Name)
			}
			continue
		}
		if err := p.Value.Schema.Value.VisitJSON(v); err != nil {
			add("header %s %q does not match its schema: %v", p.Value.Name, v, err)
		}
	}
	if mt, _, err := mime.ParseMediaType(h.Get("Content-Type")); err != nil || mt != "application/json" {
		add("Content-Type is %q, want application/json", h.Get("Content-Type"))
	}
	if got := h.Get(webhook.HeaderEvent); got != "" && got != env.Event {
		add("%s is %s but the body's event is %s", webhook.HeaderEvent, got, env.Event)
	}
	if got := h.Get(webhook.HeaderDeliveryID); got != "" && got != env.EventID {
		add("%s is %s but the body's eventId is %s", webhook.HeaderDeliveryID, got, env.EventID)
	}
	if err := (webhook.Verifier{Secrets: []string{secret}, Tolerance: -1}).Verify(h, body); err != nil {
		add("signature: %v", err)
	}
	return problems
}

// receiverSpec is the spec receivers check with, parsed once: they only read it.
var receiverSpec = sync.OnceValues(apispec.Load)

// Receiver is a webhook endpoint for tests: it checks every delivery with
// CheckDelivery, records it, and answers as Answer says.
type Receiver struct {
	doc    *openapi3.T
	secret string
	// Answer is the status for the nth delivery (from 1); nil answers 200.
	Answer func(n int) int
	// Now stamps each received delivery; nil means time.Now.
	Now func() time.Time

	mu        sync.Mutex
	delivered []Delivery
}

// Delivery is one request a Receiver got.
type Delivery struct {
	Time     time.Time
	Header   http.Header
	Body     []byte
	Event    string // the body's event
	EventID  string // the body's eventId
	Problems []string
}

// NewReceiver returns a Receiver for an endpoint whose signing secret is secret.
func NewReceiver(secret string) (*Receiver, error) {
	doc, err := receiverSpec()
	if err != nil {
		return nil, err
	}
	return &Receiver{doc: doc, secret: secret}, nil
}

// SetSecret changes the secret deliveries are checked with, for an endpoint
// whose secret is known only once it is registered.
func (rc *Receiver) SetSecret(secret string) {
	rc.mu.Lock()
	rc.secret = secret
	rc.mu.Unlock()
}

func (rc *Receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	now := time.Now
	if rc.Now != nil {
		now = rc.Now
	}
	var env struct {
		EventID string `json:"eventId"`
		Event   string `json:"event"`
	}
	_ = json.Unmarshal(body, &env)
	rc.mu.Lock()
	d := Delivery{Time: now(), Header: r.Header.Clone(), Body: body, Event: env.Event, EventID: env.EventID,
		Problems: CheckDelivery(rc.doc, rc.secret, r.Header, body)}
	if r.Method != http.MethodPost {
		d.Problems = append(d.Problems, "method is "+r.Method+", want POST")
	}
	rc.delivered = append(rc.delivered, d)
	n, answer := len(rc.delivered), rc.Answer
	rc.mu.Unlock()
	status := http.StatusOK
	if answer != nil {
		status = answer(n)
	}
	w.WriteHeader(status)
}

// Deliveries returns what the receiver got, in order.
func (rc *Receiver) Deliveries() []Delivery {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]Delivery(nil), rc.delivered...)
}
