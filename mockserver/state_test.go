package mockserver_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/breakcold-go/breakcold/mockserver"
)

// changeThroughTheAPI changes mock ts as an app and an operator would: records
// created, updated and archived, tasks and notes, inbox views and the sidebar, a
// conversation and a reply, a legacy lead, a key created
// through the control API (random secret) and one revoked, a webhook endpoint.
// It returns the new key's secret.
func changeThroughTheAPI(t *testing.T, ts *mockserver.TestServer, key, legacyKey, ws string) string {
	t.Helper()
	api := func(method, path, body string, status int) map[string]any {
		t.Helper()
		hdr := bearer(key)
		if strings.HasPrefix(path, "/rest/") {
			hdr = []string{"x-api-key", legacyKey}
		}
		r := do(t, method, ts.URL+path, body, hdr...)
		if r.Status != status {
			t.Fatalf("%s %s: got %d %s, want %d", method, path, r.Status, r.Body, status)
		}
		return r.json(t)
	}
	id := func(m map[string]any, under string) string {
		t.Helper()
		if under != "" {
			m, _ = m[under].(map[string]any)
		}
		s, _ := m["id"].(string)
		if s == "" {
			t.Fatalf("no id in %v", m)
		}
		return s
	}
	rec := id(api("POST", "/api/v1/records", `{"workspaceId":"`+ws+`","objectTypeSlug":"company","fields":{"name":"Persisted Ltd"}}`, http.StatusCreated), "record")
	api("PATCH", "/api/v1/records/"+rec, `{"fields":{"name":"Persisted Ltd."}}`, http.StatusOK)
	gone := id(api("POST", "/api/v1/records", `{"workspaceId":"`+ws+`","objectTypeSlug":"person","fields":{"name":"Archie Ved"}}`, http.StatusCreated), "record")
	api("POST", "/api/v1/records/"+gone+"/archive", "", http.StatusOK)
	task := id(api("POST", "/api/v1/records/"+rec+"/tasks", `{"title":"Send the contract","dueAt":1780000000000}`, http.StatusCreated), "task")
	api("PATCH", "/api/v1/tasks/"+task, `{"status":"done"}`, http.StatusOK)
	api("POST", "/api/v1/records/"+rec+"/notes", `{"title":"Call","content":"<p>They <b>agreed</b></p>"}`, http.StatusCreated)
	// The inbox: a shared view, the sidebar reordered into a folder and, where
	// the workspace has a send account, a conversation composed and answered.
	view := id(api("POST", "/api/v1/inbox/views", `{"workspaceId":"`+ws+`","name":"Open threads","visibility":"workspace","config":{"filters":[{"field":"isClosed","operator":"is","value":false}]}}`, http.StatusCreated), "view")
	api("PATCH", "/api/v1/inbox/views/"+view, `{"emoji":"📬"}`, http.StatusOK)
	items := []string{`{"type":"folder","id":"fdpersisted1"}`}
	sb := api("GET", "/api/v1/inbox/views/sidebar?workspaceId="+ws, "", http.StatusOK)
	layout, _ := sb["layout"].([]any)
	for i := len(layout) - 1; i >= 0; i-- {
		if v, _ := layout[i].(map[string]any)["viewId"].(string); v != "" {
			items = append(items, `{"type":"view","id":"`+v+`","parentFolderId":"fdpersisted1"}`)
		}
	}
	api("POST", "/api/v1/inbox/views/sidebar/reorder", `{"workspaceId":"`+ws+`","items":[`+strings.Join(items, ",")+`]}`, http.StatusOK)
	accounts, _ := api("GET", "/api/v1/inbox/send-accounts?workspaceId="+ws, "", http.StatusOK)["data"].([]any)
	if len(accounts) > 0 {
		acc, _ := accounts[0].(map[string]any)["workspaceIntegrationAccountId"].(string)
		conv := api("POST", "/api/v1/inbox/conversations", `{"workspaceId":"`+ws+`","workspaceIntegrationAccountId":"`+acc+`","to":["ada@example.com","bob@example.com"],"subject":"Renewal","textHtml":"<p>Shall we <b>renew</b>?</p>","linkedRecordIds":["`+rec+`"]}`, http.StatusCreated)
		api("POST", "/api/v1/conversations/"+id(conv, "conversation")+"/messages", `{"workspaceIntegrationAccountId":"`+acc+`","textPlain":"A reminder."}`, http.StatusCreated)
	}
	if legacyKey != "" {
		api("POST", "/rest/lead", `{"first_name":"Pat","last_name":"Sistent","email":"pat@example.com"}`, http.StatusOK)
	}
	r := control(t, ts, "POST", "/keys", map[string]any{"name": "made at runtime", "userId": userOf(t, ts, key), "allScopes": true, "expiresInSeconds": 86400})
	if r.Status != http.StatusCreated {
		t.Fatalf("POST /_mock/keys: %d %s", r.Status, r.Body)
	}
	secret, _ := r.json(t)["secret"].(string)
	if r := control(t, ts, "POST", "/keys", map[string]any{"name": "to revoke", "userId": userOf(t, ts, key), "allScopes": true}); r.Status != http.StatusCreated {
		t.Fatalf("POST /_mock/keys: %d %s", r.Status, r.Body)
	} else {
		k, _ := r.json(t)["key"].(map[string]any)
		if r := control(t, ts, "DELETE", "/keys/"+k["prefix"].(string)+"?name=to+revoke", nil); r.Status != http.StatusOK {
			t.Fatalf("revoke: %d %s", r.Status, r.Body)
		}
	}
	if r := control(t, ts, "POST", "/webhooks", map[string]any{"url": "http://127.0.0.1:9/hooks", "events": []string{"record.created"}}); r.Status != http.StatusCreated {
		t.Fatalf("POST /_mock/webhooks: %d %s", r.Status, r.Body)
	}
	return secret
}

