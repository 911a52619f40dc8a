package apispec

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Problem is one broken house rule, named by rule and operation.
type Problem struct {
	Rule      string // short kebab-case name, e.g. "rate-limit-headers"
	Operation string // Operation.String(), or "" for document-wide rules
	Detail    string
}

func (p Problem) String() string {
	if p.Operation == "" {
		return fmt.Sprintf("%s: %s", p.Rule, p.Detail)
	}
	return fmt.Sprintf("%s: %s: %s", p.Rule, p.Operation, p.Detail)
}

// Rate-limit headers every response must declare, by reference to components/headers.
var RateLimitHeaders = []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}

// LegacyServer is the legacy API's only host.
const LegacyServer = "https://api.breakcold.com"

// Check applies the toolkit's rules to every operation of the spec:
//
//   - operation-docs: an operationId, a summary, a description and exactly one declared tag;
//   - provenance: x-breakcold-provenance is documented, mcp-contract, client-code or
//     inferred; mcp-contract belongs to current-API operations that name their MCP tool;
//   - route-limits: every current-API operation has x-breakcold-rate-limit (a positive
//     integer, requests per minute per organization) and x-breakcold-mcp-tool; legacy
//     operations have neither;
//   - security: current operations need bearerAuth with scopes the scheme declares,
//     legacy operations need legacyApiKey, a procedure name and the legacy server;
//   - statuses: 400, 401, 403 and 429 everywhere, 404 where the path has an id, 413
//     where there is a request body, exactly one 2xx;
//   - rate-limit-headers: every response declares X-RateLimit-Limit, -Remaining and
//     -Reset by reference to components/headers, and 429 adds Retry-After; they are
//     optional on the current API (Breakcold documents none of them) and required on
//     the legacy API (Legacy-* components);
//   - error-envelope: 4xx responses use the generation's envelope (Error or LegacyError);
//   - examples: every JSON request body and success response has an example
//     (doc.Validate checks that examples match their schemas);
//   - request-schemas: parameters and request bodies use only keywords OpenAPI 3.0
//     also has (no const, if/then/else, prefixItems, …). The mock validates
//     requests with package specdata, whose generator further refuses any keyword
//     its validator does not implement;
//   - links: every link of a success response names an existing operation by
//     operationId, each of its parameters is one that operation takes, and each
//     value is a $response.body#/… pointer that resolves in the response's schema
//     (the contract suite wires its steps from these links).
//
// It returns nil when the spec follows every rule.
func Check(doc *openapi3.T) []Problem {
	var problems []Problem
	add := func(rule string, op *Operation, format string, args ...any) {
		name := ""
		if op != nil {
			name = op.String()
		}
		problems = append(problems, Problem{Rule: rule, Operation: name, Detail: fmt.Sprintf(format, args...)})
	}
	ops, err := Operations(doc)
	if err != nil {
		add("generation", nil, "%v", err)
		return problems
	}
	tags := map[string]bool{}
	for _, t := range doc.Tags {
		tags[t.Name] = true
	}
	declared := Scopes(doc)
	seenIDs := map[string]bool{}
	for i := range ops {
		op := &ops[i]
		checkDocs(op, tags, seenIDs, add)
		if !slices.Contains(Provenances, op.Provenance) {
			add("provenance", op, "%s is %q, want one of %v", ExtProvenance, op.Provenance, Provenances)
		}
		checkRouteLimits(op, add)
		checkSecurity(doc, op, declared, add)
		checkStatuses(op, add)
		checkResponses(op, add)
		checkExamples(op, add)
		checkRequestSchemas(doc, op, add)
	}
	byID := map[string]*Operation{}
	for i := range ops {
		byID[ops[i].ID] = &ops[i]
	}
	for i := range ops {
		checkLinks(doc, &ops[i], byID, add)
	}
	return problems
}

