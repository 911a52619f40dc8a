package contracttest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/breakcold-go/breakcold/apispec"
)

// What a write sets must come back as sent: in the write's own answer and in every
// later answer that reads the object back. A property counts when the request sets
// it and the answer's schema declares it, so a server that accepts a property and
// drops it fails, even when the spec makes it optional in answers.

// transformed lists the properties the API answers in another form than the write
// took them, by design: write operation, property, why. Answers are not compared
// on them. The README's contract-suite section repeats this list.
var transformed = map[string]map[string]string{
	"legacyCreateAttribute": {
		"type": "the list and update operations answer a LegacyAttributeType (TEXT is text, SELECT select or multiselect)",
	},
	"legacyCreateReminder": {"users": "user ids are answered as user objects"},
	"legacyUpdateReminder": {"users": "user ids are answered as user objects"},
}

// writeRoot names where a write's body keeps the properties it sets, for the one
// operation whose body wraps them.
var writeRoot = map[string]string{
	"legacyUpdateLead": "data", // {data: {…the lead's properties}, options: {…}}
}

// unfilled names the free-text properties fill leaves to the flows, and why: their
// text means something to the API.
var unfilled = map[string]string{
	"computeExpression":    "an expression the API evaluates, on computed fields only",
	"defaultValueTemplate": "a template the API renders into new records",
	"cron":                 "a schedule the API parses (the run's reminder has a date; its update sets the example's cron)",
	"type":                 "a legacy status's kind of stage (default, won or lost)",
}

// fill sets each free-text property (a string without format, pattern or enum) that
// the write's request and its answer both declare and the body leaves out, to a
// value unique to the write. A server that drops one fails (echoes), and a property
// the spec adds is sent without a change to the flows.
func (r *runner) fill(c call) call {
	body, _ := c.body.(map[string]any)
	if body == nil {
		return c
	}
	body = maps.Clone(body)
	c.body = body
	in := requestSchema(r.ops[c.op].Op)
	if root := writeRoot[c.op]; root != "" {
		inner, _ := body[root].(map[string]any)
		inner = maps.Clone(inner)
		body[root], body, in = inner, inner, properties(in)[root]
	}
	answer := r.successSchema(r.ops[c.op])
	declared := map[string]*openapi3.Schema{}
	for _, path := range places(answer) {
		maps.Copy(declared, properties(schemaAt(answer, path...)))
	}
	r.fills++
	for name, s := range properties(in) {
		if _, set := body[name]; set || declared[name] == nil || unfilled[name] != "" || !freeText(name, s) {
			continue
		}
		v := fmt.Sprintf("Contract %s %s-%d", name, r.tag, r.fills)
		if strings.HasSuffix(strings.ToLower(name), "url") {
			v = fmt.Sprintf("https://contract.example/%s-%d/%s", r.tag, r.fills, name)
		}
		if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
			v = v[len(v)-int(*s.MaxLength):] // the end is what makes it unique
		}
		body[name] = v
	}
	return c
}

// freeText reports whether a property takes any string: a string (or null) without
// a format, pattern or enum, and not named as an id (the spec's ids are opaque
// strings, but the API looks them up).
func freeText(name string, s *openapi3.Schema) bool {
	if s == nil || s.Type == nil || !s.Type.Includes(openapi3.TypeString) || s.Format != "" || s.Pattern != "" || len(s.Enum) > 0 {
		return false
	}
	if name == "id" || strings.HasSuffix(name, "Id") || strings.HasSuffix(name, "_id") || strings.HasPrefix(name, "id_") {
		return false
	}
	return len(s.Type.Slice()) == 1 || len(s.Type.Slice()) == 2 && s.Type.Includes(openapi3.TypeNull)
}

// places are where an answer to a write may hold the object written: the answer
// itself (the legacy API), or one of its envelope's objects ({task},
// {conversation, message}).
func places(answer *openapi3.Schema) [][]any {
	out := [][]any{{}}
	for _, name := range slices.Sorted(maps.Keys(properties(answer))) {
		out = append(out, []any{name})
	}
	return out
}

// echoes checks the answer to a write gives back each property the write set, at
// every place whose schema declares it, and notes what was set under each object's
// id, for later read-backs (keeps, listedWith).
func (r *runner) echoes(c call) verdict {
	// As sent, so that values compare with the answer's: numbers as float64, lists
	// as []any.
	var body map[string]any
	_ = json.Unmarshal([]byte(jsonText(c.body)), &body)
	if root := writeRoot[c.op]; root != "" {
		body, _ = body[root].(map[string]any)
	}
	return func(x *exchange) string {
		if len(body) == 0 {
			return ""
		}
		root := r.answerSchema(x)
		var issues []string
		for _, path := range places(root) {
			s := schemaAt(root, path...)
			set := map[string]any{}
			for k, v := range body {
				if properties(s)[k] != nil && transformed[c.op][k] == "" {
					set[k] = v
				}
			}
			if len(set) == 0 {
				continue
			}
			issues = append(issues, differences(set, dig(x.json, path...), path)...)
			if id := str(dig(x.json, append(path, "id")...)); id != "" {
				if r.wrote[id] == nil {
					r.wrote[id] = map[string]any{}
				}
				merge(r.wrote[id], set)
			}
		}
		return joinIssues(issues)
	}
}