// ticking is a clock that starts at fixedNow and moves a millisecond each time
// it is read.
func ticking() func() time.Time {
	var n atomic.Int64
	return func() time.Time { return fixedNow().Add(time.Duration(n.Add(1)) * time.Millisecond) }
}

// userOf is the user a key acts as.
func userOf(t *testing.T, ts *mockserver.TestServer, key string) string {
	t.Helper()
	for _, k := range ts.Keys() {
		if strings.HasPrefix(key, k.Prefix) {
			return k.UserID
		}
	}
	t.Fatalf("no key %s…", key[:14])
	return ""
}

// A mock's state, changed through the API and loaded into a second mock,
// answers every list and get as the first does, and keeps its keys (secrets,
// revocations, expiries) and its webhook endpoints.
func TestStateLoadsBackTheSame(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name               string
		seed               *mockserver.Seed
		key, legacyKey, ws string
	}{
		{"demo", nil, mockserver.DemoKeyFull, mockserver.DemoKeyLegacy, mockserver.DemoWorkspaceSales},
		{"seed", abSeed(), abKey, abLegacy, "wsab00000000000000000000000000001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// A clock that moves: records of two workspaces created in the same
			// millisecond may list in another order after a load (see State).
			now := ticking()
			a := start(t, mockserver.Options{Now: now, RateLimit: -1, Seed: tc.seed})
			secret := changeThroughTheAPI(t, a, tc.key, tc.legacyKey, tc.ws)
			state, err := a.State()
			if err != nil {
				t.Fatal(err)
			}
			if state.Kind != mockserver.StateKind || state.Version != mockserver.SeedVersion {
				t.Errorf("got kind %q version %d, want %q %d", state.Kind, state.Version, mockserver.StateKind, mockserver.SeedVersion)
			}
			// Through JSON, as a state file holds it.
			raw, err := json.Marshal(state)
			if err != nil {
				t.Fatal(err)
			}
			var read mockserver.Seed
			if err := json.Unmarshal(raw, &read); err != nil {
				t.Fatal(err)
			}
			b := start(t, mockserver.Options{Now: now, RateLimit: -1, Seed: &read})
			if d := cmp.Diff(answers(t, a, tc.key, tc.legacyKey), answers(t, b, tc.key, tc.legacyKey)); d != "" {
				t.Errorf("mock B, from A's state, answers differently (-A +B):\n%s", d)
			}
			if d := cmp.Diff(answers(t, a, secret, ""), answers(t, b, secret, "")); d != "" {
				t.Errorf("the key made at runtime answers differently on B (-A +B):\n%s", d)
			}
			if d := cmp.Diff(a.Keys(), b.Keys(), cmpopts.IgnoreUnexported(mockserver.Key{})); d != "" {
				t.Errorf("keys differ (-A +B):\n%s", d)
			}
			if d := cmp.Diff(a.Webhooks(), b.Webhooks()); d != "" {
				t.Errorf("webhook endpoints differ (-A +B):\n%s", d)
			}
		})
	}
}

