// Package breakcoldclient is the client oapi-codegen generates from openapi.yaml,
// with a typed response for each operation, over the models of package breakcold.
// Only mockserver's tests use it, so it is apart from package breakcold, which
// the mock server compiles; a build of the mock does not compile it. Nothing
// here is written by hand; run `go generate ./...` (or `make generate`) after
// editing the spec.
package breakcoldclient

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config cfg.yaml ../../../openapi.yaml
