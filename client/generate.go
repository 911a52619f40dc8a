package client

//go:generate go run ../internal/cmd/clientgen -spec ../openapi.yaml -dir .
