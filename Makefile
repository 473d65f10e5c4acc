# connect — the two commands: `make run` and `make test`.
SWIFT ?= swift
DEPS := libsqlite3-dev libsodium-dev libcurl4-openssl-dev libmicrohttpd-dev
TEST_DEPS := socat poppler-utils msmtp python3-aiosmtpd python3-openpyxl unzip sqlite3 python3-yaml python3-jsonschema

.PHONY: run test build release deps test-deps bench demo clean contract

# Installs what is missing (when root), else says exactly what to install.
deps:
	@missing=""; for p in $(DEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "connect needs:$$missing — run: sudo apt-get install$$missing"; exit 1; fi; fi

# Tools the tests use as real peers (SMTP via msmtp, PDF text via pdftotext).
test-deps: deps
	@missing=""; for p in $(TEST_DEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "the tests need:$$missing — run: sudo apt-get install$$missing"; exit 1; fi; fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Starts the three services and the portal in the foreground, logs prefixed; Ctrl-C stops them.
run: release
	@./scripts/run-local.sh "$$($(SWIFT) build -c release --show-bin-path)"

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

bench: deps
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
