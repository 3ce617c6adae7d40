# VAWG Tracker: the two commands a newcomer needs are `make run` and `make test`.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PATH := $(CURDIR)/$(BIN):$(PATH)

.DEFAULT_GOAL := help
.PHONY: help venv provision-run provision-test run dev setup test resilience lint format backup restore

help:
	@echo "make run    install, migrate, load demo data, start web (gunicorn) + worker + beat"
	@echo "make test   lint, migration check and the whole test suite (SKIP_BROWSER=1: no Chromium)"
	@echo "make dev    like make run, with DEBUG on and runserver's auto-reload"
	@echo "make resilience  fault tests: workers and a web node killed, Redis and PostgreSQL stopped (~6 min)"
	@echo "make format reformat the code with ruff"
	@echo "make backup  database, evidence files and reports into one archive (BACKUP_DIR, or the object store)"
	@echo "make restore ARCHIVE=path  put an archive (a file, or its name in the object store) back into an empty database, then check it"

# The virtualenv is rebuilt when a requirements file changes.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(BIN)/.installed

# System packages (Pango and a font for the PDF reports; Chromium and poppler-utils for the
# tests): installed when run as root on Debian, otherwise one line says what to install.
provision-run:
	scripts/provision run

provision-test:
	scripts/provision test

# `make run` serves the demo as production does: DEBUG off, gunicorn, WhiteNoise's
# compressed, cache-busted static files. Only what plain http on this machine needs is
# relaxed (no TLS redirect, cookies not https-only, no two-factor), with a secret key of
# its own kept in var/ (readable by its owner only).
DEMO_SECRET := var/demo-secret-key
$(DEMO_SECRET):
	mkdir -p var
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

run dev setup: export SITE_URL ?= http://$(HOST):$(PORT)
run setup: export DEBUG = 0
run setup: export ALLOWED_HOSTS ?= 127.0.0.1,localhost,$(HOST)
run setup: export SECURE_SSL_REDIRECT = 0
run setup: export SESSION_COOKIE_SECURE = 0
run setup: export CSRF_COOKIE_SECURE = 0
run setup: export SECURE_HSTS_SECONDS = 0
run setup: export REQUIRE_TWO_FACTOR = 0
dev: export DEBUG = 1

# manage.py with the demo's own secret key.
DEMO_MANAGE = SECRET_KEY=$$(cat $(DEMO_SECRET)) $(BIN)/python manage.py

setup: venv provision-run $(DEMO_SECRET)
	$(DEMO_MANAGE) migrate --noinput
	$(DEMO_MANAGE) collectstatic --noinput -v0
	$(DEMO_MANAGE) seed_demo --if-empty
	@# A throwaway installation on this machine: known passwords are its point.
	$(DEMO_MANAGE) create_demo_users --allow-production

# The worker and beat catch up on start: the quarterly reports of every ended quarter of
# the active plan are queued at once and ready within a minute or two.
run: setup
	@echo
	@echo "VAWG Tracker is starting at http://$(HOST):$(PORT)/  (Ctrl-C stops web, worker and beat)"
	@echo
	SECRET_KEY=$$(cat $(DEMO_SECRET)) HOST=$(HOST) PORT=$(PORT) \
	  $(BIN)/honcho start --port $(PORT) web worker beat

# For developers: DEBUG on, runserver reloading on every change, the same worker and beat.
dev: venv provision-run
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo --if-empty
	DEBUG=1 $(BIN)/python manage.py create_demo_users
	HOST=$(HOST) PORT=$(PORT) $(BIN)/honcho start --port $(PORT) devweb worker beat

# The archive holds OFFICIAL-SENSITIVE data: it is written readable by its owner only.
backup: venv
	$(BIN)/python manage.py backup

restore: venv
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=var/backups/vawg-backup-YYYYMMDDTHHMMSSZ.tar.gz"; exit 2; }
	$(BIN)/python manage.py restore "$(ARCHIVE)"

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The whole suite, nothing skipped: without Chromium it stops, unless SKIP_BROWSER=1, and
# then the summary says how many browser tests did not run.
test: provision-test lint
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# Fault tests on real processes (tests/resilience/): they start a private PostgreSQL and
# Redis of their own, so they need PostgreSQL's server binaries and redis-server installed.
resilience: venv
	$(BIN)/pytest -m resilience
