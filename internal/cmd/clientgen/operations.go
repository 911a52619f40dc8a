package main

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// operations writes a method per operation and an iterator per list operation.
func (g *gen) operations() ([]byte, error) {
	ops := g.ops
	var b bytes.Buffer
	b.WriteString(header + "package client\n\nimport (\n\t\"context\"\n\t\"iter\"\n\t\"net/http\"\n\t\"net/url\"\n)\n\n")
	for _, op := range ops {
		if err := g.operation(&b, op); err != nil {
			return nil, fmt.Errorf("%s: %w", g.rawIDs[op.Spec], err)
		}
	}
	for _, op := range ops {
		if err := g.iterator(&b, op); err != nil {
			return nil, fmt.Errorf("%s: %w", g.rawIDs[op.Spec], err)
		}
	}
	return b.Bytes(), nil
}

// result describes what a method returns: the success body's type and, for an
// envelope such as RecordEnvelope{record}, the field it unwraps.
type result struct {
	bodyType string // the success body's Go type
	field    string // envelope field to return; empty returns the body itself
	retType  string // what the method returns beside *Response
	slice    bool   // the body is an array: returned by value
	status   string
	schema   string // the success body's component schema
}

func (g *gen) result(op codegen.OperationDefinition) (result, error) {
	code, resp := successResponse(op.Spec)
	if code != "" {
		mt := resp.Content.Get("application/json")
		if mt == nil || mt.Schema == nil || mt.Schema.Ref == "" {
			return result{}, fmt.Errorf("response %s: want a $ref'd JSON schema", code)
		}
		name := refName(mt.Schema.Ref)
		r := result{bodyType: g.typeName(name), status: code, schema: name}
		s := mt.Schema.Value
		if strings.HasSuffix(name, "Envelope") && len(s.Properties) == 1 {
			for prop, ps := range s.Properties {
				if ps.Ref == "" {
					return result{}, fmt.Errorf("envelope %s: property %s is not a $ref", name, prop)
				}
				r.field = codegen.SchemaNameToTypeName(prop)
				r.retType = g.typeName(refName(ps.Ref))
			}
		} else {
			r.retType = r.bodyType
			r.slice = s.Type.Is("array")
		}
		return r, nil
	}
	return result{}, fmt.Errorf("no 2xx JSON response")
}

// bodyType is the Go type of an operation's JSON request body, or "".
func (g *gen) bodyType(op codegen.OperationDefinition) string {
	for _, body := range op.Bodies {
		if !body.IsJSON() || !body.Default {
			continue
		}
		// Every body is a component schema, so its type has a name of its own
		// (validated in operations).
		if mt := op.Spec.RequestBody.Value.Content.Get(body.ContentType); mt != nil && mt.Schema != nil && mt.Schema.Ref != "" {
			return g.typeName(refName(mt.Schema.Ref))
		}
		return "?" + op.OperationId
	}
	return ""
}

func legacy(op codegen.OperationDefinition) bool { return strings.HasPrefix(op.Path, "/rest") }

// method is the receiver and name of an operation's method: legacyListLeads is
// LegacyClient.ListLeads, getRecord is Client.GetRecord.
func method(op codegen.OperationDefinition) (recv, name string) {
	if legacy(op) {
		return "LegacyClient", strings.TrimPrefix(op.OperationId, "Legacy")
	}
	return "Client", op.OperationId
}

// methodRef is an operation's method as a doc link target: Client.GetRecord.
func (g *gen) methodRef(op codegen.OperationDefinition) string {
	recv, name := method(op)
	return recv + "." + name
}

// successResponse is an operation's one 2xx answer, or "" when it has none.
func successResponse(op *openapi3.Operation) (string, *openapi3.Response) {
	for _, code := range slices.Sorted(mapsKeys(op.Responses.Map())) {
		if ref := op.Responses.Value(code); strings.HasPrefix(code, "2") && ref != nil && ref.Value != nil {
			return code, ref.Value
		}
	}
	return "", nil
}

// idempotent reports whether sending op twice has the effect of sending it once,
// so that the client may retry it after a 5xx or a network error: the HTTP
// method says so, or the spec marks a read sent as POST (x-breakcold-idempotent).
func idempotent(op codegen.OperationDefinition) bool {
	switch op.Method {
	case "GET", "HEAD", "PUT", "DELETE", "OPTIONS":
		return true
	}
	v, _ := op.Spec.Extensions["x-breakcold-idempotent"].(bool)
	return v
}

