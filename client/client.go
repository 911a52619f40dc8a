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

// Client calls both generations of the Breakcold API. It is safe for concurrent
// use. Create it with New.
type Client struct {
	current string // base URL of paths under /api/v1, without a trailing slash
	legacy  string // base URL of paths under /rest
	key     secret
	config  // the options New was given
	limits  *rateLimits
}

// New returns a client that authenticates with apiKey: a current-API key
// (bc_live_…), sent as a Bearer token, or a legacy key (breakcold-usr-…), sent
// as x-api-key. A key of one kind is refused, before anything is sent, by the
// other generation's operations; a key with neither prefix is sent to both.
func New(apiKey string, opts ...Option) (*Client, error) {
	if apiKey == "" {
		return nil, fmt.Errorf("client: empty api key")
	}
	if strings.ContainsAny(apiKey, " \t\r\n") {
		return nil, fmt.Errorf("client: api key %s contains white space", secret(apiKey))
	}
	cfg := config{region: US, httpClient: http.DefaultClient, userAgent: defaultUserAgent, timeout: defaultTimeout, retry: DefaultRetryPolicy()}
	for i, opt := range opts {
		if opt == nil {
			return nil, fmt.Errorf("client: option %d is nil", i)
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	return &Client{current: cfg.currentBase(), legacy: cfg.legacyBase(), key: secret(apiKey), config: cfg, limits: &rateLimits{}}, nil
}

// authorizes refuses, before sending, a key that belongs to the other generation.
func (c *Client) authorizes(req *request) error {
	want := GenerationCurrent
	if req.legacy {
		want = GenerationLegacy
	}
	if kind, known := c.key.generation(); known && kind != want {
		return &refusal{kind: ErrWrongCredential, msg: fmt.Sprintf("client: %s: wrong credential: %s key %s cannot call the %s API", req.op, kind, c.key, want)}
	}
	return nil
}

// RateLimit returns the rate-limit headers of the latest answer any call of
// this client received, or the zero RateLimit before the first one. Under
// concurrency, read a call's own state from the *Response it returns instead.
func (c *Client) RateLimit() RateLimit { return c.limits.snapshot() }

// Region is the current API's region the client was built for.
func (c *Client) Region() Region { return c.region }

// String describes the client without its key.
func (c *Client) String() string {
	return fmt.Sprintf("client.Client{region: %s, key: %s}", c.region, c.key)
}

// GoString keeps the key out of %#v.
func (c *Client) GoString() string { return c.String() }

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
