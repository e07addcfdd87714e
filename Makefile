# Every target bootstraps .venv itself, so a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
STAMP  := $(VENV)/.installed-dev
RUN_STAMP := $(VENV)/.installed

.PHONY: install run test lint format bench loadtest clean translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# `make run` needs only the app; tests, lint and benchmarks also need the dev extra.
$(RUN_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# The background worker (web imports) runs beside the server and stops with it.
run: $(RUN_STAMP)
	export CALENDAR_BASE_URL="$${CALENDAR_BASE_URL:-http://$(HOST):$(PORT)}"; \
	  $(BIN)/calendar-app db upgrade && $(BIN)/calendar-app seed-demo --if-empty || exit 1; \
	  $(BIN)/calendar-app worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/calendar-app run --host $(HOST) --port $(PORT)

# Mozilla's ical.js (Thunderbird's parser) for the feed tests, when node is here.
JS_STAMP := tests/js/node_modules/.installed
$(JS_STAMP): tests/js/package.json tests/js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/js --no-audit --no-fund --silent && touch $(JS_STAMP); \
	else echo "npm not found: the ical.js tests will be skipped"; fi

test: $(STAMP) $(JS_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python bench/run.py

# 60 s of mixed load on gunicorn at 127.0.0.1 (LOADTEST_SECONDS to change); fails on any error.
loadtest: $(STAMP)
	$(BIN)/python bench/loadtest.py

# Interface strings: extract messages.pot, merge it into each language's .po, compile the
# .mo files (committed, so a fresh clone and the wheel need no build step; a test checks
# that they match their .po).
TRANSLATIONS := calendar_app/translations
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location --sort-output \
	  --project calendar_app -o $(TRANSLATIONS)/messages.pot calendar_app templates
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-wrap \
	  --ignore-obsolete --no-fuzzy-matching --ignore-pot-creation-date
	$(BIN)/pybabel compile -d $(TRANSLATIONS) --statistics

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
