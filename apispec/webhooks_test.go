package apispec

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/breakcold-go/breakcold/client/webhook"
)

func TestWebhooksFollowRules(t *testing.T) {
	t.Parallel()
	doc := loadSpecFile(t)
	if got := len(Webhooks(doc)); got != 14 {
		t.Errorf("spec has %d webhooks, want Breakcold's 14", got)
	}
	for _, p := range CheckWebhooks(doc) {
		t.Error(p)
	}
}

// Each case breaks one webhook rule in the real spec and names the rule and
// the event CheckWebhooks must report.
func TestCheckWebhooksReportsEachBrokenRule(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rule, event string
		breakIt     func(doc *openapi3.T)
	}{
		{"webhook-events", "record.created", func(doc *openapi3.T) {
			s := doc.Components.Schemas["WebhookEventName"].Value
			s.Enum = slices.DeleteFunc(s.Enum, func(v any) bool { return v == "record.created" })
		}},
		{"webhook-events", "file.deleted", func(doc *openapi3.T) { delete(doc.Webhooks, "file.deleted") }},
		{"webhook-docs", "note.created", func(doc *openapi3.T) { doc.Webhooks["note.created"].Post.Summary = "" }},
		{"webhook-headers", "task.created", func(doc *openapi3.T) {
			op := doc.Webhooks["task.created"].Post
			op.Parameters = op.Parameters[1:]
		}},
		{"webhook-body", "call.linked", func(doc *openapi3.T) {
			doc.Webhooks["call.linked"].Post.RequestBody.Value.Content.Get("application/json").Example = map[string]any{"event": "call.unlinked"}
		}},
		{"webhook-responses", "relation.added", func(doc *openapi3.T) {
			doc.Webhooks["relation.added"].Post.Responses.Delete("400")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.rule+" "+tt.event, func(t *testing.T) {
			t.Parallel()
			doc := loadSpecFile(t)
			tt.breakIt(doc)
			for _, p := range CheckWebhooks(doc) {
				if p.Rule == tt.rule && p.Operation == tt.event {
					return
				}
			}
			t.Errorf("CheckWebhooks did not report %s for %s", tt.rule, tt.event)
		})
	}
}

// The SDK's event types (client/webhook) must name exactly the properties the
// spec's data schemas declare, so a receiver decodes every field Breakcold sends.
func TestWebhookSDKMatchesSpec(t *testing.T) {
	t.Parallel()
	doc := loadSpecFile(t)
	sdk := map[string]any{
		"record.created": webhook.Record{}, "record.updated": webhook.Record{}, "record.deleted": webhook.RecordDeletion{},
		"note.created": webhook.Note{}, "note.updated": webhook.Note{}, "note.deleted": webhook.NoteDeletion{},
		"task.created": webhook.Task{}, "task.completed": webhook.Task{},
		"call.linked": webhook.Call{}, "call.unlinked": webhook.Call{},
		"relation.added": webhook.Relation{}, "relation.removed": webhook.Relation{},
		"file.uploaded": webhook.File{}, "file.deleted": webhook.File{},
	}
	var specEvents []string
	for _, w := range Webhooks(doc) {
		specEvents = append(specEvents, w.Event)
	}
	if got := slices.Sorted(slices.Values(webhook.Events())); !slices.Equal(got, specEvents) {
		t.Errorf("webhook.Events() = %v, the spec's webhooks %v", got, specEvents)
	}
	for _, w := range Webhooks(doc) {
		v, ok := sdk[w.Event]
		if !ok {
			t.Errorf("%s: client/webhook has no type for it", w.Event)
			continue
		}
		var fields []string
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			fields = append(fields, name)
		}
		slices.Sort(fields)
		props := slices.Sorted(func(yield func(string) bool) {
			for p := range doc.Components.Schemas[w.Data].Value.Properties {
				if !yield(p) {
					return
				}
			}
		})
		if !slices.Equal(fields, props) {
			t.Errorf("%s: webhook.%s has JSON fields %v, the spec's %s %v", w.Event, typ.Name(), fields, w.Data, props)
		}
		// The spec's example decodes into the SDK's type without loss.
		ex := w.Op.RequestBody.Value.Content.Get("application/json").Example
		b, _ := json.Marshal(ex)
		ev, err := webhook.Parse(b)
		if err != nil {
			t.Errorf("%s: the spec's example does not parse: %v", w.Event, err)
			continue
		}
		dec := json.NewDecoder(strings.NewReader(string(ev.Data)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(reflect.New(typ).Interface()); err != nil {
			t.Errorf("%s: the spec's example data does not decode into webhook.%s: %v", w.Event, typ.Name(), err)
		}
	}
}
