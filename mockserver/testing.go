package mockserver

import (
	"cmp"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/client"
)

// TestServer is a running mock: one listener per region, each also serving the
// legacy and control APIs, or, from StartInProcess, no listener at all. Its
// fields are what a client, or the contract suite, needs to reach it.
type TestServer struct {
	*Server
	// URL is the US listener's base (paths start with /api/v1 and /rest).
	URL string
	// EUURL is the EU listener's base.
	EUURL string
	// ControlURL is the control API's base, URL + ControlPrefix.
	ControlURL string
	// DemoKeys are the demo keys the starting data registers: all of them
	// with the demo dataset, those a seed holds (DemoSeed, changed), none with
	// Options.Empty.
	DemoKeys DemoKeys
	// SeedKeys are the keys the starting data registers (the demo's or
	// Options.Seed's), in the seed's order, with their secrets: a seed key
	// given no secret gets a random one here, which Reset keeps.
	SeedKeys []SeedKey

	us, eu    *httptest.Server
	client    *http.Client
	closeOnce sync.Once
}

// SeedKey is a key of the starting data, with its secret.
type SeedKey struct {
	Key
	// Secret is what a client sends; it is never logged or encoded.
	Secret string `json:"-"`
}

// DemoKeys are the secrets of the demo dataset's keys.
type DemoKeys struct {
	Full, ReadOnly, Sales, Expired, EU, Legacy string
}

// A ListenOption configures the listeners of Start and Listen.
type ListenOption func(*listenConfig) error

type listenConfig struct {
	addrs map[Region]string
	wrap  func(Region, http.Handler) http.Handler
}

// ListenAddr serves region on addr (host:port) instead of a free port on
// 127.0.0.1.
func ListenAddr(region Region, addr string) ListenOption {
	return func(c *listenConfig) error {
		if region != US && region != EU {
			return fmt.Errorf("mockserver: ListenAddr: unknown region %q", region)
		}
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return fmt.Errorf("mockserver: ListenAddr(%s, %q): %w", region, addr, err)
		}
		c.addrs[region] = addr
		return nil
	}
}

// WrapHandler puts wrap around each region's handler: to log, to record, or to
// break the mock on purpose in a test of a client or of the contract suite.
func WrapHandler(wrap func(Region, http.Handler) http.Handler) ListenOption {
	return func(c *listenConfig) error {
		if wrap == nil {
			return errors.New("mockserver: WrapHandler: nil wrapper")
		}
		c.wrap = wrap
		return nil
	}
}

