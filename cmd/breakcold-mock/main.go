// Command breakcold-mock serves a faithful, stateful mock of Breakcold's CRM API:
// the current API (API v1) on one listener per region and the legacy API on both,
// with the demo dataset and keys unless told otherwise.
//
//	breakcold-mock                      # US on 127.0.0.1:8080, EU on 127.0.0.1:8081
//	breakcold-mock -host 0.0.0.0        # every interface, as the container image does
//	breakcold-mock -us-addr :0 -eu-addr :0 -ready-file mock.json  # free ports, told in JSON
//	breakcold-mock -rate-limit 600      # a roomier window for load tests (off: no limit)
//	breakcold-mock -print-seed > seed.json && breakcold-mock -seed seed.json
//	breakcold-mock -webhook http://localhost:3000/hooks   # send every event, signed, to a local app
//	breakcold-mock -healthcheck         # exit 0 when the configured mock answers /_mock/ready
//	breakcold-mock snapshot -base-url https://api.breakcold.com -key "$KEY" -o seed.json  # a seed from an account
//
// Every flag has an environment variable (shown by -help) so CI pipelines can
// configure it without a command line.
package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/breakcold-go/breakcold/internal/atomicfile"
	"github.com/breakcold-go/breakcold/internal/version"
	"github.com/breakcold-go/breakcold/mockserver"
)

// config is what the command line and environment ask for.
type config struct {
	host             string
	usAddr, euAddr   string
	readyFile        string
	healthcheck      bool
	seedFile         string
	empty, printSeed bool
	showVersion      bool
	rateLimit        int
	rateWindow       time.Duration
	limitProfile     string
	maxBody          int64
	logLevel         string
	logFormat        string
	logFlush         time.Duration
	shutdownTimeout  time.Duration
	readTimeout      time.Duration
	writeTimeout     time.Duration
	idleTimeout      time.Duration
	controlToken     string
	webhooks         []string
	journalSize      int
	journalBytes     int64
	journalBodyBytes int
	harFile          string
	stateFile        string
	stateInterval    time.Duration
}

