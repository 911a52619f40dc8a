package main

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// vocabulary writes the scopes, the server URLs and the String methods.
func (g *gen) vocabulary(structs []string) []byte {
	var b bytes.Buffer
	b.WriteString(header + "package client\n\n")
	b.WriteString("// Scope is a permission of a current-API key. Each operation's documentation\n// names the scopes it needs.\ntype Scope string\n\n")
	b.WriteString("// The scopes the current API defines (x-breakcold-scopes in the spec).\nconst (\n")
	scopes := g.scopes()
	names := slices.Sorted(mapsKeys(scopes))
	for _, s := range names {
		fmt.Fprintf(&b, "\t// %s: %s.\n\t%s Scope = %q\n", scopeConst(s), strings.TrimSuffix(scopes[s], "."), scopeConst(s), s)
	}
	b.WriteString(")\n\n// Scopes lists every scope, in a stable order.\nfunc Scopes() []Scope {\n\treturn []Scope{")
	for _, s := range names {
		b.WriteString(scopeConst(s) + ", ")
	}
	b.WriteString("}\n}\n\n")
	b.WriteString("// Base URLs of the current API per region, from the spec's servers.\nconst (\n")
	for _, s := range g.spec.Servers {
		fmt.Fprintf(&b, "\tBaseURL%s = %q\n", strings.ToUpper(s.Description), s.URL)
	}
	b.WriteString(")\n\n")
	for _, s := range structs {
		fmt.Fprintf(&b, "// String returns v as JSON, so that %%v shows values rather than pointers.\nfunc (v %s) String() string { return jsonString(v) }\n\n", s)
	}
	return b.Bytes()
}

func (g *gen) scopes() map[string]string {
	out := map[string]string{}
	ss := g.spec.Components.SecuritySchemes["bearerAuth"]
	if ss == nil || ss.Value == nil {
		return out
	}
	if m, ok := ss.Value.Extensions["x-breakcold-scopes"].(map[string]any); ok {
		for k, v := range m {
			out[k] = fmt.Sprint(v)
		}
	}
	return out
}

// scopeConst names a scope's constant: records:read → ScopeRecordsRead.
func scopeConst(s string) string {
	var b strings.Builder
	b.WriteString("Scope")
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ':' || r == '-' || r == '_' }) {
		if part == "crm" {
			b.WriteString("CRM") // crm-metadata:read → ScopeCRMMetadataRead
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}
