package main

import (
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

// nameEnums fixes the Go names of enum values before oapi-codegen sees them.
// Every constant is prefixed with its type's name (AlwaysPrefixEnumValues), so a
// name the spec writes with that prefix already (x-enum-varnames:
// [RelationCardinalityOneToOne, …]) loses it here, and SCREAMING_SNAKE values
// read as Go words: BAD_REQUEST becomes LegacyErrorCodeBadRequest, not
// LegacyErrorCodeBADREQUEST. Three-letter codes (USD) stay as written.
func nameEnums(spec *openapi3.T) {
	for name, ref := range spec.Components.Schemas {
		if ref.Value != nil {
			nameEnum(name, ref.Value)
		}
	}
}

func nameEnum(typeName string, s *openapi3.Schema) {
	if len(s.Enum) == 0 {
		return
	}
	if names, ok := s.Extensions["x-enum-varnames"].([]any); ok {
		for i, n := range names {
			if str, ok := n.(string); ok && len(str) > len(typeName) {
				names[i] = strings.TrimPrefix(str, typeName)
			}
		}
		return
	}
	names := make([]any, 0, len(s.Enum))
	for _, v := range s.Enum {
		str, ok := v.(string)
		if !ok || !screaming(str) {
			return // oapi-codegen's own camel case serves
		}
		names = append(names, screamingToCamel(str))
	}
	if s.Extensions == nil {
		s.Extensions = map[string]any{}
	}
	s.Extensions["x-enum-varnames"] = names
}

// screaming reports whether v is written in capitals (and underscores).
func screaming(v string) bool {
	return v != "" && strings.IndexFunc(v, func(r rune) bool { return !unicode.IsUpper(r) && r != '_' && !unicode.IsDigit(r) }) < 0
}

func screamingToCamel(v string) string {
	if len(v) == 3 && !strings.Contains(v, "_") {
		return v // an ISO code: USD, EUR
	}
	var b strings.Builder
	for _, w := range strings.Split(v, "_") {
		if w != "" {
			b.WriteString(w[:1] + strings.ToLower(w[1:]))
		}
	}
	return b.String()
}
