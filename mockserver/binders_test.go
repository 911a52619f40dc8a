package mockserver

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// capture is a ServerInterface that keeps the parameters listRecords got; any
// other operation panics (the embedded interface is nil).
type capture struct {
	bc.ServerInterface
	got *bc.ListRecordsParams
}

func (c *capture) ListRecords(_ http.ResponseWriter, _ *http.Request, p bc.ListRecordsParams) {
	c.got = &p
}

// Each binder gives the handler what the generated wrapper gives it, and fails
// with the same error, whatever the query.
func TestBindersMatchTheGeneratedWrappers(t *testing.T) {
	t.Parallel()
	queries := []string{
		"", "workspaceId=wk_1&limit=25", "limit=25&cursor=abc&search=Ada%20L&archived=true",
		"objectTypeId=ot_1&objectTypeSlug=person&viewId=rv_1", "archived=1", "archived=maybe",
		"limit=ten", "limit=25&limit=30", "search=a%2Cb", "unknown=x&limit=5",
	}
	for _, q := range queries {
		run := func(serve func(*capture, http.ResponseWriter, *http.Request, func(http.ResponseWriter, *http.Request, error))) (*bc.ListRecordsParams, string) {
			c := &capture{}
			var failed string
			fail := func(_ http.ResponseWriter, _ *http.Request, err error) { failed = err.Error() }
			serve(c, httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/v1/records?"+q, nil), fail)
			return c.got, failed
		}
		want, wantErr := run(func(c *capture, w http.ResponseWriter, r *http.Request, fail func(http.ResponseWriter, *http.Request, error)) {
			(&bc.ServerInterfaceWrapper{Handler: c, ErrorHandlerFunc: fail}).ListRecords(w, r)
		})
		got, gotErr := run(func(c *capture, w http.ResponseWriter, r *http.Request, fail func(http.ResponseWriter, *http.Request, error)) {
			binders(c, fail)["GET /api/v1/records"](w, r)
		})
		if diff := cmp.Diff(want, got); diff != "" || gotErr != wantErr {
			t.Errorf("query %q: parameters (-wrapper +binder):\n%s\nerrors: wrapper %q, binder %q", q, diff, wantErr, gotErr)
		}
	}
	if _, ok := binders(&capture{}, nil)["GET /api/v1/records"]; !ok {
		t.Fatal("no binder for listRecords")
	}
}
