package apispec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/yaml"
)

// Breakcold's MCP repository publishes generated/tools.json, generated from the same
// contract as the REST API: every tool's scopes, route rate limit and input schema.
// The files under testdata/mcp are a copy (see testdata/mcp/README.md); this test
// compares every current-API operation with its tool and fails on any difference the
// table testdata/mcp/differences.yaml does not explain, and on any rule of that table
// that no longer explains anything. Refresh tools.json and rerun to see what changed.
const (
	mcpToolsFile       = "testdata/mcp/tools.json"
	mcpDifferencesFile = "testdata/mcp/differences.yaml"
)

// mcpTool is one entry of tools.json.
type mcpTool struct {
	Name           string      `json:"name"`
	Capability     string      `json:"capability"`
	RequiredScopes []string    `json:"requiredScopes"`
	RateLimit      string      `json:"rateLimit"`
	InputSchema    *inputShape `json:"inputSchema"`
}

// inputShape is the part of a JSON Schema the comparison reads. Spec schemas are
// converted to it too, so both sides are compared in one vocabulary.
type inputShape struct {
	Type       typeSet                `json:"type"`
	Properties map[string]*inputShape `json:"properties"`
	Required   []string               `json:"required"`
	Items      *inputShape            `json:"items"`
	Enum       []any                  `json:"enum"`
	MinLength  *float64               `json:"minLength"`
	MaxLength  *float64               `json:"maxLength"`
	Minimum    *float64               `json:"minimum"`
	Maximum    *float64               `json:"maximum"`
	MinItems   *float64               `json:"minItems"`
	MaxItems   *float64               `json:"maxItems"`
	Pattern    string                 `json:"pattern"`
	// Closed is how an object takes properties it does not name: "open" (JSON
	// Schema's default, or additionalProperties true), "closed" (false) or "schema".
	Closed        additional `json:"additionalProperties"`
	MinProperties *float64   `json:"minProperties"`
}

// additional is additionalProperties read from tools.json, as inputShape.Closed says.
type additional string

func (a *additional) UnmarshalJSON(b []byte) error {
	switch string(bytes.TrimSpace(b)) {
	case "true":
		*a = "open"
	case "false":
		*a = "closed"
	default:
		*a = "schema"
	}
	return nil
}

// closedness is inputShape.Closed with "" (absent) read as JSON Schema reads it.
func closedness(a additional) string {
	if a == "" {
		return "open"
	}
	return string(a)
}

// typeSet is a JSON Schema type: one name or a list of names.
type typeSet []string

func (t *typeSet) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*t = typeSet{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*t = many
	return nil
}

// drift is one difference between an operation and its MCP tool.
type drift struct {
	Operation string // operationId, or "-" for a tool no operation names
	Property  string // input path such as options[].id; "" for the operation itself
	Aspect    string // what differs, e.g. maxLength, required, rate-limit
	Spec      string // the spec's value, "none" when it has none
	Tools     string // tools.json's value, "none" when it has none
}

func (d drift) String() string {
	where := d.Operation
	if d.Property != "" {
		where += ": " + d.Property
	}
	return fmt.Sprintf("%s: %s: spec %s, tools.json %s", where, d.Aspect, d.Spec, d.Tools)
}

// mcpRule is one deliberate difference: it explains every drift it matches. Its fields
// are patterns where * matches any run of characters; an empty Spec or Tools matches
// any value.
type mcpRule struct {
	Operation string `json:"operation"`
	Property  string `json:"property"`
	Aspect    string `json:"aspect"`
	Spec      string `json:"spec"`
	Tools     string `json:"tools"`
	Reason    string `json:"reason"`
}

func (r mcpRule) String() string {
	return fmt.Sprintf("%s %s %s (spec %q, tools %q)", r.Operation, r.Property, r.Aspect, r.Spec, r.Tools)
}