func checkLinks(doc *openapi3.T, op *Operation, byID map[string]*Operation, add addFunc) {
	for code, ref := range op.Op.Responses.Map() {
		if ref.Value == nil || len(ref.Value.Links) == 0 {
			continue
		}
		var schema *openapi3.SchemaRef
		if mt := ref.Value.Content.Get("application/json"); mt != nil {
			schema = mt.Schema
		}
		for _, name := range slices.Sorted(maps.Keys(ref.Value.Links)) {
			link := ref.Value.Links[name].Value
			if link == nil {
				continue
			}
			target := byID[link.OperationID]
			if target == nil {
				add("links", op, "%s link %s: operationId %q is no operation of the spec", code, name, link.OperationID)
				continue
			}
			takes := map[string]bool{}
			for _, p := range Parameters(doc, *target) {
				takes[p.Name], takes[p.In+"."+p.Name] = true, true
			}
			for _, param := range slices.Sorted(maps.Keys(link.Parameters)) {
				if !takes[param] {
					add("links", op, "%s link %s: %s takes no parameter %q", code, name, target.ID, param)
				}
				expr, _ := link.Parameters[param].(string)
				ptr, ok := strings.CutPrefix(expr, "$response.body#")
				if !ok {
					add("links", op, "%s link %s: parameter %s is %q, want a $response.body#/… pointer", code, name, param, expr)
					continue
				}
				if _, err := Resolve(schema, ptr); err != nil {
					add("links", op, "%s link %s: parameter %s: %v", code, name, param, err)
				}
			}
		}
	}
}

// Parameters lists the parameters an operation takes: its path item's and its
// own, the operation's winning where both name the same one.
func Parameters(doc *openapi3.T, op Operation) []*openapi3.Parameter {
	var out []*openapi3.Parameter
	seen := map[string]bool{}
	add := func(ps openapi3.Parameters) {
		for _, p := range ps {
			if p.Value != nil && !seen[p.Value.In+" "+p.Value.Name] {
				seen[p.Value.In+" "+p.Value.Name] = true
				out = append(out, p.Value)
			}
		}
	}
	add(op.Op.Parameters)
	if item := doc.Paths.Value(op.Path); item != nil {
		add(item.Parameters)
	}
	return out
}

// Resolve follows a JSON pointer (/record/id, /data/0/id) through a schema: an
// object's properties by name, an array's items by index. It returns the schema
// the pointer ends at.
func Resolve(schema *openapi3.SchemaRef, pointer string) (*openapi3.SchemaRef, error) {
	at := ""
	for _, seg := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		if schema == nil || schema.Value == nil {
			return nil, fmt.Errorf("pointer %s: no schema at %q", pointer, at)
		}
		seg = strings.NewReplacer("~1", "/", "~0", "~").Replace(seg)
		switch s := schema.Value; {
		case s.Type.Is("array"):
			if _, err := strconv.Atoi(seg); err != nil {
				return nil, fmt.Errorf("pointer %s: %q is an array, %q is no index", pointer, at, seg)
			}
			schema = s.Items
		default:
			next, ok := s.Properties[seg]
			if !ok {
				return nil, fmt.Errorf("pointer %s: the schema at %q has no property %q", pointer, at, seg)
			}
			schema = next
		}
		at += "/" + seg
	}
	return schema, nil
}

func checkRequestSchemas(doc *openapi3.T, op *Operation, add addFunc) {
	seen := map[*openapi3.Schema]bool{}
	params := append(append(openapi3.Parameters{}, doc.Paths.Value(op.Path).Parameters...), op.Op.Parameters...)
	for _, p := range params {
		if p.Value != nil {
			if kw := jsonSchema2020Keyword(p.Value.Schema, seen); kw != "" {
				add("request-schemas", op, "parameter %s uses %s, which OpenAPI 3.0 lacks", p.Value.Name, kw)
			}
		}
	}
	if rb := op.Op.RequestBody; rb != nil && rb.Value != nil {
		for ct, mt := range rb.Value.Content {
			if kw := jsonSchema2020Keyword(mt.Schema, seen); kw != "" {
				add("request-schemas", op, "%s request body uses %s, which OpenAPI 3.0 lacks", ct, kw)
			}
		}
	}
}

