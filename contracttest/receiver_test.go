package contracttest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/apispec"
	"github.com/breakcold-go/breakcold/client/webhook"
	"github.com/breakcold-go/breakcold/contracttest"
)

// The receiver check passes on client/webhook's Handler and fails, naming each
// case, on a handler that accepts whatever comes.
func TestCheckReceiver(t *testing.T) {
	t.Parallel()
	const secret = "whsec_receiver_test"
	tests := []struct {
		name      string
		handler   http.Handler
		wantFails []string
	}{
		{"the SDK's handler", webhook.NewHandler(webhook.Verifier{Secrets: []string{secret}}), nil},
		{"no verification", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}),
			[]string{"forged", "stale", "unsigned", "tampered", "re-timestamped"}},
		{"no replay check", webhook.NewHandler(webhook.Verifier{Secrets: []string{secret}, Tolerance: -1}), []string{"stale"}},
		{"refuses everything", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(401) }),
			[]string{"record.created signed", "file.deleted signed"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(tc.handler)
			t.Cleanup(srv.Close)
			rep, err := contracttest.CheckReceiver(context.Background(), contracttest.ReceiverTarget{URL: srv.URL, Secret: secret})
			if err != nil {
				t.Fatal(err)
			}
			pass, fail, _ := rep.Counts()
			if pass+fail != 19 {
				t.Errorf("got %d cases, want 19 (14 events, 5 refusals)", pass+fail)
			}
			var fails []string
			for _, x := range rep.Results {
				if x.Outcome == contracttest.Fail {
					fails = append(fails, x.Name)
				}
			}
			for _, want := range tc.wantFails {
				if !strings.Contains(strings.Join(fails, "|"), want) {
					t.Errorf("no failure for %q; failures %v", want, fails)
				}
			}
			if tc.wantFails == nil && rep.Failed() {
				t.Errorf("failed: %s", rep.Summary())
			}
			if tc.wantFails != nil && !rep.Failed() {
				t.Error("passed a receiver it should fail")
			}
		})
	}
	if _, err := contracttest.CheckReceiver(context.Background(), contracttest.ReceiverTarget{URL: "http://127.0.0.1:1/hooks", Secret: secret}); err == nil {
		t.Error("no error for a receiver that cannot be reached")
	}
}

// CheckDelivery accepts a delivery as Breakcold documents it and names what is
// wrong with one that is not.
func TestCheckDelivery(t *testing.T) {
	t.Parallel()
	doc, err := apispec.Load()
	if err != nil {
		t.Fatal(err)
	}
	const secret = "test_secret"
	good := `{"eventId":"evt_abc123","timestamp":"2026-03-19T12:00:00.000Z","workspaceId":"workspace_id","event":"record.deleted","data":{"id":"record_id","deleted":true}}`
	at := time.Unix(1773921600, 0)
	headers := func(body string, key string) http.Header {
		h := http.Header{}
		h.Set("Content-Type", "application/json")
		h.Set("User-Agent", webhook.UserAgent)
		h.Set(webhook.HeaderEvent, "record.deleted")
		h.Set(webhook.HeaderDeliveryID, "evt_abc123")
		h.Set(webhook.HeaderTimestamp, "1773921600")
		h.Set(webhook.HeaderSignature, webhook.Sign(key, at, []byte(body)))
		return h
	}
	if p := contracttest.CheckDelivery(doc, secret, headers(good, secret), []byte(good)); len(p) != 0 {
		t.Errorf("the documented test vector: got problems %v", p)
	}
	for _, tc := range []struct {
		name, body, key, want string
		edit                  func(http.Header)
	}{
		{"wrong secret", good, "other", "signature", nil},
		{"seconds only", strings.Replace(good, "12:00:00.000Z", "12:00:00Z", 1), secret, "milliseconds", nil},
		{"no deleted", strings.Replace(good, `,"deleted":true`, "", 1), secret, "schema", nil},
		{"bad event id", strings.Replace(good, "evt_abc123", "abc123", 1), secret, "schema", nil},
		{"header event", good, secret, "X-Webhook-Event", func(h http.Header) { h.Set(webhook.HeaderEvent, "record.updated") }},
		{"user agent", good, secret, "User-Agent", func(h http.Header) { h.Set("User-Agent", "Go-http-client/1.1") }},
		{"no delivery id", good, secret, "X-Webhook-Delivery-Id", func(h http.Header) { h.Del(webhook.HeaderDeliveryID) }},
	} {
		h := headers(tc.body, tc.key)
		if tc.edit != nil {
			tc.edit(h)
		}
		p := contracttest.CheckDelivery(doc, secret, h, []byte(tc.body))
		if !strings.Contains(strings.Join(p, "\n"), tc.want) {
			t.Errorf("%s: got problems %v, want one mentioning %q", tc.name, p, tc.want)
		}
	}
}
