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

// A spent window answers 429. By default the client does not wait out a long
// Retry-After: the error comes back at once, carrying the wait the server
// asked for, and the caller decides.
func ExampleError_rateLimited() {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	mock, url, stop := startMock(mockserver.Options{RateLimit: 1, Now: func() time.Time { return start }})
	defer stop()
	c, err := client.New(mockserver.DemoKeyFull, client.WithBaseURL(url))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	_, _, err = c.ListWorkspaces(ctx, nil) // the window's one request
	fmt.Println("first:", err)
	_, resp, err := c.ListWorkspaces(ctx, nil)
	var apiErr *client.Error
	if errors.As(err, &apiErr) && errors.Is(err, client.ErrRateLimited) {
		fmt.Println("second:", apiErr.StatusCode, apiErr.Code, "retry after", apiErr.RetryAfter, "remaining", resp.RateLimit.Remaining)
	}

	mock.Advance(apiErr.RetryAfter) // the mock's clock; a real caller would wait
	_, _, err = c.ListWorkspaces(ctx, nil)
	fmt.Println("after the window:", err)
	// Output:
	// first: <nil>
	// second: 429 rate_limited retry after 1m0s remaining 0
	// after the window: <nil>
}

// Errors match their kind with errors.Is and carry the API's details through
// errors.As, whichever API generation answered.
func ExampleError() {
	_, url, stop := startMock(mockserver.Options{})
	defer stop()
	c, err := client.New(mockserver.DemoKeyReadOnly, client.WithBaseURL(url))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	_, _, err = c.GetRecord(ctx, "rec_missing")
	fmt.Println("not found:", errors.Is(err, client.ErrNotFound))

	_, _, err = c.CreateRecord(ctx, client.RecordCreate{WorkspaceID: mockserver.DemoWorkspaceSales, ObjectTypeSlug: client.Ptr("person")})
	var apiErr *client.Error
	if errors.As(err, &apiErr) {
		fmt.Println("forbidden:", errors.Is(err, client.ErrForbidden), apiErr.StatusCode, apiErr.Code, apiErr.Operation)
	}
	// Output:
	// not found: true
	// forbidden: true 403 forbidden createRecord
}

// Waiting out a spent 60-second window is opt-in: WithRateLimitWait bounds each
// wait and WithRetryHook (or WithLogger) reports it. StartInProcess and
// testing/synctest make the minute pass in no real time; see
// TestVirtualTimeExample for the whole pattern.
func ExampleWithRateLimitWait() {
	c, err := client.New("bc_live_example",
		client.WithRateLimitWait(61*time.Second),
		client.WithRetryHook(func(ev client.RetryEvent) {
			log.Printf("%s: attempt %d got %d; retrying in %v", ev.Operation, ev.Attempt, ev.StatusCode, ev.Delay)
		}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Region())
	// Output: us
}
