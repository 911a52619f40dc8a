package client

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/breakcold-go/breakcold/gen/breakcold"
)

// An Option configures a Client. Options check their values; New returns the
// first error, which names the option.
type Option func(*config) error

type config struct {
	region     Region
	baseURL    *url.URL // current API; nil means the region's host
	legacyURL  *url.URL // nil means baseURL when set, else DefaultLegacyBaseURL
	httpClient *http.Client
	userAgent  string
	timeout    time.Duration
	retry      RetryPolicy
	pacing     bool
}

func (c *config) currentBase() *url.URL {
	if c.baseURL != nil {
		return c.baseURL
	}
	if c.region == EU {
		return mustParse(breakcold.ServerUrlEU)
	}
	return mustParse(breakcold.ServerUrlUS)
}

// legacyBase falls back to the current API's override because the mock serves
// both generations on one listener.
func (c *config) legacyBase() *url.URL {
	switch {
	case c.legacyURL != nil:
		return c.legacyURL
	case c.baseURL != nil:
		return c.baseURL
	}
	return mustParse(DefaultLegacyBaseURL)
}

// WithRegion picks the current API's host: US (the default) or EU.
func WithRegion(r Region) Option {
	return func(c *config) error {
		if r != US && r != EU {
			return fmt.Errorf("client: WithRegion: unknown region %q, want %q or %q", r, US, EU)
		}
		c.region = r
		return nil
	}
}

// WithBaseURL overrides the current API's host, for example with a mock at
// http://127.0.0.1:PORT. Operation paths already start with /api/v1 or /rest, so
// the URL is a host root. Without WithLegacyBaseURL it serves the legacy API too.
func WithBaseURL(rawURL string) Option {
	return func(c *config) (err error) {
		c.baseURL, err = parseBase("WithBaseURL", rawURL)
		return err
	}
}

// WithLegacyBaseURL overrides the legacy API's host (DefaultLegacyBaseURL).
func WithLegacyBaseURL(rawURL string) Option {
	return func(c *config) (err error) {
		c.legacyURL, err = parseBase("WithLegacyBaseURL", rawURL)
		return err
	}
}

// WithHTTPClient sends requests through hc instead of http.DefaultClient.
// Retries, pacing and WithTimeout still apply on top of it.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return fmt.Errorf("client: WithHTTPClient: nil *http.Client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithUserAgent sets the User-Agent header of every request.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if strings.TrimSpace(ua) == "" || strings.ContainsAny(ua, "\r\n") {
			return fmt.Errorf("client: WithUserAgent: %q is not a valid header value", ua)
		}
		c.userAgent = ua
		return nil
	}
}

// WithTimeout bounds each attempt of a request (30 s by default); 0 means no
// bound beyond the caller's context. Waits between attempts are not counted.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("client: WithTimeout: negative timeout %v", d)
		}
		c.timeout = d
		return nil
	}
}

// WithRetryPolicy replaces DefaultRetryPolicy. Zero durations take the default.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error {
		switch {
		case p.MaxRetries < 0:
			return fmt.Errorf("client: WithRetryPolicy: negative MaxRetries %d", p.MaxRetries)
		case p.MaxWait < 0 || p.BaseDelay < 0 || p.MaxDelay < 0:
			return fmt.Errorf("client: WithRetryPolicy: negative duration in %+v", p)
		}
		d := DefaultRetryPolicy()
		p.MaxWait = cmp.Or(p.MaxWait, d.MaxWait)
		p.BaseDelay = cmp.Or(p.BaseDelay, d.BaseDelay)
		p.MaxDelay = cmp.Or(p.MaxDelay, max(d.MaxDelay, p.BaseDelay))
		if p.MaxDelay < p.BaseDelay {
			return fmt.Errorf("client: WithRetryPolicy: MaxDelay %v is shorter than BaseDelay %v", p.MaxDelay, p.BaseDelay)
		}
		c.retry = p
		return nil
	}
}

// WithPacing makes the client wait, before sending, while the last response
// said the window is spent (X-RateLimit-Remaining 0) and it has not reset yet.
// Off by default: the server's 429 and Retry-After are enough for most callers.
func WithPacing(on bool) Option {
	return func(c *config) error {
		c.pacing = on
		return nil
	}
}

func parseBase(option, rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	switch {
	case err != nil:
		return nil, fmt.Errorf("client: %s: %w", option, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("client: %s: %q is not an http or https URL", option, rawURL)
	case u.Host == "":
		return nil, fmt.Errorf("client: %s: %q has no host", option, rawURL)
	case u.User != nil, u.RawQuery != "", u.Fragment != "":
		return nil, fmt.Errorf("client: %s: %q must not carry user info, a query or a fragment", option, u.Redacted())
	}
	return u, nil
}

func mustParse(rawURL string) *url.URL {
	u, err := url.Parse(rawURL)
	if err != nil {
		panic(err)
	}
	return u
}
