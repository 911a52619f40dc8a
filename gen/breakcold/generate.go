// Package breakcold holds the code oapi-codegen generates from openapi.yaml: the
// models of both API generations, a std-http strict server interface and the
// server URLs (package breakcoldspec embeds the spec; the generated client, which
// only tests use, is internal/gen/breakcoldclient).
// Nothing here is written by hand; run `go generate ./...` (or `make generate`)
// after editing the spec.
package breakcold

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config cfg.yaml ../../openapi.yaml
