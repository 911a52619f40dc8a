package apispec

import (
	"context"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// specFile is the hand-written spec at the repository root.
const specFile = "../openapi.yaml"

func loadSpecFile(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(specFile)
	if err != nil {
		t.Fatalf("load %s: %v", specFile, err)
	}
	return doc
}

func TestSpecValidates(t *testing.T) {
	t.Parallel()
	doc := loadSpecFile(t)
	// Examples are validated against their schemas by default; formats too.
	if err := doc.Validate(context.Background(), openapi3.EnableMultiError(), openapi3.EnableSchemaFormatValidation()); err != nil {
		t.Fatalf("%s does not validate: %v", specFile, err)
	}
}

func TestSpecFollowsRules(t *testing.T) {
	t.Parallel()
	for _, p := range Check(loadSpecFile(t)) {
		t.Error(p)
	}
}

// Each operation's generation, read from its path, is the one of the credential
// it takes (a bearer key for the current API, x-api-key for the legacy one), so
// the counts of each generation are exact (the README states them, and
// TestDocsStateTheSpecsCounts holds it to them).
func TestSpecCoversBothGenerations(t *testing.T) {
	t.Parallel()
	doc := loadSpecFile(t)
	ops, err := Operations(doc)
	if err != nil {
		t.Fatal(err)
	}
	count := map[Generation]int{}
	provenance := map[string]int{}
	for _, op := range ops {
		count[op.Generation]++
		provenance[op.Provenance]++
		sec := doc.Security
		if op.Op.Security != nil {
			sec = *op.Op.Security
		}
		var schemes []string
		for _, req := range sec {
			for name := range req {
				schemes = append(schemes, name)
			}
		}
		var auth Generation
		switch {
		case slices.Equal(schemes, []string{BearerScheme}):
			auth = Current
		case slices.Equal(schemes, []string{LegacyScheme}):
			auth = Legacy
		}
		if op.Generation != auth {
			t.Errorf("%s: its path is of the %s API, but it takes %v", op, op.Generation, schemes)
		}
	}
	t.Logf("operations: %d current, %d legacy; provenance %v", count[Current], count[Legacy], provenance)
	if count[Current] == 0 || count[Legacy] == 0 {
		t.Errorf("got %d current-API and %d legacy operations, want some of each", count[Current], count[Legacy])
	}
}

func TestSpecUsesEveryDeclaredScope(t *testing.T) {
	t.Parallel()
	doc := loadSpecFile(t)
	ops, err := Operations(doc)
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, op := range ops {
		for _, s := range op.Scopes {
			used[s] = true
		}
	}
	declared := Scopes(doc)
	if len(declared) != 14 {
		t.Errorf("got %d declared scopes, want the 14 Breakcold documents", len(declared))
	}
	for s := range declared {
		if !used[s] {
			t.Errorf("scope %q is declared but no operation needs it", s)
		}
	}
}

// The embedded copy the mock and the contract suite read must list the same operations.
func TestEmbeddedSpecMatchesFile(t *testing.T) {
	t.Parallel()
	embedded, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	a, err := Operations(embedded)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Operations(loadSpecFile(t))
	if err != nil {
		t.Fatal(err)
	}
	ids := func(ops []Operation) []string {
		var out []string
		for _, o := range ops {
			out = append(out, o.String()+" "+o.Provenance)
		}
		return out
	}
	if !slices.Equal(ids(a), ids(b)) {
		t.Errorf("embedded spec is stale: run make generate")
	}
}
