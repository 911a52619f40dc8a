package contracttest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/breakcold-go/breakcold/apispec"
)

// DifferenceKind says in what two answers to the same check differ.
type DifferenceKind string

// The kinds of difference Compare reports. Values are never compared: two servers
// hold different data.
const (
	// DifferenceStatus: another status, or an answer on one side only.
	DifferenceStatus DifferenceKind = "status"
	// DifferenceHeader: a header on one side only (names, not values).
	DifferenceHeader DifferenceKind = "header"
	// DifferenceShape: a success body's structure: its properties, JSON types
	// (null included), array or object.
	DifferenceShape DifferenceKind = "shape"
	// DifferenceError: an error body's envelope or error code.
	DifferenceError DifferenceKind = "error"
	// DifferencePagination: a page that keeps a paging rule on one side only.
	DifferencePagination DifferenceKind = "pagination"
)

// Difference is one way two servers answered the same check differently.
type Difference struct {
	Operation string         `json:"operation"`
	Check     string         `json:"check"`
	Kind      DifferenceKind `json:"kind"`
	// Where is the header, the body's place (record.fields, data[].id; "" is the
	// body itself) or the paging rule; "" for a status.
	Where string `json:"where"`
	// A and B say what each target answered there: a status, present or absent, a
	// JSON type, the properties only that side has, yes or no.
	A string `json:"a"`
	B string `json:"b"`
}

func (d Difference) String() string {
	side := func(s string) string {
		if s == "" {
			return "none"
		}
		return s
	}
	what := fmt.Sprintf("%s in A, %s in B", side(d.A), side(d.B))
	switch {
	case d.Kind == DifferenceStatus:
		return what
	case d.Where == "" && (d.Kind == DifferenceShape || d.Kind == DifferenceError):
		return "the body: " + what
	}
	return d.Where + ": " + what
}

// ignoredHeaders change with every answer, or name the server rather than the API,
// so Compare does not compare them.
var ignoredHeaders = []string{"Connection", "Content-Length", "Date", "Keep-Alive", "Transfer-Encoding", "X-Breakcold-Mock-Version", "X-Request-Id"}

// Comparison is what Compare found: the two runs, and every difference between
// the answers to the checks both made.
type Comparison struct {
	A, B *Report
	// Writes says whether the runs made writes (the whole suite) or only read;
	// WritesReason says why.
	Writes       bool
	WritesReason string
	// Compared counts the checks both targets answered.
	Compared       int
	IgnoredHeaders []string
	Differences    []Difference
	Duration       time.Duration
}

// Differ reports whether the two targets answered any check differently.
func (c *Comparison) Differ() bool { return len(c.Differences) > 0 }

// Compare runs the same checks against two targets, a first and b second, and
// reports, per check, how their answers differ: status, header names, the body's
// shape (properties, JSON types, null, array or object), error envelopes and
// codes, and paging. It makes writes (the whole suite, each target from its
// control API's reset) only when both targets have a control API and neither is
// ReadOnly; otherwise both runs are read-only. The error is for a run that could
// not start, as Check's.
func Compare(ctx context.Context, a, b Target) (*Comparison, error) {
	start := time.Now()
	c := &Comparison{IgnoredHeaders: ignoredHeaders}
	switch {
	case a.ReadOnly || b.ReadOnly:
		c.WritesReason = "a target is read-only"
	case a.Control == "" || b.Control == "":
		c.WritesReason = "writes need both targets' control APIs, so that both start from the same reset state"
	default:
		c.Writes, c.WritesReason = true, "both targets have a control API"
	}
	a.ReadOnly, b.ReadOnly = !c.Writes, !c.Writes
	answers := [2]map[string]*exchange{{}, {}}
	reports := [2]*Report{}
	for i, t := range []Target{a, b} {
		if t.Log == nil {
			t.Log = t.Progress
		}
		if t.Log != nil {
			fmt.Fprintf(t.Log, "running the checks against %s: %s…\n", "AB"[i:i+1], orName(t))
		}
		rep, err := check(ctx, t, answers[i])
		if err != nil {
			return nil, fmt.Errorf("contracttest: target %s: %w", "AB"[i:i+1], err)
		}
		reports[i] = rep
	}
	c.A, c.B = reports[0], reports[1]
	c.compare(answers)
	c.Duration = time.Since(start)
	return c, nil
}

