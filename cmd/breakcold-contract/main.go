// Command breakcold-contract checks a server, Breakcold's API or the breakcold-mock,
// against the Breakcold OpenAPI spec: every operation's requests and responses,
// authentication, scopes, workspace limits, rate limits and state.
//
//	breakcold-contract -mock                                   # an in-process mock, for a demo
//	breakcold-contract -base-url http://127.0.0.1:8080 \
//	    -other-region-url http://127.0.0.1:8081 -control http://127.0.0.1:8080/_mock \
//	    -key bc_live_… -legacy-key breakcold-usr-… -junit contract.xml
//	BREAKCOLD_API_KEY=bc_live_… breakcold-contract -read-only  # Breakcold itself, no writes
//
// It exits 0 when every check passes, 1 when one fails, 2 when it cannot run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/breakcold-go/breakcold/contracttest"
	"github.com/breakcold-go/breakcold/internal/version"
	"github.com/breakcold-go/breakcold/mockserver"
)

// skips collects repeated -skip operationId=reason flags.
type skips map[string]string

func (s skips) String() string { return fmt.Sprint(map[string]string(s)) }

func (s skips) Set(v string) error {
	op, reason, ok := strings.Cut(v, "=")
	if !ok || op == "" || strings.TrimSpace(reason) == "" {
		return fmt.Errorf("want operationId=reason, got %q", v)
	}
	s[op] = reason
	return nil
}

type config struct {
	target contracttest.Target
	mock   bool
	junit  string
	quiet  bool
	// version asks for the version only.
	version bool
}

func load(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var c config
	t := &c.target
	t.Skip = skips{}
	fs := flag.NewFlagSet("breakcold-contract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	region := fs.String("region", env("BREAKCOLD_REGION", "us"), "us or eu: picks Breakcold's host for -base-url and the other region (env BREAKCOLD_REGION)")
	fs.StringVar(&t.BaseURL, "base-url", env("BREAKCOLD_BASE_URL", ""), "current API host root, e.g. http://127.0.0.1:8080; default Breakcold's host for -region (env BREAKCOLD_BASE_URL)")
	fs.StringVar(&t.OtherRegionURL, "other-region-url", env("BREAKCOLD_OTHER_REGION_URL", ""), "the other region's host root: the key must be refused there (env BREAKCOLD_OTHER_REGION_URL)")
	fs.StringVar(&t.LegacyURL, "legacy-url", env("BREAKCOLD_LEGACY_URL", ""), "legacy API host root; default https://api.breakcold.com for Breakcold, else -base-url (env BREAKCOLD_LEGACY_URL)")
	fs.StringVar(&t.Keys.Full, "key", env("BREAKCOLD_API_KEY", ""), "bc_live_ key with every scope (env BREAKCOLD_API_KEY)")
	fs.StringVar(&t.Keys.Restricted, "restricted-key", env("BREAKCOLD_RESTRICTED_KEY", ""), "bc_live_ key without records:write, for the 403 scope check (env BREAKCOLD_RESTRICTED_KEY)")
	fs.StringVar(&t.Keys.Limited, "limited-key", env("BREAKCOLD_LIMITED_KEY", ""), "bc_live_ key limited to one workspace, for the 403 workspace check (env BREAKCOLD_LIMITED_KEY)")
	fs.StringVar(&t.Keys.Legacy, "legacy-key", env("BREAKCOLD_LEGACY_KEY", ""), "breakcold-usr- key for the legacy API (env BREAKCOLD_LEGACY_KEY)")
	fs.StringVar(&t.WorkspaceID, "workspace", env("BREAKCOLD_WORKSPACE_ID", ""), "workspace to write in; default the first listed (env BREAKCOLD_WORKSPACE_ID)")
	fs.StringVar(&t.Control, "control", env("BREAKCOLD_MOCK_CONTROL", ""), "the mock's control API, e.g. http://127.0.0.1:8080/_mock: reset first, make missing keys, move the clock (env BREAKCOLD_MOCK_CONTROL)")
	fs.BoolVar(&t.ReadOnly, "read-only", false, "make no writes (for production accounts); write operations are reported skipped")
	fs.BoolVar(&t.AllowSend, "allow-send", false, "compose and send inbox messages (they reach real people on Breakcold)")
	fs.BoolVar(&t.SlowRateLimit, "slow-rate-limit", false, "without -control, spend a real rate-limit window and wait for its reset")
	fs.IntVar(&t.MaxRequests, "max-requests", 0, "stop sending after this many requests (0: no cap)")
	fs.Var(skips(t.Skip), "skip", "operationId=reason: do not exercise an operation (repeatable)")
	fs.StringVar(&c.junit, "junit", "", "write JUnit XML to this file")
	fs.BoolVar(&c.mock, "mock", false, "check an in-process breakcold mock with its demo keys (a self-test and demo)")
	fs.BoolVar(&c.quiet, "quiet", false, "print only the summary, not a line per check")
	fs.BoolVar(&c.version, "version", false, "print the version and exit")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: breakcold-contract [flags]\n\nChecks a server against the Breakcold OpenAPI spec and prints a summary; exits 1 if a check fails.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.version {
		return c, nil
	}
	if *region != "us" && *region != "eu" {
		return c, fmt.Errorf("-region %q: want us or eu", *region)
	}
	if c.mock {
		return c, nil
	}
	if t.BaseURL == "" {
		other := map[string]string{"us": "eu", "eu": "us"}[*region]
		t.BaseURL = "https://http." + *region + ".breakcold.com"
		if t.OtherRegionURL == "" {
			t.OtherRegionURL = "https://http." + other + ".breakcold.com"
		}
		if t.LegacyURL == "" {
			t.LegacyURL = "https://api.breakcold.com"
		}
	}
	if t.Keys.Full == "" && t.Keys.Legacy == "" && t.Control == "" {
		return c, errors.New("give -key (or BREAKCOLD_API_KEY), -legacy-key, or a mock's -control")
	}
	return c, nil
}

func main() {
	code, err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "breakcold-contract:", err)
	}
	os.Exit(code)
}