// jsonSchema2020Keyword names a keyword of the schema (or one it contains) that only
// OpenAPI 3.1's JSON Schema 2020-12 dialect has, or returns "".
func jsonSchema2020Keyword(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) string {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return ""
	}
	s := ref.Value
	seen[s] = true
	switch {
	case s.Const != nil:
		return "const"
	case len(s.PrefixItems) > 0:
		return "prefixItems"
	case s.Contains != nil:
		return "contains"
	case len(s.PatternProperties) > 0:
		return "patternProperties"
	case len(s.DependentSchemas) > 0 || len(s.DependentRequired) > 0:
		return "dependentSchemas/dependentRequired"
	case s.PropertyNames != nil:
		return "propertyNames"
	case s.UnevaluatedItems.Has != nil || s.UnevaluatedItems.Schema != nil || s.UnevaluatedProperties.Has != nil || s.UnevaluatedProperties.Schema != nil:
		return "unevaluatedItems/unevaluatedProperties"
	case s.If != nil || s.Then != nil || s.Else != nil:
		return "if/then/else"
	case len(s.Defs) > 0:
		return "$defs"
	case s.ContentSchema != nil:
		return "contentSchema"
	}
	kids := []*openapi3.SchemaRef{s.Items, s.Not, s.AdditionalProperties.Schema}
	kids = append(kids, s.AllOf...)
	kids = append(kids, s.AnyOf...)
	kids = append(kids, s.OneOf...)
	for _, p := range s.Properties {
		kids = append(kids, p)
	}
	for _, k := range kids {
		if kw := jsonSchema2020Keyword(k, seen); kw != "" {
			return kw
		}
	}
	return ""
}

type addFunc func(rule string, op *Operation, format string, args ...any)

func checkDocs(op *Operation, tags, seen map[string]bool, add addFunc) {
	if op.ID == "" {
		add("operation-docs", op, "no operationId")
	} else if seen[op.ID] {
		add("operation-docs", op, "operationId is used twice")
	}
	seen[op.ID] = true
	if strings.TrimSpace(op.Op.Summary) == "" {
		add("operation-docs", op, "no summary")
	}
	if strings.TrimSpace(op.Op.Description) == "" {
		add("operation-docs", op, "no description")
	}
	if len(op.Op.Tags) != 1 {
		add("operation-docs", op, "has %d tags, want exactly one", len(op.Op.Tags))
	}
	for _, t := range op.Op.Tags {
		if !tags[t] {
			add("operation-docs", op, "tag %q is not declared in the document's tags", t)
		}
	}
}

func checkRouteLimits(op *Operation, add addFunc) {
	limit, tool := op.Op.Extensions[ExtRateLimit], op.Op.Extensions[ExtMCPTool]
	if op.Generation == Legacy {
		if limit != nil || tool != nil {
			add("route-limits", op, "%s and %s belong to current-API operations only", ExtRateLimit, ExtMCPTool)
		}
		if op.Provenance == "mcp-contract" {
			add("provenance", op, "mcp-contract belongs to current-API operations only")
		}
		return
	}
	if op.RateLimit <= 0 {
		add("route-limits", op, "%s is %v, want a positive integer (requests per minute per organization)", ExtRateLimit, limit)
	}
	if op.MCPTool == "" {
		add("route-limits", op, "no %s naming Breakcold's MCP tool for the operation", ExtMCPTool)
	}
}

func checkSecurity(doc *openapi3.T, op *Operation, declared map[string]string, add addFunc) {
	if op.Op.Security == nil {
		add("security", op, "no operation-level security requirement")
		return
	}
	reqs := *op.Op.Security
	switch op.Generation {
	case Current:
		if len(reqs) != 1 || len(reqs[0]) != 1 || reqs[0][BearerScheme] == nil {
			add("security", op, "current-API operations need exactly [{%s: [scopes]}]", BearerScheme)
			return
		}
		for _, s := range reqs[0][BearerScheme] {
			if _, ok := declared[s]; !ok {
				add("security", op, "scope %q is not declared in %s on %s", s, ExtScopes, BearerScheme)
			}
		}
		if op.Procedure != "" {
			add("security", op, "%s belongs to legacy operations only", ExtProcedure)
		}
	case Legacy:
		if len(reqs) != 1 || len(reqs[0]) != 1 || reqs[0][LegacyScheme] == nil || len(reqs[0][LegacyScheme]) != 0 {
			add("security", op, "legacy operations need exactly [{%s: []}]", LegacyScheme)
		}
		if op.Procedure == "" {
			add("security", op, "legacy operations need %s (the procedure their errors name)", ExtProcedure)
		}
		item := doc.Paths.Value(op.Path)
		if item == nil || item.Servers == nil || len(item.Servers) != 1 || item.Servers[0].URL != LegacyServer {
			add("security", op, "legacy paths need servers: [{url: %s}]", LegacyServer)
		}
	}
}

