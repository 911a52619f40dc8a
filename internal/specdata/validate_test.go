package specdata_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/breakcold-go/breakcold/apispec"
	"github.com/breakcold-go/breakcold/internal/specdata"
)

// oracle is kin-openapi's request validator configured as the mock configured it
// before specdata existed: the spec declared 3.0 so kin-openapi uses its own
// validator, all errors collected, authentication left to the caller.
type oracle struct {
	doc *openapi3.T
}

func newOracle(t testing.TB) *oracle {
	t.Helper()
	doc, err := apispec.Load()
	if err != nil {
		t.Fatal(err)
	}
	doc.OpenAPI = "3.0.3"
	return &oracle{doc: doc}
}

func (o *oracle) validate(op *specdata.Operation, r *http.Request, pathValues map[string]string) error {
	item := o.doc.Paths.Value(op.Path)
	route := &routers.Route{Spec: o.doc, Path: op.Path, PathItem: item, Method: op.Method, Operation: item.GetOperation(op.Method)}
	return openapi3filter.ValidateRequest(r.Context(), &openapi3filter.RequestValidationInput{
		Request: r, PathParams: pathValues, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	})
}

// request is one request to an operation: path values, query, headers and body.
type request struct {
	path   map[string]string
	query  url.Values
	header http.Header
	body   []byte // nil: none
}

func (q request) build(op *specdata.Operation) *http.Request {
	target := op.Path
	for k, v := range q.path {
		target = strings.ReplaceAll(target, "{"+k+"}", url.PathEscape(v))
	}
	if len(q.query) > 0 {
		target += "?" + q.query.Encode()
	}
	var r *http.Request
	if q.body != nil {
		r = httptest.NewRequest(op.Method, target, bytes.NewReader(q.body))
		r.Header.Set("Content-Type", "application/json")
	} else {
		r = httptest.NewRequest(op.Method, target, nil)
	}
	for k, vs := range q.header {
		r.Header[k] = vs
	}
	for k, v := range q.path {
		r.SetPathValue(k, v)
	}
	return r
}

// verdicts runs both validators on fresh copies of the request.
func verdicts(t *testing.T, o *oracle, op *specdata.Operation, q request) (ours []specdata.Problem, kin error) {
	t.Helper()
	ours = specdata.Validate(q.build(op), op)
	kin = o.validate(op, q.build(op), q.path)
	return ours, kin
}

// TestAgreesWithKinOpenAPI checks, for every operation, a valid request and
// hundreds of broken ones (each parameter and each body value replaced by values
// of every type and past every bound, each required property dropped, an unknown
// one added), and requires specdata.Validate to accept exactly what
// kin-openapi's request validator accepts.
func TestAgreesWithKinOpenAPI(t *testing.T) {
	o := newOracle(t)
	total, rejected := 0, 0
	for i := range specdata.Operations {
		op := &specdata.Operations[i]
		valid := validRequest(t, op)
		compare := func(t *testing.T, what string, q request) {
			t.Helper()
			total++
			ours, kin := verdicts(t, o, op, q)
			if reason := knownDifference(what, ours, kin); reason != "" {
				t.Logf("%s: %s: %s", op.ID, what, reason)
				return
			}
			if (len(ours) == 0) != (kin == nil) {
				t.Errorf("%s: %s: specdata says %v, kin-openapi says %v", op.ID, what, ours, kin)
			}
			if len(ours) > 0 {
				rejected++
			}
		}
		t.Run(op.ID, func(t *testing.T) {
			if ours, kin := verdicts(t, o, op, valid); len(ours) > 0 || kin != nil {
				t.Fatalf("the synthesized valid request is refused: specdata %v, kin-openapi %v (body %s)", ours, kin, valid.body)
			}
			total++
			for _, p := range op.Params {
				for _, text := range paramVariants(p.Schema) {
					q := valid.clone()
					switch p.In {
					case "path":
						if text == "" {
							continue // no route matches an empty segment
						}
						q.path[p.Name] = text
					case "query":
						q.query.Set(p.Name, text)
					case "header":
						q.header.Set(p.Name, text)
					}
					compare(t, fmt.Sprintf("%s parameter %s = %q", p.In, p.Name, text), q)
				}
				if !p.Required {
					q := valid.clone()
					q.query.Del(p.Name)
					q.header.Del(p.Name)
					compare(t, "without "+p.Name, q)
				}
			}
			if op.Body == nil || op.Body.Schema == nil {
				return
			}
			q := valid.clone()
			q.body = []byte{}
			compare(t, "an empty body", q)
			var root any
			if err := json.Unmarshal(valid.body, &root); err != nil {
				t.Fatal(err)
			}
			for _, m := range mutations(op.Body.Schema, root, "") {
				q := valid.clone()
				q.body = m.body
				compare(t, "body "+m.what, q)
			}
		})
	}
	t.Logf("%d requests over %d operations, %d refused by both validators", total, len(specdata.Operations), rejected)
	if rejected < total/2 {
		t.Errorf("only %d of %d requests are refused: the mutations do not reach the schemas' constraints", rejected, total)
	}
}