// run returns the exit code: 0 all passed, 1 a check failed, 2 the run could not start.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) (int, error) {
	cfg, err := load(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0, err
	}
	if err != nil {
		return 2, err
	}
	if cfg.version {
		fmt.Fprintln(stdout, "breakcold-contract", version.String())
		return 0, nil
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	t := cfg.target
	if cfg.mock {
		srv, err := mockserver.New(mockserver.Options{})
		if err != nil {
			return 2, err
		}
		us, eu := httptest.NewServer(srv.Handler(mockserver.US)), httptest.NewServer(srv.Handler(mockserver.EU))
		defer us.Close()
		defer eu.Close()
		t.Name, t.BaseURL, t.OtherRegionURL, t.LegacyURL = "breakcold-mock (in process)", us.URL, eu.URL, us.URL
		t.Control, t.AllowSend = us.URL+mockserver.ControlPrefix, true
		t.Keys = contracttest.Keys{Full: mockserver.DemoKeyFull, Legacy: mockserver.DemoKeyLegacy}
	}
	if !cfg.quiet {
		t.Progress = stderr
	}
	fmt.Fprintf(stderr, "checking %s against the spec…\n", orDefault(t.Name, t.BaseURL))
	rep, err := contracttest.Check(ctx, t)
	if err != nil {
		return 2, err
	}
	fmt.Fprint(stdout, rep.Summary())
	if cfg.junit != "" {
		f, err := os.Create(cfg.junit)
		if err != nil {
			return 2, err
		}
		if err := rep.WriteJUnit(f); err != nil {
			f.Close()
			return 2, err
		}
		if err := f.Close(); err != nil {
			return 2, err
		}
		fmt.Fprintln(stdout, "JUnit report: "+cfg.junit+" ("+strconv.Itoa(len(rep.Results))+" checks)")
	}
	if rep.Failed() {
		return 1, nil
	}
	return 0, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
