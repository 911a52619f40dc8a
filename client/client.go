package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/breakcold-go/breakcold/apispec"
	"github.com/breakcold-go/breakcold/gen/breakcold"
)

// Region is where a current-API workspace and its key live.
type Region string

// The two regions of the current API. The legacy API has a single host.
const (
	US Region = "us"
	EU Region = "eu"
)

// DefaultLegacyBaseURL is the legacy API's host. The spec's paths already start
// with /rest, so this is a host root.
const DefaultLegacyBaseURL = "https://api.breakcold.com"

// Key prefixes of the two generations' credentials.
const (
	currentKeyPrefix = "bc_live_"
	legacyKeyPrefix  = "breakcold-usr-"
)

// Client calls both generations of the Breakcold API. It is safe for concurrent
// use. Create it with New.
type Client struct {
	current *breakcold.ClientWithResponses // paths under /api/v1
	legacy  *breakcold.ClientWithResponses // paths under /rest
	key     secret
	region  Region
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
	c := &Client{key: secret(apiKey), region: cfg.region, limits: &rateLimits{}}
	doer := &retrier{next: cfg.httpClient, policy: cfg.retry, pacing: cfg.pacing, timeout: cfg.timeout, limits: c.limits}
	var err error
	if c.current, err = c.generated(cfg.currentBase(), cfg.userAgent, doer); err != nil {
		return nil, err
	}
	if c.legacy, err = c.generated(cfg.legacyBase(), cfg.userAgent, doer); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Client) generated(base *url.URL, userAgent string, doer breakcold.HttpRequestDoer) (*breakcold.ClientWithResponses, error) {
	basePath := strings.TrimSuffix(base.Path, "/")
	gc, err := breakcold.NewClientWithResponses(base.String(),
		breakcold.WithHTTPClient(doer),
		breakcold.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			req.Header.Set("User-Agent", userAgent)
			return c.authorize(req, strings.TrimPrefix(req.URL.Path, basePath))
		}))
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	return gc, nil
}

// authorize puts the key on req in the form the path's generation expects, or
// refuses a key that belongs to the other generation.
func (c *Client) authorize(req *http.Request, path string) error {
	gen, ok := apispec.GenerationOf(path)
	if !ok {
		return fmt.Errorf("client: path %s is under neither %s nor %s", path, apispec.CurrentPrefix, apispec.LegacyPrefix)
	}
	if kind, known := c.key.generation(); known && kind != gen {
		return &refusal{kind: ErrWrongCredential, msg: fmt.Sprintf("wrong credential: %s key %s cannot call the %s API", kind, c.key, gen)}
	}
	if gen == apispec.Legacy {
		req.Header.Set("x-api-key", string(c.key))
	} else {
		req.Header.Set("Authorization", "Bearer "+string(c.key))
	}
	return nil
}

// RateLimit returns the rate-limit headers of the latest response, or the zero
// RateLimit before the first one. Both generations feed the one snapshot; a
// client normally talks to one of them, since its key belongs to one.
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
	for _, p := range []string{currentKeyPrefix, legacyKeyPrefix} {
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
func (s secret) generation() (apispec.Generation, bool) {
	switch {
	case strings.HasPrefix(string(s), currentKeyPrefix):
		return apispec.Current, true
	case strings.HasPrefix(string(s), legacyKeyPrefix):
		return apispec.Legacy, true
	}
	return "", false
}

const (
	defaultUserAgent = "breakcold-go/client"
	defaultTimeout   = 30 * time.Second
)
