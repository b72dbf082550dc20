# One entry point for everything; every command runs inside the uv workspace.
SHELL := /bin/bash
# uv on PATH, else the per-user install, else the module pip installed (re-evaluated after `make uv`)
UV = $(shell command -v uv 2>/dev/null || { test -x $(HOME)/.local/bin/uv && echo $(HOME)/.local/bin/uv; } || echo python3 -m uv)
PROVIDER ?= sora

.DEFAULT_GOAL := help
.PHONY: help uv install browser services demo hosted-demo run test test-fast lint format typecheck bench parity build docker clean

help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

uv: ## Install uv if it is missing
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet --user uv 2>/dev/null || python3 -m pip install --quiet uv
	@$(UV) --version >/dev/null 2>&1 || { echo "uv could not be installed" >&2; exit 1; }

install: uv ## Create .venv with every package and the dev tools (from uv.lock)
	@$(UV) sync --all-packages --frozen --quiet

demo: install ## Drive a server through a real MCP client against the built-in simulator (no token needed)
	@$(UV) run --frozen python -m demo --provider $(PROVIDER)

hosted-demo: install services ## The hosted setup on loopback: OAuth sign-in, two replicas behind haproxy, Redis
	@$(UV) run --frozen python -m demo.hosted

run: install ## Run one server over stdio: make run PROVIDER=veo
	@$(UV) run --frozen $(PROVIDER)-mcp

# the player's browser test drives the system Chromium; apt-get only runs when it is missing and we are root
browser: ## Install the system Chromium the player's browser test drives (apt-get, as root)
	@command -v chromium >/dev/null 2>&1 || { test "$$(id -u)" = 0 && command -v apt-get >/dev/null 2>&1 && \
	  { apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && \
	    apt-get install -y -qq chromium >/dev/null 2>&1; }; }; } || \
	  echo "make browser: chromium is missing and could not be installed (needs root and apt-get)" >&2

# the shared-state and replica tests start their own redis-server and haproxy on loopback ports; these are
# installed from the system packages when missing and we are root (the tests never use a running service)
services: ## Install redis-server and haproxy for the shared-state and replica tests (apt-get, as root)
	@{ command -v redis-server >/dev/null 2>&1 && command -v haproxy >/dev/null 2>&1; } || \
	  { test "$$(id -u)" = 0 && command -v apt-get >/dev/null 2>&1 && \
	  { apt-get install -y -qq redis-server haproxy >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && \
	    apt-get install -y -qq redis-server haproxy >/dev/null 2>&1; }; }; } || \
	  echo "make services: redis-server or haproxy is missing and could not be installed (needs root and apt-get)" >&2

test: install browser services ## Run the whole test suite
	@$(UV) run --frozen pytest

test-fast: install ## Unit and in-memory tests only, under a minute (no processes, browser, wheels, Redis or haproxy)
	@$(UV) run --frozen pytest -m "not e2e"

lint: install ## ruff check and format check
	@$(UV) run --frozen ruff check . && $(UV) run --frozen ruff format --check .

format: install ## Apply ruff formatting and fixes
	@$(UV) run --frozen ruff check --fix . && $(UV) run --frozen ruff format .

typecheck: install ## mypy (strict on the core)
	@$(UV) run --frozen mypy

bench: install ## Benchmark against the existing servers and the floor (writes bench/results/)
	@$(UV) run --frozen python -m bench

parity: install ## Compare our tools with the newest published mcp-<provider> servers (installs them from PyPI)
	@UV="$(UV)" $(UV) run --frozen python -m parity

build: install ## Build wheels and sdists for the core and each server into dist/, then check them
	@rm -rf dist && $(UV) build --all-packages --no-sources --out-dir dist && $(UV) run --frozen twine check --strict dist/*

docker: ## Build the Docker image of one server: make docker PROVIDER=veo
	docker build --build-arg PROVIDER=$(PROVIDER) -t acemedia-$(PROVIDER)-mcp .

clean: ## Remove build and cache output
	rm -rf dist .pytest_cache .mypy_cache .ruff_cache
