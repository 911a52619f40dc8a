package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestCompare(t *testing.T) {
	recorded := []string{
		"pkg client, const TaskStatusDone TaskStatus",
		"pkg client, method (*Client) GetRecord(context.Context, string) (*Record, *Response, error)",
		"pkg client, type Doer interface",
		"pkg client, type Doer interface, Do(*http.Request) (*http.Response, error)",
	}
	current := []string{
		"pkg client, const TaskStatusDone TaskStatus",
		"pkg client, const TaskStatusOpen TaskStatus", // new name: compatible
		"pkg client, type Doer interface",
		"pkg client, type Doer interface, Do(*http.Request) (*http.Response, error)",
		"pkg client, type Doer interface, Close() error", // breaks implementations
	}
	d := compare(recorded, current)
	if want := []string{"pkg client, const TaskStatusOpen TaskStatus"}; !slices.Equal(d.added, want) {
		t.Errorf("added = %q, want %q", d.added, want)
	}
	want := []string{
		"pkg client, method (*Client) GetRecord(context.Context, string) (*Record, *Response, error)",
		"pkg client, type Doer interface, Close() error",
	}
	if !slices.Equal(d.incompatible, want) {
		t.Errorf("incompatible = %q, want %q", d.incompatible, want)
	}
}

func TestKeys(t *testing.T) {
	for line, want := range map[string][]string{
		"pkg client, const All LegacyLeadsFilterEmailStatus":                  {"All", "client.All"},
		"pkg client, method (*Client) LegacyGetLead(context.Context, string)": {"LegacyGetLead", "Client.LegacyGetLead", "client.Client.LegacyGetLead"},
		"pkg client, type Record struct, UserIds *[]string":                   {"UserIds", "Record.UserIds", "client.Record.UserIds"},
		"pkg client, type Nullable[T any] map[bool]T":                         {"Nullable", "client.Nullable"},
		"pkg client, method (Nullable[T]) Get() (T, error)":                   {"Get", "Nullable.Get", "client.Nullable.Get"},
		"pkg client, func New(string, ...Option) (*Client, error)":            {"New", "client.New"},
	} {
		if got := keys(line); !slices.Equal(got, want) {
			t.Errorf("keys(%q) = %q, want %q", line, got, want)
		}
	}
}

func TestUnreleasedReadsOnlyChangedAndRemoved(t *testing.T) {
	name := filepath.Join(t.TempDir(), "CHANGELOG.md")
	text := "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- `client.Added`\n\n### Changed\n\n" +
		"- `client.All` is now `LegacyLeadsFilterEmailStatusAll`; `Client.LegacyGetLead(ctx, id)` moved.\n" +
		"- `client.Client` and `Gone` changed.\n\n" +
		"### Removed\n\n- `UserIds`\n\n## [0.1.0] - 2026-12-01\n\n### Changed\n\n- `Old`\n"
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	n, err := unreleased(name)
	if err != nil {
		t.Fatal(err)
	}
	for line, want := range map[string]bool{
		"pkg client, const All LegacyLeadsFilterEmailStatus":                  true,
		"pkg client, method (*Client) LegacyGetLead(context.Context, string)": true,
		"pkg client, type Record struct, UserIds *[]string":                   true,
		"pkg client, const Added string":                                      false, // under Added, which records nothing incompatible
		"pkg client, const Old string":                                        false, // a released section
		"pkg client, const Valid LegacyLeadsFilterEmailStatus":                false,
		"pkg client, type Gone struct, Field string":                          true,  // its type is gone and named
		"pkg client, method (*Client) Kept()":                                 false, // `Client` names a type that stays
	} {
		if got := n.names(line, map[string]bool{"Gone": true}); got != want {
			t.Errorf("names(%q) = %t, want %t", line, got, want)
		}
	}
}
