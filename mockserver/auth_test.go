package mockserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/breakcold-go/breakcold/mockserver"
)

const orgHeader = "X-Breakcold-Organization-Id"

func TestAuthentication(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{})
	revoked := control(t, ts, "POST", "/keys", mockserver.KeySpec{Name: "to revoke", UserID: mockserver.DemoUserAda, AllScopes: true})
	check(t, "create key status", revoked.Status, http.StatusCreated)
	secret := revoked.json(t)["secret"].(string)
	check(t, "revoke status", control(t, ts, "DELETE", "/keys/"+revoked.json(t)["key"].(map[string]any)["prefix"].(string), nil).Status, http.StatusOK)

	records, leads := ts.URL+"/api/v1/records", ts.URL+"/rest/me"
	tests := []struct {
		name    string
		url     string
		headers []string
		status  int
		msg     string // part of the error message
	}{
		{"no credential", records, nil, 401, "missing API key"},
		{"basic scheme", records, []string{"Authorization", "Basic dXNlcjpwYXNz"}, 401, "malformed Authorization"},
		{"no Bearer prefix", records, []string{"Authorization", mockserver.DemoKeyFull}, 401, "malformed Authorization"},
		{"Bearer without a key", records, []string{"Authorization", "Bearer "}, 401, "malformed Authorization"},
		{"not a bc_live_ key", records, bearer("sk_test_123456789012345"), 401, "start with bc_live_"},
		{"unknown key", records, bearer("bc_live_nosuch_000000000000000000000000"), 401, "unknown API key bc_live_nosuch"},
		{"expired key", records, bearer(mockserver.DemoKeyExpired), 401, "expired"},
		{"revoked key", records, bearer(secret), 401, "revoked"},
		{"EU key on the US host", records, bearer(mockserver.DemoKeyEU), 401, "EU region"},
		{"US key on the EU host", ts.EUURL + "/api/v1/records", bearer(mockserver.DemoKeyFull), 401, "US region"},
		{"legacy key as Bearer", records, bearer(mockserver.DemoKeyLegacy), 401, "legacy breakcold-usr- key"},
		{"legacy key in x-api-key on the current API", records, []string{"x-api-key", mockserver.DemoKeyLegacy}, 401, "Authorization: Bearer"},
		{"Bearer on the legacy API", leads, bearer(mockserver.DemoKeyFull), 401, "x-api-key"},
		{"bc_live_ key in x-api-key on the legacy API", leads, []string{"x-api-key", mockserver.DemoKeyFull}, 401, "bc_live_ key cannot call the legacy API"},
		{"unknown legacy key", leads, []string{"x-api-key", "breakcold-usr-nosuch-00000000000000"}, 401, "unknown API key"},
		{"no legacy credential", leads, nil, 401, "x-api-key"},
		{"valid key", records, bearer(mockserver.DemoKeyFull), 200, ""},
		{"valid legacy key", leads, []string{"x-api-key", mockserver.DemoKeyLegacy}, 200, ""},
		{"organization header naming the key's organization", records, append(bearer(mockserver.DemoKeyFull), orgHeader, mockserver.DemoOrgUS), 200, ""},
		{"organization header naming another organization", records, append(bearer(mockserver.DemoKeyFull), orgHeader, mockserver.DemoOrgEU), 403, "not the API key's organization"},
		{"organization header on the legacy API", leads, []string{"x-api-key", mockserver.DemoKeyLegacy, orgHeader, mockserver.DemoOrgEU}, 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := do(t, "GET", tc.url, "", tc.headers...)
			check(t, "status", r.Status, tc.status)
			for _, h := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} {
				if r.Header.Get(h) == "" {
					t.Errorf("missing %s", h)
				}
			}
			if tc.status == 200 {
				return
			}
			if got := r.message(t); !strings.Contains(got, tc.msg) {
				t.Errorf("message %q does not mention %q", got, tc.msg)
			}
			for _, k := range []string{mockserver.DemoKeyFull, mockserver.DemoKeyEU, mockserver.DemoKeyLegacy, mockserver.DemoKeyExpired, secret} {
				if strings.Contains(string(r.Body), k) {
					t.Errorf("error body reveals a whole key: %s", r.Body)
				}
			}
			if tc.status == 403 {
				check(t, "code", r.errorCode(t), "forbidden")
				return
			}
			if strings.HasPrefix(tc.url, records) || strings.Contains(tc.url, "/api/v1/") {
				check(t, "code", r.errorCode(t), "unauthorized")
				if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), `Bearer realm="breakcold"`) {
					t.Errorf("WWW-Authenticate = %q, want a Bearer challenge", r.Header.Get("WWW-Authenticate"))
				}
			} else {
				check(t, "legacy code", r.errorCode(t), "UNAUTHORIZED")
			}
		})
	}
}

