package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/breakcold-go/breakcold/internal/atomicfile"
	"github.com/breakcold-go/breakcold/mockserver"
)

// runSnapshot is `breakcold-mock snapshot`: read an account through the SDK and
// write a seed file the mock starts from. The reading is mockserver.Snapshot, so
// Go programs can do the same; this only parses flags, shows progress and writes
// the file.
func runSnapshot(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("breakcold-mock snapshot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts mockserver.SnapshotOptions
	var out string
	var quiet bool
	fs.StringVar(&opts.BaseURL, "base-url", getenv("BREAKCOLD_BASE_URL"), "host root of the server to read: a Breakcold region or another mock, e.g. http://127.0.0.1:8080 (env BREAKCOLD_BASE_URL)")
	fs.StringVar(&opts.Key, "key", getenv("BREAKCOLD_API_KEY"), "current-API key (bc_live_…) with the read scopes; empty skips the current API (env BREAKCOLD_API_KEY)")
	fs.StringVar(&opts.LegacyKey, "legacy-key", getenv("BREAKCOLD_LEGACY_KEY"), "legacy-API key (breakcold-usr-…); empty skips the legacy API (env BREAKCOLD_LEGACY_KEY)")
	fs.Func("workspace", "read only this workspace id; repeat for more (default: every workspace the key reaches)", func(id string) error {
		opts.Workspaces = append(opts.Workspaces, id)
		return nil
	})
	region := fs.String("region", "us", "region the seed gives the organization: us or eu")
	fs.StringVar(&out, "o", "", "seed file to write (required); written whole or not at all")
	fs.BoolVar(&quiet, "quiet", false, "no progress on stderr")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: breakcold-mock snapshot -base-url URL -key KEY [-legacy-key KEY] [-workspace ID]... -o seed.json

Reads a Breakcold account (or another mock) read-only through the SDK and writes a
seed file the mock starts from (breakcold-mock -seed seed.json): workspaces, object
types, fields, options, views, records with their values, tasks, notes, and the
legacy data the legacy key can list. Ids are kept.

It paces itself under the rate limits (60 requests per 60 s per key), waiting
instead of meeting 429s. No secret is copied: the seed gets new keys, one with
every scope per organization and one per legacy user, printed at the end; they
work only in a mock. What cannot be read (a scope the key lacks) is listed, and
the rest is written. Ctrl-C leaves no file.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	var errs []error
	if out == "" {
		errs = append(errs, errors.New("snapshot: -o FILE is required"))
	}
	if opts.Key == "" && opts.LegacyKey == "" {
		errs = append(errs, errors.New("snapshot: give -key, -legacy-key or both"))
	}
	if fs.NArg() > 0 {
		errs = append(errs, fmt.Errorf("snapshot: unexpected arguments %q", fs.Args()))
	}
	opts.Region = mockserver.Region(strings.ToLower(*region))
	if opts.Region != mockserver.US && opts.Region != mockserver.EU {
		errs = append(errs, fmt.Errorf("snapshot: -region %q: want us or eu", *region))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	opts.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if !quiet && isTerminal(stderr) {
		opts.Progress = progressLine(stderr)
	}
	res, err := mockserver.Snapshot(ctx, opts)
	if opts.Progress != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("snapshot interrupted; %s not written", out)
		}
		return err
	}
	raw, err := json.MarshalIndent(res.Seed, "", "  ")
	if err != nil {
		return err
	}
	// 0600: the seed holds keys.
	if err := atomicfile.Write(out, append(raw, '\n'), 0o600); err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	records := 0
	for _, o := range res.Seed.Organizations {
		for _, w := range o.Workspaces {
			records += len(w.Records)
		}
	}
	fmt.Fprintf(stdout, "wrote %s: %d organizations, %d records, %d legacy users, %d requests\n", out, len(res.Seed.Organizations), records, len(res.Seed.LegacyUsers), res.Requests)
	for _, g := range res.Gaps {
		fmt.Fprintf(stdout, "not read: %s: %s\n", g.What, g.Why)
	}
	if len(res.Keys) > 0 {
		fmt.Fprintf(stdout, "\nKeys of the seed (new; they work only in a mock started with -seed %s):\n", out)
		for _, k := range res.Keys {
			fmt.Fprintf(stdout, "  %-40s %s\n", k.Name, k.Secret)
		}
	}
	return nil
}

// progressLine shows the snapshot's step and count of requests on one line of a
// terminal, and how long a rate-limit wait lasts.
func progressLine(w io.Writer) func(mockserver.SnapshotProgress) {
	return func(p mockserver.SnapshotProgress) {
		line := fmt.Sprintf("snapshot: %s (%d requests)", p.Step, p.Requests)
		if p.Waiting > 0 {
			line += fmt.Sprintf(", waiting %v for the rate-limit window", p.Waiting.Round(time.Second))
		}
		fmt.Fprintf(w, "\r\033[K%s", line)
	}
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
