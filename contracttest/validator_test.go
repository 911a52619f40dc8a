package contracttest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const workspacesBody = `{"data":[{"id":"wk5d2k4m6n8p","organizationId":"og3h5j7k9m1n","name":"Sales","isInheritedAccess":false,"createdAt":1,"updatedAt":1}],"pagination":{"cursor":null,"hasMore":false}}`

// The transport must report each kind of drift, and nothing for a faithful reply.
func TestTransportReportsDrift(t *testing.T) {
	t.Parallel()
	good := func(w http.ResponseWriter) {
		w.Header().Set("X-RateLimit-Limit", "60")
		w.Header().Set("X-RateLimit-Remaining", "59")
		w.Header().Set("X-RateLimit-Reset", "60")
		w.Header().Set("Content-Type", "application/json")
	}
	tests := []struct {
		name    string
		path    string
		handler func(w http.ResponseWriter)
		want    string // part of the violation; "" means none
	}{
		{"faithful", "/api/v1/workspaces", func(w http.ResponseWriter) { good(w); io.WriteString(w, workspacesBody) }, ""},
		{"current API without rate-limit headers", "/api/v1/workspaces", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, workspacesBody)
		}, ""},
		{"missing legacy rate-limit header", "/rest/workspaces", func(w http.ResponseWriter) {
			good(w)
			w.Header().Del("X-RateLimit-Remaining")
			io.WriteString(w, `[]`)
		}, "X-RateLimit-Remaining"},
		{"undocumented status", "/api/v1/workspaces", func(w http.ResponseWriter) {
			good(w)
			w.WriteHeader(http.StatusTeapot)
			io.WriteString(w, `{}`)
		}, "418"},
		{"schema change", "/api/v1/workspaces", func(w http.ResponseWriter) {
			good(w)
			io.WriteString(w, strings.Replace(workspacesBody, `"name":"Sales"`, `"name":42`, 1))
		}, "name"},
		{"text/plain error", "/api/v1/workspaces", func(w http.ResponseWriter) {
			good(w)
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, "unauthorized")
		}, "text/plain"},
		{"unknown path", "/api/v1/nothing", func(w http.ResponseWriter) { good(w) }, "no operation"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { tc.handler(w) }))
			defer srv.Close()
			v, err := NewValidator(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			tr := &Transport{Validator: v}
			req, _ := http.NewRequest("GET", srv.URL+tc.path, nil)
			req.Header.Set("Authorization", "Bearer bc_live_test")
			resp, err := (&http.Client{Transport: tr}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := tr.Violations()
			if tc.want == "" {
				if len(got) != 0 {
					t.Fatalf("got violations %v, want none", got)
				}
				return
			}
			if len(got) == 0 || !strings.Contains(got[0].String(), tc.want) {
				t.Fatalf("got violations %v, want one mentioning %q", got, tc.want)
			}
		})
	}
}

func TestTransportReportsBadRequests(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	v, err := NewValidator(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	tr := &Transport{Validator: v}
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/records", strings.NewReader(`{"fields":{}}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got := tr.Violations()
	if len(got) == 0 || got[0].Kind != "request" || !strings.Contains(got[0].String(), "workspaceId") {
		t.Fatalf("got %v, want a request violation naming workspaceId", got)
	}
}