// knownDifference explains a disagreement the mock chooses, or returns "".
//
// A schema with no type (a field's defaultValue: "any JSON value") takes null:
// the spec is OpenAPI 3.1, where such a schema allows every value, null included;
// kin-openapi's 3.0 validator, which the mock used to run on the spec declared as
// 3.0, refused null there.
func knownDifference(what string, ours []specdata.Problem, kin error) string {
	if len(ours) == 0 && kin != nil && strings.HasSuffix(what, " = <nil>") && strings.Contains(kin.Error(), "Value is not nullable") {
		return "null meets a schema without a type (OpenAPI 3.1)"
	}
	return ""
}

func (q request) clone() request {
	c := request{path: map[string]string{}, query: url.Values{}, header: http.Header{}}
	for k, v := range q.path {
		c.path[k] = v
	}
	for k, v := range q.query {
		c.query[k] = slices.Clone(v)
	}
	for k, v := range q.header {
		c.header[k] = slices.Clone(v)
	}
	if q.body != nil {
		c.body = slices.Clone(q.body)
	}
	return c
}

// validRequest builds a request the operation accepts: every parameter and every
// body property present with a value that meets its schema.
func validRequest(t testing.TB, op *specdata.Operation) request {
	t.Helper()
	q := request{path: map[string]string{}, query: url.Values{}, header: http.Header{}}
	for _, p := range op.Params {
		v := synth(t, p.Schema, 0)
		text := fmt.Sprint(v)
		if f, ok := v.(float64); ok {
			text = fmt.Sprintf("%v", int64(f))
		}
		switch p.In {
		case "path":
			q.path[p.Name] = text
		case "query":
			q.query.Set(p.Name, text)
		case "header":
			q.header.Set(p.Name, text)
		}
	}
	if op.Body != nil && op.Body.Schema != nil {
		body, err := json.Marshal(synth(t, op.Body.Schema, 0))
		if err != nil {
			t.Fatal(err)
		}
		q.body = body
	}
	return q
}

// samples are strings tried, in order, for a string schema with a pattern.
var samples = []string{"abcdefgh", "#1a2b3c", "https://hooks.example/in", strings.Repeat("A", 28), "a"}

// synth makes a value that meets the schema.
func synth(t testing.TB, s *specdata.Schema, depth int) any {
	if len(s.Enum) > 0 {
		var v any
		_ = json.Unmarshal([]byte(s.Enum[0]), &v)
		return v
	}
	switch {
	case s.Types&specdata.TypeObject != 0 || (s.Types == 0 && len(s.Props) > 0):
		obj := map[string]any{}
		if depth > 6 {
			return obj
		}
		for _, p := range s.Props {
			obj[p.Name] = synth(t, p.Schema, depth+1)
		}
		return obj
	case s.Types&specdata.TypeArray != 0:
		n := max(s.MinItems, 1)
		if s.MaxItems != specdata.None {
			n = min(n, s.MaxItems)
		}
		items := make([]any, 0, n)
		for i := range n {
			if s.Items == nil {
				items = append(items, i)
				continue
			}
			v := synth(t, s.Items, depth+1)
			if str, ok := v.(string); ok && s.Unique {
				v = str + strings.Repeat("x", i)
			}
			items = append(items, v)
		}
		return items
	case s.Types&specdata.TypeString != 0:
		if s.Format == "date-time" {
			return "2026-12-01T09:30:00Z"
		}
		for _, c := range samples {
			n := utf8.RuneCountInString(c)
			if s.Pattern != "" && !regexp.MustCompile(s.Pattern).MatchString(c) {
				continue
			}
			if n < s.MinLength {
				if s.Pattern != "" {
					continue
				}
				c += strings.Repeat("x", s.MinLength-n)
			}
			if s.MaxLength != specdata.None && utf8.RuneCountInString(c) > s.MaxLength {
				continue
			}
			return c
		}
		t.Fatalf("no sample string meets schema %+v: add one to samples", *s)
	case s.Types&specdata.TypeInteger != 0, s.Types&specdata.TypeNumber != 0:
		v := 1.0
		if s.HasMin && v < s.Min {
			v = s.Min
		}
		if s.HasMax && v > s.Max {
			v = s.Max
		}
		return v
	case s.Types&specdata.TypeBoolean != 0:
		return true
	}
	return "any"
}

// paramVariants are parameter texts around the schema's type and bounds.
func paramVariants(s *specdata.Schema) []string {
	out := []string{"", "abc", "1.5", "-1", "0", "7", "100000", "true", "False", "1", "t", "2026-12-01T09:30:00Z", "9223372036854775808", "0x10", " 7"}
	if s.HasMin {
		out = append(out, fmt.Sprint(s.Min-1), fmt.Sprint(s.Min))
	}
	if s.HasMax {
		out = append(out, fmt.Sprint(s.Max), fmt.Sprint(s.Max+1))
	}
	if s.MaxLength != specdata.None {
		out = append(out, strings.Repeat("a", s.MaxLength), strings.Repeat("é", s.MaxLength+1))
	}
	if s.MinLength > 1 {
		out = append(out, strings.Repeat("a", s.MinLength-1))
	}
	for _, e := range s.Enum {
		var v any
		_ = json.Unmarshal([]byte(e), &v)
		out = append(out, fmt.Sprint(v), strings.ToUpper(fmt.Sprint(v)))
	}
	return out
}

