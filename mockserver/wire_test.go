package mockserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/breakcold-go/breakcold/apispec"
	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/mockserver"
)

// Every error, whatever produced it, is JSON in the generation's envelope with the
// status the API would use.
func TestErrorsUseTheEnvelope(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{MaxBodyBytes: 2048})
	full := bearer(mockserver.DemoKeyFull)
	legacy := []string{"x-api-key", mockserver.DemoKeyLegacy}
	big := `{"workspaceId":"` + mockserver.DemoWorkspaceSales + `","objectTypeSlug":"person","fields":{"name":"` + strings.Repeat("x", 4096) + `"}}`
	tests := []struct {
		name, method, path, body string
		headers                  []string
		status                   int
		code                     string
		field                    string // the field details must name
	}{
		{"unknown path", "GET", "/api/v1/nothing", "", full, 404, "not_found", ""},
		{"unknown legacy path", "GET", "/rest/nothing", "", legacy, 404, "NOT_FOUND", ""},
		{"wrong method", "PUT", "/api/v1/records", "", full, 405, "method_not_allowed", ""},
		{"unclean path", "GET", "/api/v1/./records", "", full, 404, "not_found", ""},
		{"unclean legacy path", "GET", "/rest//me", "", legacy, 404, "NOT_FOUND", ""},
		{"bad query integer", "GET", "/api/v1/records?limit=abc", "", full, 400, "invalid_request", "limit"},
		{"query out of range", "GET", "/api/v1/records?limit=500", "", full, 400, "invalid_request", "limit"},
		{"short path id", "GET", "/api/v1/records/abc", "", full, 400, "invalid_request", "recordId"},
		{"malformed JSON", "POST", "/api/v1/records", `{"workspaceId":`, full, 400, "invalid_request", "body"},
		{"missing required property", "POST", "/api/v1/records", `{"objectTypeSlug":"person"}`, full, 400, "invalid_request", "body"},
		{"unknown property", "POST", "/api/v1/records", `{"workspaceId":"` + mockserver.DemoWorkspaceSales + `","color":"red"}`, full, 400, "invalid_request", "body"},
		{"wrong type", "PATCH", "/api/v1/tasks/tk0000000000", `{"title":7}`, full, 400, "invalid_request", "body.title"},
		{"empty body", "POST", "/api/v1/records", "", full, 400, "invalid_request", "body"},
		{"body too large", "POST", "/api/v1/records", big, full, 413, "payload_too_large", ""},
		{"legacy bad body", "POST", "/rest/lead", `{"email":7}`, legacy, 400, "BAD_REQUEST", ""},
		{"legacy body too large", "POST", "/rest/lead", `{"first_name":"` + strings.Repeat("x", 4096) + `"}`, legacy, 413, "PAYLOAD_TOO_LARGE", ""},
		{"unknown workspace", "GET", "/api/v1/meetings?workspaceId=wk0000000000000", "", full, 404, "not_found", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := do(t, tc.method, ts.URL+tc.path, tc.body, tc.headers...)
			check(t, "status", r.Status, tc.status)
			check(t, "content type", r.Header.Get("Content-Type"), "application/json")
			check(t, "code", r.errorCode(t), tc.code)
			if r.Header.Get(mockserver.VersionHeader) == "" {
				t.Error("no version header")
			}
			if tc.field == "" {
				return
			}
			details, _ := r.json(t)["error"].(map[string]any)["details"].([]any)
			var fields []string
			for _, d := range details {
				fields = append(fields, d.(map[string]any)["field"].(string))
			}
			if !strings.Contains(strings.Join(fields, " "), tc.field) {
				t.Errorf("details name %v, want %q among them (%s)", fields, tc.field, r.Body)
			}
		})
	}
}