func checkStatuses(op *Operation, add addFunc) {
	want := []int{400, 401, 403, 429}
	if strings.Contains(op.Path, "{") {
		want = append(want, 404)
	}
	if op.Op.RequestBody != nil {
		want = append(want, 413)
	}
	for _, code := range want {
		if !op.HasStatus(code) {
			add("statuses", op, "no %d response", code)
		}
	}
	var success []int
	for _, code := range op.Statuses() {
		if code >= 200 && code < 300 {
			success = append(success, code)
		}
	}
	if len(success) != 1 {
		add("statuses", op, "has 2xx responses %v, want exactly one", success)
	}
	if op.Op.Responses != nil && op.Op.Responses.Default() != nil {
		add("statuses", op, "has a default response; document each status instead")
	}
}

func checkResponses(op *Operation, add addFunc) {
	if op.Op.Responses == nil {
		return
	}
	envelope := "#/components/schemas/Error"
	if op.Generation == Legacy {
		envelope = "#/components/schemas/LegacyError"
	}
	for _, code := range op.Statuses() {
		resp := op.Op.Responses.Value(fmt.Sprint(code)).Value
		if resp == nil {
			continue
		}
		for _, h := range RateLimitHeaders {
			checkHeaderRef(op, code, resp, h, add)
		}
		if code == 429 {
			checkHeaderRef(op, code, resp, "Retry-After", add)
		}
		if code >= 400 {
			mt := resp.Content.Get("application/json")
			if mt == nil || mt.Schema == nil || mt.Schema.Ref != envelope {
				add("error-envelope", op, "%d response must be application/json with schema %s", code, envelope)
			}
		}
	}
}

// checkHeaderRef wants the header declared by reference to its generation's
// component: components/headers/<name> on the current API, where Breakcold documents
// none of them (the components are optional), and components/headers/Legacy-<name>
// on the legacy API, which documents them (required).
func checkHeaderRef(op *Operation, code int, resp *openapi3.Response, name string, add addFunc) {
	want := "#/components/headers/" + name
	if op.Generation == Legacy {
		want = "#/components/headers/Legacy-" + name
	}
	ref := resp.Headers[name]
	switch {
	case ref == nil:
		add("rate-limit-headers", op, "%d response does not declare %s", code, name)
	case ref.Ref != want:
		add("rate-limit-headers", op, "%d response declares %s as %q; reference %s", code, name, ref.Ref, want)
	case ref.Value != nil && ref.Value.Required != (op.Generation == Legacy):
		add("rate-limit-headers", op, "%d response: %s is required: %v; want it required on the legacy API only", code, name, ref.Value.Required)
	}
}

func checkExamples(op *Operation, add addFunc) {
	if rb := op.Op.RequestBody; rb != nil && rb.Value != nil {
		mt := rb.Value.Content.Get("application/json")
		if mt == nil {
			add("examples", op, "request body is not application/json")
		} else if mt.Example == nil && len(mt.Examples) == 0 {
			add("examples", op, "request body has no example")
		}
	}
	code := op.SuccessStatus()
	if code == 0 {
		return
	}
	resp := op.Op.Responses.Value(fmt.Sprint(code)).Value
	if resp == nil {
		return
	}
	mt := resp.Content.Get("application/json")
	if mt == nil {
		add("examples", op, "%d response is not application/json", code)
	} else if mt.Example == nil && len(mt.Examples) == 0 {
		add("examples", op, "%d response has no example", code)
	}
}
