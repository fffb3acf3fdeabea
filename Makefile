# qualicert — `make help` lists the targets.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
SCALE  ?= small
SEED   ?= 2018
PYTEST_WORKERS ?= 2
POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/postgres

.DEFAULT_GOAL := help
.PHONY: help install install-dev browser-deps demo serve test test-postgres lint format bench db-check clean

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "qualicert needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed ## Create .venv and install qualicert

install-dev: $(VENV)/.installed-dev ## Install qualicert with test, lint and benchmark tools

demo: install ## Create the SQLite database under var/, fill it with demo data, serve on HOST:PORT
	QUALICERT_HOST=$(HOST) QUALICERT_PORT=$(PORT) $(BIN)/qualicert demo --scale $(SCALE) --seed $(SEED)
	QUALICERT_HOST=$(HOST) QUALICERT_PORT=$(PORT) $(BIN)/qualicert serve

serve: install ## Serve the platform on HOST:PORT without touching the data
	QUALICERT_HOST=$(HOST) QUALICERT_PORT=$(PORT) $(BIN)/qualicert serve

browser-deps: ## Install Debian's Chromium and CJK fonts for the browser tests, where root can
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium and fonts-noto-cjk for the browser tests"; \
		apt-get install -y -q chromium fonts-noto-cjk >/dev/null 2>&1 \
		|| { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium fonts-noto-cjk >/dev/null 2>&1; } \
		|| echo "could not install chromium: the browser tests will be skipped"; \
	else echo "chromium is missing and cannot be installed here: the browser tests will be skipped"; fi

test: install-dev browser-deps ## Run the whole test suite (SQLite; browser tests in Chromium)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q

test-postgres: install-dev ## Run the database tests again on PostgreSQL (POSTGRES_URL)
	QUALICERT_TEST_POSTGRES_URL=$(POSTGRES_URL) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q -m db

lint: install-dev ## ruff (lint and format check) and mypy --strict on src/
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: install-dev ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: install-dev ## Run every benchmark under bench/ and print the figures
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

db-check: install ## Fail when models and migrations disagree (alembic check)
	QUALICERT_DATABASE_URL=sqlite:///$(CURDIR)/var/db-check.db $(BIN)/qualicert db upgrade
	QUALICERT_DATABASE_URL=sqlite:///$(CURDIR)/var/db-check.db $(BIN)/qualicert db check
	@rm -f var/db-check.db var/db-check.db-wal var/db-check.db-shm

clean: ## Remove the virtual environment and caches (keeps var/)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
