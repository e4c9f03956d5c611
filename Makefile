# The two commands: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test install install-test translations lint browser extract-messages bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

# Compiled catalogs are build output (.mo files are not committed).
translations: $(BIN)/python
	$(BIN)/pybabel compile -d translations -D messages

# Refresh the template and every catalog after changing user-visible text;
# then translate the new entries (TRANSLATING.md) before `make test` passes.
extract-messages: $(BIN)/python
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -o translations/messages.pot --no-location --sort-output --project="Harrow Partnership Portal" .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -D messages --ignore-obsolete --no-fuzzy-matching

run: install translations
	$(BIN)/portal init-db
	$(BIN)/portal seed-demo
	$(BIN)/portal run --host 127.0.0.1 --port 5000

# Debian's Chromium drives the browser tests; install it where we can (as root).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "could not install chromium"; \
	  else echo "chromium is not installed: browser tests will be skipped (failed under CI=true)"; fi; }

# The benchmark (docs/performance.md): gunicorn + wrk on PostgreSQL, demo data at scale 10.
bench: install translations
	$(BIN)/pip install --quiet -e '.[production]'
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m bench.run $(BENCH_ARGS)

lint: install-test
	$(BIN)/ruff check .

# Two pytest-xdist workers (this is a 2-core machine; TEST_WORKERS overrides), the tests
# spread over both. A worker that runs browser tests starts one server and one Chromium for
# them; the crawl is one test per language, so each language is crawled once.
TEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist load

test: install-test translations browser lint
	$(PYTEST)
	@if [ -n "$$PORTAL_TEST_DATABASE_URL" ]; then \
	  echo "== again on $$PORTAL_TEST_DATABASE_URL =="; \
	  PORTAL_TEST_DB=postgres $(PYTEST) -m "not browser"; \
	fi
