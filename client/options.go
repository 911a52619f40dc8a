package client

import (
	"cmp"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
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
	orgID      string // X-Breakcold-Organization-Id on current-API calls; empty sends none
	timeout    time.Duration
	retry      RetryPolicy
	pacing     bool
	onRetry    func(RetryEvent)
	logger     *slog.Logger
	strict     bool // hold success answers to the spec (WithStrictResponses)
}

func (c *config) currentBase() string {
	switch {
	case c.baseURL != nil:
		return c.baseURL.String()
	case c.region == EU:
		return BaseURLEU
	}
	return BaseURLUS
}

// legacyBase falls back to the current API's override because the mock serves
// both generations on one listener.
func (c *config) legacyBase() string {
	switch {
	case c.legacyURL != nil:
		return c.legacyURL.String()
	case c.baseURL != nil:
		return c.baseURL.String()
	}
	return DefaultLegacyBaseURL
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

// WithBaseURL overrides the API's host, for example with a mock at
// http://127.0.0.1:PORT. Operation paths already start with /api/v1 or /rest, so
// a trailing /api/v1 or /rest is dropped: http://127.0.0.1:8080/api/v1 and
// http://127.0.0.1:8080 are the same base. A LegacyClient uses it too unless
// WithLegacyBaseURL is given, since the mock serves both generations on one
// listener.
func WithBaseURL(rawURL string) Option {
	return func(c *config) (err error) {
		c.baseURL, err = parseBase("WithBaseURL", rawURL)
		return err
	}
}

// WithLegacyBaseURL overrides a LegacyClient's host (DefaultLegacyBaseURL); a
// trailing /rest is dropped. A Client ignores it.
func WithLegacyBaseURL(rawURL string) Option {
	return func(c *config) (err error) {
		c.legacyURL, err = parseBase("WithLegacyBaseURL", rawURL)
		return err
	}
}

// WithStrictResponses says whether a success answer that the spec does not
// allow is an error. It is on by default: an undeclared status, a body that is
// not JSON, a missing required property or a value of the wrong JSON type is
// an *UnexpectedResponseError matching ErrUnexpectedResponse, so that a change
// on the server shows where it happens instead of as zero values later. Enum
// values, formats and properties the spec does not name are never checked, so
// the API may add to them. Off, the client decodes whatever JSON arrives, as
// encoding/json would; a body that does not decode is still an error.
func WithStrictResponses(on bool) Option {
	return func(c *config) error {
		c.strict = on
		return nil
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

// WithOrganizationID sends the X-Breakcold-Organization-Id header with every
// current-API call (the legacy API has no such header). Breakcold documents it as
// optional: signed-in user tokens use it to choose an organization, and an API
// key, which belongs to one organization, needs it only to make that explicit.
// The mock answers 403 when it names another organization than the key's.
func WithOrganizationID(id string) Option {
	return func(c *config) error {
		if strings.TrimSpace(id) == "" || strings.ContainsAny(id, " \t\r\n") {
			return fmt.Errorf("client: WithOrganizationID: %q is not an organization id", id)
		}
		c.orgID = id
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

// WithRetryPolicy replaces DefaultRetryPolicy. Zero durations take the default;
// MaxRetries 0 turns retries off.
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

// WithRateLimitWait lets the client wait up to d for a spent rate-limit window
// to reset (a 429's Retry-After, else X-RateLimit-Reset) and then send again,
// instead of returning ErrRateLimited at once. A 60-second window needs about
// a minute: WithRateLimitWait(61 * time.Second). The context's deadline still
// bounds every wait, and WithRetryHook or WithLogger report each one.
func WithRateLimitWait(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("client: WithRateLimitWait: %v is not a positive duration", d)
		}
		c.retry.MaxWait = d
		return nil
	}
}

// WithRetryHook calls hook before every wait: each retry after a 429, a 5xx
// or a network error, and each pacing wait. The hook runs on the calling
// goroutine and should return quickly.
func WithRetryHook(hook func(RetryEvent)) Option {
	return func(c *config) error {
		if hook == nil {
			return fmt.Errorf("client: WithRetryHook: nil hook")
		}
		c.onRetry = hook
		return nil
	}
}

// WithLogger logs every wait (operation, attempt, status, delay, reason) at
// Info level. Keys are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return fmt.Errorf("client: WithLogger: nil logger")
		}
		c.logger = l
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
	u.Path = trimAPIPrefix(u.Path)
	u.RawPath = ""
	return u, nil
}
