package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// usage says where the operations meet each component schema, so that a type
// the spec does not describe still gets a doc comment that tells users where it
// comes from, instead of oapi-codegen's "X defines model for X".
type usage struct {
	body     map[string][]string // schema → methods that take it as the request body
	inBody   map[string][]string // schema → methods whose request body holds it
	response map[string][]string // schema → methods whose success body it is
	within   map[string][]string // schema → methods whose success body holds it
}

func (g *gen) usage() usage {
	u := usage{body: map[string][]string{}, inBody: map[string][]string{}, response: map[string][]string{}, within: map[string][]string{}}
	for _, op := range g.ops {
		m := g.methodRef(op)
		if rb := op.Spec.RequestBody; rb != nil && rb.Value != nil {
			if mt := rb.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil && mt.Schema.Ref != "" {
				u.body[refName(mt.Schema.Ref)] = append(u.body[refName(mt.Schema.Ref)], m)
				walkRefs(mt.Schema, func(name string) { u.inBody[name] = append(u.inBody[name], m) })
			}
		}
		if code, resp := successResponse(op.Spec); code != "" {
			if mt := resp.Content.Get("application/json"); mt != nil && mt.Schema != nil && mt.Schema.Ref != "" {
				u.response[refName(mt.Schema.Ref)] = append(u.response[refName(mt.Schema.Ref)], m)
				walkRefs(mt.Schema, func(name string) { u.within[name] = append(u.within[name], m) })
			}
		}
	}
	return u
}

// walkRefs calls f once with the name of every component schema that top holds,
// at any depth, not counting top itself.
func walkRefs(top *openapi3.SchemaRef, f func(string)) {
	seen := map[string]bool{refName(top.Ref): true}
	var walk func(s *openapi3.SchemaRef)
	walk = func(s *openapi3.SchemaRef) {
		if s == nil || s.Value == nil {
			return
		}
		if s.Ref != "" {
			name := refName(s.Ref)
			if seen[name] {
				return
			}
			seen[name] = true
			f(name)
		}
		for _, p := range s.Value.Properties {
			walk(p)
		}
		walk(s.Value.Items)
		if ap := s.Value.AdditionalProperties.Schema; ap != nil {
			walk(ap)
		}
	}
	for _, p := range top.Value.Properties {
		walk(p)
	}
	walk(top.Value.Items)
}

// typeDoc is the doc comment of a generated type the spec gives no description.
func (g *gen) typeDoc(u usage, typeName, jsonName string) string {
	if parent, prop, ok := strings.Cut(jsonName, "."); ok {
		return fmt.Sprintf("%s is the type of %s's %s property.", typeName, g.typeName(parent), lowerFirst(prop))
	}
	if s := g.spec.Components.Parameters[jsonName]; s != nil && s.Value != nil && s.Value.Description != "" {
		return typeName + ": " + s.Value.Description
	}
	switch {
	case len(u.body[jsonName]) > 0:
		return fmt.Sprintf("%s is the request body of %s.", typeName, list(u.body[jsonName]))
	case len(u.response[jsonName]) > 0:
		return fmt.Sprintf("%s is the success body of %s.", typeName, list(u.response[jsonName]))
	case len(u.within[jsonName]) == 1:
		return fmt.Sprintf("%s is part of what %s returns.", typeName, list(u.within[jsonName]))
	case len(u.within[jsonName]) > 1:
		return fmt.Sprintf("%s is part of what %s return.", typeName, list(u.within[jsonName]))
	case len(u.inBody[jsonName]) > 0:
		return fmt.Sprintf("%s is part of the request body of %s.", typeName, list(u.inBody[jsonName]))
	}
	return fmt.Sprintf("%s is the spec's %s schema.", typeName, jsonName)
}

// list names methods as doc links: [Client.A], [Client.B] and 3 more.
func list(methods []string) string {
	methods = slices.Compact(slices.Clone(methods))
	var links []string
	for _, m := range methods[:min(len(methods), 3)] {
		links = append(links, "["+m+"]")
	}
	switch more := len(methods) - len(links); {
	case more > 0:
		return strings.Join(links, ", ") + fmt.Sprintf(" and %d more", more)
	case len(links) > 1:
		return strings.Join(links[:len(links)-1], ", ") + " and " + links[len(links)-1]
	}
	return links[0]
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

var (
	modelDoc  = regexp.MustCompile(`^// (\w+) defines model for ([\w.]+)\.$`)
	valuesDoc = regexp.MustCompile(`^// Defines values for (\w+)\.$`)
	paramsDoc = regexp.MustCompile(`^// (\w+) defines parameters for (\w+)\.$`)
	validDoc  = regexp.MustCompile(`^// Valid indicates whether the value is a known member of the (\w+) enum\.$`)
)

// rewriteDoc turns one of oapi-codegen's stock comments into one for users; it
// returns "" for a comment it leaves alone.
func (g *gen) rewriteDoc(u usage, comment string) string {
	if m := modelDoc.FindStringSubmatch(comment); m != nil {
		return wrap(g.typeDoc(u, m[1], m[2]), 80)
	}
	if m := valuesDoc.FindStringSubmatch(comment); m != nil {
		return fmt.Sprintf("// The values of %s the spec lists. The API may add values; the client\n// passes any value through.\n", m[1])
	}
	if m := paramsDoc.FindStringSubmatch(comment); m != nil {
		return fmt.Sprintf("// %s holds the query and header parameters of [%s].\n", m[1], g.methodRefByGoName(m[2]))
	}
	if m := validDoc.FindStringSubmatch(comment); m != nil {
		return fmt.Sprintf("// Valid reports whether the value is one of the values of %s the spec lists.\n", m[1])
	}
	return ""
}

// methodRefByGoName finds the method of an operation from oapi-codegen's Go name
// for it (ListCRMObjects).
func (g *gen) methodRefByGoName(goName string) string {
	for _, op := range g.ops {
		if op.OperationId == goName {
			return g.methodRef(op)
		}
	}
	return "Client." + goName
}
