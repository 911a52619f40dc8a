// Package breakcoldspec embeds openapi.yaml, as oapi-codegen generates it, for the
// tools that read the whole document with kin-openapi (apispec, the contract suite,
// the generators). It is apart from package breakcold so that the mock server, which
// needs only the generated types and server interface, does not link kin-openapi.
package breakcoldspec

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config spec.yaml ../../openapi.yaml
