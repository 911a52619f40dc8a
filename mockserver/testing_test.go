package mockserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/apispec"
	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/mockserver"
)

// What the control API does over HTTP, a test does from Go: faults, the journal
// and keys, with typed scopes and a time.Duration expiry.
func TestGoAPIMatchesControlAPI(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{})
	full := bearer(ts.DemoKeys.Full)

	// Faults: add, list, use up, clear.
	f, err := ts.AddFault(mockserver.Fault{Operation: "listWorkspaces", Status: http.StatusServiceUnavailable, Count: 2})
	if err != nil {
		t.Fatal(err)
	}
	check(t, "fault id", f.ID > 0, true)
	check(t, "faults listed", len(ts.Faults()), 1)
	check(t, "faulted", do(t, "GET", ts.URL+"/api/v1/workspaces", "", full...).Status, 503)
	check(t, "count left", ts.Faults()[0].Count, 1)
	ts.ClearFaults()
	check(t, "faults cleared", len(ts.Faults()), 0)
	check(t, "no fault after clearing", do(t, "GET", ts.URL+"/api/v1/workspaces", "", full...).Status, 200)
	for _, bad := range []mockserver.Fault{
		{Status: 200},
		{Operation: "listWorkspaces"},
		{LatencyMS: -1, Status: 500},
		{Operation: "noSuchOperation", Status: 500},
	} {
		if _, err := ts.AddFault(bad); err == nil {
			t.Errorf("AddFault(%+v) accepted a fault the control API refuses", bad)
		}
	}

	// The journal, filtered as GET /_mock/journal?operation=…&key=…&status=… is.
	do(t, "GET", ts.URL+"/api/v1/records", "") // no key: 401
	check(t, "journal by operation", len(ts.Journal(mockserver.JournalFilter{Operation: "listWorkspaces"})), 2)
	check(t, "journal by status", len(ts.Journal(mockserver.JournalFilter{Status: http.StatusUnauthorized})), 1)
	check(t, "journal by key", len(ts.Journal(mockserver.JournalFilter{KeyPrefix: "bc_live_usread"})), 0)
	check(t, "whole journal", len(ts.Journal(mockserver.JournalFilter{})), 3)
	ts.ClearJournal()
	check(t, "journal cleared", len(ts.Journal(mockserver.JournalFilter{})), 0)

	// Keys: typed scopes, an expiry on the mock's clock, revocation.
	k, secret, err := ts.CreateKey(mockserver.KeySpec{
		Name: "reader", UserID: mockserver.DemoUserAda, Scopes: []client.Scope{client.ScopeRecordsRead}, ExpiresIn: time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	check(t, "key generation", k.Generation, apispec.Current)
	check(t, "key expiry", k.ExpiresAt.Sub(k.CreatedAt), time.Hour)
	check(t, "reads with its scope", do(t, "GET", ts.URL+"/api/v1/records?limit=1", "", bearer(secret)...).Status, 200)
	check(t, "not beyond it", do(t, "POST", ts.URL+"/api/v1/records", "{}", bearer(secret)...).Status, 403)
	ts.Advance(time.Hour)
	check(t, "expired on the mock's clock", do(t, "GET", ts.URL+"/api/v1/records?limit=1", "", bearer(secret)...).Status, 401)
	check(t, "listed", strings.Contains(keyPrefixes(ts.Keys()), k.Prefix), true)
	check(t, "revoked", ts.RevokeKey("bc_live_ussale"), 1)
	check(t, "revoked key refused", do(t, "GET", ts.URL+"/api/v1/records", "", bearer(ts.DemoKeys.Sales)...).Status, 401)
	if _, _, err := ts.CreateKey(mockserver.KeySpec{UserID: mockserver.DemoUserAda, Scopes: []client.Scope{"records:erase"}}); err == nil {
		t.Error("CreateKey accepted a scope the spec does not declare")
	}
}

func keyPrefixes(keys []mockserver.Key) string {
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k.Prefix + " ")
	}
	return b.String()
}

