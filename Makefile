# The two commands of the quick start: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDRESS ?= 127.0.0.1
PORT ?= 8501
# apt-get needs root; use sudo when we are not root and it exists.
SUDO := $(shell [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && echo sudo)

.PHONY: run test lint unit integration app e2e validate install install-dev chromium postgresql pdftotext clean

run: $(VENV)/.installed
	$(BIN)/streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT)

test: $(VENV)/.installed-dev chromium postgresql pdftotext node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/python -m templates_library validate
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

unit: $(VENV)/.installed-dev
	$(BIN)/python -m pytest tests/unit

integration: $(VENV)/.installed-dev postgresql
	$(BIN)/python -m pytest tests/integration

app: $(VENV)/.installed-dev
	$(BIN)/python -m pytest tests/app

e2e: $(VENV)/.installed-dev chromium node_modules/.installed
	$(BIN)/python -m pytest tests/e2e

validate: $(VENV)/.installed
	$(BIN)/python -m templates_library validate

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

# axe-core, injected into pages by the browser tests to check accessibility.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# Debian's Chromium for the browser tests: Playwright cannot download its own browser here.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@chromium --version

# Debian's PostgreSQL server for the storage tests, which start their own on 127.0.0.1.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql >/dev/null; }
	@ls /usr/lib/postgresql/*/bin/initdb

# Debian's poppler-utils for pdftotext, which the PDF export tests read the guide books with.
pdftotext:
	@command -v pdftotext >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq poppler-utils >/dev/null; }
	@pdftotext -v 2>&1 | head -n 1

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .hypothesis