func TestControlAPI(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{})
	h := control(t, ts, "GET", "/health", nil)
	check(t, "health", h.Status, 200)
	check(t, "health status", h.json(t)["status"], "ok")
	check[any](t, "operations", h.json(t)["operations"], float64(specOperations(t)))

	// Faults: the next request of the operation gets the status, then normal service.
	f := control(t, ts, "POST", "/faults", mockserver.Fault{Operation: "listWorkspaces", Status: 503, Count: 1})
	check(t, "add fault", f.Status, http.StatusCreated)
	r := do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(mockserver.DemoKeyFull)...)
	check(t, "faulted status", r.Status, 503)
	check(t, "faulted code", r.errorCode(t), "service_unavailable")
	check(t, "after the fault", do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(mockserver.DemoKeyFull)...).Status, 200)

	// A key-scoped 429 fault carries Retry-After like a real one.
	control(t, ts, "POST", "/faults", mockserver.Fault{KeyPrefix: "bc_live_usread", Status: 429})
	r = do(t, "GET", ts.URL+"/api/v1/records", "", bearer(mockserver.DemoKeyReadOnly)...)
	check(t, "429 fault", r.Status, 429)
	if r.Header.Get("Retry-After") == "" {
		t.Error("429 fault without Retry-After")
	}

	// A dropped connection is an error for the client, and the journal says so.
	// (A POST: Go's transport would silently retry a GET on a dropped connection.)
	control(t, ts, "POST", "/faults", mockserver.Fault{Operation: "createRecord", Drop: true})
	req, _ := http.NewRequest("POST", ts.URL+"/api/v1/records", strings.NewReader("{}"))
	req.Header.Set("Authorization", "Bearer "+mockserver.DemoKeyFull)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("dropped connection answered %d", resp.StatusCode)
	}
	bad := control(t, ts, "POST", "/faults", mockserver.Fault{Operation: "noSuchOperation", Status: 500})
	check(t, "fault for an unknown operation", bad.Status, 400)

	// The journal records operation, key prefix and status.
	j := control(t, ts, "GET", "/journal?operation=listWorkspaces", nil).json(t)
	entries := j["entries"].([]any)
	check(t, "journal entries", len(entries), 2)
	first := entries[0].(map[string]any)
	check[any](t, "journal status", first["status"], float64(503))
	check(t, "journal key prefix", first["keyPrefix"], "bc_live_usfull")
	if strings.Contains(string(control(t, ts, "GET", "/journal", nil).Body), mockserver.DemoKeyFull) {
		t.Error("journal reveals a whole key")
	}

	// Reset restores the demo data and forgets what happened.
	created := do(t, "POST", ts.URL+"/api/v1/records", `{"workspaceId":"`+mockserver.DemoWorkspaceSales+`","objectTypeSlug":"company","fields":{"name":"Temporary"}}`, bearer(mockserver.DemoKeyFull)...)
	check(t, "create", created.Status, 201)
	check(t, "reset", control(t, ts, "POST", "/reset", nil).Status, 200)
	id := created.json(t)["record"].(map[string]any)["id"].(string)
	check(t, "record gone after reset", do(t, "GET", ts.URL+"/api/v1/records/"+id, "", bearer(mockserver.DemoKeyFull)...).Status, 404)
	check(t, "journal cleared", len(control(t, ts, "GET", "/journal", nil).json(t)["entries"].([]any)), 1)

	// Keys: unknown users and scopes are refused.
	check(t, "key for unknown user", control(t, ts, "POST", "/keys", mockserver.KeySpec{UserID: "nobody"}).Status, 400)
	check(t, "key with unknown scope", control(t, ts, "POST", "/keys", mockserver.KeySpec{UserID: mockserver.DemoUserAda, Scopes: []client.Scope{"records:erase"}}).Status, 400)
	check(t, "unknown control path", control(t, ts, "GET", "/nothing", nil).Status, 404)
}

func TestLoadSeed(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{Empty: true})
	check(t, "empty mock has no keys", len(ts.Server.Keys()), 0)
	seed := mockserver.Seed{
		Organizations: []mockserver.SeedOrg{{ID: "orgseed00001", Name: "Seeded", Region: mockserver.EU,
			Users:      []mockserver.SeedUser{{ID: "userseed0001", Name: "Sam", Email: "sam@example.com"}},
			Workspaces: []mockserver.SeedWorkspace{{ID: "wkseed000001", Name: "Main", Records: []mockserver.SeedRecord{{ObjectType: "person", Fields: map[string]any{"name": "Seeded person"}}}}}}},
		Keys: []mockserver.KeySpec{{Name: "seeded", UserID: "userseed0001", Scopes: []client.Scope{client.ScopeRecordsRead}, Secret: "bc_live_seeded_0123456789abcdef"}},
	}
	check(t, "load seed", control(t, ts, "POST", "/seed", seed).Status, 200)
	r := do(t, "GET", ts.EUURL+"/api/v1/records", "", bearer("bc_live_seeded_0123456789abcdef")...)
	check(t, "seeded key works in its region", r.Status, 200)
	check(t, "seeded record", r.json(t)["data"].([]any)[0].(map[string]any)["displayName"], "Seeded person")
	bad := seed
	bad.Organizations = []mockserver.SeedOrg{{ID: "x", Region: "mars"}}
	check(t, "bad seed", control(t, ts, "POST", "/seed", bad).Status, 400)
}

// specOperations is how many operations the spec has.
func specOperations(t *testing.T) int {
	t.Helper()
	doc, err := apispec.Load()
	if err != nil {
		t.Fatal(err)
	}
	ops, err := apispec.Operations(doc)
	if err != nil {
		t.Fatal(err)
	}
	return len(ops)
}