func (r mcpRule) matches(d drift) bool {
	return glob(r.Operation, d.Operation) && glob(r.Property, d.Property) && r.Aspect == d.Aspect &&
		(r.Spec == "" || glob(r.Spec, d.Spec)) && (r.Tools == "" || glob(r.Tools, d.Tools))
}

// glob matches s against a pattern whose only special character is *.
func glob(pattern, s string) bool {
	re := "^" + strings.ReplaceAll(regexp.QuoteMeta(pattern), `\*`, ".*") + "$"
	return regexp.MustCompile(re).MatchString(s)
}

func readMCPTools(t *testing.T, file string) []mcpTool {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var tools []mcpTool
	if err := json.Unmarshal(data, &tools); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return tools
}

func readMCPRules(t *testing.T) []mcpRule {
	t.Helper()
	data, err := os.ReadFile(mcpDifferencesFile)
	if err != nil {
		t.Fatal(err)
	}
	data, err = yaml.YAMLToJSON(data)
	if err != nil {
		t.Fatalf("%s: %v", mcpDifferencesFile, err)
	}
	var rules []mcpRule
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rules); err != nil {
		t.Fatalf("%s: %v", mcpDifferencesFile, err)
	}
	seen := map[string]bool{}
	for _, r := range rules {
		if r.Operation == "" || r.Aspect == "" || strings.TrimSpace(r.Reason) == "" {
			t.Fatalf("%s: rule %v needs operation, aspect and reason", mcpDifferencesFile, r)
		}
		if seen[r.String()] {
			t.Fatalf("%s: rule %v is listed twice", mcpDifferencesFile, r)
		}
		seen[r.String()] = true
	}
	return rules
}

var toolRateLimit = regexp.MustCompile(`^(\d+) requests/min per tool/org$`)