func orName(t Target) string {
	if t.Name != "" {
		return t.Name
	}
	return t.BaseURL
}

// compare pairs the checks of the two runs by name, in the order they ran.
func (c *Comparison) compare(answers [2]map[string]*exchange) {
	results := [2]map[string]Result{{}, {}}
	var names []string
	seen := map[string]bool{}
	for i, rep := range []*Report{c.A, c.B} {
		for _, res := range rep.Results {
			if !seen[res.Name] {
				seen[res.Name] = true
				names = append(names, res.Name)
			}
			results[i][res.Name] = res
		}
	}
	for _, name := range names {
		xa, xb := answers[0][name], answers[1][name]
		op := results[0][name].Operation
		if op == "" {
			op = results[1][name].Operation
		}
		d := Difference{Operation: op, Check: name, Kind: DifferenceStatus}
		switch {
		case xa == nil && xb == nil:
			continue
		case xa == nil || xb == nil:
			d.A, d.B = answered(xa, results[0][name]), answered(xb, results[1][name])
			c.Differences = append(c.Differences, d)
			continue
		}
		c.Compared++
		for _, found := range differ(xa, xb) {
			found.Operation, found.Check = op, name
			c.Differences = append(c.Differences, found)
		}
	}
}

// answered says what one side answered to a check: its status, or why it sent
// nothing.
func answered(x *exchange, res Result) string {
	switch {
	case x != nil:
		return strconv.Itoa(x.status)
	case res.Name == "":
		return "not run"
	case res.Outcome == Skip:
		return "not sent (" + res.Message + ")"
	}
	return "no answer (" + res.Message + ")"
}

// differ lists how two answers to one check differ. A status that differs says
// it all: the bodies then differ as a matter of course.
func differ(a, b *exchange) []Difference {
	if a.status != b.status {
		return []Difference{{Kind: DifferenceStatus, A: strconv.Itoa(a.status), B: strconv.Itoa(b.status)}}
	}
	var out []Difference
	names := map[string][2]bool{}
	for i, h := range []http.Header{a.header, b.header} {
		for name := range h {
			if slices.Contains(ignoredHeaders, name) {
				continue
			}
			seen := names[name]
			seen[i] = true
			names[name] = seen
		}
	}
	for _, name := range slices.Sorted(maps.Keys(names)) {
		if seen := names[name]; seen[0] != seen[1] {
			out = append(out, Difference{Kind: DifferenceHeader, Where: name, A: presence(seen[0]), B: presence(seen[1])})
		}
	}
	kind := DifferenceShape
	if a.status >= 400 {
		kind = DifferenceError
		if ca, cb := errorCode(a), errorCode(b); ca != cb {
			out = append(out, Difference{Kind: kind, Where: "error code", A: ca, B: cb})
		}
	}
	schema := responseSchema(a.op.Op, a.status)
	out = append(out, shapeOf(a.json, schema).differences(shapeOf(b.json, schema), kind)...)
	pa, pb := paging(a), paging(b)
	for _, rule := range slices.Sorted(maps.Keys(pa)) {
		if vb, ok := pb[rule]; ok && pa[rule] != vb {
			out = append(out, Difference{Kind: DifferencePagination, Where: rule, A: yes(pa[rule]), B: yes(vb)})
		}
	}
	return out
}

func presence(ok bool) string {
	if ok {
		return "present"
	}
	return "absent"
}

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

// errorCode is an error answer's code in either generation's envelope.
func errorCode(x *exchange) string {
	if x.op.Generation == apispec.Legacy {
		return str(dig(x.json, "code")) + "/" + str(dig(x.json, "data", "code"))
	}
	return str(dig(x.json, "error", "code"))
}