// load parses args with defaults taken from getenv, so tests can call it directly.
func load(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("breakcold-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	var errs []error
	envInt := func(name string, def int) int {
		v := env(name, strconv.Itoa(def))
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: not a whole number", name, v))
		}
		return n
	}
	envDur := func(name string, def time.Duration) time.Duration {
		v := env(name, def.String())
		d, err := time.ParseDuration(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: not a duration such as 60s", name, v))
		}
		return d
	}
	envBool := func(name string) bool {
		v := env(name, "false")
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: not a boolean such as true or false", name, v))
		}
		return b
	}
	fs.StringVar(&c.host, "host", env("BREAKCOLD_MOCK_HOST", "127.0.0.1"), "interface for addresses that give only a port; 0.0.0.0 for every interface, as in a container (env BREAKCOLD_MOCK_HOST)")
	fs.StringVar(&c.usAddr, "us-addr", env("BREAKCOLD_MOCK_US_ADDR", ":8080"), "listen address of the US region; a port alone takes -host, port 0 picks a free one (env BREAKCOLD_MOCK_US_ADDR)")
	fs.StringVar(&c.euAddr, "eu-addr", env("BREAKCOLD_MOCK_EU_ADDR", ":8081"), "listen address of the EU region; empty to serve US only (env BREAKCOLD_MOCK_EU_ADDR)")
	fs.StringVar(&c.readyFile, "ready-file", env("BREAKCOLD_MOCK_READY_FILE", ""), "once listening, write the URLs as bound, the demo keys and the version to this JSON file; removed on exit (env BREAKCOLD_MOCK_READY_FILE)")
	fs.BoolVar(&c.healthcheck, "healthcheck", false, "check that the mock configured by the other flags and env answers "+mockserver.ControlPrefix+"/ready, then exit 0 (healthy) or 1")
	fs.StringVar(&c.seedFile, "seed", env("BREAKCOLD_MOCK_SEED", ""), "JSON seed file to start from instead of the demo dataset (env BREAKCOLD_MOCK_SEED)")
	fs.BoolVar(&c.empty, "empty", envBool("BREAKCOLD_MOCK_EMPTY"), "start with no data and no keys (env BREAKCOLD_MOCK_EMPTY)")
	var err error
	if c.rateLimit, err = parseRateLimit("BREAKCOLD_MOCK_RATE_LIMIT", env("BREAKCOLD_MOCK_RATE_LIMIT", "60"), stderr); err != nil {
		errs = append(errs, err)
	}
	fs.Func("rate-limit", "requests per user per window, at least 1, or off (default 60; env BREAKCOLD_MOCK_RATE_LIMIT)", func(v string) error {
		n, err := parseRateLimit("-rate-limit", v, stderr)
		c.rateLimit = n
		return err
	})
	fs.DurationVar(&c.rateWindow, "rate-window", envDur("BREAKCOLD_MOCK_RATE_WINDOW", 60*time.Second), "length of the fixed rate-limit window (env BREAKCOLD_MOCK_RATE_WINDOW)")
	fs.StringVar(&c.limitProfile, "limit-profile", env("BREAKCOLD_MOCK_LIMIT_PROFILE", mockserver.ProfileSimple), "simple (one window per user) or multi-level (the current API's documented budgets) (env BREAKCOLD_MOCK_LIMIT_PROFILE)")
	fs.Int64Var(&c.maxBody, "max-body", int64(envInt("BREAKCOLD_MOCK_MAX_BODY", 1<<20)), "largest request body in bytes; larger ones get 413 (env BREAKCOLD_MOCK_MAX_BODY)")
	fs.IntVar(&c.journalSize, "journal-size", envInt("BREAKCOLD_MOCK_JOURNAL_SIZE", 1000), "how many recent requests the journal keeps, with headers and bodies (env BREAKCOLD_MOCK_JOURNAL_SIZE)")
	fs.Int64Var(&c.journalBytes, "journal-bytes", int64(envInt("BREAKCOLD_MOCK_JOURNAL_BYTES", 32<<20)), "the most bytes of headers and bodies the journal keeps, all entries together; the oldest go first (env BREAKCOLD_MOCK_JOURNAL_BYTES)")
	fs.IntVar(&c.journalBodyBytes, "journal-body-bytes", envInt("BREAKCOLD_MOCK_JOURNAL_BODY_BYTES", 64<<10), "how much of each request and response body the journal keeps; 0 keeps none (env BREAKCOLD_MOCK_JOURNAL_BODY_BYTES)")
	fs.StringVar(&c.harFile, "har", env("BREAKCOLD_MOCK_HAR", ""), "on exit, write the journal to this file as HAR 1.2, secrets by prefix: a CI artefact (env BREAKCOLD_MOCK_HAR)")
	fs.StringVar(&c.logLevel, "log-level", env("BREAKCOLD_MOCK_LOG_LEVEL", "info"), "debug, info, warn or error (env BREAKCOLD_MOCK_LOG_LEVEL)")
	fs.StringVar(&c.logFormat, "log-format", env("BREAKCOLD_MOCK_LOG_FORMAT", "text"), "text or json (env BREAKCOLD_MOCK_LOG_FORMAT)")
	fs.DurationVar(&c.logFlush, "log-flush", envDur("BREAKCOLD_MOCK_LOG_FLUSH", 50*time.Millisecond), "how long info lines (one per request) may wait to be written, batched; warnings and errors are written at once; 0 writes every line at once (env BREAKCOLD_MOCK_LOG_FLUSH)")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", envDur("BREAKCOLD_MOCK_SHUTDOWN_TIMEOUT", 10*time.Second), "how long to drain in-flight requests on SIGINT/SIGTERM (env BREAKCOLD_MOCK_SHUTDOWN_TIMEOUT)")
	fs.DurationVar(&c.readTimeout, "read-timeout", envDur("BREAKCOLD_MOCK_READ_TIMEOUT", 30*time.Second), "longest time to read a request, body included; slower clients are disconnected (env BREAKCOLD_MOCK_READ_TIMEOUT)")
	fs.DurationVar(&c.writeTimeout, "write-timeout", envDur("BREAKCOLD_MOCK_WRITE_TIMEOUT", 60*time.Second), "longest time from the end of a request to the end of its response; keep it above any injected fault latency (env BREAKCOLD_MOCK_WRITE_TIMEOUT)")
	fs.DurationVar(&c.idleTimeout, "idle-timeout", envDur("BREAKCOLD_MOCK_IDLE_TIMEOUT", 120*time.Second), "how long an idle keep-alive connection stays open (env BREAKCOLD_MOCK_IDLE_TIMEOUT)")
	fs.StringVar(&c.controlToken, "control-token", env("BREAKCOLD_MOCK_CONTROL_TOKEN", ""), "token the control API requires (Authorization: Bearer <token>) except on health, ready and the spec; without one, a mock listening beyond loopback warns at start (env BREAKCOLD_MOCK_CONTROL_TOKEN)")
	fs.StringVar(&c.stateFile, "state", env("BREAKCOLD_MOCK_STATE", ""), "keep the state (data, keys with their secrets, webhooks) in this file: loaded at start when it exists, else created; saved on SIGINT/SIGTERM and every -state-interval (env BREAKCOLD_MOCK_STATE)")
	fs.DurationVar(&c.stateInterval, "state-interval", envDur("BREAKCOLD_MOCK_STATE_INTERVAL", 10*time.Second), "how often a changed state is saved to the -state file (env BREAKCOLD_MOCK_STATE_INTERVAL)")
	if v := getenv("BREAKCOLD_MOCK_WEBHOOK"); v != "" {
		for _, u := range strings.Split(v, ",") {
			if u = strings.TrimSpace(u); u != "" {
				c.webhooks = append(c.webhooks, u)
			}
		}
	}
	var flagHooks []string
	fs.Func("webhook", "send every event, signed, to this URL; repeat for more (env BREAKCOLD_MOCK_WEBHOOK, comma-separated; the flags replace it)", func(u string) error {
		flagHooks = append(flagHooks, u)
		return nil
	})
	fs.BoolVar(&c.printSeed, "print-seed", false, "print the demo dataset as a seed file and exit")
	fs.BoolVar(&c.showVersion, "version", false, "print the version and exit")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: breakcold-mock [flags]\n\nServes a stateful mock of Breakcold's current API (one listener per region) and legacy API.\nThe control API lives under %s on both listeners (see the README).\n\nFlags:\n", mockserver.ControlPrefix)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if flagHooks != nil {
		c.webhooks = flagHooks
	}
	for _, u := range c.webhooks {
		if _, err := (mockserver.WebhookSpec{URL: u}).Check(); err != nil {
			errs = append(errs, fmt.Errorf("-webhook: %v", err))
		}
	}
	if fs.NArg() > 0 {
		errs = append(errs, fmt.Errorf("unexpected arguments %q", fs.Args()))
	}
	if c.usAddr == "" {
		errs = append(errs, errors.New("-us-addr must not be empty"))
	}
	for _, a := range []struct {
		flag string
		addr *string
	}{{"-us-addr", &c.usAddr}, {"-eu-addr", &c.euAddr}} {
		if *a.addr == "" {
			continue
		}
		host, port, err := net.SplitHostPort(*a.addr)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s %q: want host:port or :port", a.flag, *a.addr))
			continue
		}
		if host == "" {
			*a.addr = net.JoinHostPort(c.host, port)
		}
	}
	if c.journalSize < 1 {
		errs = append(errs, fmt.Errorf("-journal-size %d: want at least 1", c.journalSize))
	}
	if c.journalBytes < 1 {
		errs = append(errs, fmt.Errorf("-journal-bytes %d: want at least 1", c.journalBytes))
	}
	if c.journalBodyBytes < 0 {
		errs = append(errs, fmt.Errorf("-journal-body-bytes %d: want 0 or more", c.journalBodyBytes))
	}
	if c.logFlush < 0 {
		errs = append(errs, fmt.Errorf("-log-flush %v: want 0 or more", c.logFlush))
	}
	if c.logFormat != "text" && c.logFormat != "json" {
		errs = append(errs, fmt.Errorf("-log-format %q: want text or json", c.logFormat))
	}
	if _, err := parseLevel(c.logLevel); err != nil {
		errs = append(errs, err)
	}
	for _, d := range []struct {
		flag string
		d    time.Duration
	}{{"-read-timeout", c.readTimeout}, {"-write-timeout", c.writeTimeout}, {"-idle-timeout", c.idleTimeout}} {
		if d.d <= 0 {
			errs = append(errs, fmt.Errorf("%s %v: want a positive duration", d.flag, d.d))
		}
	}
	if c.stateInterval <= 0 {
		errs = append(errs, fmt.Errorf("-state-interval %v: want a positive duration", c.stateInterval))
	}
	if c.empty && c.seedFile != "" {
		errs = append(errs, errors.New("-empty and -seed exclude each other"))
	}
	return c, errors.Join(errs...)
}

