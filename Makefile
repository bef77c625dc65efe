# coopwatch: the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: demo test test-sqlite test-postgres bench install system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[test]'
	@# Byte-compile once: with PYTHONDONTWRITEBYTECODE set (as on these machines) every command
	@# would otherwise recompile its imports at each start, which costs seconds per command.
	@echo "byte-compiling the virtualenv (once)"
	@$(BIN)/python -m compileall -q -j 0 $(VENV)/lib >/dev/null 2>&1 || true
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests need (PostgreSQL server, Chromium, CJK fonts); installed only when missing.
system-deps:
	@bash scripts/system-deps.sh

demo: install
	@$(BIN)/python -m compileall -q -j 0 src >/dev/null 2>&1 || true
	@bash scripts/demo.sh

test: install system-deps
	@$(BIN)/python -m compileall -q -j 0 src >/dev/null 2>&1 || true
	@echo "== lane 1/2: SQLite"
	$(BIN)/python -m pytest -q -p no:cacheprovider
	@echo "== lane 2/2: PostgreSQL (throwaway cluster)"
	bash scripts/with-postgres.sh $(BIN)/python -m pytest -q -p no:cacheprovider

bench: install
	@COOPWATCH_BENCH=1 bash scripts/system-deps.sh
	bash scripts/with-postgres.sh $(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) coopwatch.db build dist src/*.egg-info
