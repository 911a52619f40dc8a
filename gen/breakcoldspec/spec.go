// Package breakcoldspec decodes the OpenAPI document, openapi.yaml, for the tools
// that read the whole of it with kin-openapi (apispec, the contract suite, the
// client's tests). It is apart from package breakcold so that the mock server,
// which needs only the generated types and server interface, does not link
// kin-openapi.
//
// The document is the plain copy in internal/specdata/document, which make
// generate writes; this package, unlike the rest of gen/, is written by hand, and
// keeps its import path for the programs that use it.
package breakcoldspec

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/breakcold-go/breakcold/internal/specdata/document"
)

// GetSpec decodes the document. Each call returns a new copy, so callers may
// change it (for example its servers) freely.
func GetSpec() (*openapi3.T, error) {
	// The JSON form: kin-openapi decodes JSON directly and YAML through a
	// conversion to JSON, and the two forms hold the same document.
	return openapi3.NewLoader().LoadFromData([]byte(document.JSON))
}

// GetSpecJSON returns the document as JSON, not decoded. The slice is the
// caller's to change.
func GetSpecJSON() ([]byte, error) {
	return []byte(document.JSON), nil
}