// rateLimitOff is the config's rate limit for -rate-limit off: Options.RateLimit
// takes a negative value as off.
const rateLimitOff = -1

// parseRateLimit reads the rate limit from the flag or variable name: a whole
// number of at least 1, or off. 0 used to mean 60 and is refused; 0.1.0
// documented -1 as off, which it still is, with a warning.
func parseRateLimit(name, v string, stderr io.Writer) (int, error) {
	if v == "off" {
		return rateLimitOff, nil
	}
	sep := " "
	if !strings.HasPrefix(name, "-") {
		sep = "="
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%s%s%q: want a whole number of at least 1, or off", name, sep, v)
	case n == -1:
		fmt.Fprintf(stderr, "breakcold-mock: %s%s-1 is deprecated and will go away; use off\n", name, sep)
		return rateLimitOff, nil
	case n < 1:
		return 0, fmt.Errorf("%s%s%d: want at least 1, or off (for load tests a large number such as 1000000, which the headers then advertise)", name, sep, n)
	}
	return n, nil
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("-log-level %q: want debug, info, warn or error", s)
	}
	return l, nil
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "breakcold-mock:", err)
			if errors.Is(err, errUnhealthy) {
				os.Exit(1)
			}
			os.Exit(2)
		}
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "snapshot" {
		return runSnapshot(ctx, args[1:], getenv, stdout, stderr)
	}
	cfg, err := load(args, getenv, stderr)
	if err != nil {
		return err
	}
	if cfg.showVersion {
		fmt.Fprintln(stdout, "breakcold-mock", version.String())
		return nil
	}
	if cfg.healthcheck {
		return healthcheck(ctx, []string{cfg.usAddr, cfg.euAddr}, stdout)
	}
	if cfg.printSeed {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(mockserver.DemoSeed())
	}
	level, _ := parseLevel(cfg.logLevel)
	logOut, closeLog := newLogWriter(stderr, cfg.logFlush)
	defer closeLog()
	var handler slog.Handler = slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: level})
	if cfg.logFormat == "json" {
		handler = slog.NewJSONHandler(logOut, &slog.HandlerOptions{Level: level})
	}
	handler = withFlushOnWarn(handler, logOut)
	logger := slog.New(handler)
	opts := mockserver.Options{
		RateLimit: cfg.rateLimit, RateWindow: cfg.rateWindow, LimitProfile: cfg.limitProfile,
		MaxBodyBytes: cfg.maxBody, Empty: cfg.empty, Logger: logger, Version: version.String(),
		ControlToken: cfg.controlToken, JournalSize: cfg.journalSize, JournalBytes: cfg.journalBytes,
		JournalBodyBytes: cmp.Or(cfg.journalBodyBytes, -1), // the flag's 0 is Options' "none"
		StateFile:        cfg.stateFile, StateInterval: cfg.stateInterval,
	}
	for _, u := range cfg.webhooks {
		opts.Webhooks = append(opts.Webhooks, mockserver.WebhookSpec{URL: u})
	}
	if cfg.seedFile != "" {
		seed, err := readSeed(cfg.seedFile)
		if err != nil {
			return err
		}
		opts.Seed = seed
	}
	srv, err := mockserver.New(opts)
	if err != nil {
		return err
	}
	defer srv.Close()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if cfg.readyFile != "" {
		// A file left by an earlier run must not announce this one before it listens.
		if err := os.Remove(cfg.readyFile); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("ready file: %w", err)
		}
	}
	listeners := []struct {
		region mockserver.Region
		addr   string
	}{{mockserver.US, cfg.usAddr}, {mockserver.EU, cfg.euAddr}}
	var servers []*http.Server
	streams, endStreams := context.WithCancel(context.Background())
	defer endStreams()
	bound := map[mockserver.Region]net.Addr{}
	errc := make(chan error, len(listeners))
	for _, l := range listeners {
		if l.addr == "" {
			continue
		}
		ln, err := net.Listen("tcp", l.addr)
		if err != nil {
			return fmt.Errorf("listen for the %s region: %w", strings.ToUpper(string(l.region)), err)
		}
		hs := newHTTPServer(cfg, srv.Handler(l.region), slog.NewLogLogger(handler, slog.LevelWarn))
		// Shutdown waits for requests to end, and the inspector's journal
		// stream never does by itself: it ends with its request's context.
		hs.BaseContext = func(net.Listener) context.Context { return streams }
		hs.RegisterOnShutdown(endStreams)
		servers = append(servers, hs)
		bound[l.region] = ln.Addr()
		go func() {
			if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- err
			}
		}()
		logger.Info("listening", "region", l.region, "addr", ln.Addr().String(), "url", reachableURL(ln.Addr().String()), "version", opts.Version)
		if cfg.controlToken == "" && !loopback(ln.Addr()) {
			logger.Warn("the control API answers anyone who reaches "+ln.Addr().String()+" (reset, seed, keys); set -control-token or BREAKCOLD_MOCK_CONTROL_TOKEN to require a token", "region", l.region)
		}
	}
	info := newReadyInfo(bound, opts, srv.Keys(), srv.Now())
	for _, h := range srv.Webhooks() {
		info.Webhooks = append(info.Webhooks, webhookInfo{URL: h.URL, Secret: h.Secret})
	}
	printBanner(stdout, info)
	if cfg.readyFile != "" {
		if err := writeReadyFile(cfg.readyFile, info); err != nil {
			return err
		}
		defer os.Remove(cfg.readyFile)
	}
	select {
	case <-ctx.Done():
	case err := <-errc:
		return err
	}
	logger.Info("shutting down; draining in-flight requests", "timeout", cfg.shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.shutdownTimeout)
	defer cancel()
	var errs []error
	for _, hs := range servers {
		errs = append(errs, hs.Shutdown(sctx))
	}
	if cfg.stateFile != "" {
		// After the drain, so the last answers' changes are in the file.
		errs = append(errs, srv.SaveState())
	}
	if cfg.harFile != "" {
		errs = append(errs, writeHAR(cfg.harFile, srv))
		logger.Info("journal written as HAR", "file", cfg.harFile)
	}
	logger.Info("stopped")
	return errors.Join(errs...)
}

