package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/mockserver"
)

// The subcommand writes a seed the mock starts from, with new keys printed,
// and refuses to run without a file or a key.
func TestSnapshotCommand(t *testing.T) {
	t.Parallel()
	src := mockserver.Start(t, mockserver.Options{})
	out := filepath.Join(t.TempDir(), "seed.json")
	var stdout, stderr bytes.Buffer
	err := runSnapshot(context.Background(), []string{"-base-url", src.URL, "-key", src.DemoKeys.Full, "-legacy-key", src.DemoKeys.Legacy, "-o", out},
		env(nil), &stdout, &stderr)
	if err != nil {
		t.Fatalf("snapshot: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "wrote "+out) || !strings.Contains(stdout.String(), "Keys of the seed") {
		t.Errorf("output: %s", stdout.String())
	}
	info, err := os.Stat(out)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("seed file: %v, mode %v; want 0600", err, info)
	}
	seed, err := readSeed(out)
	if err != nil {
		t.Fatalf("the written seed does not parse: %v", err)
	}
	if _, err := mockserver.New(mockserver.Options{Seed: seed}); err != nil {
		t.Errorf("a mock does not start from the written seed: %v", err)
	}
	for _, args := range [][]string{{"-base-url", src.URL, "-key", "k"}, {"-base-url", src.URL, "-o", out}} {
		if err := runSnapshot(context.Background(), args, env(nil), &stdout, &stderr); err == nil {
			t.Errorf("runSnapshot(%q): no error", args)
		}
	}
}

// An interrupted snapshot writes nothing: not the file, not a part of it.
func TestSnapshotInterruptedWritesNothing(t *testing.T) {
	t.Parallel()
	// A window of 5 requests makes the snapshot wait for the next one, where
	// the interrupt finds it.
	src := mockserver.Start(t, mockserver.Options{RateLimit: 5})
	dir := t.TempDir()
	out := filepath.Join(dir, "seed.json")
	// Cancelled as Ctrl-C cancels it: no deadline the client could see coming.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(500*time.Millisecond, cancel)
	var stdout, stderr bytes.Buffer
	err := runSnapshot(ctx, []string{"-base-url", src.URL, "-key", src.DemoKeys.Full, "-o", out}, env(nil), &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "snapshot interrupted; "+out+" not written") {
		t.Fatalf("err = %v, want the interruption named", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the directory holds %d files after the interrupt, want none", len(entries))
	}
}
