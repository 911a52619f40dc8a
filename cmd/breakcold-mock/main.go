// Command breakcold-mock serves a faithful, stateful mock of Breakcold's CRM API:
// the current API (API v1) on one listener per region and the legacy API on both,
// with the demo dataset and keys unless told otherwise.
//
//	breakcold-mock                      # US on 127.0.0.1:8080, EU on 127.0.0.1:8081
//	breakcold-mock -rate-limit 600      # a roomier window for load tests
//	breakcold-mock -print-seed > seed.json && breakcold-mock -seed seed.json
//	breakcold-mock -webhook http://localhost:3000/hooks   # send every event, signed, to a local app
//
// Every flag has an environment variable (shown by -help) so CI pipelines can
// configure it without a command line.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/breakcold-go/breakcold/mockserver"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

// config is what the command line and environment ask for.
type config struct {
	usAddr, euAddr   string
	seedFile         string
	empty, printSeed bool
	showVersion      bool
	rateLimit        int
	rateWindow       time.Duration
	limitProfile     string
	maxBody          int64
	logLevel         string
	logFormat        string
	shutdownTimeout  time.Duration
	webhooks         []string
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
		b, _ := strconv.ParseBool(env(name, "false"))
		return b
	}
	fs.StringVar(&c.usAddr, "us-addr", env("BREAKCOLD_MOCK_US_ADDR", "127.0.0.1:8080"), "listen address of the US region (env BREAKCOLD_MOCK_US_ADDR)")
	fs.StringVar(&c.euAddr, "eu-addr", env("BREAKCOLD_MOCK_EU_ADDR", "127.0.0.1:8081"), "listen address of the EU region; empty to serve US only (env BREAKCOLD_MOCK_EU_ADDR)")
	fs.StringVar(&c.seedFile, "seed", env("BREAKCOLD_MOCK_SEED", ""), "JSON seed file to start from instead of the demo dataset (env BREAKCOLD_MOCK_SEED)")
	fs.BoolVar(&c.empty, "empty", envBool("BREAKCOLD_MOCK_EMPTY"), "start with no data and no keys (env BREAKCOLD_MOCK_EMPTY)")
	fs.IntVar(&c.rateLimit, "rate-limit", envInt("BREAKCOLD_MOCK_RATE_LIMIT", 60), "requests per user per window; -1 turns limiting off (env BREAKCOLD_MOCK_RATE_LIMIT)")
	fs.DurationVar(&c.rateWindow, "rate-window", envDur("BREAKCOLD_MOCK_RATE_WINDOW", 60*time.Second), "length of the fixed rate-limit window (env BREAKCOLD_MOCK_RATE_WINDOW)")
	fs.StringVar(&c.limitProfile, "limit-profile", env("BREAKCOLD_MOCK_LIMIT_PROFILE", mockserver.ProfileSimple), "simple (one window per user) or multi-level (the current API's documented budgets) (env BREAKCOLD_MOCK_LIMIT_PROFILE)")
	fs.Int64Var(&c.maxBody, "max-body", int64(envInt("BREAKCOLD_MOCK_MAX_BODY", 1<<20)), "largest request body in bytes; larger ones get 413 (env BREAKCOLD_MOCK_MAX_BODY)")
	fs.StringVar(&c.logLevel, "log-level", env("BREAKCOLD_MOCK_LOG_LEVEL", "info"), "debug, info, warn or error (env BREAKCOLD_MOCK_LOG_LEVEL)")
	fs.StringVar(&c.logFormat, "log-format", env("BREAKCOLD_MOCK_LOG_FORMAT", "text"), "text or json (env BREAKCOLD_MOCK_LOG_FORMAT)")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", envDur("BREAKCOLD_MOCK_SHUTDOWN_TIMEOUT", 10*time.Second), "how long to drain in-flight requests on SIGINT/SIGTERM (env BREAKCOLD_MOCK_SHUTDOWN_TIMEOUT)")
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
	if c.logFormat != "text" && c.logFormat != "json" {
		errs = append(errs, fmt.Errorf("-log-format %q: want text or json", c.logFormat))
	}
	if _, err := parseLevel(c.logLevel); err != nil {
		errs = append(errs, err)
	}
	if c.empty && c.seedFile != "" {
		errs = append(errs, errors.New("-empty and -seed exclude each other"))
	}
	return c, errors.Join(errs...)
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("-log-level %q: want debug, info, warn or error", s)
	}
	return l, nil
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "breakcold-mock:", err)
			os.Exit(2)
		}
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := load(args, getenv, stderr)
	if err != nil {
		return err
	}
	if cfg.showVersion {
		fmt.Fprintln(stdout, "breakcold-mock", buildVersion())
		return nil
	}
	if cfg.printSeed {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(mockserver.DemoSeed())
	}
	level, _ := parseLevel(cfg.logLevel)
	var handler slog.Handler = slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})
	if cfg.logFormat == "json" {
		handler = slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level})
	}
	logger := slog.New(handler)
	opts := mockserver.Options{
		RateLimit: cfg.rateLimit, RateWindow: cfg.rateWindow, LimitProfile: cfg.limitProfile,
		MaxBodyBytes: cfg.maxBody, Empty: cfg.empty, Logger: logger, Version: buildVersion(),
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
	listeners := []struct {
		region mockserver.Region
		addr   string
	}{{mockserver.US, cfg.usAddr}, {mockserver.EU, cfg.euAddr}}
	var servers []*http.Server
	urls := map[mockserver.Region]string{}
	errc := make(chan error, len(listeners))
	for _, l := range listeners {
		if l.addr == "" {
			continue
		}
		ln, err := net.Listen("tcp", l.addr)
		if err != nil {
			return fmt.Errorf("listen for the %s region: %w", strings.ToUpper(string(l.region)), err)
		}
		hs := &http.Server{Handler: srv.Handler(l.region), ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(handler, slog.LevelWarn)}
		servers = append(servers, hs)
		urls[l.region] = "http://" + ln.Addr().String()
		go func() {
			if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- err
			}
		}()
		logger.Info("listening", "region", l.region, "url", urls[l.region], "version", buildVersion())
	}
	printBanner(stdout, urls, opts, srv.Webhooks())
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
	logger.Info("stopped")
	return errors.Join(errs...)
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