// paging judges a page by the rules of its generation: rule → kept. Answers
// without pagination have none.
func paging(x *exchange) map[string]bool {
	p, ok := dig(x.json, "pagination").(map[string]any)
	if !ok || x.status >= 300 {
		return nil
	}
	var items []any
	obj, _ := x.json.(map[string]any)
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if list, ok := obj[k].([]any); ok && items == nil {
			items = list
		}
	}
	rules := map[string]bool{}
	if x.op.Generation == apispec.Legacy {
		var req any
		_ = json.Unmarshal(x.body, &req)
		asked := func(k string) any { return dig(req, "pagination", k) }
		rules["pagination.page echoes the page asked for"] = jsonText(p["page"]) == jsonText(asked("page"))
		rules["pagination.page_size echoes the page size asked for"] = jsonText(p["page_size"]) == jsonText(asked("page_size"))
		if size, ok := asked("page_size").(float64); ok {
			rules["a page holds at most page_size items"] = len(items) <= int(size)
		}
		return rules
	}
	more, _ := p["hasMore"].(bool)
	rules["the cursor is null exactly when hasMore is false"] = more == (p["cursor"] != nil)
	if limit, err := strconv.Atoi(x.req.URL.Query().Get("limit")); err == nil {
		rules["a page holds at most limit items"] = len(items) <= limit
	}
	return rules
}

// shape is the structure of a JSON value: at each place, the JSON types seen and,
// for objects, the property names. An array merges its items' shapes under
// place[], and a map (an object whose schema names no properties) its values'
// under place{}, with their keys, which are data, left out.
type shape struct {
	types map[string]map[string]bool
	props map[string]map[string]bool
	items map[string]int // how many items merged under each place[] and place{}
}

func shapeOf(v any, s *openapi3.Schema) *shape {
	sh := &shape{types: map[string]map[string]bool{}, props: map[string]map[string]bool{}, items: map[string]int{}}
	sh.add("", v, s)
	return sh
}

func (sh *shape) add(place string, v any, s *openapi3.Schema) {
	if sh.types[place] == nil {
		sh.types[place] = map[string]bool{}
	}
	sh.types[place][jsonType(v)] = true
	switch v := v.(type) {
	case map[string]any:
		if isMap(s) {
			values := place + "{}"
			sh.items[values] += len(v)
			for _, x := range v {
				sh.add(values, x, unref(s.AdditionalProperties.Schema))
			}
			return
		}
		if sh.props[place] == nil {
			sh.props[place] = map[string]bool{}
		}
		for k, x := range v {
			sh.props[place][k] = true
			sub := k
			if place != "" {
				sub = place + "." + k
			}
			sh.add(sub, x, schemaAt(s, k))
		}
	case []any:
		items := place + "[]"
		sh.items[items] += len(v)
		for _, x := range v {
			sh.add(items, x, schemaAt(s, 0))
		}
	}
}

// isMap reports whether a schema is an object keyed by data (field slugs, ids):
// one that names no properties and takes others.
func isMap(s *openapi3.Schema) bool {
	closed := s != nil && s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has
	return s != nil && len(properties(s)) == 0 && !closed
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}

// differences lists where o differs from sh, the outermost place of each: a
// property on one side only is one difference of its object, and nothing is
// compared inside an array or map that is empty on either side (no items, no
// shape).
func (sh *shape) differences(o *shape, kind DifferenceKind) []Difference {
	var out []Difference
	var reported []string
	places := slices.Sorted(maps.Keys(sh.types))
	for place := range o.types {
		if sh.types[place] == nil {
			places = append(places, place)
		}
	}
	slices.Sort(places)
	for _, place := range places {
		if within(place, reported) || sh.emptyAbove(place, o) {
			continue
		}
		ta, tb := sh.types[place], o.types[place]
		if ta == nil || tb == nil { // a property of one side: its object says so
			reported = append(reported, place)
			continue
		}
		if !maps.Equal(ta, tb) {
			out = append(out, Difference{Kind: kind, Where: place, A: typeList(ta), B: typeList(tb)})
			reported = append(reported, place)
			continue
		}
		if pa, pb := sh.props[place], o.props[place]; pa != nil && pb != nil && !maps.Equal(pa, pb) {
			out = append(out, Difference{Kind: kind, Where: place, A: only(pa, pb), B: only(pb, pa)})
		}
	}
	return out
}

