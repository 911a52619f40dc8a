//go:build tools

// Package tools pins the code generator that builds gen/ and internal/gen/ from
// openapi.yaml, so `go generate ./...` uses the version recorded in go.mod on
// every machine.
package tools

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
