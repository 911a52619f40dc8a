package main

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// shapes writes shapes.gen.go: a shape (client/shape.go) per component schema
// that a success body reaches, one variable each, named after its Go type, so
// that an edit of one schema changes the lines of that schema only.
func (g *gen) shapes() ([]byte, error) {
	var roots []string
	for _, op := range g.ops {
		res, err := g.result(op)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", g.rawIDs[op.Spec], err)
		}
		roots = append(roots, res.schema)
	}
	w := &shapeWriter{g: g, done: map[string]bool{}, onPath: map[string]bool{}}
	for _, name := range roots {
		if err := w.component(name); err != nil {
			return nil, err
		}
	}
	slices.Sort(w.names)
	var b bytes.Buffer
	b.WriteString(header + "package client\n\n")
	b.WriteString("// What the spec allows each success body to be; see shape.go.\nvar (\n")
	for _, name := range w.names {
		b.WriteString(w.decls[name])
	}
	b.WriteString(")\n")
	return b.Bytes(), nil
}

// shapeVar names the variable of a component schema's shape.
func (g *gen) shapeVarOf(schema string) string { return "shape" + g.typeName(schema) }

type shapeWriter struct {
	g      *gen
	done   map[string]bool
	onPath map[string]bool // components being written, to refuse cycles
	names  []string
	decls  map[string]string
}

func (w *shapeWriter) component(name string) error {
	if w.done[name] {
		return nil
	}
	if w.onPath[name] {
		return fmt.Errorf("schema %s refers to itself; shapes do not support cycles", name)
	}
	ref := w.g.spec.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		return fmt.Errorf("no component schema %s", name)
	}
	w.onPath[name] = true
	lit, err := w.literal(ref.Value, name)
	delete(w.onPath, name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	w.done[name] = true
	if w.decls == nil {
		w.decls = map[string]string{}
	}
	v := w.g.shapeVarOf(name)
	w.names = append(w.names, v)
	w.decls[v] = "\t" + v + " = " + lit + "\n"
	return nil
}

// ref is the Go expression for a schema reference: the address of a
// component's variable, or an inline literal.
func (w *shapeWriter) ref(s *openapi3.SchemaRef) (string, error) {
	if s == nil || s.Value == nil {
		return "nil", nil
	}
	if s.Ref != "" {
		name := refName(s.Ref)
		if err := w.component(name); err != nil {
			return "", err
		}
		return "&" + w.g.shapeVarOf(name), nil
	}
	lit, err := w.literal(s.Value, "")
	if err != nil {
		return "", err
	}
	if lit == "shape{}" {
		return "nil", nil // any value
	}
	return "&" + lit, nil
}

func (w *shapeWriter) literal(s *openapi3.Schema, name string) (string, error) {
	var fields []string
	if k := kinds(s); k != "" {
		fields = append(fields, "kinds: "+k)
	}
	if len(s.Properties) > 0 {
		order := slices.Clone(s.Required)
		for _, p := range slices.Sorted(mapsKeys(s.Properties)) {
			if !slices.Contains(order, p) {
				order = append(order, p)
			}
		}
		if len(s.Required) > 64 {
			return "", fmt.Errorf("%d required properties; a shape checks at most 64", len(s.Required))
		}
		var props []string
		for _, p := range order {
			ps, ok := s.Properties[p]
			if !ok {
				return "", fmt.Errorf("required property %s is not declared", p)
			}
			inner, err := w.ref(ps)
			if err != nil {
				return "", fmt.Errorf("%s: %w", p, err)
			}
			props = append(props, fmt.Sprintf("{%q, %s}", p, inner))
		}
		if name != "" {
			// One property a line: adding a property to the spec adds a line.
			fields = append(fields, "props: []prop{\n"+strings.Join(props, ",\n")+",\n}")
		} else {
			fields = append(fields, "props: []prop{"+strings.Join(props, ", ")+"}")
		}
		if len(s.Required) > 0 {
			fields = append(fields, "required: "+strconv.Itoa(len(s.Required)))
		}
	}
	if s.Items != nil {
		items, err := w.ref(s.Items)
		if err != nil {
			return "", fmt.Errorf("items: %w", err)
		}
		if items != "nil" {
			fields = append(fields, "items: "+items)
		}
	}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		values, err := w.ref(ap)
		if err != nil {
			return "", fmt.Errorf("additionalProperties: %w", err)
		}
		if values != "nil" {
			fields = append(fields, "values: "+values)
		}
	}
	if len(fields) > 0 && name != "" {
		fields = append(fields, fmt.Sprintf("name: %q", w.g.typeName(name)))
	}
	return "shape{" + strings.Join(fields, ", ") + "}", nil
}

// kindNames are client/shape.go's constants for the JSON Schema types.
var kindNames = map[string]string{
	"object": "kindObject", "array": "kindArray", "string": "kindString", "number": "kindNumber",
	"integer": "kindInteger", "boolean": "kindBool", "null": "kindNull",
}

// kinds is the Go expression of the JSON types a schema allows, "" for any.
func kinds(s *openapi3.Schema) string {
	if s.Type == nil || len(*s.Type) == 0 {
		return ""
	}
	var out []string
	for _, t := range *s.Type {
		if k, ok := kindNames[t]; ok {
			out = append(out, k)
		}
	}
	if s.Nullable && !slices.Contains(out, "kindNull") {
		out = append(out, "kindNull")
	}
	return strings.Join(out, " | ")
}

// minimal is the smallest JSON value a schema allows with every required
// property present, for the tests' well-formed answers.
func minimal(s *openapi3.SchemaRef) string {
	if s == nil || s.Value == nil {
		return "null"
	}
	v := s.Value
	types := []string{}
	if v.Type != nil {
		types = slices.DeleteFunc(slices.Clone(*v.Type), func(t string) bool { return t == "null" })
	}
	if len(types) == 0 {
		if len(v.Properties) > 0 {
			types = []string{"object"}
		} else {
			return "null"
		}
	}
	switch types[0] {
	case "object":
		var parts []string
		for _, p := range v.Required {
			parts = append(parts, strconv.Quote(p)+":"+minimal(v.Properties[p]))
		}
		return "{" + strings.Join(parts, ",") + "}"
	case "array":
		return "[]"
	case "string":
		switch {
		case len(v.Enum) > 0:
			return strconv.Quote(fmt.Sprint(v.Enum[0]))
		case v.Format == "date-time":
			return `"2026-01-02T03:04:05Z"`
		case v.Format == "date":
			return `"2026-01-02"`
		}
		return `""`
	case "integer", "number":
		return "0"
	case "boolean":
		return "false"
	}
	return "null"
}
