package mockserver_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/mockserver"
)

// A client against the mock: a record created, a fault injected, a key that
// expires as the mock's clock moves on, and the journal of what was asked.
// Inside a test, mockserver.Start(t, …) replaces Listen and Close.
func Example() {
	srv, err := mockserver.Listen(mockserver.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	c, err := client.New(srv.DemoKeys.Full, client.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	grace := client.RecordCreate{
		WorkspaceID:    mockserver.DemoWorkspaceSales,
		ObjectTypeSlug: client.Ptr("person"),
		Fields:         &client.FieldValues{"name": "Grace Hopper"},
	}
	rec, _, err := c.CreateRecord(ctx, grace)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created:", rec.DisplayName)

	// A fault: the next createRecord answers 503 (a POST, so the client does not
	// retry it).
	if _, err := srv.AddFault(mockserver.Fault{Operation: "createRecord", Status: http.StatusServiceUnavailable}); err != nil {
		log.Fatal(err)
	}
	_, _, err = c.CreateRecord(ctx, grace)
	fmt.Println("with a fault:", errors.Is(err, client.ErrServer))

	// The mock's clock: a key made to last an hour stops working an hour later.
	_, secret, err := srv.CreateKey(mockserver.KeySpec{
		Name: "reader", UserID: mockserver.DemoUserAda,
		Scopes: []client.Scope{client.ScopeRecordsRead}, ExpiresIn: time.Hour,
	})
	if err != nil {
		log.Fatal(err)
	}
	reader, err := client.New(secret, client.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	_, _, err = reader.GetRecord(ctx, rec.ID)
	fmt.Println("reader:", err)
	srv.Advance(time.Hour)
	_, _, err = reader.GetRecord(ctx, rec.ID)
	fmt.Println("an hour later:", errors.Is(err, client.ErrUnauthorized))

	// The journal: what the mock was asked, keys by prefix only.
	for _, e := range srv.Journal(mockserver.JournalFilter{Operation: "createRecord"}) {
		fmt.Println(e.Method, e.Path, e.Status, e.KeyPrefix)
	}
	// Output:
	// created: Grace Hopper
	// with a fault: true
	// reader: <nil>
	// an hour later: true
	// POST /api/v1/records 201 bc_live_usfull
	// POST /api/v1/records 503 bc_live_usfull
}
