# Parcours — the two commands: `make run` and `make test`.
GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
ASSETS   := internal/web/static/dist/app.css
FRONTEND := $(wildcard frontend/*) package-lock.json

.PHONY: all build run reset-demo test assets lint bench clean

all: build

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(ASSETS): node_modules/.package-lock.json $(FRONTEND)
	node frontend/build.mjs

assets: $(ASSETS)

build: $(ASSETS)
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/parcours ./cmd/parcours

# Builds, then serves the demo territory on http://localhost:$(PORT) with
# SQLite in ./data (make run PORT=9090, or ADDR=0.0.0.0:8080).
PORT ?= 8080
ADDR ?= 127.0.0.1:$(PORT)
run: build
	./bin/parcours serve --demo --data-dir ./data --addr $(ADDR)

# Deletes the demo database; the next make run loads a fresh demo territory.
reset-demo:
	rm -f ./data/parcours.db ./data/parcours.db-wal ./data/parcours.db-shm

# Every test. The packages where goroutines meet (storage, services, the
# HTTP layer, the API, the commands) run with the race detector; the pure
# ones (parsers, vocabularies, statistics) without it, which keeps the suite
# under 6 minutes on 2 cores. Storage tests use PostgreSQL too when
# PARCOURS_TEST_POSTGRES is set. The browser tests (-tags browser) drive
# Chromium without the race detector: the code they reach is raced by the
# HTTP tests. The three runs share the machine.
RACE_PKGS = ./internal/store/... ./internal/service/... ./internal/web/... ./internal/api/... ./internal/app/... ./internal/notify/... ./cmd/...
test: $(ASSETS)
	$(GO) vet ./...
	$(GO) vet -tags browser ./internal/web/
	@pure=$$($(GO) list ./... | grep -v -e /internal/store -e /internal/service/ -e /internal/web -e /internal/api -e /internal/app -e /internal/notify -e /cmd/); \
	$(GO) test -race -count=1 -timeout 30m $(RACE_PKGS) & race=$$!; \
	$(GO) test -count=1 -timeout 30m $$pure & pure=$$!; \
	$(GO) test -tags browser -count=1 -timeout 30m -parallel 4 -run 'InChromium' ./internal/web/; browser=$$?; \
	wait $$race; race=$$?; wait $$pure; pure=$$?; \
	if [ $$race -ne 0 ] || [ $$pure -ne 0 ] || [ $$browser -ne 0 ]; then echo "make test: race $$race, pure $$pure, browser $$browser"; exit 1; fi

lint: $(ASSETS)
	@out=$$(gofmt -l cmd internal scripts); if [ -n "$$out" ]; then echo "gofmt:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags browser ./internal/web/
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -tags browser ./...

bench: $(ASSETS)
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin internal/web/static/dist/*.css internal/web/static/dist/*.js internal/web/static/dist/fonts internal/web/static/dist/leaflet