// With Options.StateFile a mock creates the file, saves it on Close with mode
// 0600, and the next mock on the file starts where the first stopped.
func TestStateFileSurvivesARestart(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	opts := mockserver.Options{Now: ticking(), RateLimit: -1, StateFile: path, StateInterval: -1}
	a := start(t, opts)
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file at start: %v, %v; want one with mode 0600", fi, err)
	}
	secret := changeThroughTheAPI(t, a, mockserver.DemoKeyFull, mockserver.DemoKeyLegacy, mockserver.DemoWorkspaceSales)
	want := answers(t, a, mockserver.DemoKeyFull, mockserver.DemoKeyLegacy)
	a.Close()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file after Close: %v, %v; want one with mode 0600", fi, err)
	}
	b := start(t, opts)
	if d := cmp.Diff(want, answers(t, b, mockserver.DemoKeyFull, mockserver.DemoKeyLegacy)); d != "" {
		t.Errorf("after a restart the mock answers differently (-before +after):\n%s", d)
	}
	answers(t, b, secret, "")
	if err := b.SaveState(); err != nil {
		t.Errorf("SaveState: %v", err)
	}
}

// A file that is not a state this mock can load stops New with an error that
// names the file and the problem; the file is left as it was.
func TestStateFileRefused(t *testing.T) {
	t.Parallel()
	good, err := mockserver.DemoSeed(), error(nil)
	good.Kind, good.Version = mockserver.StateKind, mockserver.SeedVersion
	full, err := json.Marshal(good)
	if err != nil {
		t.Fatal(err)
	}
	badSeed := *mockserver.DemoSeed()
	badSeed.Kind, badSeed.Version = mockserver.StateKind, mockserver.SeedVersion
	badSeed.Organizations = append(badSeed.Organizations, badSeed.Organizations[0])
	dup, _ := json.Marshal(badSeed)
	for _, tc := range []struct {
		name, content, want string
	}{
		{"empty", "", "not valid JSON"},
		{"truncated", string(full[:len(full)/2]), "not valid JSON (truncated or corrupt?)"},
		{"a seed", `{"organizations":[],"legacyUsers":[],"keys":[]}`, `kind ""`},
		{"foreign", `{"kind":"something else","version":1}`, `kind "something else"`},
		{"newer", `{"kind":"breakcold-mock state","version":99}`, "format version 99"},
		{"unknown field", `{"kind":"breakcold-mock state","version":1,"records":[]}`, "unknown field"},
		{"fails its checks", string(dup), "does not load"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "state.json")
			if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			srv, err := mockserver.New(mockserver.Options{StateFile: path})
			if err == nil {
				srv.Close()
				t.Fatalf("New started from %s", tc.name)
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %q, want an error naming %s and saying %q", err, path, tc.want)
			}
			if got, _ := os.ReadFile(path); string(got) != tc.content {
				t.Errorf("the refused file changed")
			}
		})
	}
}