// printBanner tells a person how to use the running mock: base URLs, demo keys and
// a curl line. Printing the demo keys is safe: they exist only in the mock.
func printBanner(w io.Writer, urls map[mockserver.Region]string, opts mockserver.Options, hooks []mockserver.WebhookEndpoint) {
	us := urls[mockserver.US]
	fmt.Fprintf(w, "\nbreakcold-mock %s is ready\n\n", opts.Version)
	fmt.Fprintf(w, "  US current API  %s/api/v1\n", us)
	if eu, ok := urls[mockserver.EU]; ok {
		fmt.Fprintf(w, "  EU current API  %s/api/v1\n", eu)
	}
	fmt.Fprintf(w, "  Legacy API      %s/rest\n", us)
	fmt.Fprintf(w, "  Control API     %s%s (health, reset, keys, clock, faults, journal, webhooks)\n", us, mockserver.ControlPrefix)
	if len(hooks) > 0 {
		// The banner is for the developer who started the mock: the one place
		// a secret is shown whole (logs show a prefix).
		fmt.Fprintf(w, "\nWebhooks (every event, signed with the secret):\n")
		for _, h := range hooks {
			fmt.Fprintf(w, "  %s  secret %s\n", h.URL, h.Secret)
		}
	}
	if opts.Empty || opts.Seed != nil {
		fmt.Fprintf(w, "\nNo demo keys: create one with POST %s/keys.\n\n", mockserver.ControlPrefix)
		return
	}
	fmt.Fprintf(w, "\nDemo keys (they work only here):\n")
	fmt.Fprintf(w, "  full scope, US        %s\n", mockserver.DemoKeyFull)
	fmt.Fprintf(w, "  read-only, US         %s\n", mockserver.DemoKeyReadOnly)
	fmt.Fprintf(w, "  Sales workspace only  %s\n", mockserver.DemoKeySales)
	fmt.Fprintf(w, "  expired               %s\n", mockserver.DemoKeyExpired)
	fmt.Fprintf(w, "  full scope, EU        %s\n", mockserver.DemoKeyEU)
	fmt.Fprintf(w, "  legacy (x-api-key)    %s\n", mockserver.DemoKeyLegacy)
	fmt.Fprintf(w, "\nTry:\n  curl -s -H 'Authorization: Bearer %s' '%s/api/v1/records?limit=2'\n\n", mockserver.DemoKeyFull, us)
}
