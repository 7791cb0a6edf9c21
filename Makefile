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
# SQLite in ./data (make run PORT=9090, or ADDR=0.0.0.0:8080). On a new
# database it first loads the communes' fragility indicators when the
# shared data folder is beside the checkout (FRAGILITY=folder to change it).
PORT ?= 8080
ADDR ?= 127.0.0.1:$(PORT)
FRAGILITY ?= ../shared/data/fragilite
run: build
	@if [ -d "$(FRAGILITY)" ] && [ ! -f ./data/parcours.db ]; then \
		./bin/parcours fragilite import --data-dir ./data "$(FRAGILITY)" 2>/dev/null | tail -1; fi
	./bin/parcours serve --demo --data-dir ./data --addr $(ADDR)

# Deletes the demo database; the next make run loads a fresh demo territory.
reset-demo:
	rm -f ./data/parcours.db ./data/parcours.db-wal ./data/parcours.db-shm

# Every test, in four runs sharing the machine from the start, so that the
# two cores stay busy until the end: the HTTP journeys of internal/web (the
# largest package, its tests four at a time so that one waiting on
# PostgreSQL leaves the core to another); the race detector on the packages
# where goroutines meet on shared state (storage, services, notifications,
# the API); the rest without it (the commands, the screens' packages, whose
# handlers the journeys drive, the accounts, whose parallel logins meet in
# the database and whose Argon2 hashing the detector slows twentyfold, the
# parsers, vocabularies and statistics); and the browser tests (-tags
# browser), which drive Chromium. The journeys and the browser tests take
# longest: the two runs of many short packages go at a lower priority (nice),
# filling the cores whenever the long ones wait. The detector leaves out modernc.org
# (SQLite translated from C into Go, which it would slow about fivefold):
# our own code's memory accesses are all checked, and the engine's locks
# still order them. -trimpath keeps source folders out of the build cache's
# keys: a clone elsewhere reuses what another clone compiled. Storage tests
# use PostgreSQL too when PARCOURS_TEST_POSTGRES is set (required when
# CI=true). go vet and staticcheck are make lint's, which CI runs before.
# The tests' heaps are small and short-lived: collecting garbage four times
# less often saves about a quarter of their CPU time (40 s to 30 s on the
# authorization table and the bad-input walker) for a few hundred MB more.
TEST_GOGC ?= 400
test: $(ASSETS)
	@all=$$($(GO) list ./...); \
	web=$$($(GO) list ./internal/web); \
	race=$$(echo "$$all" | grep -e /internal/store -e /internal/service/ -e /internal/api -e /internal/app -e /internal/notify | grep -v /internal/service/accounts); \
	plain=$$(echo "$$all" | grep -v -x -F "$$race" | grep -v -x -F "$$web"); \
	GOGC=$(TEST_GOGC) $(GO) test -trimpath -count=1 -timeout 30m -parallel 4 $$web & webpid=$$!; \
	GOGC=$(TEST_GOGC) nice -n 10 $(GO) test -trimpath -race -gcflags='modernc.org/...=-race=false' -count=1 -timeout 30m $$race & racepid=$$!; \
	GOGC=$(TEST_GOGC) nice -n 10 $(GO) test -trimpath -count=1 -timeout 30m -p 3 $$plain & plainpid=$$!; \
	GOGC=$(TEST_GOGC) $(GO) test -trimpath -tags browser -count=1 -timeout 30m -parallel 8 -run 'InChromium' $$web; browser=$$?; \
	wait $$webpid; web=$$?; wait $$racepid; race=$$?; wait $$plainpid; plain=$$?; \
	if [ $$web -ne 0 ] || [ $$race -ne 0 ] || [ $$plain -ne 0 ] || [ $$browser -ne 0 ]; then echo "make test failed: web $$web, race $$race, plain $$plain, browser $$browser"; exit 1; fi

lint: $(ASSETS)
	@out=$$(gofmt -l cmd internal scripts); if [ -n "$$out" ]; then echo "gofmt:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags browser ./internal/web/
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -tags browser ./...

bench: $(ASSETS)
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin internal/web/static/dist/*.css internal/web/static/dist/*.js internal/web/static/dist/fonts internal/web/static/dist/leaflet
