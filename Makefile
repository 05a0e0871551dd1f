# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install migrate demo messages check clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

messages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0

migrate: messages
	$(BIN)/python manage.py migrate --no-input -v 0

demo: migrate
	$(BIN)/python manage.py seed_demo

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=lms.settings.production SECRET_KEY=check-only-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=lms.example.jp DATABASE_URL=sqlite:///tmp/check.sqlite3 $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) db.sqlite3 media
