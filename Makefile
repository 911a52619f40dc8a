# One command each; CI calls these targets and nothing else (see .ci/run).
GO          ?= go
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
# Packages written by hand (gen/ is the generator's business).
HANDWRITTEN  = $(shell $(GO) list ./... | grep -v '/gen/')

.PHONY: all check generate check-generated vet lint lint-spec test mock bench help

all: check

## check: everything CI runs: generated code fresh, vet, lint, spec lint, tests
check: check-generated vet lint lint-spec test

## generate: regenerate gen/ from openapi.yaml
generate:
	$(GO) generate ./...

## check-generated: fail when a fresh generation differs from what is committed
check-generated: generate
	@changes=$$(git status --porcelain -- gen/ go.mod go.sum); \
	if [ -n "$$changes" ]; then \
		echo "generated code is stale; run 'make generate' and commit:"; echo "$$changes"; \
		git --no-pager diff --stat -- gen/; exit 1; \
	fi; echo "generated code is up to date"

## vet: go vet over every package
vet:
	$(GO) vet ./...

## lint: staticcheck over the handwritten packages
lint:
	$(GO) run $(STATICCHECK) $(HANDWRITTEN)

## lint-spec: Redocly CLI over openapi.yaml (rules in redocly.yaml)
lint-spec: node_modules/.bin/redocly
	node_modules/.bin/redocly lint openapi.yaml

node_modules/.bin/redocly: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

## test: all tests, with the race detector
test:
	$(GO) test -race -count=1 ./...

## mock: run the mock server with its demo data and keys
mock:
	$(GO) run ./cmd/breakcold-mock

BENCH_COUNT ?= 5

## bench: benchmarks of the mock and the client (medians of BENCH_COUNT runs), then the loopback load test
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCH_COUNT) ./mockserver ./client > bench.out || { cat bench.out; exit 1; }
	$(GO) run ./internal/cmd/breakcold-bench -medians bench.out
	$(GO) run ./internal/cmd/breakcold-bench -rounds 3

## help: list the targets
help:
	@grep -E '^## ' Makefile | sed 's/^## /  /'
