package client_test

import (
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/mockserver"
)

// TestVirtualTimeExample is the pattern for testing code that meets Breakcold's
// rate limit: the client and an in-process mock run inside a synctest bubble,
// so the mock's clock is the bubble's and a 60-second window passes in no real
// time. The README shows this test.
func TestVirtualTimeExample(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := mockserver.StartInProcess(t, mockserver.Options{})
		c, err := client.New(srv.DemoKeys.Full,
			client.WithBaseURL(srv.URL),
			client.WithHTTPClient(srv.Client()),
			client.WithRateLimitWait(61*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		for i := range 61 { // one more than the window allows
			if _, _, err := c.ListWorkspaces(t.Context(), nil); err != nil {
				t.Fatalf("call %d: %v", i+1, err)
			}
		}
		if waited := time.Since(start); waited != 60*time.Second {
			t.Errorf("the 61st call waited %v of virtual time, want 60s", waited)
		}

		// Without the opt-in the same 429 comes back at once.
		quick, _ := client.New(srv.DemoKeys.Full, client.WithBaseURL(srv.URL), client.WithHTTPClient(srv.Client()))
		for range 60 {
			_, _, _ = quick.ListWorkspaces(t.Context(), nil)
		}
		_, resp, err := quick.ListWorkspaces(t.Context(), nil)
		if !errors.Is(err, client.ErrRateLimited) || resp.Attempts != 1 {
			t.Errorf("got %v after %d attempts, want ErrRateLimited after 1", err, resp.Attempts)
		}
	})
}
