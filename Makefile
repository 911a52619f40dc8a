# One command each; CI calls these targets and nothing else (see .ci/run).
GO          ?= go
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
# Packages written by hand (gen/ is the generator's business, but for the decoder
# of the embedded spec).
HANDWRITTEN  = $(shell $(GO) list ./... | grep -v '/gen/') ./gen/breakcoldspec

.PHONY: all check check-files generate check-generated vet lint lint-spec api-check api-record test test-short test-go-min mock bench image image-test cross snapshot help

all: check

## check: everything CI runs: tracked files, generated code fresh, vet, lint, spec lint, the API gate, tests
check: check-files check-generated vet lint lint-spec api-check test

## check-files: fail when git tracks a binary, an executable without #!, or a large file not generated
check-files:
	$(GO) run ./internal/cmd/checkfiles

## generate: regenerate gen/, the client's *.gen.go files and internal/specdata from openapi.yaml
generate:
	$(GO) generate ./...

## check-generated: fail when a fresh generation differs from what is committed
check-generated: generate
	@changes=$$(git status --porcelain -- gen/ internal/gen/ client/ internal/specdata/ go.mod go.sum); \
	if [ -n "$$changes" ]; then \
		echo "generated code is stale; run 'make generate' and commit:"; echo "$$changes"; \
		git --no-pager diff --stat -- gen/ internal/gen/ client/ internal/specdata/; exit 1; \
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

## api-check: fail on an incompatible change of the public Go API that CHANGELOG.md's Unreleased section does not name
api-check:
	$(GO) run ./internal/cmd/apicheck

## api-record: record the public Go API in api/ (a release step, see RELEASING.md)
api-record:
	$(GO) run ./internal/cmd/apicheck -write

## test: all tests, with the race detector
test:
	$(GO) test -race -count=1 ./...

## test-short: the inner loop: the tests but those that build programs (make test runs them)
test-short:
	$(GO) test -short ./...

# The oldest Go the module supports (the go line of go.mod), tested with its
# latest patch release, which the go command fetches through the module proxy.
GO_MIN_TOOLCHAIN ?= go1.25.14

## test-go-min: build and test with the oldest supported Go release
test-go-min:
	@grep -q "^go $$(echo $(GO_MIN_TOOLCHAIN) | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')" go.mod || \
		{ echo "go.mod's go line does not match GO_MIN_TOOLCHAIN=$(GO_MIN_TOOLCHAIN)"; exit 1; }
	GOTOOLCHAIN=$(GO_MIN_TOOLCHAIN) $(GO) version
	GOTOOLCHAIN=$(GO_MIN_TOOLCHAIN) $(GO) vet ./...
	GOTOOLCHAIN=$(GO_MIN_TOOLCHAIN) $(GO) test -short -count=1 ./...

## mock: run the mock server with its demo data and keys
mock:
	@echo "compiling breakcold-mock: silent, and over a minute when the build cache is cold"
	$(GO) run ./cmd/breakcold-mock

BENCH_COUNT ?= 5

## bench: benchmarks of the mock and the client (medians of BENCH_COUNT runs), then the loopback load test
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCH_COUNT) ./mockserver ./client > bench.out || { cat bench.out; exit 1; }
	$(GO) run ./internal/cmd/breakcold-bench -medians bench.out
	$(GO) run ./internal/cmd/breakcold-bench -rounds 3 -wrk

# Release builds: static binaries with the version stamped in (see internal/version).
VERSION    ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS     = -s -w -X github.com/breakcold-go/breakcold/internal/version.Version=$(VERSION)
GOBUILD     = CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)'
DIST       ?= dist
BINARIES    = breakcold-mock breakcold-contract
PLATFORMS  ?= linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
GORELEASER ?= github.com/goreleaser/goreleaser/v2@v2.17.1

# The container engine: docker when its daemon answers, else podman. Worked out
# once, and only by the targets that use it.
ENGINE     ?= $(eval ENGINE := $(shell docker info >/dev/null 2>&1 && echo docker || { command -v podman >/dev/null 2>&1 && echo podman; }))$(ENGINE)
IMAGE      ?= ghcr.io/breakcold-go/breakcold-mock
HOST_ARCH   = $(shell $(GO) env GOARCH)
# This machine's architecture, which make image-test runs; IMAGE_ARCHS="amd64 arm64"
# for a release. Each is built natively by cross-compiling, with no emulation.
IMAGE_ARCHS ?= $(HOST_ARCH)
TAG_ARCH    = $(if $(filter $(HOST_ARCH),$(IMAGE_ARCHS)),$(HOST_ARCH),$(firstword $(IMAGE_ARCHS)))

## image: the breakcold-mock image FROM scratch for this machine's architecture, or each of IMAGE_ARCHS (docker or podman)
image:
	@test -n "$(ENGINE)" || { echo "make image needs docker (with its daemon running) or podman"; exit 1; }
	@set -e; for arch in $(IMAGE_ARCHS); do \
		ctx=$(DIST)/image/linux_$$arch; mkdir -p $$ctx; cp LICENSE $$ctx/; \
		echo "== linux/$$arch: $(IMAGE):$(VERSION)-$$arch"; \
		GOOS=linux GOARCH=$$arch $(GOBUILD) -o $$ctx/breakcold-mock ./cmd/breakcold-mock; \
		$(ENGINE) build $(if $(filter podman,$(notdir $(ENGINE))),--format docker) --platform linux/$$arch \
			--build-arg VERSION=$(VERSION) -t $(IMAGE):$(VERSION)-$$arch -f Containerfile $$ctx; \
	done
	$(ENGINE) tag $(IMAGE):$(VERSION)-$(TAG_ARCH) $(IMAGE):$(VERSION)
	$(ENGINE) tag $(IMAGE):$(VERSION)-$(TAG_ARCH) $(IMAGE):latest

## image-test: run the image as users do (ports published on loopback) and the contract suite against it
image-test: image
	ENGINE=$(ENGINE) GO=$(GO) DIST=$(DIST) scripts/image-test $(IMAGE):$(VERSION) $(VERSION)

## cross: breakcold-mock and breakcold-contract for six platforms into dist/bin, with SHA256SUMS
cross:
	@set -e; rm -rf $(DIST)/bin; for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; echo "$(DIST)/bin/$${os}_$$arch"; \
		GOOS=$$os GOARCH=$$arch $(GOBUILD) -o $(DIST)/bin/$${os}_$$arch/ $(BINARIES:%=./cmd/%); \
	done
	cd $(DIST)/bin && sha256sum */* > SHA256SUMS && cat SHA256SUMS

## snapshot: the release archives and checksums with GoReleaser (.goreleaser.yaml), not published
snapshot:
	$(GO) run $(GORELEASER) release --snapshot --clean

## help: list the targets
help:
	@grep -E '^## ' Makefile | sed 's/^## /  /'