// mcpDrift lists every difference between the spec's current-API operations and the
// tools of tools.json, sorted.
func mcpDrift(t *testing.T, doc *openapi3.T, tools []mcpTool) []drift {
	t.Helper()
	ops, err := Operations(doc)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]mcpTool{}
	for _, tool := range tools {
		byName[tool.Name] = tool
	}
	var out []drift
	named := map[string]bool{}
	for _, op := range ops {
		if op.Generation != Current {
			continue
		}
		named[op.MCPTool] = true
		tool, ok := byName[op.MCPTool]
		if !ok {
			out = append(out, drift{op.ID, "", "tool", op.MCPTool, "none"})
			continue
		}
		scopes := slices.Sorted(slices.Values(tool.RequiredScopes))
		if !slices.Equal(op.Scopes, scopes) {
			out = append(out, drift{op.ID, "", "scopes", render(op.Scopes), render(scopes)})
		}
		limit := "none"
		if m := toolRateLimit.FindStringSubmatch(tool.RateLimit); m != nil {
			limit = m[1]
		}
		if got := strconv.Itoa(op.RateLimit); got != limit {
			out = append(out, drift{op.ID, "", "rate-limit", got, limit})
		}
		spec := operationInputs(doc, op)
		out = append(out, compareObject(op.ID, "", spec, tool.InputSchema)...)
		out = append(out, compareShapes(op.ID, "", spec, tool.InputSchema)...)
	}
	for _, tool := range tools {
		if !named[tool.Name] {
			out = append(out, drift{"-", tool.Name, "operation", "none", tool.Name})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// operationInputs flattens an operation's inputs as an MCP tool does: path and query
// parameters and the top-level properties of the JSON body, in one object. Headers
// are left out; a tool has no place for them.
func operationInputs(doc *openapi3.T, op Operation) *inputShape {
	in := &inputShape{Type: typeSet{"object"}, Properties: map[string]*inputShape{}}
	params := append(append(openapi3.Parameters{}, doc.Paths.Value(op.Path).Parameters...), op.Op.Parameters...)
	for _, p := range params {
		if p.Value == nil || (p.Value.In != openapi3.ParameterInPath && p.Value.In != openapi3.ParameterInQuery) {
			continue
		}
		in.Properties[p.Value.Name] = shapeOf(p.Value.Schema)
		if p.Value.Required {
			in.Required = append(in.Required, p.Value.Name)
		}
	}
	if rb := op.Op.RequestBody; rb != nil && rb.Value != nil {
		if mt := rb.Value.Content.Get("application/json"); mt != nil {
			body := shapeOf(mt.Schema)
			for name, s := range body.Properties {
				in.Properties[name] = s
			}
			in.Required = append(in.Required, body.Required...)
			in.Closed, in.MinProperties = body.Closed, body.MinProperties
		}
	}
	return in
}

func shapeOf(ref *openapi3.SchemaRef) *inputShape {
	if ref == nil || ref.Value == nil {
		return &inputShape{}
	}
	s := ref.Value
	out := &inputShape{Enum: s.Enum, Pattern: s.Pattern, Minimum: s.Min, Maximum: s.Max, Required: s.Required}
	switch ap := s.AdditionalProperties; {
	case ap.Has != nil && !*ap.Has:
		out.Closed = "closed"
	case ap.Schema != nil:
		out.Closed = "schema"
	}
	if s.MinProps > 0 {
		out.MinProperties = ptr(float64(s.MinProps))
	}
	if s.Type != nil {
		out.Type = typeSet(*s.Type)
	}
	if s.MinLength > 0 {
		out.MinLength = ptr(float64(s.MinLength))
	}
	if s.MaxLength != nil {
		out.MaxLength = ptr(float64(*s.MaxLength))
	}
	if s.MinItems > 0 {
		out.MinItems = ptr(float64(s.MinItems))
	}
	if s.MaxItems != nil {
		out.MaxItems = ptr(float64(*s.MaxItems))
	}
	if s.Items != nil {
		out.Items = shapeOf(s.Items)
	}
	if len(s.Properties) > 0 {
		out.Properties = map[string]*inputShape{}
		for name, p := range s.Properties {
			out.Properties[name] = shapeOf(p)
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// compareShapes compares two object shapes property by property, recursing into
// array items and nested objects.
func compareShapes(op, prefix string, spec, tool *inputShape) []drift {
	var out []drift
	names := map[string]bool{}
	for n := range spec.Properties {
		names[n] = true
	}
	for n := range tool.Properties {
		names[n] = true
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range names {
			if !yield(n) {
				return
			}
		}
	}) {
		path := prefix + name
		s, inSpec := spec.Properties[name]
		m, inTool := tool.Properties[name]
		switch {
		case !inTool:
			out = append(out, drift{op, path, "input", "present", "none"})
			continue
		case !inSpec:
			out = append(out, drift{op, path, "input", "none", "present"})
			continue
		}
		if rs, rt := slices.Contains(spec.Required, name), slices.Contains(tool.Required, name); rs != rt {
			out = append(out, drift{op, path, "required", strconv.FormatBool(rs), strconv.FormatBool(rt)})
		}
		out = append(out, compareSchema(op, path, s, m)...)
	}
	return out
}

// compareSchema compares one input's type, enum and bounds, then its items and
// nested properties.
func compareSchema(op, path string, spec, tool *inputShape) []drift {
	var out []drift
	add := func(aspect, s, m string) {
		if s != m {
			out = append(out, drift{op, path, aspect, s, m})
		}
	}
	add("type", render(sortedTypes(spec.Type)), render(sortedTypes(tool.Type)))
	add("enum", renderEnum(spec.Enum), renderEnum(tool.Enum))
	add("minLength", num(spec.MinLength), num(tool.MinLength))
	add("maxLength", num(spec.MaxLength), num(tool.MaxLength))
	add("minimum", num(spec.Minimum), num(tool.Minimum))
	add("maximum", num(spec.Maximum), num(tool.Maximum))
	add("minItems", num(spec.MinItems), num(tool.MinItems))
	add("maxItems", num(spec.MaxItems), num(tool.MaxItems))
	add("pattern", orNone(spec.Pattern), orNone(tool.Pattern))
	if spec.Properties != nil && tool.Properties != nil {
		out = append(out, compareObject(op, path, spec, tool)...)
	}
	if spec.Items != nil && tool.Items != nil {
		out = append(out, compareSchema(op, path+"[]", spec.Items, tool.Items)...)
	}
	if spec.Properties != nil && tool.Properties != nil {
		out = append(out, compareShapes(op, strings.TrimSuffix(path, "[]")+"[].", spec, tool)...)
	}
	return out
}

// compareObject compares the bounds of two objects as wholes: whether they take
// properties they do not name (additionalProperties), and minProperties.
func compareObject(op, path string, spec, tool *inputShape) []drift {
	var out []drift
	if s, m := closedness(spec.Closed), closedness(tool.Closed); s != m {
		out = append(out, drift{op, path, "additionalProperties", s, m})
	}
	if s, m := num(spec.MinProperties), num(tool.MinProperties); s != m {
		out = append(out, drift{op, path, "minProperties", s, m})
	}
	return out
}

func sortedTypes(t typeSet) []string { return slices.Sorted(slices.Values(t)) }

func render(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ",")
}

func renderEnum(enum []any) string {
	var vals []string
	for _, v := range enum {
		vals = append(vals, fmt.Sprint(v))
	}
	slices.Sort(vals)
	return render(vals)
}

func num(f *float64) string {
	if f == nil {
		return "none"
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// explain splits drifts into those no rule explains, and reports rules that explain
// nothing.
func explain(drifts []drift, rules []mcpRule) (unexplained []drift, unused []mcpRule) {
	used := make([]bool, len(rules))
	for _, d := range drifts {
		explained := false
		for i, r := range rules {
			if r.matches(d) {
				used[i], explained = true, true
			}
		}
		if !explained {
			unexplained = append(unexplained, d)
		}
	}
	for i, r := range rules {
		if !used[i] {
			unused = append(unused, r)
		}
	}
	return unexplained, unused
}

func TestSpecMatchesMCPContract(t *testing.T) {
	t.Parallel()
	drifts := mcpDrift(t, loadSpecFile(t), readMCPTools(t, mcpToolsFile))
	rules := readMCPRules(t)
	unexplained, unused := explain(drifts, rules)
	for _, d := range unexplained {
		t.Errorf("unexplained difference from Breakcold's MCP contract: %v (fix the spec, or list it in %s with its reason)", d, mcpDifferencesFile)
	}
	for _, r := range unused {
		t.Errorf("%s: rule %v explains no difference any more (Breakcold changed, or the spec did): drop it", mcpDifferencesFile, r)
	}
	t.Logf("%d differences from tools.json, all explained by %d rules", len(drifts), len(rules))
}

// A copy of tools.json with deliberate edits must fail, naming operation and property.
func TestMCPContractDriftIsDetected(t *testing.T) {
	t.Parallel()
	drifts := mcpDrift(t, loadSpecFile(t), readMCPTools(t, "testdata/mcp/tools-edited.json"))
	unexplained, _ := explain(drifts, readMCPRules(t))
	var got []string
	for _, d := range unexplained {
		got = append(got, d.String())
	}
	want := []string{
		"-: records_delete: operation: spec none, tools.json records_delete",
		"createCrmObject: scopes: spec crm:metadata:write, tools.json crm:metadata:admin",
		"createRecord: idempotencyKey: input: spec none, tools.json present",
		"getNote: rate-limit: spec 180, tools.json 240",
		"listMeetings: limit: maximum: spec 100, tools.json 200",
		"listRecords: additionalProperties: spec open, tools.json closed",
		"updateTask: status: enum: spec done,todo, tools.json cancelled,done,todo",
	}
	if !slices.Equal(got, want) {
		t.Errorf("unexplained differences in the edited copy:\n got %q\nwant %q", got, want)
	}
}