// merge sets what src sets on dst, object properties one by one: an update of
// {fields: {name}} leaves the fields a create set before.
func merge(dst, src map[string]any) {
	for k, v := range src {
		d, ok1 := dst[k].(map[string]any)
		s, ok2 := v.(map[string]any)
		if ok1 && ok2 {
			d = maps.Clone(d)
			merge(d, s)
			v = d
		}
		dst[k] = v
	}
}

// keeps checks the object at path holds what the run's writes set on the object
// with the id, as far as the answer's schema declares it there.
func (r *runner) keeps(id string, path ...any) verdict {
	return func(x *exchange) string {
		return joinIssues(r.kept(x, id, path))
	}
}

// kept lists where the object at path differs from what the run's writes set on
// the object with the id, among the properties the answer's schema declares there.
func (r *runner) kept(x *exchange, id string, path []any) []string {
	props := properties(schemaAt(r.answerSchema(x), path...))
	set := map[string]any{}
	for k, v := range r.wrote[id] {
		if props[k] != nil {
			set[k] = v
		}
	}
	return differences(set, dig(x.json, path...), path)
}

// differences lists where the object got lacks what was set: each property as sent
// (an object sent must come back with at least its properties, an array with its
// items in order; null sent may come back absent).
func differences(set map[string]any, got any, path []any) []string {
	var out []string
	obj, _ := got.(map[string]any)
	for _, k := range slices.Sorted(maps.Keys(set)) {
		at := append(slices.Clip(path), k)
		have, ok := obj[k]
		switch {
		case set[k] == nil && have == nil:
		case !ok:
			out = append(out, fmt.Sprintf("%s is missing, want %s as sent", pathText(at), jsonText(set[k])))
		case !kept(set[k], have):
			out = append(out, fmt.Sprintf("%s is %s, want %s as sent", pathText(at), jsonText(have), jsonText(set[k])))
		}
	}
	return out
}

// kept reports whether sent comes back as got: equal, with objects allowed
// to carry more properties than were sent.
func kept(sent, got any) bool {
	switch s := sent.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range s {
			if !kept(v, g[k]) { // null sent, absent got: kept(nil, nil)
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(s) {
			return false
		}
		for i := range s {
			if !kept(s[i], g[i]) {
				return false
			}
		}
		return true
	}
	if a, b, ok := instants(sent, got); ok {
		return a.Equal(b)
	}
	return jsonText(sent) == jsonText(got)
}

// instants parses two date-time strings: 2025-08-18T09:00:00.000Z comes back as
// 2025-08-18T09:00:00Z, the same instant.
func instants(a, b any) (time.Time, time.Time, bool) {
	as, ok1 := a.(string)
	bs, ok2 := b.(string)
	if !ok1 || !ok2 {
		return time.Time{}, time.Time{}, false
	}
	ta, err1 := time.Parse(time.RFC3339Nano, as)
	tb, err2 := time.Parse(time.RFC3339Nano, bs)
	return ta, tb, err1 == nil && err2 == nil
}

func joinIssues(issues []string) string { return strings.Join(issues, "; ") }

// answerSchema is the schema of the answer's JSON body, or nil.
func (r *runner) answerSchema(x *exchange) *openapi3.Schema {
	return responseSchema(x.op.Op, x.status)
}

// successSchema is the schema of the operation's success answer, or nil.
func (r *runner) successSchema(op apispec.Operation) *openapi3.Schema {
	return responseSchema(op.Op, op.SuccessStatus())
}

func responseSchema(op *openapi3.Operation, status int) *openapi3.Schema {
	resp := op.Responses.Value(strconv.Itoa(status))
	if resp == nil || resp.Value == nil {
		return nil
	}
	return jsonSchema(resp.Value.Content)
}

func requestSchema(op *openapi3.Operation) *openapi3.Schema {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	return jsonSchema(op.RequestBody.Value.Content)
}

func jsonSchema(c openapi3.Content) *openapi3.Schema {
	mt := c.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

// schemaAt walks a schema as dig walks a value: names are properties, ints items.
func schemaAt(s *openapi3.Schema, path ...any) *openapi3.Schema {
	for _, p := range path {
		if s == nil {
			return nil
		}
		switch k := p.(type) {
		case string:
			s = properties(s)[k]
		case int:
			s = unref(s.Items)
		}
	}
	return s
}

func unref(s *openapi3.SchemaRef) *openapi3.Schema {
	if s == nil {
		return nil
	}
	return s.Value
}

// properties are the properties a schema declares, its allOf parts' included.
func properties(s *openapi3.Schema) map[string]*openapi3.Schema {
	out := map[string]*openapi3.Schema{}
	if s == nil {
		return out
	}
	for _, part := range s.AllOf {
		maps.Copy(out, properties(unref(part)))
	}
	for k, v := range s.Properties {
		out[k] = unref(v)
	}
	return out
}
