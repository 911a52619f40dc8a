package apispec

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Webhook is one event of the spec's webhooks section: what Breakcold POSTs to
// an app when something changes.
type Webhook struct {
	Event string // e.g. record.created
	Op    *openapi3.Operation
	// Data is the component schema of the event's data, e.g. WebhookRecord.
	Data string
}

// WebhookHeaders are the headers every delivery carries, as components/parameters.
var WebhookHeaders = []string{"WebhookSignature", "WebhookEvent", "WebhookDeliveryId", "WebhookTimestamp", "WebhookUserAgent"}

// Webhooks lists the spec's webhooks by event name.
func Webhooks(doc *openapi3.T) []Webhook {
	var out []Webhook
	for name, item := range doc.Webhooks {
		if item == nil || item.Post == nil {
			out = append(out, Webhook{Event: name})
			continue
		}
		w := Webhook{Event: name, Op: item.Post}
		if rb := w.Op.RequestBody; rb != nil && rb.Value != nil {
			if mt := rb.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil && mt.Schema.Value != nil {
				for _, part := range mt.Schema.Value.AllOf {
					if d := part.Value.Properties["data"]; d != nil && d.Ref != "" {
						w.Data = d.Ref[strings.LastIndex(d.Ref, "/")+1:]
					}
				}
			}
		}
		out = append(out, w)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Event < out[j].Event })
	return out
}

// CheckWebhooks applies the toolkit's rules to the webhooks section:
//
//   - webhook-events: the section and the WebhookEventName enum list the same events;
//   - webhook-docs: each is a POST with an operationId, a summary, a description, the
//     Webhooks tag and a provenance;
//   - webhook-headers: each declares the five delivery headers by reference;
//   - webhook-body: a JSON body that is the WebhookEnvelope with its own event name and
//     a $ref'd data schema, and an example whose event is its own;
//   - webhook-responses: a 200 (any 2xx accepts) and a 4xx (a refused delivery).
func CheckWebhooks(doc *openapi3.T) []Problem {
	var problems []Problem
	add := func(rule, event, format string, args ...any) {
		problems = append(problems, Problem{Rule: rule, Operation: event, Detail: fmt.Sprintf(format, args...)})
	}
	var enum []string
	if s := doc.Components.Schemas["WebhookEventName"]; s != nil && s.Value != nil {
		for _, v := range s.Value.Enum {
			enum = append(enum, fmt.Sprint(v))
		}
	}
	hooks := Webhooks(doc)
	for _, w := range hooks {
		if !slices.Contains(enum, w.Event) {
			add("webhook-events", w.Event, "not in the WebhookEventName enum")
		}
		if w.Op == nil {
			add("webhook-docs", w.Event, "no post operation")
			continue
		}
		checkWebhook(w, add)
	}
	for _, e := range enum {
		if !slices.ContainsFunc(hooks, func(w Webhook) bool { return w.Event == e }) {
			add("webhook-events", e, "in the WebhookEventName enum but not in webhooks")
		}
	}
	return problems
}

func checkWebhook(w Webhook, add func(rule, event, format string, args ...any)) {
	op := w.Op
	if op.OperationID == "" || op.Summary == "" || op.Description == "" {
		add("webhook-docs", w.Event, "needs an operationId, a summary and a description")
	}
	if !slices.Equal(op.Tags, []string{"Webhooks"}) {
		add("webhook-docs", w.Event, "tags are %v, want [Webhooks]", op.Tags)
	}
	if p := extString(op.Extensions, ExtProvenance); !slices.Contains(Provenances, p) {
		add("webhook-docs", w.Event, "%s is %q", ExtProvenance, p)
	}
	for _, h := range WebhookHeaders {
		if !slices.ContainsFunc(op.Parameters, func(p *openapi3.ParameterRef) bool { return p.Ref == "#/components/parameters/"+h }) {
			add("webhook-headers", w.Event, "does not declare %s", h)
		}
	}
	if w.Data == "" {
		add("webhook-body", w.Event, "the body is not allOf [WebhookEnvelope, {event, data: $ref}]")
	} else {
		body := op.RequestBody.Value.Content.Get("application/json")
		var own bool
		for _, part := range body.Schema.Value.AllOf {
			if part.Ref == "#/components/schemas/WebhookEnvelope" {
				own = true
				continue
			}
			if e := part.Value.Properties["event"]; e != nil && (len(e.Value.Enum) != 1 || e.Value.Enum[0] != w.Event) {
				add("webhook-body", w.Event, "event is %v, want [%s]", e.Value.Enum, w.Event)
			}
		}
		if !own {
			add("webhook-body", w.Event, "the body does not extend WebhookEnvelope")
		}
		ex, ok := body.Example.(map[string]any)
		if !ok {
			add("webhook-body", w.Event, "no example body")
		} else if ex["event"] != w.Event {
			add("webhook-body", w.Event, "the example's event is %v", ex["event"])
		}
	}
	if op.Responses == nil || op.Responses.Status(200) == nil {
		add("webhook-responses", w.Event, "no 200 response")
	}
	var has4xx bool
	if op.Responses != nil {
		for code := range op.Responses.Map() {
			has4xx = has4xx || strings.HasPrefix(code, "4")
		}
	}
	if !has4xx {
		add("webhook-responses", w.Event, "no 4xx response")
	}
}
