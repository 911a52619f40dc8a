package mockserver

import (
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/internal/version"
)

// Region is where a current-API key and its data live: the client's regions.
type Region = client.Region

// The regions, as the client names them.
const (
	US = client.US
	EU = client.EU
)

// Regions lists the regions the mock serves, in a stable order.
var Regions = []Region{US, EU}

// regionBaseURLs are Breakcold's hosts per region, from the spec's servers.
var regionBaseURLs = map[Region]string{US: client.BaseURLUS, EU: client.BaseURLEU}

// Limit profiles.
const (
	// ProfileSimple is one fixed window per user: Options.RateLimit requests per
	// Options.RateWindow (60 per 60 s by default), as the legacy API documents.
	ProfileSimple = "simple"
	// ProfileMultiLevel adds the current API's documented simultaneous budgets per
	// minute: organization 600, workspace 300, identity 180, key 180, route 120.
	ProfileMultiLevel = "multi-level"
)

// Options configure a mock server. The zero value is a usable default: the demo
// dataset and keys, 60 requests per 60-second window per user, the system clock.
type Options struct {
	// Now is the clock; nil means time.Now. The control API can move the mock's clock
	// forward from it (POST /_mock/clock/advance).
	Now func() time.Time
	// RateLimit is the number of requests a user may make per window; 0 means 60.
	// A negative value turns rate limiting off (headers still describe a window).
	RateLimit int
	// RateWindow is the fixed window's length; 0 means 60 seconds.
	RateWindow time.Duration
	// LimitProfile is ProfileSimple (default) or ProfileMultiLevel.
	LimitProfile string
	// MaxBodyBytes caps request bodies; 0 means 1 MiB. Larger bodies get 413.
	MaxBodyBytes int64
	// Seed is the initial data and keys; nil means the built-in demo dataset.
	Seed *Seed
	// Empty starts with no data and no keys (Seed is ignored); add keys with the
	// control API or Server.CreateKey.
	Empty bool
	// Logger receives one line per request and control action; nil discards them.
	// Keys are logged by prefix only.
	Logger *slog.Logger
	// Version is announced in the X-Breakcold-Mock-Version header; empty means
	// this module's version as the build recorded it ("devel" in a checkout), as
	// the breakcold-mock binary reports it.
	Version string
	// JournalSize is how many recent requests the journal keeps; 0 means 1000.
	JournalSize int
	// JournalBytes bounds the headers and bodies the journal keeps, all its
	// entries together; 0 means 32 MiB. The oldest entries go first.
	JournalBytes int64
	// JournalBodyBytes is how much of each request and response body the
	// journal keeps; 0 means 64 KiB, a negative value keeps no bodies.
	JournalBodyBytes int
	// Webhooks are endpoints that receive the mock's signed webhooks from the
	// start (breakcold-mock -webhook); they survive Reset, and those without a
	// secret get one generated once, in New. Add more with the control API or
	// Server.AddWebhook.
	Webhooks []WebhookSpec
	// WebhookTimeout is how long one delivery attempt may take; 0 means 10
	// seconds, as Breakcold documents.
	WebhookTimeout time.Duration
	// WebhookClient sends deliveries; nil means a client that follows no
	// redirects. Tests inside testing/synctest pass one whose transport calls
	// the receiver's handler directly.
	WebhookClient *http.Client
	// ControlToken, when set, is required as "Authorization: Bearer <token>" on
	// every control-API call except health, ready and the OpenAPI document.
	ControlToken string
	// StateFile, when set, makes the mock's state persistent: New loads it when
	// the file exists (an unreadable, foreign or invalid file is an error, never
	// an empty mock) and otherwise starts from Seed or the demo dataset and
	// creates the file. The state is saved there, whole and atomically, every
	// StateInterval when something changed and on Close (Server.SaveState).
	// The file holds the keys' secrets and is written with mode 0600.
	StateFile string
	// StateInterval is how often a changed state is saved to StateFile; 0 means
	// 10 seconds, and a negative value saves only on Close and SaveState.
	StateInterval time.Duration
}

func (o Options) withDefaults() (Options, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.RateLimit == 0 {
		o.RateLimit = 60
	}
	if o.RateWindow == 0 {
		o.RateWindow = 60 * time.Second
	}
	if o.RateWindow < time.Second {
		return o, fmt.Errorf("mockserver: RateWindow %v is shorter than a second", o.RateWindow)
	}
	switch o.LimitProfile {
	case "":
		o.LimitProfile = ProfileSimple
	case ProfileSimple, ProfileMultiLevel:
	default:
		return o, fmt.Errorf("mockserver: unknown LimitProfile %q (want %q or %q)", o.LimitProfile, ProfileSimple, ProfileMultiLevel)
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = 1 << 20
	}
	if o.MaxBodyBytes < 0 {
		return o, fmt.Errorf("mockserver: MaxBodyBytes %d is negative", o.MaxBodyBytes)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Version == "" {
		o.Version = version.String()
	}
	if o.JournalSize == 0 {
		o.JournalSize = defaultJournalSize
	}
	if o.JournalSize < 0 {
		return o, fmt.Errorf("mockserver: JournalSize %d is negative", o.JournalSize)
	}
	if o.JournalBytes == 0 {
		o.JournalBytes = defaultJournalBytes
	}
	if o.JournalBytes < 0 {
		return o, fmt.Errorf("mockserver: JournalBytes %d is negative", o.JournalBytes)
	}
	if o.JournalBodyBytes == 0 {
		o.JournalBodyBytes = defaultJournalBodyBytes
	}
	if o.WebhookTimeout == 0 {
		o.WebhookTimeout = defaultWebhookTimeout
	}
	if o.WebhookTimeout < 0 {
		return o, fmt.Errorf("mockserver: WebhookTimeout %v is negative", o.WebhookTimeout)
	}
	if o.StateInterval == 0 {
		o.StateInterval = 10 * time.Second
	}
	o.Webhooks = slices.Clone(o.Webhooks)
	for i, w := range o.Webhooks {
		w, err := w.Check()
		if err != nil {
			return o, fmt.Errorf("mockserver: Webhooks[%d]: %w", i, err)
		}
		o.Webhooks[i] = w
	}
	return o, nil
}
