# recoverwell: every entry point. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_DB ?= sqlite:///$(CURDIR)/.demo/recoverwell.db

.PHONY: all demo test lint typecheck bench docs schemas fmt check clean

all: lint typecheck test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)  ## create the venv, load the synthetic demo athlete, show what recoverwell sees
	$(BIN)/recoverwell --db $(DEMO_DB) demo

test: $(STAMP)  ## the whole test suite (PostgreSQL cases skip locally when no server answers)
	$(BIN)/python -m pytest

lint: $(STAMP)  ## ruff, import contracts, module sizes, generated docs up to date
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_layout.py
	$(BIN)/cog -I scripts --check docs/cli.md docs/settings.md docs/metrics.md docs/readiness.md
	$(BIN)/python -m recoverwell.app.contract.generate --check

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)  ## benchmarks: print figures and ratios against peer libraries
	@for b in bench/*_bench.py; do [ -e "$$b" ] || continue; echo "== $$b"; $(BIN)/python $$b || exit 1; done

docs: $(STAMP)  ## regenerate the generated parts of docs/
	$(BIN)/cog -I scripts -r docs/cli.md docs/settings.md docs/metrics.md docs/readiness.md

schemas: $(STAMP)  ## regenerate the JSON Schemas of the result contract (app/contract/schemas)
	$(BIN)/python -m recoverwell.app.contract.generate

fmt: $(STAMP)
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

check: lint typecheck test

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache
