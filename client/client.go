package client

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Region is where a current-API workspace and its key live.
type Region string

// The two regions of the current API. The legacy API has a single host.
const (
	US Region = "us"
	EU Region = "eu"
)

// DefaultLegacyBaseURL is the legacy API's host. The operations' paths already
// start with /rest, so this is a host root.
const DefaultLegacyBaseURL = "https://api.breakcold.com"

// Key prefixes of the two generations' credentials.
const (
	CurrentKeyPrefix = "bc_live_"       // current-API keys, sent as Authorization: Bearer
	LegacyKeyPrefix  = "breakcold-usr-" // legacy-API keys, sent as x-api-key
)

// Client calls the current API (paths under /api/v1) with a Bearer key
// (bc_live_…). It is safe for concurrent use. Create it with New; the legacy
// API has a client of its own, LegacyClient, because its keys, hosts and
// operations are all different.
type Client struct{ conn }

// LegacyClient calls the legacy API (paths under /rest) with an x-api-key key
// (breakcold-usr-…). It is safe for concurrent use. Create it with NewLegacy.
// Its methods are named after the operations without their Legacy prefix:
// legacyListLeads is LegacyClient.ListLeads.
type LegacyClient struct{ conn }

// conn is what both clients share: one key, one host and the options.
type conn struct {
	base   string // the generation's base URL, without a trailing slash
	legacy bool   // x-api-key and /rest, rather than Bearer and /api/v1
	key    secret
	config // the options the client was built with
	limits *rateLimits
}

// New returns a client of the current API that authenticates with apiKey, a
// current-API key (bc_live_…) sent as a Bearer token. A legacy key
// (breakcold-usr-…) is refused with an error matching ErrWrongCredential: use
// NewLegacy. A key with neither prefix, such as a test key, is accepted.
func New(apiKey string, opts ...Option) (*Client, error) {
	c, err := newConn(GenerationCurrent, apiKey, opts)
	if err != nil {
		return nil, err
	}
	return &Client{c}, nil
}

// NewLegacy returns a client of the legacy API that authenticates with apiKey,
// a legacy key (breakcold-usr-…) sent as x-api-key. A current-API key is
// refused with an error matching ErrWrongCredential. It takes the same options
// as New; WithRegion and WithOrganizationID do not apply to the legacy API and
// are ignored, and WithBaseURL serves it unless WithLegacyBaseURL is given, so
// one option list can build both clients against the mock.
func NewLegacy(apiKey string, opts ...Option) (*LegacyClient, error) {
	c, err := newConn(GenerationLegacy, apiKey, opts)
	if err != nil {
		return nil, err
	}
	return &LegacyClient{c}, nil
}

func newConn(gen Generation, apiKey string, opts []Option) (conn, error) {
	name := "New"
	if gen == GenerationLegacy {
		name = "NewLegacy"
	}
	if apiKey == "" {
		return conn{}, fmt.Errorf("client: %s: empty api key", name)
	}
	if strings.ContainsAny(apiKey, " \t\r\n") {
		return conn{}, fmt.Errorf("client: %s: api key %s contains white space", name, secret(apiKey))
	}
	if kind, known := secret(apiKey).generation(); known && kind != gen {
		other := "NewLegacy"
		if kind == GenerationCurrent {
			other = "New"
		}
		return conn{}, &refusal{kind: ErrWrongCredential, msg: fmt.Sprintf("client: %s: %s is a %s-API key; use %s", name, secret(apiKey), kind, other)}
	}
	cfg := config{region: US, httpClient: http.DefaultClient, userAgent: defaultUserAgent, timeout: defaultTimeout, retry: DefaultRetryPolicy(), strict: true}
	for i, opt := range opts {
		if opt == nil {
			return conn{}, fmt.Errorf("client: %s: option %d is nil", name, i)
		}
		if err := opt(&cfg); err != nil {
			return conn{}, err
		}
	}
	c := conn{base: cfg.currentBase(), key: secret(apiKey), config: cfg, limits: &rateLimits{}}
	if gen == GenerationLegacy {
		c.base, c.legacy = cfg.legacyBase(), true
	}
	return c, nil
}

// RateLimit returns the rate-limit headers of the latest answer any call of
// this client received, or the zero RateLimit before the first one. Under
// concurrency, read a call's own state from the *Response it returns instead.
func (c *Client) RateLimit() RateLimit { return c.limits.snapshot() }

// RateLimit returns the rate-limit headers of the latest answer any call of
// this client received, or the zero RateLimit before the first one.
func (c *LegacyClient) RateLimit() RateLimit { return c.limits.snapshot() }

// Region is the current API's region the client was built for.
func (c *Client) Region() Region { return c.region }

// String describes the client without its key.
func (c *Client) String() string {
	return fmt.Sprintf("client.Client{region: %s, key: %s}", c.region, c.key)
}

// GoString keeps the key out of %#v.
func (c *Client) GoString() string { return c.String() }

// String describes the client without its key.
func (c *LegacyClient) String() string {
	return fmt.Sprintf("client.LegacyClient{key: %s}", c.key)
}

// GoString keeps the key out of %#v.
func (c *LegacyClient) GoString() string { return c.String() }

// secret is an API key. Its String shows only the kind and a few characters, so
// the key can be named in errors without leaking.
type secret string

// visibleLen is how many characters after the kind prefix may be shown.
const visibleLen = 6

func (s secret) String() string {
	for _, p := range []string{CurrentKeyPrefix, LegacyKeyPrefix} {
		if rest, ok := strings.CutPrefix(string(s), p); ok {
			return p + rest[:min(len(rest), visibleLen)] + "…"
		}
	}
	if len(s) > 8 {
		return string(s[:4]) + "…"
	}
	return "…"
}

// GoString keeps the key out of %#v.
func (s secret) GoString() string { return s.String() }

// generation tells which API the key is for, when its prefix says so.
func (s secret) generation() (Generation, bool) {
	switch {
	case strings.HasPrefix(string(s), CurrentKeyPrefix):
		return GenerationCurrent, true
	case strings.HasPrefix(string(s), LegacyKeyPrefix):
		return GenerationLegacy, true
	}
	return "", false
}

const (
	defaultUserAgent = "breakcold-go/client"
	defaultTimeout   = 30 * time.Second
)