// writeHAR writes the journal to path as HAR 1.2, whole or not at all.
func writeHAR(path string, srv *mockserver.Server) error {
	var b bytes.Buffer
	if err := srv.WriteHAR(&b, mockserver.JournalFilter{}); err != nil {
		return fmt.Errorf("-har: %w", err)
	}
	if err := atomicfile.Write(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("-har: %w", err)
	}
	return nil
}

func readSeed(path string) (*mockserver.Seed, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	defer f.Close()
	var seed mockserver.Seed
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&seed); err != nil {
		return nil, fmt.Errorf("seed %s: %w", path, err)
	}
	return &seed, nil
}

// readyInfo is what a running mock tells people (the banner) and scripts
// (-ready-file): the same URLs and keys for both, so no one scrapes the banner.
type readyInfo struct {
	Version string    `json:"version"`
	US      *endpoint `json:"us"`
	EU      *endpoint `json:"eu,omitempty"`
	// Legacy is the legacy API's base URL; it is served on every listener.
	Legacy string `json:"legacy"`
	// Control is the control API's base URL on the US listener.
	Control string `json:"control"`
	// Inspector is the inspector page's URL on the US listener.
	Inspector string `json:"inspector"`
	// Keys are the demo keys by name; absent with -empty or -seed.
	Keys map[string]string `json:"keys,omitempty"`
	// SeedKeys are the keys the starting data registers (the demo's or
	// -seed's), by prefix: a seed's secrets are its file's to tell.
	SeedKeys []keyInfo `json:"seedKeys,omitempty"`
	// Webhooks are the -webhook endpoints with their signing secrets.
	Webhooks []webhookInfo `json:"webhooks,omitempty"`
}

