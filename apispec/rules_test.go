package apispec

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func loadFixture(t *testing.T, data []byte) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	return doc
}

func TestCheckAcceptsGoodFixture(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc := loadFixture(t, data)
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("good fixture does not validate: %v", err)
	}
	if problems := Check(doc); len(problems) != 0 {
		t.Fatalf("good fixture: got problems %v, want none", problems)
	}
}

// Each case breaks one rule in a copy of testdata/good.yaml and names the rule and the
// operation Check must report, so no rule can pass vacuously.
func TestCheckReportsEachBrokenRule(t *testing.T) {
	t.Parallel()
	good, err := os.ReadFile("testdata/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		old, new string
		rule, op string
	}{
		{"undeclared scope", "bearerAuth: ['records:read']", "bearerAuth: ['records:erase']", "security", "getRecord"},
		{"current op without bearer", "bearerAuth: ['records:read']", "legacyApiKey: []", "security", "getRecord"},
		{"legacy op with bearer", "- legacyApiKey: []\n", "- bearerAuth: []\n", "security", "legacyCreateLead"},
		{"legacy op without procedure", "      x-breakcold-procedure: lead.create\n", "", "security", "legacyCreateLead"},
		{"legacy path without its server", "- {url: https://api.breakcold.com, description: Legacy}", "- {url: https://api.example.com}", "security", "legacyCreateLead"},
		{"provenance missing", "      x-breakcold-provenance: inferred\n", "", "provenance", "getRecord"},
		{"provenance unknown", "x-breakcold-provenance: inferred", "x-breakcold-provenance: rumour", "provenance", "getRecord"},
		{"route limit missing", "      x-breakcold-rate-limit: 180\n", "", "route-limits", "getRecord"},
		{"route limit not a whole number", "x-breakcold-rate-limit: 180", "x-breakcold-rate-limit: 1.5", "route-limits", "getRecord"},
		{"MCP tool missing", "      x-breakcold-mcp-tool: records_get\n", "", "route-limits", "getRecord"},
		{"route limit on a legacy op", "      x-breakcold-procedure: lead.create\n", "      x-breakcold-procedure: lead.create\n      x-breakcold-rate-limit: 60\n", "route-limits", "legacyCreateLead"},
		{"mcp-contract on a legacy op", "x-breakcold-provenance: documented", "x-breakcold-provenance: mcp-contract", "provenance", "legacyCreateLead"},
		{"link to no operation", "operationId: getRecord\n              parameters:", "operationId: getRecords\n              parameters:", "links", "getRecord"},
		{"link to a parameter the target lacks", "recordId: '$response.body#/id'", "recordID: '$response.body#/id'", "links", "getRecord"},
		{"link pointer that does not resolve", "recordId: '$response.body#/id'", "recordId: '$response.body#/uid'", "links", "getRecord"},
		{"link value that is no pointer", "recordId: '$response.body#/id'", "recordId: rc5f7h9j1k3m", "links", "getRecord"},
		{"no summary", "      summary: Get a record\n", "", "operation-docs", "getRecord"},
		{"undeclared tag", "tags: [Records]\n      x-breakcold", "tags: [Things]\n      x-breakcold", "operation-docs", "getRecord"},
		{"no 429", "        '429': {$ref: '#/components/responses/TooManyRequests'}\n", "", "statuses", "getRecord"},
		{"no 401", "        '401': {$ref: '#/components/responses/Unauthorized'}\n", "", "statuses", "getRecord"},
		{"no 403", "        '403': {$ref: '#/components/responses/Forbidden'}\n", "", "statuses", "getRecord"},
		{"no 404 on an id path", "        '404': {$ref: '#/components/responses/NotFound'}\n", "", "statuses", "getRecord"},
		{"no 413 with a body", "        '413': {$ref: '#/components/responses/LegacyBadRequest'}\n", "", "statuses", "legacyCreateLead"},
		{"success without Remaining", "          description: The record.\n          headers:\n            X-RateLimit-Limit: {$ref: '#/components/headers/X-RateLimit-Limit'}\n            X-RateLimit-Remaining: {$ref: '#/components/headers/X-RateLimit-Remaining'}\n", "          description: The record.\n          headers:\n            X-RateLimit-Limit: {$ref: '#/components/headers/X-RateLimit-Limit'}\n", "rate-limit-headers", "getRecord"},
		{"inline Reset header", "          description: The lead.\n          headers:\n            X-RateLimit-Limit: {$ref: '#/components/headers/Legacy-X-RateLimit-Limit'}\n            X-RateLimit-Remaining: {$ref: '#/components/headers/Legacy-X-RateLimit-Remaining'}\n            X-RateLimit-Reset: {$ref: '#/components/headers/Legacy-X-RateLimit-Reset'}\n", "          description: The lead.\n          headers:\n            X-RateLimit-Limit: {$ref: '#/components/headers/Legacy-X-RateLimit-Limit'}\n            X-RateLimit-Remaining: {$ref: '#/components/headers/Legacy-X-RateLimit-Remaining'}\n            X-RateLimit-Reset: {schema: {type: integer}}\n", "rate-limit-headers", "legacyCreateLead"},
		{"current header required", "    X-RateLimit-Limit: {required: false", "    X-RateLimit-Limit: {required: true", "rate-limit-headers", "getRecord"},
		{"legacy op with the current header", "          description: The lead.\n          headers:\n            X-RateLimit-Limit: {$ref: '#/components/headers/Legacy-X-RateLimit-Limit'}", "          description: The lead.\n          headers:\n            X-RateLimit-Limit: {$ref: '#/components/headers/X-RateLimit-Limit'}", "rate-limit-headers", "legacyCreateLead"},
		{"429 without Retry-After", "        X-RateLimit-Reset: {$ref: '#/components/headers/X-RateLimit-Reset'}\n        Retry-After: {$ref: '#/components/headers/Retry-After'}\n      content:\n        application/json:\n          schema: {$ref: '#/components/schemas/Error'}", "        X-RateLimit-Reset: {$ref: '#/components/headers/X-RateLimit-Reset'}\n      content:\n        application/json:\n          schema: {$ref: '#/components/schemas/Error'}", "rate-limit-headers", "getRecord"},
		{"legacy op with the current envelope", "'403': {$ref: '#/components/responses/LegacyBadRequest'}", "'403': {$ref: '#/components/responses/Forbidden'}", "error-envelope", "legacyCreateLead"},
		{"no response example", "              example: {id: rc5f7h9j1k3m, createdAt: 1760000000000}\n", "", "examples", "getRecord"},
		{"3.1-only keyword in a request body", "        email: {type: string}\n", "        email: {type: string, const: ada@example.com}\n", "request-schemas", "legacyCreateLead"},
		{"no request example", "            example: {email: ada@example.com}\n      responses:", "      responses:", "examples", "legacyCreateLead"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			broken := strings.Replace(string(good), tc.old, tc.new, 1)
			if broken == string(good) {
				t.Fatalf("fixture edit %q did not apply", tc.old)
			}
			problems := Check(loadFixture(t, []byte(broken)))
			for _, p := range problems {
				if p.Rule == tc.rule && strings.HasPrefix(p.Operation, tc.op+" ") {
					return
				}
			}
			t.Errorf("got problems %v, want rule %q on %s", problems, tc.rule, tc.op)
		})
	}
}

// The example check is doc.Validate's: show it rejects an example that breaks its schema.
func TestValidateRejectsInvalidExample(t *testing.T) {
	t.Parallel()
	good, err := os.ReadFile("testdata/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(good), "example: {id: rc5f7h9j1k3m, createdAt: 1760000000000}", "example: {id: rc5, createdAt: soon}", 1)
	err = loadFixture(t, []byte(broken)).Validate(context.Background())
	if err == nil || !strings.Contains(err.Error(), "example") {
		t.Fatalf("got %v, want an invalid-example error", err)
	}
}
