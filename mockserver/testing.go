package mockserver

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestServer is a mock running for the length of a test: one listener per
// region, each also serving the legacy and control APIs, or, from
// StartInProcess, no listener at all.
type TestServer struct {
	*Server
	// URL is the US listener's base (paths start with /api/v1 and /rest).
	URL string
	// EUURL is the EU listener's base.
	EUURL string
	// Keys are the demo keys (empty when Options.Empty or Options.Seed is set).
	Keys DemoKeys

	us, eu *httptest.Server
	client *http.Client
}

// DemoKeys are the secrets of the demo dataset's keys.
type DemoKeys struct {
	Full, ReadOnly, Sales, Expired, EU, Legacy string
}

// Start runs a mock on loopback for the test and stops it when the test ends:
//
//	srv := mockserver.Start(t, mockserver.Options{})
//	c, _ := client.New(srv.Keys.Full, client.WithBaseURL(srv.URL))
func Start(t testing.TB, opts Options) *TestServer {
	t.Helper()
	ts := newTestServer(t, opts)
	ts.us, ts.eu = httptest.NewServer(ts.Handler(US)), httptest.NewServer(ts.Handler(EU))
	ts.URL, ts.EUURL = ts.us.URL, ts.eu.URL
	ts.client = ts.us.Client()
	t.Cleanup(func() {
		ts.us.Close()
		ts.eu.Close()
	})
	return ts
}

// In-process hosts: only the Client of a StartInProcess server reaches them.
const (
	inProcessUS = "http://us.mock.test"
	inProcessEU = "http://eu.mock.test"
)

// StartInProcess runs a mock with no listener: its Client hands each request
// straight to the mock's handler. URL and EUURL name hosts only that client
// reaches. Use it inside testing/synctest, where network I/O would keep virtual
// time from advancing: with the default clock the mock then reads the bubble's
// fake time, so a test waits out a 60-second window in no real time.
//
//	synctest.Test(t, func(t *testing.T) {
//		srv := mockserver.StartInProcess(t, mockserver.Options{})
//		c, _ := client.New(srv.Keys.Full, client.WithBaseURL(srv.URL), client.WithHTTPClient(srv.Client()))
//		…
//	})
//
// A fault that drops the connection makes the client's request fail with a
// transport error, as a dropped connection would.
func StartInProcess(t testing.TB, opts Options) *TestServer {
	t.Helper()
	ts := newTestServer(t, opts)
	ts.URL, ts.EUURL = inProcessUS, inProcessEU
	ts.client = &http.Client{Transport: inProcess{us: ts.Handler(US), eu: ts.Handler(EU)}}
	return ts
}

func newTestServer(t testing.TB, opts Options) *TestServer {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatalf("mockserver: %v", err)
	}
	ts := &TestServer{Server: s}
	if !opts.Empty && opts.Seed == nil {
		ts.Keys = DemoKeys{Full: DemoKeyFull, ReadOnly: DemoKeyReadOnly, Sales: DemoKeySales, Expired: DemoKeyExpired, EU: DemoKeyEU, Legacy: DemoKeyLegacy}
	}
	return ts
}

// Client is an HTTP client that reaches the test server's listeners (Start) or
// its handlers directly (StartInProcess).
func (ts *TestServer) Client() *http.Client { return ts.client }

// inProcess serves a request with the handler of the region its host names.
type inProcess struct{ us, eu http.Handler }

func (p inProcess) RoundTrip(req *http.Request) (resp *http.Response, err error) {
	h := p.us
	if "http://"+req.URL.Host == inProcessEU {
		h = p.eu
	} else if "http://"+req.URL.Host != inProcessUS {
		return nil, &hostError{host: req.URL.Host}
	}
	r := req.Clone(req.Context())
	if r.Body == nil {
		r.Body = http.NoBody
	}
	r.RemoteAddr = "127.0.0.1:1"
	r.RequestURI = r.URL.RequestURI()
	defer func() {
		// A dropped-connection fault aborts the handler, as net/http expects.
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler {
				panic(v)
			}
			resp, err = nil, errDropped
		}
	}()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	resp = rec.Result()
	resp.Request = req
	return resp, nil
}

var errDropped = errors.New("mockserver: connection dropped by a fault")

type hostError struct{ host string }

func (e *hostError) Error() string {
	return "mockserver: in-process client cannot reach " + e.host + "; use " + strings.Join([]string{inProcessUS, inProcessEU}, " or ")
}