type mutation struct {
	what string
	body []byte
}

// mutations replaces the value at each path of root, one at a time, with values
// that break (or just meet) the schema there, drops each property and adds an
// unknown one to each object.
func mutations(schema *specdata.Schema, root any, _ string) []mutation {
	var out []mutation
	var walk func(s *specdata.Schema, v any, path []string)
	emit := func(path []string, what string, replacement any, drop bool) {
		copied := deepCopy(root)
		if setAt(&copied, path, replacement, drop) {
			b, _ := json.Marshal(copied)
			out = append(out, mutation{what: "/" + strings.Join(path, "/") + " " + what, body: b})
		}
	}
	walk = func(s *specdata.Schema, v any, path []string) {
		for _, alt := range []any{nil, true, 2.5, 7.0, -1.0, "x", "", []any{}, map[string]any{}, []any{"a", "a"}} {
			emit(path, fmt.Sprintf("= %v", alt), alt, false)
		}
		if s.HasMin {
			emit(path, "below the minimum", s.Min-1, false)
		}
		if s.HasMax {
			emit(path, "above the maximum", s.Max+1, false)
		}
		if s.MaxLength != specdata.None {
			emit(path, "one character too long", strings.Repeat("é", s.MaxLength+1), false)
		}
		if s.MaxItems != specdata.None {
			items := make([]any, s.MaxItems+1)
			for i := range items {
				items[i] = fmt.Sprint("item", i)
			}
			emit(path, "one item too many", items, false)
		}
		if s.Format == "date-time" {
			emit(path, "a date without a time", "2026-12-01", false)
		}
		for _, e := range s.Enum {
			emit(path, "an enum value in capitals", strings.ToUpper(strings.Trim(e, `"`)), false)
		}
		switch val := v.(type) {
		case map[string]any:
			emit(append(slices.Clone(path), "zzUnknown"), "added", 1.0, false)
			for _, p := range s.Props {
				child, ok := val[p.Name]
				if !ok {
					continue
				}
				emit(append(slices.Clone(path), p.Name), "dropped", nil, true)
				walk(p.Schema, child, append(slices.Clone(path), p.Name))
			}
		case []any:
			if s.Items != nil && len(val) > 0 {
				walk(s.Items, val[0], append(slices.Clone(path), "0"))
			}
		}
	}
	walk(schema, root, nil)
	return out
}

func deepCopy(v any) any {
	b, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

// setAt replaces (or deletes) the value at path inside *root.
func setAt(root *any, path []string, value any, drop bool) bool {
	if len(path) == 0 {
		if drop {
			return false
		}
		*root = value
		return true
	}
	cur := *root
	for i, step := range path {
		last := i == len(path)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				if drop {
					delete(c, step)
				} else {
					c[step] = value
				}
				return true
			}
			cur = c[step]
		case []any:
			var n int
			if _, err := fmt.Sscan(step, &n); err != nil || n >= len(c) {
				return false
			}
			if last {
				if drop {
					return false
				}
				c[n] = value
				return true
			}
			cur = c[n]
		default:
			return false
		}
	}
	return false
}

// FuzzAgreesWithKinOpenAPI sends arbitrary JSON bodies and queries to every
// operation and requires specdata.Validate and kin-openapi to reach the same
// verdict. Run it with
//
//	go test -run '^$' -fuzz FuzzAgreesWithKinOpenAPI -fuzztime 2m ./internal/specdata/
func FuzzAgreesWithKinOpenAPI(f *testing.F) {
	o := newOracle(f)
	valid := map[int]request{}
	for i := range specdata.Operations {
		op := &specdata.Operations[i]
		q := validRequest(f, op)
		valid[i] = q
		f.Add(uint8(i), q.query.Encode(), string(q.body))
	}
	f.Add(uint8(0), "limit=&cursor=%zz", `{"a":[1,{"b":null}]}`)
	f.Fuzz(func(t *testing.T, opIndex uint8, query, body string) {
		i := int(opIndex) % len(specdata.Operations)
		op := &specdata.Operations[i]
		q := valid[i].clone()
		values, err := url.ParseQuery(query)
		if err != nil {
			return // refused before validation (strict input)
		}
		q.query = values
		if op.Body != nil {
			if body != "" && !json.Valid([]byte(body)) {
				return // refused before validation (strict input)
			}
			q.body = []byte(body)
		}
		ours, kin := verdicts(t, o, op, q)
		if knownDifference(" = <nil>", ours, kin) != "" {
			return
		}
		if (len(ours) == 0) != (kin == nil) {
			t.Fatalf("%s ?%s %s: specdata says %v, kin-openapi says %v", op.ID, query, body, ours, kin)
		}
	})
}
