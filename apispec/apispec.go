// Package apispec reads the Breakcold OpenAPI document and the facts this toolkit
// keeps in its extensions: which API generation an operation belongs to, the scopes
// it needs, how sure we are of it, its route rate limit, the Breakcold MCP tool that
// names it, and the legacy procedure name its errors report.
//
// The mock server, the contract suite and the spec's own tests all read these facts
// from here, so openapi.yaml stays the single source of truth.
package apispec

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/gen/breakcoldspec"
)

// Generation names one of the two API generations described by the spec. It is
// client.Generation, so the mock server and the client share it without linking
// this package.
type Generation = client.Generation

const (
	// Current is API v1: Bearer keys with scopes, paths under /api/v1, US and EU hosts.
	Current = client.GenerationCurrent
	// Legacy is the v3 API: x-api-key keys, paths under /rest, one host.
	Legacy = client.GenerationLegacy
)

// Path prefixes of the two generations.
const (
	CurrentPrefix = "/api/v1"
	LegacyPrefix  = "/rest"
)

// Security scheme names used by the spec.
const (
	BearerScheme = "bearerAuth"
	LegacyScheme = "legacyApiKey"
)

// Extension names used by the spec.
const (
	ExtProvenance = "x-breakcold-provenance"
	ExtProcedure  = "x-breakcold-procedure"
	ExtScopes     = "x-breakcold-scopes"
	// ExtRateLimit is a current-API operation's route budget: an integer, requests per
	// minute per organization.
	ExtRateLimit = "x-breakcold-rate-limit"
	// ExtMCPTool names the tool of Breakcold's MCP contract that calls the operation.
	ExtMCPTool = "x-breakcold-mcp-tool"
)

// Provenance values, from most to least certain:
//
//   - documented: an official reference page shows the method and path;
//   - mcp-contract: existence, scopes and inputs come from Breakcold's generated MCP
//     contract (tools.json); the REST path is inferred;
//   - client-code: seen in third-party code that calls the API;
//   - inferred: known to exist, but path and shape follow the API's naming patterns.
var Provenances = []string{"documented", "mcp-contract", "client-code", "inferred"}

// Operation is one operation of the spec with the toolkit's facts about it.
type Operation struct {
	ID         string
	Method     string
	Path       string // as written in the spec, e.g. /api/v1/records/{recordId}
	Generation Generation
	Scopes     []string // current API only; empty means any valid key
	Provenance string
	Procedure  string // legacy API only, e.g. lead.delete
	RateLimit  int    // current API only: route budget per minute per organization
	MCPTool    string // current API only: the Breakcold MCP tool for the operation
	Op         *openapi3.Operation
}

// String names the operation for messages: "getRecord (GET /api/v1/records/{recordId})".
func (o Operation) String() string {
	return fmt.Sprintf("%s (%s %s)", o.ID, o.Method, o.Path)
}

// SuccessStatus is the operation's one documented 2xx status.
func (o Operation) SuccessStatus() int {
	for _, code := range sortedStatuses(o.Op) {
		if code >= 200 && code < 300 {
			return code
		}
	}
	return 0
}

// Statuses lists the operation's documented statuses in ascending order.
func (o Operation) Statuses() []int { return sortedStatuses(o.Op) }

// HasStatus reports whether the operation documents the status.
func (o Operation) HasStatus(code int) bool {
	return o.Op.Responses != nil && o.Op.Responses.Value(fmt.Sprint(code)) != nil
}

// Load returns a fresh copy of the embedded spec (breakcoldspec.GetSpec). Each call
// decodes a new copy, so callers may change it (for example its servers) freely.
func Load() (*openapi3.T, error) {
	doc, err := breakcoldspec.GetSpec()
	if err != nil {
		return nil, fmt.Errorf("apispec: load embedded spec: %w", err)
	}
	return doc, nil
}

// GenerationOf tells which generation a request path (or spec path) belongs to.
func GenerationOf(path string) (Generation, bool) {
	switch {
	case path == CurrentPrefix || strings.HasPrefix(path, CurrentPrefix+"/"):
		return Current, true
	case path == LegacyPrefix || strings.HasPrefix(path, LegacyPrefix+"/"):
		return Legacy, true
	}
	return "", false
}

// Operations lists the spec's operations sorted by path and method. It fails when an
// operation cannot be placed in a generation; Check reports the finer rules.
func Operations(doc *openapi3.T) ([]Operation, error) {
	var ops []Operation
	for path, item := range doc.Paths.Map() {
		gen, ok := GenerationOf(path)
		if !ok {
			return nil, fmt.Errorf("apispec: path %s is under neither %s nor %s", path, CurrentPrefix, LegacyPrefix)
		}
		for method, op := range item.Operations() {
			o := Operation{
				ID:         op.OperationID,
				Method:     method,
				Path:       path,
				Generation: gen,
				Provenance: extString(op.Extensions, ExtProvenance),
				Procedure:  extString(op.Extensions, ExtProcedure),
				RateLimit:  extInt(op.Extensions, ExtRateLimit),
				MCPTool:    extString(op.Extensions, ExtMCPTool),
				Op:         op,
			}
			if gen == Current {
				o.Scopes = requiredScopes(op, doc)
			}
			ops = append(ops, o)
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].Path != ops[j].Path {
			return ops[i].Path < ops[j].Path
		}
		return methodRank(ops[i].Method) < methodRank(ops[j].Method)
	})
	return ops, nil
}

// Scopes lists the scopes the spec declares on the bearer scheme, with their descriptions.
func Scopes(doc *openapi3.T) map[string]string {
	out := map[string]string{}
	ref := doc.Components.SecuritySchemes[BearerScheme]
	if ref == nil || ref.Value == nil {
		return out
	}
	if m, ok := ref.Value.Extensions[ExtScopes].(map[string]any); ok {
		for k, v := range m {
			out[k], _ = v.(string)
		}
	}
	return out
}

// requiredScopes reads the scopes of the operation's bearer requirement (falling back
// to the document's), sorted.
func requiredScopes(op *openapi3.Operation, doc *openapi3.T) []string {
	reqs := doc.Security
	if op.Security != nil {
		reqs = *op.Security
	}
	var scopes []string
	for _, req := range reqs {
		scopes = append(scopes, req[BearerScheme]...)
	}
	slices.Sort(scopes)
	return slices.Compact(scopes)
}

func extString(ext map[string]any, key string) string {
	s, _ := ext[key].(string)
	return s
}

// extInt reads a whole-number extension; it is 0 when absent or not a whole number.
func extInt(ext map[string]any, key string) int {
	switch v := ext[key].(type) {
	case float64:
		if v == float64(int(v)) {
			return int(v)
		}
	case int:
		return v
	}
	return 0
}

func sortedStatuses(op *openapi3.Operation) []int {
	var codes []int
	if op.Responses == nil {
		return nil
	}
	for k := range op.Responses.Map() {
		var c int
		if _, err := fmt.Sscanf(k, "%d", &c); err == nil {
			codes = append(codes, c)
		}
	}
	slices.Sort(codes)
	return codes
}

func methodRank(m string) int {
	order := []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}
	if i := slices.Index(order, m); i >= 0 {
		return i
	}
	return len(order)
}
