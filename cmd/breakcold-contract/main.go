// Command breakcold-contract checks a server, Breakcold's API or the breakcold-mock,
// against the Breakcold OpenAPI spec: every operation's requests and responses,
// authentication, scopes, workspace limits, rate limits and state.
//
//	breakcold-contract -mock                                   # an in-process mock, for a demo
//	breakcold-contract -base-url http://127.0.0.1:8080 \
//	    -other-region-url http://127.0.0.1:8081 -control http://127.0.0.1:8080/_mock \
//	    -key bc_live_… -legacy-key breakcold-usr-… -junit contract.xml
//	BREAKCOLD_API_KEY=bc_live_… breakcold-contract -read-only  # Breakcold itself, no writes
//	breakcold-contract -receiver http://localhost:3000/hooks -receiver-secret whsec_…  # a team's webhook receiver
//	breakcold-contract -base-url http://127.0.0.1:8080 -key bc_live_… \
//	    -compare http://127.0.0.1:9080 -compare-key bc_live_…  # how two servers' answers differ
//
// Exit status: 0 every check passed (or, with -compare, no difference); 1 a check
// failed (a difference); 2 the run could not start or the server went away
// mid-run; 130 interrupted (a partial report is written).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
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
	target   contracttest.Target
	receiver contracttest.ReceiverTarget
	compare  contracttest.Target // the -compare server; no BaseURL without it
	mock     bool
	junit    string
	html     string
	format   string
	quiet    bool
	// version asks for the version only.
	version bool
}

// Exit codes, as the usage text lists them.
const (
	exitPass        = 0
	exitFail        = 1
	exitCannotRun   = 2
	exitInterrupted = 130 // 128 + SIGINT, as shells report it
)

