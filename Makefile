# Two commands: `make demo` runs the archive with sample data on SQLite; `make test` runs every test.
# `make serve` runs it in production: see README.md, "Running in production".
VENV ?= .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
HOST ?= 127.0.0.1:8000

.PHONY: demo serve test install postgres browser lint

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --editable '.[test]'
	touch $@

install: $(VENV)/.installed

demo: export DJANGO_DEBUG = 1
demo: install
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py ingest --no-progress sample_data/scrapes sample_data/feeds
	@echo "Now three inputs that are meant to fail, to show how failures are kept:"
	-$(PY) manage.py ingest --no-progress sample_data/bad
	$(PY) manage.py ensure_demo_admin
	@echo "News Archive: http://$(HOST)/   admin: http://$(HOST)/admin/ (user admin, password admin)"
	$(PY) manage.py runserver $(HOST)

# Production: refuse unfit settings first (gunicorn.conf.py says why), then migrate, collect the
# static files WhiteNoise serves, and serve. DEBUG is off whatever the environment says.
serve: export DJANGO_DEBUG = 0
serve: install
	$(PY) gunicorn.conf.py
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input --verbosity 0
	exec $(PY) -m gunicorn --config gunicorn.conf.py --bind $(HOST)

postgres:
	@pg_isready --quiet --host 127.0.0.1 --port 5432 || \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@pg_isready --host 127.0.0.1 --port 5432 || \
		{ echo "PostgreSQL is not running on 127.0.0.1:5432 and could not be started" >&2; exit 1; }

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@command -v chromium >/dev/null 2>&1 || \
		{ echo "chromium is missing and could not be installed (tests/test_browser.py needs it)" >&2; exit 1; }

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

test: install postgres browser lint
	@echo "== tests on SQLite"
	$(PY) -m pytest
	@echo "== tests on PostgreSQL"
	DATABASE_URL=$(PG_URL) $(PY) -m pytest
