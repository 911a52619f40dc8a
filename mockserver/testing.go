package mockserver

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestServer is a mock running on loopback for the length of a test: one listener
// per region, each also serving the legacy and control APIs.
type TestServer struct {
	*Server
	// URL is the US listener's base (paths start with /api/v1 and /rest).
	URL string
	// EUURL is the EU listener's base.
	EUURL string
	// Keys are the demo keys (empty when Options.Empty or Options.Seed is set).
	Keys DemoKeys

	us, eu *httptest.Server
}

// DemoKeys are the secrets of the demo dataset's keys.
type DemoKeys struct {
	Full, ReadOnly, Sales, Expired, EU, Legacy string
}

// Start runs a mock for the test and stops it when the test ends:
//
//	srv := mockserver.Start(t, mockserver.Options{})
//	c, _ := client.New(srv.Keys.Full, client.WithBaseURL(srv.URL))
func Start(t testing.TB, opts Options) *TestServer {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatalf("mockserver: %v", err)
	}
	ts := &TestServer{Server: s, us: httptest.NewServer(s.Handler(US)), eu: httptest.NewServer(s.Handler(EU))}
	ts.URL, ts.EUURL = ts.us.URL, ts.eu.URL
	if !opts.Empty && opts.Seed == nil {
		ts.Keys = DemoKeys{Full: DemoKeyFull, ReadOnly: DemoKeyReadOnly, Sales: DemoKeySales, Expired: DemoKeyExpired, EU: DemoKeyEU, Legacy: DemoKeyLegacy}
	}
	t.Cleanup(func() {
		ts.us.Close()
		ts.eu.Close()
	})
	return ts
}

// Client is an HTTP client for the test server's listeners.
func (ts *TestServer) Client() *http.Client { return ts.us.Client() }
