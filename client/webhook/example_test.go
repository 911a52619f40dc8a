package webhook_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/breakcold-go/breakcold/client/webhook"
)

// A receiver verifies each delivery and gets typed data. NewRequest signs a
// delivery the way Breakcold does, so the handler can be tested offline.
func Example() {
	secret := "whsec_example" // the endpoint's signing secret
	h := webhook.NewHandler(webhook.Verifier{Secrets: []string{secret}})
	webhook.On(h, webhook.RecordCreated, func(_ context.Context, ev *webhook.Event, rec webhook.Record) error {
		fmt.Printf("%s: %s %q in %s\n", ev.Type, rec.ObjectType, rec.Name, ev.WorkspaceID)
		return nil
	})

	ev := webhook.Event{ID: "evt_1", Timestamp: time.Now(), WorkspaceID: "ws_1", Type: "record.created",
		Data: json.RawMessage(`{"id":"rec_1","objectType":"person","objectTypeName":"Person","name":"Ada Lovelace","fields":{}}`)}
	for _, key := range []string{secret, "a forger's guess"} {
		req, _ := webhook.NewRequest(context.Background(), "http://receiver.test/hooks", key, ev, time.Now())
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code, http.StatusText(rec.Code))
	}
	// Output:
	// record.created: person "Ada Lovelace" in ws_1
	// 200 OK
	// 401 Unauthorized
}

// Verify checks one delivery with the raw body exactly as received.
func ExampleVerify() {
	body := []byte(`{"eventId":"evt_abc123","timestamp":"2026-03-19T12:00:00.000Z","workspaceId":"workspace_id","event":"record.deleted","data":{"id":"record_id","deleted":true}}`)
	h := http.Header{}
	h.Set(webhook.HeaderTimestamp, "1773921600")
	h.Set(webhook.HeaderSignature, "sha256=2dbcd965f3466a06aaac2fa72656fbffb45725f21a6836fa518ec9a9921078d8")

	v := webhook.Verifier{Secrets: []string{"test_secret"}, Tolerance: -1} // a recorded delivery: no replay check
	fmt.Println(v.Verify(h, body))
	v.Secrets = []string{"wrong_secret"}
	fmt.Println(v.Verify(h, body))
	// Output:
	// <nil>
	// webhook: signature does not match
}