// Listen builds a mock from opts and serves it, a listener per region, until
// Close. It is the one way to run a mock for a client or the contract suite
// outside a test (breakcold-contract -mock); in a test, Start also stops it.
//
// Inside a testing/synctest bubble it fails at once (see StartInProcess).
func Listen(opts Options, lopts ...ListenOption) (*TestServer, error) {
	if inBubble() {
		return nil, errInBubble
	}
	cfg := listenConfig{addrs: map[Region]string{}}
	for i, o := range lopts {
		if o == nil {
			return nil, fmt.Errorf("mockserver: listen option %d is nil", i)
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	ts, err := newTestServer(opts)
	if err != nil {
		return nil, err
	}
	servers := map[Region]*httptest.Server{}
	for _, region := range Regions {
		var h http.Handler = ts.Handler(region)
		if cfg.wrap != nil {
			h = cfg.wrap(region, h)
		}
		hs := httptest.NewUnstartedServer(h)
		if addr := cfg.addrs[region]; addr != "" {
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				for _, s := range servers {
					s.Close()
				}
				return nil, fmt.Errorf("mockserver: listen for the %s region: %w", strings.ToUpper(string(region)), err)
			}
			hs.Listener.Close()
			hs.Listener = ln
		}
		hs.Start()
		servers[region] = hs
	}
	ts.us, ts.eu = servers[US], servers[EU]
	ts.URL, ts.EUURL, ts.ControlURL = ts.us.URL, ts.eu.URL, ts.us.URL+ControlPrefix
	ts.client = ts.us.Client()
	return ts, nil
}

// Start runs a mock on loopback for the test, as Listen does, and stops it when
// the test ends (inside testing/synctest, use StartInProcess):
//
//	srv := mockserver.Start(t, mockserver.Options{})
//	c, _ := client.New(srv.DemoKeys.Full, client.WithBaseURL(srv.URL))
func Start(t testing.TB, opts Options, lopts ...ListenOption) *TestServer {
	t.Helper()
	ts, err := Listen(opts, lopts...)
	if err != nil {
		fatal(t, err)
		return nil
	}
	t.Cleanup(ts.Close)
	return ts
}

// fatal ends the test with err, named once as the mock's: most of the mock's
// errors already start with "mockserver: ".
func fatal(t testing.TB, err error) {
	t.Helper()
	msg := err.Error()
	if !strings.HasPrefix(msg, "mockserver: ") {
		msg = "mockserver: " + msg
	}
	t.Fatalf("%s", msg)
}

// errInBubble is Listen's answer inside a synctest bubble.
var errInBubble = errors.New("mockserver: Start and Listen cannot run inside a testing/synctest bubble: " +
	"network I/O keeps the bubble's clock from moving, so the test would hang or deadlock; " +
	"use StartInProcess, whose Client calls the mock's handlers directly")

// inBubble reports whether the caller runs inside a testing/synctest bubble,
// for the price of one time.Now: inside a bubble time.Now carries no monotonic
// clock reading (the runtime leaves it out of the bubble's fake time), outside
// one it always does, and only a time without one equals its Round(0).
func inBubble() bool {
	t := time.Now()
	return t == t.Round(0)
}

// Close stops the listeners, waiting for requests in flight, and then the
// webhook workers (Server.Close). It does nothing the second time.
func (ts *TestServer) Close() {
	ts.closeOnce.Do(func() {
		ts.closeStreams() // a listener waits for its requests, and a stream never ends
		if ts.us != nil {
			ts.us.Close()
			ts.eu.Close()
		}
		ts.Server.Close()
	})
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
//		c, _ := client.New(srv.DemoKeys.Full, client.WithBaseURL(srv.URL), client.WithHTTPClient(srv.Client()))
//		…
//	})
//
// A fault that drops the connection makes the client's request fail with a
// transport error, as a dropped connection would. Start and Listen fail at once
// inside a bubble, naming this function.
func StartInProcess(t testing.TB, opts Options) *TestServer {
	t.Helper()
	ts, err := newTestServer(opts)
	if err != nil {
		fatal(t, err)
		return nil
	}
	ts.URL, ts.EUURL, ts.ControlURL = inProcessUS, inProcessEU, inProcessUS+ControlPrefix
	ts.client = &http.Client{Transport: inProcess{us: ts.Handler(US), eu: ts.Handler(EU)}}
	t.Cleanup(ts.Close)
	return ts
}

func newTestServer(opts Options) (*TestServer, error) {
	seed := opts.Seed
	if seed == nil && !opts.Empty {
		seed = DemoSeed()
	}
	if seed != nil && !opts.Empty {
		// The test gets every key's secret: a seed key without one gets a
		// random one now, not in New, where nobody could learn it.
		c := *seed
		c.Keys = slices.Clone(seed.Keys)
		for i, k := range c.Keys {
			if k.Secret == "" {
				c.Keys[i].Secret = randomSecret(keyPrefixes[cmp.Or(k.Generation, client.GenerationCurrent)])
			}
		}
		seed, opts.Seed = &c, &c
	}
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	ts := &TestServer{Server: s}
	if seed != nil && !opts.Empty {
		for _, spec := range seed.Keys {
			if k := s.keys.lookup(spec.Secret); k != nil {
				ts.SeedKeys = append(ts.SeedKeys, SeedKey{Key: *k, Secret: spec.Secret})
			}
		}
	}
	for _, d := range []struct {
		field  *string
		secret string
	}{
		{&ts.DemoKeys.Full, DemoKeyFull}, {&ts.DemoKeys.ReadOnly, DemoKeyReadOnly}, {&ts.DemoKeys.Sales, DemoKeySales},
		{&ts.DemoKeys.Expired, DemoKeyExpired}, {&ts.DemoKeys.EU, DemoKeyEU}, {&ts.DemoKeys.Legacy, DemoKeyLegacy},
	} {
		if s.keys.lookup(d.secret) != nil {
			*d.field = d.secret
		}
	}
	return ts, nil
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