// within reports whether place lies inside one of the places.
func within(place string, places []string) bool {
	for _, p := range places {
		if strings.HasPrefix(place, p) && len(place) > len(p) && (p == "" || strings.ContainsRune(".[{", rune(place[len(p)]))) {
			return true
		}
	}
	return false
}

// emptyAbove reports whether place lies in an array or map that holds no items on
// one side.
func (sh *shape) emptyAbove(place string, o *shape) bool {
	for i := range place {
		if i > 0 && (place[i-1:i+1] == "[]" || place[i-1:i+1] == "{}") {
			container := place[:i+1]
			if sh.items[container] == 0 || o.items[container] == 0 {
				return true
			}
		}
	}
	return false
}

func typeList(set map[string]bool) string { return strings.Join(slices.Sorted(maps.Keys(set)), " or ") }

// only lists the properties of a that b lacks.
func only(a, b map[string]bool) string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// Summary is a few lines for people: the targets, what ran, and the differences
// by operation.
func (c *Comparison) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "comparison of A %s and B %s: %d differences in %d checks both answered\n", c.A.Target, c.B.Target, len(c.Differences), c.Compared)
	mode := "read-only probes"
	if c.Writes {
		mode = "the whole suite"
	}
	fmt.Fprintf(&b, "ran %s on both (%s): A %d requests, B %d requests, in %s\n", mode, c.WritesReason, c.A.Requests, c.B.Requests, c.Duration.Round(time.Millisecond))
	fmt.Fprintf(&b, "headers not compared: %s\n", strings.Join(c.IgnoredHeaders, ", "))
	for i, rep := range []*Report{c.A, c.B} {
		if rep.Stopped != "" {
			fmt.Fprintf(&b, "%s stopped early: %s; the checks after it are not compared\n", "AB"[i:i+1], rep.StopDetail)
		}
	}
	var ops []string
	byOp := map[string][]Difference{}
	for _, d := range c.Differences {
		if byOp[d.Operation] == nil {
			ops = append(ops, d.Operation)
		}
		byOp[d.Operation] = append(byOp[d.Operation], d)
	}
	for _, op := range ops {
		fmt.Fprintf(&b, "\n%s\n", op)
		for _, d := range byOp[op] {
			fmt.Fprintf(&b, "  %-10s %s: %s\n", d.Kind, d.Check, d)
		}
	}
	return b.String()
}

// jsonComparison is the comparison's shape for machines (WriteJSON).
type jsonComparison struct {
	Outcome        string       `json:"outcome"` // same or different
	A              jsonSide     `json:"a"`
	B              jsonSide     `json:"b"`
	Writes         bool         `json:"writes"`
	WritesReason   string       `json:"writesReason"`
	Compared       int          `json:"compared"`
	IgnoredHeaders []string     `json:"ignoredHeaders"`
	DurationMS     int64        `json:"durationMs"`
	Differences    []Difference `json:"differences"`
}

type jsonSide struct {
	Target     string `json:"target"`
	Requests   int    `json:"requests"`
	Stopped    string `json:"stopped,omitempty"`
	StopDetail string `json:"stopDetail,omitempty"`
}

// WriteJSON writes the comparison as one JSON object, for machines.
func (c *Comparison) WriteJSON(w io.Writer) error {
	side := func(r *Report) jsonSide {
		return jsonSide{Target: r.Target, Requests: r.Requests, Stopped: string(r.Stopped), StopDetail: r.StopDetail}
	}
	out := jsonComparison{
		Outcome: "same", A: side(c.A), B: side(c.B), Writes: c.Writes, WritesReason: c.WritesReason,
		Compared: c.Compared, IgnoredHeaders: c.IgnoredHeaders, DurationMS: c.Duration.Milliseconds(),
		Differences: c.Differences,
	}
	if c.Differ() {
		out.Outcome = "different"
	}
	if out.Differences == nil {
		out.Differences = []Difference{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
