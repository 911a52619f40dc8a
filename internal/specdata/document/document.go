// Package document holds the OpenAPI document, openapi.yaml, as YAML and as JSON:
// the one copy of its text that packages embed. make generate writes both files
// (internal/cmd/specdatagen); go:embed cannot reach openapi.yaml at the module root.
//
// It imports nothing, so any package may use it: gen/breakcoldspec decodes it for
// the tools that read the whole document, including the client's own tests, which
// cannot import package specdata (it imports the client). Package specdata embeds
// the same two files for the mock to serve, so a program that links both holds
// the text once.
package document

import _ "embed"

// The document, byte for byte as openapi.yaml, and the same converted to JSON.
var (
	//go:embed openapi.yaml
	YAML string
	//go:embed openapi.json
	JSON string
)
