package client

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestNewRejectsBadOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		key     string
		opts    []Option
		wantErr string // substring naming the option or the problem
	}{
		{name: "empty key", key: "", wantErr: "empty api key"},
		{name: "key with a newline", key: "bc_live_abcdefgh\n", wantErr: "white space"},
		{name: "nil option", key: currentKey, opts: []Option{nil}, wantErr: "option 0 is nil"},
		{name: "unknown region", key: currentKey, opts: []Option{WithRegion("mars")}, wantErr: "WithRegion"},
		{name: "upper-case region", key: currentKey, opts: []Option{WithRegion("US")}, wantErr: "WithRegion"},
		{name: "base URL without scheme", key: currentKey, opts: []Option{WithBaseURL("127.0.0.1:8080")}, wantErr: "WithBaseURL"},
		{name: "base URL with ftp", key: currentKey, opts: []Option{WithBaseURL("ftp://example.com")}, wantErr: "WithBaseURL"},
		{name: "base URL without host", key: currentKey, opts: []Option{WithBaseURL("http://")}, wantErr: "WithBaseURL"},
		{name: "base URL that does not parse", key: currentKey, opts: []Option{WithBaseURL("http://[::1")}, wantErr: "WithBaseURL"},
		{name: "base URL with a query", key: currentKey, opts: []Option{WithBaseURL("http://h.test?x=1")}, wantErr: "WithBaseURL"},
		{name: "base URL with a password", key: currentKey, opts: []Option{WithBaseURL("http://u:hunter2@h.test")}, wantErr: "WithBaseURL"},
		{name: "legacy base URL", key: currentKey, opts: []Option{WithLegacyBaseURL("not a url")}, wantErr: "WithLegacyBaseURL"},
		{name: "nil http client", key: currentKey, opts: []Option{WithHTTPClient(nil)}, wantErr: "WithHTTPClient"},
		{name: "empty user agent", key: currentKey, opts: []Option{WithUserAgent(" ")}, wantErr: "WithUserAgent"},
		{name: "user agent with a newline", key: currentKey, opts: []Option{WithUserAgent("a\r\nX-Evil: 1")}, wantErr: "WithUserAgent"},
		{name: "empty organization id", key: currentKey, opts: []Option{WithOrganizationID("")}, wantErr: "WithOrganizationID"},
		{name: "organization id with a newline", key: currentKey, opts: []Option{WithOrganizationID("org\r\nX-Evil: 1")}, wantErr: "WithOrganizationID"},
		{name: "negative timeout", key: currentKey, opts: []Option{WithTimeout(-time.Second)}, wantErr: "WithTimeout"},
		{name: "negative retries", key: currentKey, opts: []Option{WithRetryPolicy(RetryPolicy{MaxRetries: -1})}, wantErr: "WithRetryPolicy"},
		{name: "negative max wait", key: currentKey, opts: []Option{WithRetryPolicy(RetryPolicy{MaxWait: -time.Second})}, wantErr: "WithRetryPolicy"},
		{name: "max delay below base delay", key: currentKey, opts: []Option{WithRetryPolicy(RetryPolicy{BaseDelay: time.Minute, MaxDelay: time.Second})}, wantErr: "WithRetryPolicy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := New(tt.key, tt.opts...)
			if err == nil {
				t.Fatalf("New(%q, …) = %v, nil; want an error containing %q", tt.key, c, tt.wantErr)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "client: ") || !strings.Contains(msg, tt.wantErr) {
				t.Errorf("error %q, want the prefix %q and %q", msg, "client: ", tt.wantErr)
			}
			if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "abcdefgh") {
				t.Errorf("error %q leaks a secret", err)
			}
		})
	}
}

func TestRetryPolicyDefaults(t *testing.T) {
	t.Parallel()
	var cfg config
	if err := WithRetryPolicy(RetryPolicy{MaxRetries: 1})(&cfg); err != nil {
		t.Fatal(err)
	}
	d := DefaultRetryPolicy()
	want := RetryPolicy{MaxRetries: 1, MaxWait: d.MaxWait, BaseDelay: d.BaseDelay, MaxDelay: d.MaxDelay}
	if cfg.retry != want {
		t.Errorf("policy = %+v, want %+v", cfg.retry, want)
	}
}

func TestHosts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		opts        []Option
		wantCurrent string
		wantLegacy  string
	}{
		{name: "defaults", wantCurrent: "http.us.breakcold.com", wantLegacy: "api.breakcold.com"},
		{name: "EU", opts: []Option{WithRegion(EU)}, wantCurrent: "http.eu.breakcold.com", wantLegacy: "api.breakcold.com"},
		{name: "base URL serves both", opts: []Option{WithBaseURL("http://127.0.0.1:8080")}, wantCurrent: "127.0.0.1:8080", wantLegacy: "127.0.0.1:8080"},
		{name: "both overridden", opts: []Option{WithBaseURL("http://a.test"), WithLegacyBaseURL("http://b.test")}, wantCurrent: "a.test", wantLegacy: "b.test"},
		{name: "legacy only", opts: []Option{WithLegacyBaseURL("http://b.test")}, wantCurrent: "http.us.breakcold.com", wantLegacy: "b.test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hosts := map[string]string{}
			rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				hosts[r.URL.Path] = r.URL.Host
				return nil, errNetwork
			})
			opts := append([]Option{WithHTTPClient(&http.Client{Transport: rt}), WithRetryPolicy(RetryPolicy{})}, tt.opts...)
			c, err := New(plainKey, opts...)
			if err != nil {
				t.Fatal(err)
			}
			lc, err := NewLegacy(plainKey, opts...)
			if err != nil {
				t.Fatal(err)
			}
			_, _, _ = c.GetRecord(t.Context(), "r1")
			_, _, _ = lc.GetMe(t.Context())
			if got := hosts["/api/v1/records/r1"]; got != tt.wantCurrent {
				t.Errorf("current host = %q, want %q", got, tt.wantCurrent)
			}
			if got := hosts["/rest/me"]; got != tt.wantLegacy {
				t.Errorf("legacy host = %q, want %q", got, tt.wantLegacy)
			}
		})
	}
}

