# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
# Another port: `make run PORT=8080`; the address also goes into QR codes and emails (SITE_URL).
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install migrate demo messages check clean system-packages
SYSTEM_PACKAGES := python3-venv gettext chromium fonts-ipaexfont-gothic fonts-ipaexfont-mincho poppler-utils

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# The compiled catalogue is committed; recompile when gettext is there to catch edits to the .po.
messages: install
	if command -v msgfmt >/dev/null; then $(BIN)/python manage.py compilemessages --ignore=.venv -v 0; fi

# What the tests need from Debian (browser, fonts, pdftotext); installed when missing and run as root.
system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Please install: $$missing (sudo apt-get install $$missing)"; exit 1; fi; \
	fi

migrate: messages
	$(BIN)/python manage.py migrate --no-input -v 0

demo: migrate
	$(BIN)/python manage.py seed_demo

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# `make test` is the whole of it, the same here as in CI: the checks, the suite (browser included)
# in parallel processes, then the suite without the browser again with the clock moved to moments
# that break date code, worked out from today (tests/clock.py: the next fiscal-year change in
# Japan either side of midnight, the next 29 February, and a turn of the year). Only tests that
# use the database and do not freeze their own clock are run again: the rules' unit tests take
# their dates as arguments. It uses this machine's PostgreSQL and Redis when they answer on their
# usual ports (as in CI), otherwise SQLite and an in-memory broker (DATABASE_URL and
# CELERY_BROKER_URL choose others). `make test PYTEST_ARGS="tests/training -x"` runs a part once.
TEST_PROCESSES ?= $(shell nproc 2>/dev/null || echo 2)
PYTEST := $(BIN)/python -m pytest -n $(TEST_PROCESSES) --dist loadgroup -p no:warnings
# Connects to this machine's PostgreSQL as postgres and makes the database `lms` if it is missing
# (the tests make their own, test_lms_gw0 and so on, beside it).
export MAKE_LMS_DATABASE := import psycopg; db = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2, autocommit=True); \
  db.execute("select 1 from pg_database where datname = 'lms'").fetchone() or db.execute("create database lms")
FIND_SERVICES := \
  if [ -z "$$DATABASE_URL" ] && $(BIN)/python -c "$$MAKE_LMS_DATABASE" 2>/dev/null; then \
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms; fi; \
  if [ -z "$$CELERY_BROKER_URL" ] && $(BIN)/python -c "import redis; redis.Redis(socket_timeout=2).ping()" 2>/dev/null; then \
    export CELERY_BROKER_URL=redis://127.0.0.1:6379/15; fi; \
  echo "tests use $${DATABASE_URL:-SQLite} and $${CELERY_BROKER_URL:-an in-memory broker}"

# The reference verifier the certificate tests run (Node.js and npm from Debian; skipped without them).
WALLET := tests/certificates/wallet
$(WALLET)/node_modules/.package-lock.json: $(WALLET)/package-lock.json
	if command -v npm >/dev/null; then cd $(WALLET) && npm ci --no-audit --no-fund --silent; fi

test: system-packages messages $(WALLET)/node_modules/.package-lock.json
	@$(FIND_SERVICES); \
	if [ -n "$(PYTEST_ARGS)" ]; then exec $(PYTEST) $(PYTEST_ARGS); fi; \
	$(MAKE) --no-print-directory check && \
	$(PYTEST) --reuse-db --create-db && \
	for moment in $$($(BIN)/python -m tests.clock); do \
	  echo "--- the clock at $$moment"; \
	  LMS_TEST_NOW=$$moment $(PYTEST) --reuse-db -q -m "not browser" || exit 1; \
	done

check: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=lms.settings.production SECRET_KEY=check-only-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=lms.example.jp DATABASE_URL=sqlite:///tmp/check.sqlite3 $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) db.sqlite3 media
