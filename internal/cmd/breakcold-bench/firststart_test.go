package main

import (
	"strings"
	"testing"
	"time"
)

func TestParseFirstListen(t *testing.T) {
	t.Parallel()
	out := "some log line\nfirst-listen: main=1764570000123456789 listen=12.345678ms\n"
	mainAt, listen, err := parseFirstListen(out)
	if err != nil || mainAt.UnixNano() != 1764570000123456789 || listen != 12345678*time.Nanosecond {
		t.Errorf("parseFirstListen(%q): got %d, %v, %v; want 1764570000123456789, 12.345678ms, no error", out, mainAt.UnixNano(), listen, err)
	}
	for _, bad := range []string{
		"",
		"first-listen took 12ms\n",
		"first-listen: main=1764570000123456789\n",
		"first-listen: listen=12ms\n",
		"first-listen: main=soon listen=12ms\n",
		"first-listen: main=1764570000123456789 listen=12\n",
		"first-listen: main=1764570000123456789 listen=-3ms\n",
	} {
		if _, _, err := parseFirstListen(bad); err == nil {
			t.Errorf("parseFirstListen(%q): got no error", bad)
		}
	}
}

// TestFirstListen runs the child's mode in this process (not the first Listen
// here, but the same code) and reads its line back with the parent's parser.
func TestFirstListen(t *testing.T) {
	t.Parallel()
	mainAt := time.Unix(0, time.Now().UnixNano())
	var out strings.Builder
	if err := firstListen(&out, mainAt); err != nil {
		t.Fatal(err)
	}
	gotMain, listen, err := parseFirstListen(out.String())
	if err != nil || !gotMain.Equal(mainAt) || listen <= 0 {
		t.Errorf("parseFirstListen(firstListen output %q): got %v, %v, %v; want %v, a positive duration, no error", out.String(), gotMain, listen, err, mainAt)
	}
}