// webhookInfo is a -webhook endpoint and the secret its deliveries are signed
// with. The banner and the ready file are for whoever started the mock: the
// one place a secret is shown whole (logs show a prefix).
type webhookInfo struct {
	URL    string `json:"url"`
	Secret string `json:"secret"`
}

// keyInfo is a key as the banner and the ready file show it: by prefix.
type keyInfo struct {
	Name        string `json:"name"`
	Prefix      string `json:"prefix"`
	Generation  string `json:"generation"`
	Region      string `json:"region,omitempty"`
	UserID      string `json:"userId"`
	Full        bool   `json:"full"` // every scope the spec declares
	Scopes      int    `json:"scopes"`
	WorkspaceID string `json:"workspaceId,omitempty"` // the key's workspace limit
	Expired     bool   `json:"expired,omitempty"`
}

// endpoint is one region's listener.
type endpoint struct {
	URL    string `json:"url"`    // host root: what client.WithBaseURL and -base-url take
	API    string `json:"api"`    // the current API's base URL
	Listen string `json:"listen"` // the address as bound, e.g. [::]:8080 for every interface
}

// demoKeys lists the demo keys in the banner's order, with their names in the ready file.
var demoKeys = []struct{ name, label, key string }{
	{"full", "full scope, US", mockserver.DemoKeyFull},
	{"readOnly", "read-only, US", mockserver.DemoKeyReadOnly},
	{"sales", "Sales workspace only", mockserver.DemoKeySales},
	{"expired", "expired", mockserver.DemoKeyExpired},
	{"eu", "full scope, EU", mockserver.DemoKeyEU},
	{"legacy", "legacy (x-api-key)", mockserver.DemoKeyLegacy},
}