func (g *gen) operation(b *bytes.Buffer, op codegen.OperationDefinition) error {
	res, err := g.result(op)
	if err != nil {
		return err
	}
	body := g.bodyType(op)
	if strings.HasPrefix(body, "?") {
		return fmt.Errorf("the request body is not a $ref to a component schema")
	}
	args := []string{"ctx context.Context"}
	pathExpr, err := pathExpression(op)
	if err != nil {
		return err
	}
	for _, p := range op.PathParams {
		args = append(args, p.GoVariableName()+" "+goParamType(p))
	}
	hasParams := len(op.QueryParams)+len(op.HeaderParams) > 0
	if hasParams {
		args = append(args, "params *"+op.OperationId+"Params")
	}
	if body != "" {
		args = append(args, "body "+body)
	}
	ret := "*" + res.retType
	if res.slice {
		ret = res.retType
	}
	g.doc(b, op, res)
	recv, name := method(op)
	status, err := strconv.Atoi(res.status)
	if err != nil {
		return fmt.Errorf("success status %q is not a number", res.status)
	}
	fmt.Fprintf(b, "func (c *%s) %s(%s) (%s, *Response, error) {\n", recv, name, strings.Join(args, ", "), ret)
	fmt.Fprintf(b, "\treq := &request{op: %q, method: http.Method%s, path: %s, idempotent: %t, status: %d, shape: &%s}\n",
		g.rawIDs[op.Spec], methodConst(op.Method), pathExpr, idempotent(op), status, g.shapeVarOf(res.schema))
	if hasParams {
		b.WriteString("\tif params != nil {\n\t\tq := url.Values{}\n")
		for _, p := range op.QueryParams {
			writeQuery(b, p)
		}
		b.WriteString("\t\treq.query = q\n")
		if len(op.HeaderParams) > 0 {
			b.WriteString("\t\treq.headers = http.Header{}\n")
		}
		for _, p := range op.HeaderParams {
			writeHeader(b, p)
		}
		b.WriteString("\t}\n")
	}
	if body != "" {
		b.WriteString("\treq.body = body\n")
	}
	fmt.Fprintf(b, "\tvar out %s\n\tresp, err := c.do(ctx, req, &out)\n\tif err != nil {\n", res.bodyType)
	if res.slice {
		b.WriteString("\t\treturn nil, resp, err\n\t}\n\treturn out, resp, nil\n}\n\n")
		return nil
	}
	b.WriteString("\t\treturn nil, resp, err\n\t}\n")
	if res.field != "" {
		fmt.Fprintf(b, "\treturn &out.%s, resp, nil\n}\n\n", res.field)
	} else {
		b.WriteString("\treturn &out, resp, nil\n}\n\n")
	}
	return nil
}

func methodConst(m string) string { return m[:1] + strings.ToLower(m[1:]) }

func goParamType(p codegen.ParameterDefinition) string {
	if p.Spec.Schema != nil && p.Spec.Schema.Value != nil && p.Spec.Schema.Value.Type.Is("string") {
		return "string"
	}
	return p.TypeDef()
}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

// pathExpression builds the request path, escaping each path parameter.
func pathExpression(op codegen.OperationDefinition) (string, error) {
	names := map[string]codegen.ParameterDefinition{}
	for _, p := range op.PathParams {
		names[p.ParamName] = p
	}
	var parts []string
	rest := op.Path
	for {
		loc := pathParam.FindStringSubmatchIndex(rest)
		if loc == nil {
			if rest != "" {
				parts = append(parts, strconv.Quote(rest))
			}
			break
		}
		if loc[0] > 0 {
			parts = append(parts, strconv.Quote(rest[:loc[0]]))
		}
		p, ok := names[rest[loc[2]:loc[3]]]
		if !ok {
			return "", fmt.Errorf("path %s: no parameter %s", op.Path, rest[loc[2]:loc[3]])
		}
		v := p.GoVariableName()
		if goParamType(p) != "string" {
			v = "formatValue(" + v + ")"
		}
		parts = append(parts, "url.PathEscape("+v+")")
		rest = rest[loc[1]:]
	}
	return strings.Join(parts, " + "), nil
}

func writeQuery(b *bytes.Buffer, p codegen.ParameterDefinition) {
	field := "params." + p.GoName()
	s := p.Spec.Schema.Value
	isArray := s != nil && s.Type.Is("array")
	ptr := p.HasOptionalPointer()
	val := field
	if ptr {
		fmt.Fprintf(b, "\t\tif %s != nil {\n", field)
		val = "*" + field
	} else {
		b.WriteString("\t\t{\n")
	}
	if isArray {
		fmt.Fprintf(b, "\t\t\tfor _, v := range %s {\n\t\t\t\tq.Add(%q, formatValue(v))\n\t\t\t}\n", val, p.ParamName)
	} else {
		fmt.Fprintf(b, "\t\t\tq.Set(%q, formatValue(%s))\n", p.ParamName, val)
	}
	b.WriteString("\t\t}\n")
}

