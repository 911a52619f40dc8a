package mockserver_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/breakcold-go/breakcold/mockserver"
)

// FuzzRequest sends arbitrary methods, paths, bodies and credentials to the mock and
// checks that it never answers 5xx and that every answer is JSON, errors in the
// envelope of the path's generation. Run it with
//
//	go test -run '^$' -fuzz FuzzRequest -fuzztime 2m ./mockserver/
func FuzzRequest(f *testing.F) {
	srv, err := mockserver.New(mockserver.Options{RateLimit: -1})
	if err != nil {
		f.Fatal(err)
	}
	h := srv.Handler(mockserver.US)
	seeds := []struct {
		method, path, body string
		cred               uint8
	}{
		{"GET", "/api/v1/records?limit=5", "", 1},
		{"POST", "/api/v1/records", `{"workspaceId":"` + mockserver.DemoWorkspaceSales + `","objectTypeSlug":"person","fields":{"name":"A","email":"a@b.co"}}`, 1},
		{"PATCH", "/api/v1/records/rc000000", `{"fields":{"name":null}}`, 1},
		{"POST", "/api/v1/crm/objects", `{"workspaceId":"` + mockserver.DemoWorkspaceSales + `","slug":"x","nameSingular":"X","namePlural":"Xs"}`, 1},
		{"GET", "/api/v1/records?cursor=%ff&archived=maybe", "", 1},
		{"POST", "/api/v1/inbox/sidebar/reorder", `{"workspaceId":"` + mockserver.DemoWorkspaceSales + `","items":[{"type":"view","id":"zzzzzz"}]}`, 1},
		{"POST", "/rest/leads/list", `{"pagination":{"page":0,"page_size":2}}`, 2},
		{"POST", "/rest/lead", `{"first_name":"Ada","status":["not-a-uuid"]}`, 2},
		{"DELETE", "/rest/tags/00000000-0000-0000-0000-000000000000", "", 2},
		{"GET", "/api/v1/workspaces", "", 0},
		{"OPTIONS", "/rest/me", "", 2},
		{"GET", "/_mock/health", "", 0},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.body, s.cred)
	}
	f.Fuzz(func(t *testing.T, method, path, body string, cred uint8) {
		if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, mockserver.ControlPrefix) {
			return // the control API is not the API under test
		}
		req, err := http.NewRequest(method, "http://127.0.0.1"+path, strings.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("Content-Type", "application/json")
		switch cred % 4 {
		case 1:
			req.Header.Set("Authorization", "Bearer "+mockserver.DemoKeyFull)
		case 2:
			req.Header.Set("x-api-key", mockserver.DemoKeyLegacy)
		case 3:
			req.Header.Set("Authorization", body)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s %q: status %d: %s", method, path, body, rec.Code, rec.Body)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
			t.Fatalf("%s %s: content type %q", method, path, ct)
		}
		var m map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil && rec.Code >= 400 {
			t.Fatalf("%s %s: error body is not a JSON object: %s", method, path, rec.Body)
		}
		if rec.Code < 400 {
			return
		}
		if strings.HasPrefix(req.URL.Path, "/rest/") || req.URL.Path == "/rest" {
			data, _ := m["data"].(map[string]any)
			if m["code"] == nil || data == nil || data["httpStatus"] != float64(rec.Code) {
				t.Fatalf("%s %s: legacy error without its envelope: %s", method, path, rec.Body)
			}
			return
		}
		e, _ := m["error"].(map[string]any)
		if e == nil || e["code"] == "" || e["message"] == "" {
			t.Fatalf("%s %s: error without the envelope: %s", method, path, rec.Body)
		}
	})
}
