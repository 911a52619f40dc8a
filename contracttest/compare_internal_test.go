package contracttest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/breakcold-go/breakcold/apispec"
)

// Compare judges the shape of answers, never their values: each rule on two
// answers to one check.
func TestDifferRules(t *testing.T) {
	t.Parallel()
	v, err := NewValidator("http://x")
	if err != nil {
		t.Fatal(err)
	}
	all, err := apispec.Operations(v.Spec())
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]apispec.Operation{}
	for _, op := range all {
		ops[op.ID] = op
	}
	answer := func(op, url, body string, status int, resp string) *exchange {
		x := &exchange{op: ops[op], req: httptest.NewRequest(http.MethodGet, url, nil), body: []byte(body), status: status,
			header: http.Header{"Content-Type": {"application/json"}}}
		if err := json.Unmarshal([]byte(resp), &x.json); err != nil {
			t.Fatal(err)
		}
		return x
	}
	record := func(fields, archivedAt string) string {
		return `{"record":{"id":"rc1","displayName":"Ada","fields":` + fields + `,"isArchived":false,"archivedAt":` + archivedAt + `}}`
	}
	page := func(items, cursor string, more bool) string {
		m := "false"
		if more {
			m = "true"
		}
		return `{"data":[` + items + `],"pagination":{"cursor":` + cursor + `,"hasMore":` + m + `}}`
	}
	item := `{"id":"rc1"}`
	tests := []struct {
		name string
		a, b *exchange
		want []string
	}{
		{"values and map keys are data", answer("getRecord", "/api/v1/records/rc1", "", 200, record(`{"name":"Ada"}`, "1")),
			answer("getRecord", "/api/v1/records/rc2", "", 200, record(`{"email":"b@example.com"}`, "2")), nil},
		{"null is a type", answer("getRecord", "/api/v1/records/rc1", "", 200, record(`{}`, "1")),
			answer("getRecord", "/api/v1/records/rc1", "", 200, record(`{}`, "null")),
			[]string{"shape record.archivedAt: number in A, null in B"}},
		{"an array is not an object", answer("getRecord", "/api/v1/records/rc1", "", 200, record(`{}`, "1")),
			answer("getRecord", "/api/v1/records/rc1", "", 200, record(`[]`, "1")),
			[]string{"shape record.fields: object in A, array in B"}},
		{"a property on one side is one difference", answer("getRecord", "/api/v1/records/rc1", "", 200, `{"record":{"id":"rc1","title":"x"}}`),
			answer("getRecord", "/api/v1/records/rc1", "", 200, `{"record":{"id":"rc1","name":"x","extra":{"a":1}}}`),
			[]string{"shape record: title in A, extra, name in B"}},
		{"an empty list has no shape to compare", answer("listRecords", "/api/v1/records?limit=5", "", 200, page(item, "null", false)),
			answer("listRecords", "/api/v1/records?limit=5", "", 200, page("", "null", false)), nil},
		{"error codes", answer("getRecord", "/api/v1/records/x", "", 404, `{"error":{"code":"not_found","message":"m","requestId":"r"}}`),
			answer("getRecord", "/api/v1/records/x", "", 404, `{"error":{"code":"invalid_request","message":"m"}}`),
			[]string{"error error code: not_found in A, invalid_request in B", "error error: requestId in A, none in B"}},
		{"a cursor on the last page", answer("listRecords", "/api/v1/records?limit=5", "", 200, page(item, `"c"`, true)),
			answer("listRecords", "/api/v1/records?limit=5", "", 200, page(item, `null`, true)),
			[]string{"shape pagination.cursor: string in A, null in B", "pagination the cursor is null exactly when hasMore is false: yes in A, no in B"}},
		{"more items than the limit", answer("listRecords", "/api/v1/records?limit=1", "", 200, page(item, "null", false)),
			answer("listRecords", "/api/v1/records?limit=1", "", 200, page(item+","+item, "null", false)),
			[]string{"pagination a page holds at most limit items: yes in A, no in B"}},
		{"a legacy page that does not echo the page asked for",
			answer("legacyListLeads", "/rest/leads/list", `{"pagination":{"page":0,"page_size":5}}`, 200, `{"leads":[],"pagination":{"page":0,"page_size":5}}`),
			answer("legacyListLeads", "/rest/leads/list", `{"pagination":{"page":0,"page_size":5}}`, 200, `{"leads":[],"pagination":{"page":1,"page_size":5}}`),
			[]string{"pagination pagination.page echoes the page asked for: yes in A, no in B"}},
		{"a status says it all", answer("getRecord", "/api/v1/records/rc1", "", 200, record(`{}`, "1")),
			answer("getRecord", "/api/v1/records/rc1", "", 404, `{"error":{"code":"not_found"}}`),
			[]string{"status 200 in A, 404 in B"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, d := range differ(tc.a, tc.b) {
				got = append(got, string(d.Kind)+" "+d.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	a, b := answer("getRecord", "/", "", 200, "{}"), answer("getRecord", "/", "", 200, "{}")
	a.header.Set("Date", "Mon, 01 Jan 2026 00:00:00 GMT")
	a.header.Set("X-RateLimit-Limit", "60")
	if got := differ(a, b); len(got) != 1 || got[0].String() != "X-Ratelimit-Limit: present in A, absent in B" {
		t.Errorf("headers: got %v, want X-Ratelimit-Limit alone (Date is not compared)", got)
	}
}
