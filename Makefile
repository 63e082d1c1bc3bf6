# flixconf's commands. The two that do everything on a fresh machine:
#   make run    the conformance suite against the bundled mock
#   make test   the project's own tests (the container test needs a Docker engine: make docker-up)

GO          ?= go
BIN         := bin/flixconf
IMAGE       ?= flixconf-mock:dev
GOTESTFLAGS ?=

.PHONY: all build run test check unit bench generate conformance-list image docker-up clean

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

# The benchmarks, with their figures: the full default run, index streaming, synthetic catalogs.
bench:
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
