# Anushravan — every target creates what it needs (virtual environment, packages, Debian tools).
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONUNBUFFERED := 1

.PHONY: help install system-deps browser-deps demo test test-faults test-unit test-integration test-e2e bench lint typecheck up down clean

help:
	@echo "make demo   — a month in the life of the state, end to end, on the embedded default"
	@echo "make test   — the whole test suite (unit, integration, e2e, faults)"
	@echo "make bench  — benchmarks, JSON results in bench/results/"
	@echo "make lint / make typecheck — ruff / mypy"

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

install: $(STAMP) system-deps

# Debian packages: Devanagari fonts for PDF minutes, poppler for PDF checks, Prometheus for the
# monitoring test, docker-compose to validate the compose file, nginx to check and run the
# reverse proxy's configuration. Installed only when missing.
system-deps:
	@bash scripts/system-deps.sh

# axe-core for the console's accessibility checks, exactly as locked (tests/browser/package-lock.json).
browser-deps:
	@test -f tests/browser/node_modules/axe-core/axe.min.js || npm ci --prefix tests/browser --no-audit --no-fund

demo: install
	$(BIN)/anushravan demo

# Two workers (pytest-xdist): most of the suite waits on brokers, consumer groups and
# SIGKILLed services rather than computing. tests/conftest.py keeps each module on one worker.
test: install browser-deps
	$(BIN)/pytest -q -p no:cacheprovider -n 2 tests

# The proof under faults, bad input and load alone; `SOAK=1` adds the long runs (--soak).
test-faults: install
	$(BIN)/pytest -q -p no:cacheprovider -n 2 tests/faults $(if $(SOAK),--soak)

test-unit: $(STAMP)
	$(BIN)/pytest -q tests/unit

test-integration: install
	$(BIN)/pytest -q tests/integration

test-e2e: install browser-deps
	$(BIN)/pytest -q tests/e2e

bench: install
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy shared services anushravan

up: install
	$(BIN)/anushravan up

down:
	$(BIN)/anushravan down

clean:
	rm -rf $(VENV) .anushravan out .pytest_cache .mypy_cache .ruff_cache
