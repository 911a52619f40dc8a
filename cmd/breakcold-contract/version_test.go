package main

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/breakcold-go/breakcold/internal/version"
)

// -version needs no key or target: release archives are checked with it.
func TestVersion(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	code, err := run(context.Background(), []string{"-version"}, env(nil), &out, io.Discard)
	if want := "breakcold-contract " + version.String() + "\n"; code != 0 || err != nil || out.String() != want {
		t.Errorf("-version: got exit %d, %v, %q; want 0, %q", code, err, out.String(), want)
	}
}