const usage = `Usage: breakcold-contract [flags]

Checks a server against the Breakcold OpenAPI spec and prints a summary. Before any
check it confirms the target answers and accepts the credentials. With -compare it
runs the same checks against a second server and prints how the answers differ
(status, header names, body shape, error envelopes, paging), not the checks.

Exit status:
  0    every check passed (with -compare: the answers do not differ)
  1    a check failed, or -fail-fast / -max-requests stopped the run
       (with -compare: the answers differ)
  2    the run could not start (bad flags, target unreachable, credentials refused)
       or the server went away mid-run
  130  interrupted (SIGINT or SIGTERM); the report says so and -junit and -html are still written

Flags:
`

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
	fs.StringVar(&t.LegacyObjectID, "legacy-object", env("BREAKCOLD_LEGACY_OBJECT_ID", ""), "legacy object definition (person or company) to create the run's attribute on; default the mock's demo company object (env BREAKCOLD_LEGACY_OBJECT_ID)")
	fs.StringVar(&t.Control, "control", env("BREAKCOLD_MOCK_CONTROL", ""), "the mock's control API, e.g. http://127.0.0.1:8080/_mock: reset first, make missing keys, move the clock (env BREAKCOLD_MOCK_CONTROL)")
	fs.BoolVar(&t.ReadOnly, "read-only", false, "make no writes (for production accounts); write operations are reported skipped")
	fs.BoolVar(&t.AllowSend, "allow-send", false, "compose and send inbox messages (they reach real people on Breakcold)")
	fs.BoolVar(&t.SlowRateLimit, "slow-rate-limit", false, "without -control, spend a real rate-limit window and wait for its reset")
	fs.IntVar(&t.MaxRequests, "max-requests", 0, "stop the run after this many requests; a run cut short fails (0: no cap)")
	fs.BoolVar(&t.FailFast, "fail-fast", false, "stop at the first failed check")
	fs.Var(skips(t.Skip), "skip", "operationId=reason: do not exercise an operation (repeatable)")
	fs.StringVar(&c.junit, "junit", "", "write JUnit XML to this file (also when the run stops early)")
	fs.StringVar(&c.html, "html", "", "write a self-contained HTML report to this file: failures first with request, answer and curl line, coverage, skips and passes (also when the run stops early)")
	fs.StringVar(&c.format, "format", "text", "text (a summary for people) or json (the whole report, for machines) on stdout")
	fs.BoolVar(&c.mock, "mock", false, "check an in-process breakcold mock with its demo keys (a self-test and demo)")
	fs.StringVar(&c.receiver.URL, "receiver", env("BREAKCOLD_RECEIVER_URL", ""), "check this webhook receiver instead of an API: signed events must get a 2xx, forged, stale and unsigned ones a 4xx (env BREAKCOLD_RECEIVER_URL)")
	fs.StringVar(&c.receiver.Secret, "receiver-secret", env("BREAKCOLD_RECEIVER_SECRET", ""), "the signing secret the -receiver verifies with (env BREAKCOLD_RECEIVER_SECRET)")
	b := &c.compare
	fs.StringVar(&b.BaseURL, "compare", env("BREAKCOLD_COMPARE_URL", ""), "compare with the server at this host root: the same checks against both, and their answers' differences per operation instead of a report (env BREAKCOLD_COMPARE_URL)")
	fs.StringVar(&b.OtherRegionURL, "compare-other-region-url", env("BREAKCOLD_COMPARE_OTHER_REGION_URL", ""), "the -compare server's other region, as -other-region-url is the first's (env BREAKCOLD_COMPARE_OTHER_REGION_URL)")
	fs.StringVar(&b.LegacyURL, "compare-legacy-url", env("BREAKCOLD_COMPARE_LEGACY_URL", ""), "the -compare server's legacy API host root; default -compare (env BREAKCOLD_COMPARE_LEGACY_URL)")
	fs.StringVar(&b.Keys.Full, "compare-key", env("BREAKCOLD_COMPARE_KEY", ""), "bc_live_ key with every scope on the -compare server (env BREAKCOLD_COMPARE_KEY)")
	fs.StringVar(&b.Keys.Legacy, "compare-legacy-key", env("BREAKCOLD_COMPARE_LEGACY_KEY", ""), "breakcold-usr- key on the -compare server (env BREAKCOLD_COMPARE_LEGACY_KEY)")
	fs.StringVar(&b.Control, "compare-control", env("BREAKCOLD_COMPARE_CONTROL", ""), "the -compare server's mock control API: with -control too, both servers run the whole suite from a reset; otherwise both runs are read-only (env BREAKCOLD_COMPARE_CONTROL)")
	fs.BoolVar(&c.quiet, "quiet", false, "print only the summary and waits, not a line per check")
	fs.BoolVar(&c.version, "version", false, "print the version and exit")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
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
	if c.format != "text" && c.format != "json" {
		return c, fmt.Errorf("-format %q: want text or json", c.format)
	}
	if c.receiver.URL != "" || c.receiver.Secret != "" {
		if c.receiver.URL == "" || c.receiver.Secret == "" {
			return c, errors.New("-receiver and -receiver-secret go together")
		}
		if c.mock {
			return c, errors.New("-receiver and -mock exclude each other")
		}
		if b.BaseURL != "" {
			return c, errors.New("-receiver and -compare exclude each other")
		}
		return c, nil
	}
	if err := checkCompare(c); err != nil {
		return c, err
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

// checkCompare refuses -compare flags that cannot work together.
func checkCompare(c config) error {
	b := c.compare
	if b.BaseURL == "" {
		if b.OtherRegionURL != "" || b.LegacyURL != "" || b.Keys.Full != "" || b.Keys.Legacy != "" || b.Control != "" {
			return errors.New("-compare-other-region-url, -compare-legacy-url, -compare-key, -compare-legacy-key and -compare-control need -compare")
		}
		return nil
	}
	switch {
	case b.Keys.Full == "" && b.Keys.Legacy == "" && b.Control == "":
		return errors.New("-compare needs -compare-key (or BREAKCOLD_COMPARE_KEY), -compare-legacy-key, or the mock's -compare-control")
	case c.junit != "":
		return errors.New("-junit does not apply to -compare, which reports differences, not checks")
	}
	return nil
}

func main() {
	code, err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "breakcold-contract:", err)
	}
	os.Exit(code)
}

