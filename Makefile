# Folio: `make run` to use it, `make test` to check everything.
# Both install what is missing on a Debian/Ubuntu machine first (apt-get, npm, cargo).

SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CARGO ?= cargo
export PATH := $(HOME)/.cargo/bin:$(PATH)

# Build and run the app; the e2e tests drive the same binary.
APP := target/debug/folio-desktop
SYSTEM_PACKAGES := build-essential pkg-config libwebkit2gtk-4.1-dev libssl-dev librsvg2-dev \
	webkit2gtk-driver xvfb xauth fonts-noto-cjk curl \
	dbus dunst libnotify-bin python3 python3-pip

.PHONY: run test deps system-deps node node-deps py-deps bench-py-deps tauri-driver nextest ui app lint test-core test-ui test-e2e bench fuzz clean

run: deps app
	$(APP)

test: deps ui lint test-core test-ui app test-e2e
	@echo "make test: every check passed"

deps: system-deps node node-deps

# Only calls apt-get when something is missing, so repeated runs are quick and offline.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@command -v $(CARGO) >/dev/null || { echo "Rust is missing: install it with rustup (https://rustup.rs) and run make again"; exit 1; }

# Node 20.19 or later (Vite 8, Vitest 4, jsdom 29); Debian 12 and Ubuntu 24.04 ship 18.
node: system-deps
	@scripts/ensure-node.sh

node-deps: node ui/node_modules/.package-lock.json tests/e2e/node_modules/.package-lock.json

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund

tests/e2e/node_modules/.package-lock.json: tests/e2e/package-lock.json
	cd tests/e2e && npm ci --no-audit --no-fund

tauri-driver:
	@command -v tauri-driver >/dev/null || $(CARGO) install tauri-driver --locked --version ^2

# openpyxl reads the exported workbooks back in tests/exchange.rs, as a reader
# independent of the writer. Installed once here, not by each test process.
py-deps: system-deps
	@python3 -c 'import openpyxl' 2>/dev/null || python3 -m pip install --quiet openpyxl \
		|| python3 -m pip install --quiet --break-system-packages openpyxl

# Python's XlsxWriter, which `folio bench` times beside its own writer.
bench-py-deps: system-deps
	@python3 -c 'import xlsxwriter' 2>/dev/null || python3 -m pip install --quiet xlsxwriter \
		|| python3 -m pip install --quiet --break-system-packages xlsxwriter

nextest:
	@command -v cargo-nextest >/dev/null || $(CARGO) install cargo-nextest --locked

ui: node-deps
	cd ui && npm run build

# The front end is embedded (the default custom-protocol feature), so the binary needs
# no dev server; ui/dist must exist before anything compiles the desktop crate.
# Both binaries in one cargo call, so features unify as in the workspace tests
# and nothing is compiled twice.
app: ui
	$(CARGO) build -p folio-desktop -p folio-cli --bins

lint: ui
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

test-core: ui nextest py-deps
	$(CARGO) nextest run --workspace

test-ui: node-deps
	cd ui && npm run check && npm test

test-e2e: app tauri-driver
	xvfb-run -a -s "-screen 0 1280x800x24" tests/e2e/run.sh

# Search speed on 200,000 generated customers and 100,000 titles (release build):
# p50 and p95 per kind of query.
bench: bench-py-deps
	$(CARGO) run --release -p folio-cli -- bench --customers 200000 --titles 100000 --orders 200000

# Mutated CSV, .xlsx and .xls files thrown at the import readers for FUZZ_SECONDS
# (default 60): no panic, and nothing written by a file that is refused. Not part
# of `make test` (whose suite runs the same driver for a few seconds).
fuzz:
	$(CARGO) run --release -p folio --example fuzz_import

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules tests/e2e/node_modules
