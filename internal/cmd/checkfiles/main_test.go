package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCheck stages one file for each rule in a fresh repository and requires one
// problem for each file that breaks a rule, and none for the others.
func TestCheck(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	dir := t.TempDir()
	big := strings.Repeat("x", maxSize+1)
	files := []struct {
		path, content string
		mode          os.FileMode
	}{
		{".gitattributes", "*.gen.go linguist-generated=true\n", 0o644},
		{"main.go", "package main\n", 0o644},
		{"scripts/run", "#!/bin/sh\necho hi\n", 0o755},
		{"tool", "echo no interpreter\n", 0o755},
		{"breakcold-mock", "\x7fELF\x02\x01\x01\x00rest", 0o755},
		{"mac/mock", "\xcf\xfa\xed\xfe\x07\x00\x00\x01", 0o644},
		{"win/mock.exe", "MZ\x90\x00", 0o644},
		{"big.gen.go", big, 0o644},
		{"big.json", big, 0o644},
	}
	for _, f := range files {
		p := filepath.Join(dir, f.path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f.content), f.mode); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}} {
		if _, err := git(dir, nil, args...); err != nil {
			t.Fatal(err)
		}
	}
	got, err := check(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"big.json: 1048577 bytes, over 1048576, and not marked linguist-generated in .gitattributes",
		"breakcold-mock: an ELF binary (12 bytes)",
		"mac/mock: a Mach-O binary (8 bytes)",
		"tool: executable (mode 100755) without a #! line",
		"win/mock.exe: a PE (Windows) binary (4 bytes)",
	}
	// The size rule reports after the others, so compare in path order.
	if got := slices.Sorted(slices.Values(got)); !slices.Equal(got, want) {
		t.Errorf("check:\ngot  %q\nwant %q", got, want)
	}
}
