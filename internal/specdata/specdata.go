// Package specdata is what the mock server needs of openapi.yaml at run time,
// prepared when the code is generated: the operations with their scopes, route
// rate limits and inputs, the request and webhook-data schemas, the declared
// scopes, and the document itself for tools that fetch it from the mock.
//
// The tables are Go composite literals the linker lays out as data, so a process
// that imports this package pays nothing to load them: no spec decoding, no
// reference resolution, no validator compilation at start-up. Validate checks a
// request's parameters and body against them with the subset of JSON Schema the
// spec's request schemas use; the generator (internal/cmd/specdatagen) refuses a
// schema that needs more, so a spec change cannot silently weaken the checks.
package specdata

import (
	_ "embed"
	"strings"

	"github.com/breakcold-go/breakcold/client"
)

//go:generate go run ../cmd/specdatagen -spec ../../openapi.yaml -out .

// Path prefixes of the two generations.
const (
	CurrentPrefix = "/api/v1"
	LegacyPrefix  = "/rest"
)

// GenerationOf tells which generation a request path (or spec path) belongs to.
func GenerationOf(path string) (client.Generation, bool) {
	switch {
	case path == CurrentPrefix || strings.HasPrefix(path, CurrentPrefix+"/"):
		return client.GenerationCurrent, true
	case path == LegacyPrefix || strings.HasPrefix(path, LegacyPrefix+"/"):
		return client.GenerationLegacy, true
	}
	return "", false
}

// Operation is one operation of the spec.
type Operation struct {
	ID         string
	Method     string
	Path       string // as written in the spec, e.g. /api/v1/records/{recordId}
	Generation client.Generation
	Scopes     []string // current API only, sorted; empty means any valid key
	Procedure  string   // legacy API only, e.g. lead.delete
	RateLimit  int      // current API only: route budget per minute per organization
	Params     []Param  // path-level and operation-level, in the spec's order
	Body       *Body    // nil when the operation takes no body
}

// Param is one declared parameter. Every parameter of the spec is a primitive in
// the default style (form, exploded, for the query), so one schema says it all.
type Param struct {
	Name     string
	In       string // path, query or header
	Required bool
	Schema   *Schema
}

// Body is an operation's request body.
type Body struct {
	Required bool
	Types    []string // media types, sorted
	Schema   *Schema  // of the application/json body; nil if none
}

// Type is a set of JSON types.
type Type uint8

// JSON types a schema allows.
const (
	TypeNull Type = 1 << iota
	TypeBoolean
	TypeInteger
	TypeNumber
	TypeString
	TypeArray
	TypeObject
)

// None marks an absent bound.
const None = -1

// Schema is one request or webhook-data schema, reduced to the keywords the
// spec's request schemas use. None marks an absent bound, nil an absent child.
type Schema struct {
	Name      string // the component's name, for messages; "" for inline schemas
	Types     Type   // 0 allows any type
	Format    string // checked: date-time, int32, int64; others are documentation
	Enum      []string
	MinLength int
	MaxLength int
	Pattern   string
	HasMin    bool
	Min       float64
	HasMax    bool
	Max       float64
	Items     *Schema
	MinItems  int
	MaxItems  int
	Unique    bool
	Props     []Property // sorted by name
	Required  []string
	Closed    bool // additionalProperties: false
	MinProps  int
	Default   string // JSON; "" when none
}

// Property is one named property of an object schema.
type Property struct {
	Name   string
	Schema *Schema
}

// Scope is a scope the spec declares on the bearer scheme.
type Scope struct {
	Name        string
	Description string
}

// Webhook is one of Breakcold's outbound events.
type Webhook struct {
	Event    string
	DataName string  // the component schema of the event's data
	Data     *Schema // that schema
}

// The document, as tools pointed at the mock fetch it: the files of package
// document, embedded rather than copied from its variables at init.
var (
	//go:embed document/openapi.json
	DocumentJSON string
	//go:embed document/openapi.yaml
	DocumentYAML string
)