func TestScopesAndWorkspaceLimits(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{})
	sales, partners := mockserver.DemoWorkspaceSales, mockserver.DemoWorkspacePartn
	partnerRecord := do(t, "GET", ts.URL+"/api/v1/records?workspaceId="+partners, "", bearer(mockserver.DemoKeyFull)...)
	check(t, "list partners", partnerRecord.Status, 200)
	recID := partnerRecord.json(t)["data"].([]any)[0].(map[string]any)["id"].(string)

	tests := []struct {
		name, method, url, body, key string
		status                       int
		msg                          string
	}{
		{"read-only key reads", "GET", "/api/v1/records", "", mockserver.DemoKeyReadOnly, 200, ""},
		{"read-only key writes", "POST", "/api/v1/records", `{"workspaceId":"` + sales + `","objectTypeSlug":"person","fields":{"name":"X"}}`, mockserver.DemoKeyReadOnly, 403, `"records:write"`},
		{"read-only key sends mail", "GET", "/api/v1/inbox/send-accounts?workspaceId=" + sales, "", mockserver.DemoKeyReadOnly, 403, `"inbox:send"`},
		{"read-only key lacks webhooks", "GET", "/api/v1/integrations/samples?workspaceId=" + sales + "&event=record.created", "", mockserver.DemoKeyReadOnly, 403, `"webhooks:write"`},
		{"workspaces need no scope", "GET", "/api/v1/workspaces", "", mockserver.DemoKeyReadOnly, 200, ""},
		{"limited key in its workspace", "GET", "/api/v1/records?workspaceId=" + sales, "", mockserver.DemoKeySales, 200, ""},
		{"limited key lists another workspace", "GET", "/api/v1/records?workspaceId=" + partners, "", mockserver.DemoKeySales, 403, "limited to workspace"},
		{"limited key reads another workspace's record", "GET", "/api/v1/records/" + recID, "", mockserver.DemoKeySales, 403, "limited to workspace"},
		{"limited key creates elsewhere", "POST", "/api/v1/records", `{"workspaceId":"` + partners + `","objectTypeSlug":"person","fields":{"name":"X"}}`, mockserver.DemoKeySales, 403, "limited to workspace"},
		{"other organization's workspace is unknown", "GET", "/api/v1/records?workspaceId=" + mockserver.DemoWorkspaceEU, "", mockserver.DemoKeyFull, 404, "not found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := do(t, tc.method, ts.URL+tc.url, tc.body, bearer(tc.key)...)
			check(t, "status", r.Status, tc.status)
			if tc.msg != "" && !strings.Contains(r.message(t), tc.msg) {
				t.Errorf("message %q does not mention %s", r.message(t), tc.msg)
			}
		})
	}
	t.Run("limited key lists only its workspace", func(t *testing.T) {
		t.Parallel()
		r := do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(mockserver.DemoKeySales)...)
		data := r.json(t)["data"].([]any)
		if len(data) != 1 || data[0].(map[string]any)["id"] != sales {
			t.Errorf("got workspaces %v, want only %s", data, sales)
		}
	})
}

// A key's expiry follows the mock's clock, which the control API moves.
func TestKeyExpiresOnTheMockClock(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{})
	r := control(t, ts, "POST", "/keys", map[string]any{"name": "short", "userId": mockserver.DemoUserAda, "scopes": []string{"records:read"}, "expiresInSeconds": 60})
	check(t, "create", r.Status, http.StatusCreated)
	key := r.json(t)["secret"].(string)
	check(t, "before expiry", do(t, "GET", ts.URL+"/api/v1/records", "", bearer(key)...).Status, 200)
	check(t, "advance", control(t, ts, "POST", "/clock/advance", map[string]any{"seconds": 61}).Status, 200)
	after := do(t, "GET", ts.URL+"/api/v1/records", "", bearer(key)...)
	check(t, "after expiry", after.Status, 401)
	if !strings.Contains(after.message(t), "expired") {
		t.Errorf("message %q does not say the key expired", after.message(t))
	}
}