func newReadyInfo(bound map[mockserver.Region]net.Addr, opts mockserver.Options, keys []mockserver.Key, now time.Time) readyInfo {
	ep := func(r mockserver.Region) *endpoint {
		a, ok := bound[r]
		if !ok {
			return nil
		}
		u := reachableURL(a.String())
		return &endpoint{URL: u, API: u + "/api/v1", Listen: a.String()}
	}
	info := readyInfo{Version: opts.Version, US: ep(mockserver.US), EU: ep(mockserver.EU)}
	info.Legacy = info.US.URL + "/rest"
	info.Control = info.US.URL + mockserver.ControlPrefix
	info.Inspector = info.Control + "/ui"
	if !opts.Empty && opts.Seed == nil {
		info.Keys = map[string]string{}
		for _, k := range demoKeys {
			info.Keys[k.name] = k.key
		}
	}
	for _, k := range keys {
		info.SeedKeys = append(info.SeedKeys, keyInfo{
			Name: k.Name, Prefix: k.Prefix, Generation: string(k.Generation), Region: string(k.Region), UserID: k.UserID,
			Full: k.Full(), Scopes: len(k.Scopes), WorkspaceID: k.WorkspaceID, Expired: k.ExpiresAt != nil && !now.Before(*k.ExpiresAt),
		})
	}
	return info
}

// describe says what a key may do, for the banner.
func (k keyInfo) describe() string {
	var parts []string
	switch {
	case k.Generation == "legacy":
		parts = append(parts, "legacy (x-api-key)")
	case k.Full:
		parts = append(parts, "every scope")
	case k.Scopes == 1:
		parts = append(parts, "1 scope")
	default:
		parts = append(parts, fmt.Sprintf("%d scopes", k.Scopes))
	}
	if k.Region != "" {
		parts = append(parts, strings.ToUpper(k.Region))
	}
	if k.WorkspaceID != "" {
		parts = append(parts, "workspace "+k.WorkspaceID+" only")
	}
	if k.Expired {
		parts = append(parts, "expired")
	}
	return strings.Join(parts, ", ")
}

// reachableURL is the URL that reaches a listen address from this machine: an
// address on every interface (0.0.0.0, [::]) is reached on loopback, which is
// also what a container's published ports (-p 8080:8080) lead to on its host.
func reachableURL(addr string) string {
	if everyInterface(addr) {
		_, port, _ := net.SplitHostPort(addr)
		return "http://" + net.JoinHostPort("127.0.0.1", port)
	}
	return "http://" + addr
}

// everyInterface reports whether a listen address binds every interface.
func everyInterface(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	ip := net.ParseIP(host)
	return err == nil && (host == "" || ip != nil && ip.IsUnspecified())
}