// run returns the exit code (exitPass…exitInterrupted) and, for a run that could
// not start, why.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) (int, error) {
	cfg, err := load(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitPass, err
	}
	if err != nil {
		return exitCannotRun, err
	}
	if cfg.version {
		fmt.Fprintln(stdout, "breakcold-contract", version.String())
		return 0, nil
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if cfg.receiver.URL != "" {
		if !cfg.quiet {
			cfg.receiver.Progress = stderr
		}
		fmt.Fprintf(stderr, "checking the webhook receiver %s…\n", cfg.receiver.URL)
		rep, err := contracttest.CheckReceiver(ctx, cfg.receiver)
		if err != nil {
			return exitCannotRun, err
		}
		return report(cfg, rep, stdout, stderr)
	}
	t := cfg.target
	var hooks *deliveries
	if cfg.mock {
		hooks, err = newDeliveries()
		if err != nil {
			return exitCannotRun, err
		}
		defer hooks.close()
		m, err := mockserver.Listen(mockserver.Options{Webhooks: []mockserver.WebhookSpec{hooks.spec()}})
		if err != nil {
			return exitCannotRun, err
		}
		defer m.Close()
		hooks.mock = m.Server
		t.Name, t.BaseURL, t.OtherRegionURL, t.LegacyURL = "breakcold-mock (in process)", m.URL, m.EUURL, m.URL
		t.Control, t.AllowSend = m.ControlURL, true
		t.Keys = contracttest.Keys{Full: m.DemoKeys.Full, Legacy: m.DemoKeys.Legacy}
	}
	t.Log = stderr
	if !cfg.quiet {
		t.Progress = stderr
	}
	if cfg.compare.BaseURL != "" {
		return compare(ctx, stop, cfg, t, stdout, stderr)
	}
	fmt.Fprintf(stderr, "checking %s against the spec…\n", orDefault(t.Name, t.BaseURL))
	rep, err := contracttest.Check(ctx, t)
	stop() // a second Ctrl-C while the report is written ends the process
	if err != nil {
		return exitCannotRun, err
	}
	if hooks == nil || rep.Stopped != "" {
		return report(cfg, rep, stdout, stderr)
	}
	checked, failed := hooks.check(rep)
	code, err := report(cfg, rep, stdout, stderr)
	note := stdout
	if cfg.format == "json" {
		note = stderr // stdout holds the JSON alone
	}
	fmt.Fprintf(note, "webhooks: %d deliveries of the mock checked against the spec's webhooks, %d failed\n", checked, failed)
	return code, err
}

// compare runs the checks against t and the -compare server, writes how their
// answers differ as the flags ask, and returns the exit code.
func compare(ctx context.Context, stop func(), cfg config, a contracttest.Target, stdout, stderr io.Writer) (int, error) {
	b := cfg.compare
	// The run's settings, not its account's: workspaces and objects are the first
	// server's own.
	b.Name, b.AllowSend, b.SlowRateLimit, b.Window = b.BaseURL, a.AllowSend, a.SlowRateLimit, a.Window
	b.MaxRequests, b.FailFast, b.Skip, b.RateLimitHeaders = a.MaxRequests, a.FailFast, a.Skip, a.RateLimitHeaders
	b.Log, b.Progress = a.Log, a.Progress
	fmt.Fprintf(stderr, "comparing %s (A) with %s (B)…\n", orDefault(a.Name, a.BaseURL), b.BaseURL)
	c, err := contracttest.Compare(ctx, a, b)
	stop() // a second Ctrl-C while the comparison is written ends the process
	if err != nil {
		return exitCannotRun, err
	}
	if cfg.format == "json" {
		if err := c.WriteJSON(stdout); err != nil {
			return exitCannotRun, err
		}
	} else {
		fmt.Fprint(stdout, c.Summary())
	}
	for _, rep := range []*contracttest.Report{c.A, c.B} {
		if code := exitCode(rep); code == exitInterrupted || code == exitCannotRun {
			return code, nil
		}
	}
	if c.Differ() {
		return exitFail, nil
	}
	return exitPass, nil
}

// report writes the report as the flags ask and returns the exit code.
func report(cfg config, rep *contracttest.Report, stdout, stderr io.Writer) (int, error) {
	if cfg.format == "json" {
		if err := rep.WriteJSON(stdout); err != nil {
			return exitCannotRun, err
		}
	} else {
		fmt.Fprint(stdout, rep.Summary())
	}
	note := stdout
	if cfg.format == "json" {
		note = stderr // stdout holds the JSON alone
	}
	if cfg.junit != "" {
		if err := writeFile(cfg.junit, rep.WriteJUnit); err != nil {
			return exitCannotRun, err
		}
		fmt.Fprintf(note, "JUnit report: %s (%d checks)\n", cfg.junit, len(rep.Results))
	}
	if cfg.html != "" {
		if err := writeFile(cfg.html, rep.WriteHTML); err != nil {
			return exitCannotRun, err
		}
		fmt.Fprintf(note, "HTML report: %s\n", cfg.html)
	}
	return exitCode(rep), nil
}

// exitCode maps a finished run to the exit status the usage text lists.
func exitCode(rep *contracttest.Report) int {
	switch {
	case rep.Stopped == contracttest.StopInterrupted:
		return exitInterrupted
	case rep.Stopped == contracttest.StopServerGone:
		return exitCannotRun
	case rep.Failed():
		return exitFail
	}
	return exitPass
}

// writeFile writes a report to path with one of its writers.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