// A key spec keeps its wire form: seed files and the control API give the expiry
// in whole seconds and refuse fields a spec does not have.
func TestKeySpecWireForm(t *testing.T) {
	t.Parallel()
	spec := mockserver.KeySpec{Name: "n", Generation: apispec.Legacy, UserID: "u", ExpiresIn: -24 * time.Hour, Secret: "s"}
	b, err := json.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"n","generation":"legacy","userId":"u","scopes":null,"allScopes":false,"workspaceId":"","expiresInSeconds":-86400,"secret":"s"}`
	check(t, "wire form", string(b), want)
	var back mockserver.KeySpec
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	check(t, "round trip", back.ExpiresIn, spec.ExpiresIn)
	if err := json.Unmarshal([]byte(`{"userId":"u","expiresIn":5}`), &back); err == nil {
		t.Error("a spec with an unknown field was accepted")
	}
}

// Listen serves a mock outside a test, on the addresses asked for, through a
// wrapper; Close stops it, once.
func TestListenOptions(t *testing.T) {
	t.Parallel()
	var seen []mockserver.Region
	ts, err := mockserver.Listen(mockserver.Options{},
		mockserver.ListenAddr(mockserver.EU, "127.0.0.1:0"),
		mockserver.WrapHandler(func(r mockserver.Region, h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				seen = append(seen, r)
				h.ServeHTTP(w, req)
			})
		}))
	if err != nil {
		t.Fatal(err)
	}
	check(t, "control URL", ts.ControlURL, ts.URL+mockserver.ControlPrefix)
	check(t, "EU health", do(t, "GET", ts.EUURL+mockserver.ControlPrefix+"/health", "").Status, 200)
	check(t, "wrapped", len(seen) == 1 && seen[0] == mockserver.EU, true)
	ts.Close()
	ts.Close()
	if _, err := http.Get(ts.URL + mockserver.ControlPrefix + "/health"); err == nil {
		t.Error("the mock still answers after Close")
	}
	for _, bad := range [][]mockserver.ListenOption{
		{mockserver.ListenAddr("mars", "127.0.0.1:0")},
		{mockserver.ListenAddr(mockserver.US, "no port")},
		{mockserver.WrapHandler(nil)},
		{nil},
	} {
		if ts, err := mockserver.Listen(mockserver.Options{}, bad...); err == nil {
			ts.Close()
			t.Errorf("Listen accepted a bad option")
		} else if !strings.HasPrefix(err.Error(), "mockserver: ") {
			t.Errorf("error %q does not name its origin", err)
		}
	}
	if _, err := mockserver.Listen(mockserver.Options{RateWindow: time.Millisecond}); err == nil {
		t.Error("Listen accepted options New refuses")
	}
}

// fatalRecorder is a testing.TB whose Fatalf only records its message.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (f *fatalRecorder) Helper()                           {}
func (f *fatalRecorder) Cleanup(func())                    {}
func (f *fatalRecorder) Fatalf(format string, args ...any) { f.msg = fmt.Sprintf(format, args...) }

// Start and StartInProcess name a failure as the mock's once, whether or not the
// error already does.
func TestStartNamesItsFailureOnce(t *testing.T) {
	t.Parallel()
	bad := mockserver.Options{Seed: &mockserver.Seed{Webhooks: []mockserver.WebhookSpec{{URL: "not a URL"}}}}
	for name, start := range map[string]func(testing.TB, mockserver.Options) *mockserver.TestServer{
		"Start":          func(tb testing.TB, o mockserver.Options) *mockserver.TestServer { return mockserver.Start(tb, o) },
		"StartInProcess": mockserver.StartInProcess,
	} {
		f := &fatalRecorder{TB: t}
		if ts := start(f, bad); ts != nil {
			ts.Close()
			t.Fatalf("%s: a bad seed started a server", name)
		}
		if !strings.HasPrefix(f.msg, "mockserver: ") || strings.Contains(f.msg, "mockserver: mockserver:") {
			t.Errorf("%s: failure %q", name, f.msg)
		}
	}
}
