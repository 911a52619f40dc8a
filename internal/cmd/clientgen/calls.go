package main

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// calls writes, for the client's tests, a table that calls every operation
// method with placeholder arguments and one that drains every iterator, so the
// tests cover each generated method without reflection. Each entry carries the
// smallest success body the spec allows, so a test can answer correctly and
// then break the answer.
func (g *gen) calls() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(header + "package client\n\nimport \"context\"\n\n")
	b.WriteString("// generatedCalls calls each operation's method with \"id_1\" for every path\n// parameter, nil parameters and a zero body; ok reports a non-nil result. body\n// is the smallest success body the spec allows, answered with status.\n")
	b.WriteString("var generatedCalls = []struct {\n\tid     string\n\tstatus int\n\tbody   string\n\tcall   func(context.Context, *Client, *LegacyClient) (ok bool, resp *Response, err error)\n}{\n")
	for _, op := range g.ops {
		res, err := g.result(op)
		if err != nil {
			return nil, err
		}
		args := []string{"ctx"}
		for range op.PathParams {
			args = append(args, `"id_1"`)
		}
		if len(op.QueryParams)+len(op.HeaderParams) > 0 {
			args = append(args, "nil")
		}
		if body := g.bodyType(op); body != "" {
			args = append(args, body+"{}")
		}
		recv, name := method(op)
		c := "c"
		if recv == "LegacyClient" {
			c = "lc"
		}
		// A slice result decoded from [] is non-nil too.
		fmt.Fprintf(&b, "\t{%q, %s, %s, func(ctx context.Context, c *Client, lc *LegacyClient) (bool, *Response, error) {\n\t\tv, resp, err := %s.%s(%s)\n\t\treturn v != nil, resp, err\n\t}},\n",
			g.rawIDs[op.Spec], res.status, strconv.Quote(minimal(g.spec.Components.Schemas[res.schema])), c, name, strings.Join(args, ", "))
	}
	b.WriteString("}\n\n")
	b.WriteString("// generatedIterators drains each All… iterator and counts its items. page is\n// the smallest list body the spec allows, items the property that holds the\n// items and item the smallest item.\n")
	b.WriteString("var generatedIterators = []struct {\n\tname  string\n\tpage  string\n\titems string\n\titem  string\n\tdrain func(context.Context, *Client, *LegacyClient) (int, error)\n}{\n")
	for _, op := range g.ops {
		var one bytes.Buffer
		if err := g.iterator(&one, op); err != nil {
			return nil, err
		}
		m := iteratorDecl.FindStringSubmatch(one.String())
		if m == nil {
			continue
		}
		recv, name, params := m[1], m[2], m[3]
		args := []string{"ctx"}
		for _, a := range strings.Split(params, ", ")[1:] {
			_, typ, _ := strings.Cut(a, " ")
			switch {
			case typ == "string":
				args = append(args, `"id_1"`)
			case strings.HasPrefix(typ, "*"):
				args = append(args, "nil")
			default:
				args = append(args, typ+"{}")
			}
		}
		c := "c"
		if recv == "LegacyClient" {
			c = "lc"
		}
		res, _ := g.result(op)
		page := g.spec.Components.Schemas[res.schema]
		itemsKey, itemSchema := "", ""
		for _, p := range slices.Sorted(mapsKeys(page.Value.Properties)) {
			if ps := page.Value.Properties[p]; ps.Value != nil && ps.Value.Type.Is("array") && ps.Value.Items != nil && ps.Value.Items.Ref != "" {
				itemsKey, itemSchema = p, refName(ps.Value.Items.Ref)
			}
		}
		fmt.Fprintf(&b, "\t{%q, %s, %q, %s, func(ctx context.Context, c *Client, lc *LegacyClient) (int, error) {\n\t\tn := 0\n\t\tfor _, err := range %s.%s(%s) {\n\t\t\tif err != nil {\n\t\t\t\treturn n, err\n\t\t\t}\n\t\t\tn++\n\t\t}\n\t\treturn n, nil\n\t}},\n",
			recv+"."+name, strconv.Quote(minimal(page)), itemsKey, strconv.Quote(minimal(g.spec.Components.Schemas[itemSchema])), c, name, strings.Join(args, ", "))
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

var iteratorDecl = regexp.MustCompile(`func \(c \*(\w+)\) (All\w+)\(([^)]*)\)`)
