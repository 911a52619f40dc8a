// Package breakcold holds the code oapi-codegen generates from openapi.yaml: the
// models of both API generations, a std-http strict server interface and the
// server URLs (internal/specdata/document embeds the spec, gen/breakcoldspec decodes it; the generated client, which
// only tests use, is package breakcoldclient beside this one). It is internal:
// its names follow the spec and are no promise to anyone outside the module.
// Nothing here is written by hand; run `go generate ./...` (or `make generate`)
// after editing the spec.
package breakcold

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config cfg.yaml ../../../openapi.yaml
