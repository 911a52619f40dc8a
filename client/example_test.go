package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http/httptest"
	"slices"
	"time"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/mockserver"
)

// startMock serves the mock's demo dataset on loopback, as a test would with
// mockserver.Start, and returns it with its base URL.
func startMock(opts mockserver.Options) (*mockserver.Server, string, func()) {
	s, err := mockserver.New(opts)
	if err != nil {
		log.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler(mockserver.US))
	return s, ts.URL, ts.Close
}

func Example() {
	_, url, stop := startMock(mockserver.Options{})
	defer stop()
	ctx := context.Background()

	c, err := client.New(mockserver.DemoKeyFull, client.WithBaseURL(url))
	if err != nil {
		log.Fatal(err)
	}
	person := "person"
	rec, _, err := c.CreateRecord(ctx, client.RecordCreate{
		WorkspaceID:    mockserver.DemoWorkspaceSales,
		ObjectTypeSlug: &person,
		Fields:         &client.FieldValues{"name": "Katherine Johnson", "email": "katherine@nasa.example"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rec.DisplayName, rec.ObjectTypeSlug)
	// Output: Katherine Johnson person
}

func ExampleClient_AllRecords() {
	_, url, stop := startMock(mockserver.Options{})
	defer stop()
	c, err := client.New(mockserver.DemoKeyFull, client.WithBaseURL(url))
	if err != nil {
		log.Fatal(err)
	}

	// Two records a page, so the iterator follows the cursor across pages.
	ws, person, limit := mockserver.DemoWorkspaceSales, "person", 2
	var names []string
	for rec, err := range c.AllRecords(context.Background(), &client.ListRecordsParams{WorkspaceID: &ws, ObjectTypeSlug: &person, Limit: &limit}) {
		if err != nil {
			log.Fatal(err)
		}
		names = append(names, rec.DisplayName)
	}
	slices.Sort(names)
	fmt.Println(names)
	// Output: [Charles Babbage Joseph Jacquard Luigi Menabrea]
}

// A spent window answers 429. The client waits out Retry-After when the wait
// fits RetryPolicy.MaxWait and the context; here it does not, so the error comes
// back at once, carrying the wait the server asked for.
func ExampleError_rateLimited() {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	mock, url, stop := startMock(mockserver.Options{RateLimit: 1, Now: func() time.Time { return start }})
	defer stop()
	c, err := client.New(mockserver.DemoKeyFull, client.WithBaseURL(url),
		client.WithRetryPolicy(client.RetryPolicy{MaxRetries: 3, MaxWait: 5 * time.Second}))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	_, _, err = c.ListWorkspaces(ctx, nil) // the window's one request
	fmt.Println("first:", err)
	_, _, err = c.ListWorkspaces(ctx, nil)
	var apiErr *client.Error
	if errors.As(err, &apiErr) && errors.Is(err, client.ErrRateLimited) {
		fmt.Println("second:", apiErr.StatusCode, apiErr.Code, "retry after", apiErr.RetryAfter)
	}

	mock.Advance(apiErr.RetryAfter) // the mock's clock; a real caller would wait
	_, _, err = c.ListWorkspaces(ctx, nil)
	fmt.Println("after the window:", err)
	// Output:
	// first: <nil>
	// second: 429 rate_limited retry after 1m0s
	// after the window: <nil>
}
