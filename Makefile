# Thin aliases: every target is one go command you can also type yourself.
GO ?= go
FIXTURE ?= testdata/fixtures/agent-2.2.1/root
# Version and commit stamped from git (the build info's VCS stamp is absent
# under -buildvcs=false and go run).
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT ?= $(shell git rev-parse HEAD 2>/dev/null)
# Where the project lives (help links of the rules, SARIF informationUri):
# derived from the module path; set REPO_URL for a build hosted elsewhere.
REPO_URL ?= https://$(shell $(GO) list -m)
CLI := github.com/dcos-audit/dcos-audit/internal/cli
LDFLAGS := -X $(CLI).buildVersion=$(VERSION) -X $(CLI).buildCommit=$(COMMIT) -X $(CLI).repoURL=$(REPO_URL)

.PHONY: help build run test lint race bench bench-compare bench-fleet golden size fixtures dist report-screenshot
help: ## list the targets
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-9s %s\n", $$1, $$2}'

build: ## build bin/dcos-audit
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/dcos-audit .

run: build ## build, then scan a bundled fixture node (FIXTURE=...)
	bin/dcos-audit scan --root $(FIXTURE)

test: ## vet and run every test (Rego tests, goldens, CLI scripts, live tests)
	$(GO) vet ./...
	$(GO) test ./...

lint: ## golangci-lint under .golangci.yaml (pinned in .golangci/tool/go.mod; TestGolangciLint runs it too)
	$(GO) tool -modfile=.golangci/tool/go.mod golangci-lint run ./...

# TestArchiveMemory bounds a child's peak RSS, which the race detector's
# shadow memory multiplies (387 MiB for a 106 MiB case): make test runs it.
race: ## tests of the concurrent packages under the race detector
	$(GO) test -race -skip TestArchiveMemory ./scanner/ ./facts/...

bench: ## benchmarks: evaluation, rootfs gathering, reporters, whole scan
	$(GO) test -run '^$$' -bench . -benchmem ./scanner/ ./facts/rootfs/ ./report/ .

bench-compare: ## whole-process medians and ratios against conftest and systemctl (scripts/bench-compare.sh)
	scripts/bench-compare.sh

bench-fleet: ## N=1000 snapshots in one scan against one conftest call (scripts/bench-fleet.sh)
	scripts/bench-fleet.sh

golden: ## rewrite golden files, then show what changed
	$(GO) test ./... -update
	git diff --stat

dist: ## static linux/amd64 and linux/arm64 binaries, .deb and .rpm packages in dist/ (scripts/dist.sh)
	scripts/dist.sh

report-screenshot: build ## the HTML review of a bundled agent, as report.png (headless chromium)
	bin/dcos-audit scan --root $(FIXTURE) --format html=report.html --fail-on none
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2400 \
		--screenshot=$(CURDIR)/report.png file://$(CURDIR)/report.html

fixtures: ## regenerate testdata/fixtures
	$(GO) run ./internal/fixturegen -out testdata/fixtures

size: ## stripped binary size, must stay under 40 MB
	$(GO) build -trimpath -ldflags '-s -w $(LDFLAGS)' -o bin/dcos-audit-stripped .
	@size=$$(stat -c %s bin/dcos-audit-stripped); echo "stripped binary: $$size bytes"; test $$size -lt 41943040