// writeReadyFile writes info whole or not at all, so a script that polls for the
// file never reads half of it.
func writeReadyFile(path string, info readyInfo) error {
	raw, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	// 0644: CreateTemp's 0600 would hide it from a container's other users.
	if err := atomicfile.Write(path, append(raw, '\n'), 0o644); err != nil {
		return fmt.Errorf("ready file: %w", err)
	}
	return nil
}

// errUnhealthy makes -healthcheck exit 1, which container engines read as
// unhealthy (they reserve 2).
var errUnhealthy = errors.New("unhealthy")

// healthcheck asks each configured listener for /_mock/ready. It is what the
// image's HEALTHCHECK runs: a scratch image has no curl.
func healthcheck(ctx context.Context, addrs []string, stdout io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	hc := &http.Client{Transport: &http.Transport{}} // no proxy from the environment
	for _, addr := range addrs {
		if addr == "" {
			continue
		}
		if _, port, _ := net.SplitHostPort(addr); port == "0" {
			return fmt.Errorf("-healthcheck needs fixed ports, not %s (a mock on port 0 tells its ports with -ready-file)", addr)
		}
		url := reachableURL(addr) + mockserver.ControlPrefix + "/ready"
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := hc.Do(req)
		if err != nil {
			return fmt.Errorf("%w: %v", errUnhealthy, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%w: GET %s: %s", errUnhealthy, url, resp.Status)
		}
		fmt.Fprintln(stdout, "ok", url)
	}
	return nil
}

// printBanner tells a person how to use the running mock: base URLs, demo keys and
// a curl line. Printing the demo keys is safe: they exist only in the mock.
func printBanner(w io.Writer, info readyInfo) {
	us := info.US.URL
	fmt.Fprintf(w, "\nbreakcold-mock %s is ready\n\n", info.Version)
	fmt.Fprintf(w, "  US current API  %s\n", info.US.API)
	if info.EU != nil {
		fmt.Fprintf(w, "  EU current API  %s\n", info.EU.API)
	}
	fmt.Fprintf(w, "  Legacy API      %s\n", info.Legacy)
	fmt.Fprintf(w, "  Control API     %s (health, reset, keys, clock, faults, journal, webhooks)\n", info.Control)
	fmt.Fprintf(w, "  Inspector       %s (what the mock received and answered, live)\n", info.Inspector)
	if len(info.Webhooks) > 0 {
		fmt.Fprintf(w, "\nWebhooks (every event, signed with the secret):\n")
		for _, h := range info.Webhooks {
			fmt.Fprintf(w, "  %s  secret %s\n", h.URL, h.Secret)
		}
	}
	if everyInterface(info.US.Listen) {
		fmt.Fprintf(w, "\nListening on every interface; from a container's host, use the ports it publishes.\n")
	}
	if info.Keys == nil {
		if len(info.SeedKeys) == 0 {
			fmt.Fprintf(w, "\nNo demo keys: create one with POST %s/keys.\n\n", info.Control)
			return
		}
		fmt.Fprintf(w, "\nKeys of the seed, by prefix (their secrets are in the seed file):\n")
		for _, k := range info.SeedKeys {
			fmt.Fprintf(w, "  %-22s %-20s %s\n", k.Prefix+"…", k.Name, k.describe())
		}
		fmt.Fprintf(w, "\nGET %s/keys lists them; POST %s/keys creates more.\n\n", info.Control, info.Control)
		return
	}
	fmt.Fprintf(w, "\nDemo keys (they work only here):\n")
	for _, k := range demoKeys {
		fmt.Fprintf(w, "  %-21s %s\n", k.label, k.key)
	}
	fmt.Fprintf(w, "\nTry:\n  curl -s -H 'Authorization: Bearer %s' '%s/api/v1/records?limit=2'\n\n", mockserver.DemoKeyFull, us)
}

// newHTTPServer serves h with every timeout set, so slow or idle clients cannot
// hold connections open forever.
func newHTTPServer(cfg config, h http.Handler, errorLog *log.Logger) *http.Server {
	return &http.Server{
		Handler: h, ReadHeaderTimeout: min(10*time.Second, cfg.readTimeout), ReadTimeout: cfg.readTimeout,
		WriteTimeout: cfg.writeTimeout, IdleTimeout: cfg.idleTimeout, ErrorLog: errorLog,
	}
}

// loopback reports whether a listener is reachable only from this machine.
func loopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}