func TestCredentialRouting(t *testing.T) {
	t.Parallel()
	// Each builds its client from the test's key and options, then calls.
	getRecord := func(t *testing.T, key string, h http.Handler, opts []Option) error {
		c, err := New(key, append(testOptions(inproc{h}), opts...)...)
		if err != nil {
			return err
		}
		_, _, err = c.GetRecord(t.Context(), "rec_1")
		return err
	}
	getMe := func(t *testing.T, key string, h http.Handler, opts []Option) error {
		c, err := NewLegacy(key, append(testOptions(inproc{h}), opts...)...)
		if err != nil {
			return err
		}
		_, _, err = c.GetMe(t.Context())
		return err
	}
	tests := []struct {
		name       string
		key        string
		call       func(*testing.T, string, http.Handler, []Option) error
		wantAuth   string // Authorization header sent
		wantAPIKey string // x-api-key header sent
		opts       []Option
		wantOrg    string // X-Breakcold-Organization-Id header sent
		wantErr    error
	}{
		{name: "current key on current API", key: currentKey, call: getRecord, wantAuth: "Bearer " + currentKey},
		{name: "legacy key on legacy API", key: legacyKey, call: getMe, wantAPIKey: legacyKey},
		{name: "legacy key on current API", key: legacyKey, call: getRecord, wantErr: ErrWrongCredential},
		{name: "current key on legacy API", key: currentKey, call: getMe, wantErr: ErrWrongCredential},
		{name: "unprefixed key on current API", key: plainKey, call: getRecord, wantAuth: "Bearer " + plainKey},
		{name: "unprefixed key on legacy API", key: plainKey, call: getMe, wantAPIKey: plainKey},
		{name: "organization on current API", key: currentKey, call: getRecord, wantAuth: "Bearer " + currentKey, opts: []Option{WithOrganizationID("org_1")}, wantOrg: "org_1"},
		{name: "organization not sent to legacy API", key: legacyKey, call: getMe, wantAPIKey: legacyKey, opts: []Option{WithOrganizationID("org_1")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var h hits
			err := tt.call(t, tt.key, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				h.add(r)
				if strings.HasPrefix(r.URL.Path, "/rest/") {
					reply(http.StatusOK, `{"id":"u","email":"a@b.test","id_space":"00000000-0000-0000-0000-000000000000","name":"A","avatar_url":null}`)(w, r)
				} else {
					reply(http.StatusOK, minimalBody(t, "getRecord"))(w, r)
				}
			}), tt.opts)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil {
				if h.count() != 0 {
					t.Errorf("%d requests sent, want none", h.count())
				}
				if strings.Contains(err.Error(), tt.key) {
					t.Errorf("error %q contains the full key", err)
				}
				return
			}
			r := h.reqs[0]
			if got := r.Header.Get("Authorization"); got != tt.wantAuth {
				t.Errorf("Authorization = %q, want %q", got, tt.wantAuth)
			}
			if got := r.Header.Get("x-api-key"); got != tt.wantAPIKey {
				t.Errorf("x-api-key = %q, want %q", got, tt.wantAPIKey)
			}
			if got := r.Header.Get("User-Agent"); got != defaultUserAgent {
				t.Errorf("User-Agent = %q, want %q", got, defaultUserAgent)
			}
			if got := r.Header.Get("X-Breakcold-Organization-Id"); got != tt.wantOrg {
				t.Errorf("X-Breakcold-Organization-Id = %q, want %q", got, tt.wantOrg)
			}
		})
	}
}

func TestKeyNeverPrinted(t *testing.T) {
	t.Parallel()
	c, err := New(currentKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		if got := fmt.Sprintf(format, c); strings.Contains(got, currentKey) || !strings.Contains(got, "bc_live_4kq2m9…") {
			t.Errorf("Sprintf(%q, client) = %q, want the key shown by prefix only", format, got)
		}
	}
	tests := map[string]string{
		currentKey:      "bc_live_4kq2m9…",
		legacyKey:       "breakcold-usr-7fj3k2…",
		plainKey:        "test…",
		"short":         "…",
		"bc_live_ab":    "bc_live_ab…",
		"breakcold-usr": "brea…",
	}
	for key, want := range tests {
		if got := secret(key).String(); got != want {
			t.Errorf("secret(%q) = %q, want %q", key, got, want)
		}
	}
}
