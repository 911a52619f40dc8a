package mockserver_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/breakcold-go/breakcold/mockserver"
)

// answers calls every list and get operation that reads what a seed holds, walking
// from the workspaces down (objects, fields, options, views, records, tasks,
// notes; send accounts, conversations and their messages, meetings and their
// transcripts, inbox views and the sidebar) and, with a legacy key, the legacy space, and returns each answer's JSON
// by request. Two mocks that hold the same data answer the same. Only the body
// is kept: headers (rate-limit windows, request ids, dates) differ between any
// two servers.
func answers(t *testing.T, ts *mockserver.TestServer, key, legacyKey string) map[string]any {
	t.Helper()
	out := map[string]any{}
	call := func(method, path string, body string) any {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), method, ts.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(path, "/rest/") {
			req.Header.Set("x-api-key", legacyKey)
		} else {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: %s %s", method, path, resp.Status, raw)
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		out[method+" "+path+" "+body] = v
		return v
	}
	list := func(v any, key string) []map[string]any {
		m, _ := v.(map[string]any)
		items, _ := m[key].([]any)
		var res []map[string]any
		for _, it := range items {
			if x, ok := it.(map[string]any); ok {
				res = append(res, x)
			}
		}
		return res
	}
	id := func(m map[string]any) string { s, _ := m["id"].(string); return s }
	// pages follows a current-API list's cursors; limit 100 is the largest page.
	pages := func(path string) []map[string]any {
		var all []map[string]any
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		cursor := ""
		for {
			p := path + sep + "limit=100"
			if cursor != "" {
				p += "&cursor=" + url.QueryEscape(cursor)
			}
			v := call("GET", p, "")
			all = append(all, list(v, "data")...)
			pg, _ := v.(map[string]any)["pagination"].(map[string]any)
			next, _ := pg["cursor"].(string)
			if more, _ := pg["hasMore"].(bool); !more || next == "" {
				return all
			}
			cursor = next
		}
	}
	if key != "" {
		for _, archived := range []string{"false", "true"} {
			pages("/api/v1/records?archived=" + archived)
		}
		for _, ws := range pages("/api/v1/workspaces") {
			w := id(ws)
			for _, archived := range []string{"false", "true"} {
				for _, r := range pages("/api/v1/records?workspaceId=" + w + "&archived=" + archived) {
					call("GET", "/api/v1/records/"+id(r), "")
					pages("/api/v1/records/" + id(r) + "/tasks?includeCompleted=true")
					for _, n := range pages("/api/v1/records/" + id(r) + "/notes") {
						call("GET", "/api/v1/notes/"+id(n), "")
					}
				}
			}
			pages("/api/v1/inbox/send-accounts?workspaceId=" + w)
			for _, c := range pages("/api/v1/inbox/conversations?workspaceId=" + w) {
				for _, m := range pages("/api/v1/conversations/" + id(c) + "/messages") {
					call("GET", "/api/v1/messages/"+id(m), "")
				}
			}
			for _, m := range pages("/api/v1/meetings?workspaceId=" + w) {
				call("GET", "/api/v1/meetings/"+id(m), "")
				pages("/api/v1/meetings/" + id(m) + "/transcript")
			}
			for _, v := range list(call("GET", "/api/v1/inbox/views?workspaceId="+w, ""), "data") {
				call("GET", "/api/v1/inbox/views/"+id(v), "")
				pages("/api/v1/inbox/conversations?workspaceId=" + w + "&viewId=" + id(v))
			}
			call("GET", "/api/v1/inbox/views/sidebar?workspaceId="+w, "")
			for _, o := range list(call("GET", "/api/v1/crm/objects?workspaceId="+w, ""), "data") {
				call("GET", "/api/v1/crm/objects/"+id(o), "")
				for _, f := range list(call("GET", "/api/v1/crm/objects/"+id(o)+"/fields", ""), "data") {
					call("GET", "/api/v1/crm/fields/"+id(f), "")
					call("GET", "/api/v1/crm/fields/"+id(f)+"/options", "")
				}
				for _, v := range list(call("GET", "/api/v1/crm/objects/"+id(o)+"/views", ""), "data") {
					call("GET", "/api/v1/crm/views/"+id(v), "")
					pages("/api/v1/records?viewId=" + id(v))
				}
			}
		}
	}
	if legacyKey != "" {
		call("GET", "/rest/me", "")
		call("GET", "/rest/workspaces", "")
		call("GET", "/rest/members", "")
		call("GET", "/rest/status?all=true", "")
		call("GET", "/rest/tags", "")
		call("GET", "/rest/lists", "")
		call("GET", "/rest/attributes", "")
		for page := 0; ; page++ {
			v := call("POST", "/rest/leads/list", fmt.Sprintf(`{"pagination":{"page":%d,"page_size":100}}`, page))
			leads := list(v, "leads")
			for _, l := range leads {
				call("GET", "/rest/lead/"+id(l), "")
			}
			if len(leads) < 100 {
				break
			}
		}
		call("POST", "/rest/notes/list", `{}`)
		call("POST", "/rest/reminders/list", `{}`)
	}
	return out
}