func writeHeader(b *bytes.Buffer, p codegen.ParameterDefinition) {
	field := "params." + p.GoName()
	if p.HasOptionalPointer() {
		fmt.Fprintf(b, "\t\tif %s != nil {\n\t\t\treq.headers.Set(%q, formatValue(*%s))\n\t\t}\n", field, p.ParamName, field)
		return
	}
	fmt.Fprintf(b, "\t\treq.headers.Set(%q, formatValue(%s))\n", p.ParamName, field)
}

// doc writes a method's comment: what it does, its route, the scopes it needs,
// its route rate limit where the spec documents one, and its errors.
func (g *gen) doc(b *bytes.Buffer, op codegen.OperationDefinition, res result) {
	_, name := method(op)
	fmt.Fprintf(b, "// %s %s.\n//\n//\t%s %s\n//\n", name, thirdPerson(op.Spec.Summary), op.Method, op.Path)
	if legacy(op) {
		b.WriteString("// Legacy API: needs a breakcold-usr-… key.")
	} else if scopes := requiredScopes(op); len(scopes) > 0 {
		fmt.Fprintf(b, "// Scopes: %s.", strings.Join(scopes, ", "))
	} else {
		b.WriteString("// Scopes: any valid key.")
	}
	if n, ok := rateLimit(op.Spec); ok {
		fmt.Fprintf(b, " Route rate limit: %d requests per minute per organization.", n)
	}
	b.WriteString("\n//\n")
	var errs []string
	seen := map[string]bool{}
	var tail strings.Builder
	for _, code := range slices.Sorted(mapsKeys(op.Spec.Responses.Map())) {
		n, err := strconv.Atoi(code)
		if err != nil || n < 300 {
			continue
		}
		if s := sentinelName(n); s != "" && !seen[s] {
			seen[s] = true
			errs = append(errs, s)
		}
	}
	fmt.Fprintf(&tail, "It returns the %s answer's body", res.status)
	if res.field != "" {
		fmt.Fprintf(&tail, " unwrapped from %s.%s", res.bodyType, res.field)
	}
	tail.WriteString(". Errors are *Error values matching ")
	tail.WriteString(strings.Join(errs, ", "))
	tail.WriteString(" with errors.Is; a success answer the spec does not allow is an *UnexpectedResponseError.")
	if idempotent(op) {
		tail.WriteString(" Safe to retry: the client retries it after a 5xx or a network error.")
	} else {
		tail.WriteString(" Not retried after a 5xx or a network error, since it may have taken effect.")
	}
	b.WriteString(wrap(tail.String(), 80))
}

// wrap breaks text into comment lines of at most width characters.
func wrap(text string, width int) string {
	var b strings.Builder
	line := "//"
	for _, w := range strings.Fields(text) {
		if len(line)+1+len(w) > width && line != "//" {
			b.WriteString(line + "\n")
			line = "//"
		}
		line += " " + w
	}
	b.WriteString(line + "\n")
	return b.String()
}

// thirdPerson turns a summary such as "List records" into "lists records".
func thirdPerson(summary string) string {
	summary = strings.TrimSuffix(strings.TrimSpace(summary), ".")
	verb, rest, _ := strings.Cut(summary, " ")
	verb = conjugate(strings.ToLower(verb))
	if _, more, ok := strings.Cut(rest, " "); ok && strings.HasPrefix(rest, "or ") {
		// "List or search records": both verbs agree with the subject.
		verb2, after, _ := strings.Cut(more, " ")
		rest = "or " + conjugate(verb2) + " " + after
	}
	if rest == "" {
		return verb
	}
	return verb + " " + rest
}

func conjugate(verb string) string {
	switch {
	case strings.HasSuffix(verb, "s"), strings.HasSuffix(verb, "sh"), strings.HasSuffix(verb, "ch"), strings.HasSuffix(verb, "x"):
		verb += "es"
	default:
		verb += "s"
	}
	return verb
}

func requiredScopes(op codegen.OperationDefinition) []string {
	var out []string
	if op.Spec.Security == nil {
		return out
	}
	for _, req := range *op.Spec.Security {
		for _, scopes := range req {
			out = append(out, scopes...)
		}
	}
	return out
}

// rateLimit reads x-breakcold-rate-limit: the route's budget per minute.
func rateLimit(op *openapi3.Operation) (int, bool) {
	switch v := op.Extensions["x-breakcold-rate-limit"].(type) {
	case float64:
		return int(v), true
	case int:
		return v, true
	case map[string]any:
		if n, ok := v["perMinute"].(float64); ok {
			return int(n), true
		}
	}
	return 0, false
}

