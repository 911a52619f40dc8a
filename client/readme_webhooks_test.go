package client_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/client/webhook"
	"github.com/breakcold-go/breakcold/mockserver"
)

// The README's webhook snippets; TestReadmeSnippets holds the README to them.

func readmeWebhookReceiver() {
	h := webhook.NewHandler(webhook.Verifier{Secrets: []string{os.Getenv("BREAKCOLD_WEBHOOK_SECRET")}})
	webhook.On(h, webhook.RecordCreated, func(ctx context.Context, ev *webhook.Event, rec webhook.Record) error {
		log.Printf("%s %q created (event %s)", rec.ObjectType, rec.Name, ev.ID)
		return nil // 2xx; an error answers 500 and Breakcold tries again
	})
	http.Handle("/hooks", h) // forged, stale and unsigned deliveries get a 4xx
	log.Fatal(http.ListenAndServe("localhost:3000", nil))
}

func readmeWebhookMock(t *testing.T, app http.Handler) {
	srv := mockserver.Start(t, mockserver.Options{})
	recv := httptest.NewServer(app) // your app's webhook handler, on loopback
	t.Cleanup(recv.Close)
	ep, err := srv.AddWebhook(mockserver.WebhookSpec{URL: recv.URL + "/hooks", Events: []string{"record.created"}})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("the app verifies with", ep.Secret)
	// … create a record through the API: the app gets record.created …
	srv.Advance(5 * time.Second) // retries what failed 5 s ago; returns once it has
	for _, d := range srv.WebhookDeliveries(mockserver.WebhookDeliveryFilter{Event: "record.created"}) {
		fmt.Println(d.EventID, d.Status, len(d.Attempts))
	}
}

var (
	_ = readmeWebhookReceiver
	_ = readmeWebhookMock
)
