package apispec_test

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/breakcold-go/breakcold/apispec"
)

// TestDocsStateTheSpecsCounts holds every count the README and the package docs
// state about the spec to the spec itself, so that no number in the docs is
// typed by hand and left behind by a spec change.
func TestDocsStateTheSpecsCounts(t *testing.T) {
	t.Parallel()
	doc, ops := specOperations(t)
	var current, legacy, paginated int
	provenance := map[string]map[apispec.Generation]int{}
	for _, o := range ops {
		if o.Generation == apispec.Current {
			current++
		} else {
			legacy++
		}
		if provenance[o.Provenance] == nil {
			provenance[o.Provenance] = map[apispec.Generation]int{}
		}
		provenance[o.Provenance][o.Generation]++
		if paginates(o) {
			paginated++
		}
	}
	readme := readFile(t, "../README.md")
	claims := []struct {
		doc, pattern string
		want         []int
	}{
		{readme, `The spec: (\d+) current-API \(v1\) and (\d+) legacy \(v3\) operations`, []int{current, legacy}},
		{readme, `typed calls for all (\d+) operations`, []int{len(ops)}},
		{readme, `for each of the (\d+) paginated list\s+operations`, []int{paginated}},
		{readme, `the (\d+) scopes are`, []int{len(apispec.Scopes(doc))}},
		{readme, `sends each of the\s+(\d+) events`, []int{len(doc.Webhooks)}},
	}
	for _, p := range apispec.Provenances {
		c, l := provenance[p][apispec.Current], provenance[p][apispec.Legacy]
		claims = append(claims, struct {
			doc, pattern string
			want         []int
		}{readme, "\\| `" + p + "` \\| [^|]+ \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|", []int{c, l, c + l}})
	}
	for _, c := range claims {
		m := regexp.MustCompile(c.pattern).FindStringSubmatch(c.doc)
		if m == nil {
			t.Errorf("README: no claim matches %q; if the wording changed, change this test with it", c.pattern)
			continue
		}
		for i, want := range c.want {
			if got, _ := strconv.Atoi(m[i+1]); got != want {
				t.Errorf("README says %q: number %d is %d, the spec has %d", m[0], i+1, got, want)
			}
		}
	}
}

// paginates reports whether an operation answers page by page: a current-API
// list with a cursor, or a legacy POST …/list whose answer says which page.
func paginates(o apispec.Operation) bool {
	if o.Generation == apispec.Current {
		return o.Op.Parameters.GetByInAndName("query", "cursor") != nil
	}
	if !strings.HasSuffix(o.Path, "/list") {
		return false
	}
	ok := o.Op.Responses.Status(o.SuccessStatus())
	if ok == nil || ok.Value == nil {
		return false
	}
	mt := ok.Value.Content.Get("application/json")
	return mt != nil && mt.Schema != nil && mt.Schema.Value.Properties["pagination"] != nil
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// specOperations loads the embedded spec and its operations.
func specOperations(t *testing.T) (*openapi3.T, []apispec.Operation) {
	t.Helper()
	doc, err := apispec.Load()
	if err != nil {
		t.Fatal(err)
	}
	ops, err := apispec.Operations(doc)
	if err != nil {
		t.Fatal(err)
	}
	return doc, ops
}