// sentinelName is the client's errors.Is sentinel for a status; it mirrors
// sentinel in client/errors.go.
func sentinelName(status int) string {
	switch status {
	case 400, 413, 415, 422:
		return "ErrInvalidRequest"
	case 401:
		return "ErrUnauthorized"
	case 403:
		return "ErrForbidden"
	case 404:
		return "ErrNotFound"
	case 409:
		return "ErrConflict"
	case 429:
		return "ErrRateLimited"
	}
	if status >= 500 {
		return "ErrServer"
	}
	return ""
}

// iterator writes All… for a list operation: a current-API list takes a cursor
// query parameter and answers {data, pagination}; a legacy list takes
// {pagination: {page, page_size}} in its body and answers {…items, pagination}.
func (g *gen) iterator(b *bytes.Buffer, op codegen.OperationDefinition) error {
	res, err := g.result(op)
	if err != nil || res.field != "" || res.slice {
		return nil
	}
	schema := g.spec.Components.Schemas[res.bodyType]
	if schema == nil {
		return nil
	}
	props := schema.Value.Properties
	if props["pagination"] == nil {
		return nil
	}
	var itemsField, itemType string
	for _, name := range slices.Sorted(mapsKeys(props)) {
		p := props[name]
		if p.Value != nil && p.Value.Type.Is("array") && p.Value.Items != nil && p.Value.Items.Ref != "" {
			itemsField, itemType = codegen.SchemaNameToTypeName(name), g.typeName(refName(p.Value.Items.Ref))
		}
	}
	if itemsField == "" {
		return fmt.Errorf("list %s has pagination but no array of $ref items", res.bodyType)
	}
	recv, method := method(op)
	name := "All" + strings.TrimPrefix(method, "List")
	var pathArgs, pathVals []string
	for _, p := range op.PathParams {
		pathArgs = append(pathArgs, p.GoVariableName()+" "+goParamType(p))
		pathVals = append(pathVals, p.GoVariableName())
	}
	call := func(last string) string {
		return "c." + method + "(ctx, " + strings.Join(append(slices.Clone(pathVals), last), ", ") + ")"
	}
	if legacy(op) {
		body := g.bodyType(op)
		if body == "" {
			return fmt.Errorf("legacy list without a body")
		}
		bodySchema := op.Spec.RequestBody.Value.Content.Get("application/json").Schema.Value
		setCursor := ""
		if bodySchema.Properties["cursor"] != nil {
			// Breakcold's own clients send the page number in cursor as well.
			setCursor = "\t\tr.Cursor = NewNullable(float32(page))\n"
		}
		fmt.Fprintf(b, "// %s iterates over %s, page by page from req.Pagination (0-based pages; a short\n// page is the last). It stops after the first error.\n", name, method)
		fmt.Fprintf(b, "func (c *%s) %s(%s) iter.Seq2[%s, error] {\n", recv, name, strings.Join(append(append([]string{"ctx context.Context"}, pathArgs...), "req "+body), ", "), itemType)
		fmt.Fprintf(b, "\treturn pageSeq(req.Pagination, func(page, size int) ([]%s, int, error) {\n\t\tr := req\n\t\tr.Pagination = pageRequest(page, size)\n%s", itemType, setCursor)
		fmt.Fprintf(b, "\t\tout, _, err := %s\n\t\tif err != nil {\n\t\t\treturn nil, 0, err\n\t\t}\n\t\treturn out.%s, out.Pagination.PageSize, nil\n\t})\n}\n\n", call("r"), itemsField)
		return nil
	}
	if !slices.ContainsFunc(op.QueryParams, func(p codegen.ParameterDefinition) bool { return p.ParamName == "cursor" }) {
		return nil
	}
	params := op.OperationId + "Params"
	fmt.Fprintf(b, "// %s iterates over %s, following pagination.cursor from params (nil\n// for the defaults). It stops after the first error.\n", name, method)
	fmt.Fprintf(b, "func (c *%s) %s(%s) iter.Seq2[%s, error] {\n", recv, name, strings.Join(append(append([]string{"ctx context.Context"}, pathArgs...), "params *"+params), ", "), itemType)
	fmt.Fprintf(b, "\treturn cursorSeq(params, func(p *%s) ([]%s, Pagination, error) {\n", params, itemType)
	fmt.Fprintf(b, "\t\tout, _, err := %s\n\t\tif err != nil {\n\t\t\treturn nil, Pagination{}, err\n\t\t}\n\t\treturn out.%s, out.Pagination, nil\n\t}, func(p *%s, cursor string) { p.Cursor = &cursor })\n}\n\n", call("p"), itemsField, params)
	return nil
}
