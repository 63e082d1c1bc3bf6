# flixconf's commands. The two that do everything on a fresh machine:
#   make run    the conformance suite against the bundled mock
#   make test   the project's own tests (the container test needs a Docker engine: make docker-up)

GO          ?= go
BIN         := bin/flixconf
IMAGE       ?= flixconf-mock:dev
GOTESTFLAGS ?=

.PHONY: all build run test check unit bench bench-deps gobench generate conformance-list image docker-up clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/flixconf

# The suite against the bundled mock, started in-process; reports in ./flixconf-report.
run: build
	./$(BIN) run

# Formatting, vet and module tidiness, then every test with the race detector.
test: check unit

check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) mod tidy -diff

unit:
	$(GO) test -race -count=1 -timeout 30m $(GOTESTFLAGS) ./...

# One table, measured in this run: the mock under load beside Prism, WireMock and a bare Go
# server, start-up, memory, index streaming, the suite (docs/bench.md). A comparison whose
# tools cannot be installed prints "not measured" with the reason.
bench: bench-deps build
	$(GO) run ./bench

# What the bench's comparison needs, when missing: Node.js and npm, Java 17 (Debian), then
# bench/'s npm packages (Prism, WireMock) from bench/package-lock.json. Failing here does not
# stop make bench.
bench-deps:
	-bash .ci/bench-deps

# The Go benchmarks, with their figures: the full default run, index streaming, synthetic catalogs.
gobench:
	$(GO) test -run '^$$' -bench . -benchmem -count=1 ./cmd/flixconf ./mockserver ./fixtures

# Renders spec/openapi/{1.0,1.5,2.0}.yaml from spec/src/rest.yaml.tmpl (a test checks they agree).
generate:
	$(GO) test ./spec -run TestGeneratedDocumentsAreCurrent -update

# The static binary, then the image FROM scratch.
image:
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/flixconf-static ./cmd/flixconf
	docker build -q -t $(IMAGE) .

# Installs and starts a Docker engine when none answers (root, Debian).
docker-up:
	bash .ci/docker-up

clean:
	rm -rf bin flixconf-report

# Rewrites suites/conformance.yaml, the list of every spec, from the suite (a test checks it).
conformance-list:
	$(GO) test ./suites/conformance/list -run TestConformanceListIsCurrent -count=1 -update
