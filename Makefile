# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
# Another port: `make run PORT=8080`; the address also goes into QR codes and emails (SITE_URL).
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-clocks install migrate demo messages check clean system-packages
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

test: system-packages messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The suite must pass on any day: run it (without the browser) with the clock moved to days
# that break date code: after the 2026 session deadlines, either side of a fiscal-year change
# in Japan, and a leap day. The first run builds the test database and the others reuse it (the
# schema cannot change between them), which saves three migrations.
CLOCKS := 2026-12-10T10:00+09:00 2027-03-31T23:30+09:00 2027-04-01T00:30+09:00 2028-02-29T12:00+09:00
test-clocks: system-packages messages
	fresh=--create-db; for moment in $(CLOCKS); do \
	  LMS_TEST_NOW=$$moment $(BIN)/python -m pytest $$fresh --reuse-db -q -m "not browser" -p no:warnings $(PYTEST_ARGS) || exit 1; \
	  fresh=; \
	done

check: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=lms.settings.production SECRET_KEY=check-only-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=lms.example.jp DATABASE_URL=sqlite:///tmp/check.sqlite3 $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) db.sqlite3 media
