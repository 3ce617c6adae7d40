# VAWG Tracker: the two commands a newcomer needs are `make run` and `make test`.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PATH := $(CURDIR)/$(BIN):$(PATH)

.DEFAULT_GOAL := help
.PHONY: help venv run setup test resilience lint format backup restore

help:
	@echo "make run    install, migrate, load demo data, start web + worker + beat"
	@echo "make test   lint, migration check and the whole test suite"
	@echo "make resilience  fault tests: workers killed, Redis and PostgreSQL stopped (~4 min)"
	@echo "make format reformat the code with ruff"
	@echo "make backup  database, evidence files and reports into one archive (BACKUP_DIR)"
	@echo "make restore ARCHIVE=path  put an archive back into an empty database, then check it"

# The virtualenv is rebuilt when a requirements file changes.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(BIN)/.installed

setup: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py create_demo_users

run: setup
	@echo
	@echo "VAWG Tracker is starting at http://$(HOST):$(PORT)/  (Ctrl-C stops web, worker and beat)"
	@echo
	HOST=$(HOST) PORT=$(PORT) $(BIN)/honcho start --port $(PORT)

# The archive holds OFFICIAL-SENSITIVE data: it is written readable by its owner only.
backup: venv
	$(BIN)/python manage.py backup

restore: venv
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=var/backups/vawg-backup-YYYYMMDDTHHMMSSZ.tar.gz"; exit 2; }
	$(BIN)/python manage.py restore "$(ARCHIVE)"

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# Fault tests on real processes (tests/resilience/): they start a private PostgreSQL and
# Redis of their own, so they need PostgreSQL's server binaries and redis-server installed.
resilience: venv
	$(BIN)/pytest -m resilience
