# UnionPortal. `make run` serves the portal with the demo county; `make test` runs every check.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
MANAGE  := $(PY) manage.py
HOST    ?= 127.0.0.1
PORT    ?= 8000

.PHONY: run install install-dev system-deps test lint bench messages clean

.venv/bin/python:
	python3 -m venv .venv
	$(PIP) install -q --upgrade pip

.venv/.installed: requirements.txt .venv/bin/python
	$(PIP) install -q -r requirements.txt
	touch $@

.venv/.installed-dev: requirements.txt requirements-dev.txt .venv/.installed
	$(PIP) install -q -r requirements-dev.txt
	touch $@

install: .venv/.installed system-deps

install-dev: .venv/.installed-dev
	bash scripts/system-deps.sh --browser

system-deps:
	bash scripts/system-deps.sh

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) seed_demo --if-empty
	@echo ""
	@echo "UnionPortal: http://$(HOST):$(PORT)/"
	@echo "Demo logins (password: $${DEMO_PASSWORD:-demo-pass-2026}):"
	@echo "  county_admin          county administrator, whole county"
	@echo "  township_staff        staff of 城关镇总工会"
	@echo "  other_township_staff  staff of 新庄镇总工会"
	@echo "  leader                chair, reads the whole county"
	@echo "  auditor               audit committee, reads everything with history"
	@echo ""
	$(MANAGE) db_worker & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	.venv/bin/gunicorn unionportal.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 --timeout 300 --access-logfile -

lint: .venv/.installed-dev
	.venv/bin/ruff format --check .
	.venv/bin/ruff check .

test: install-dev lint
	$(MANAGE) makemigrations --check --dry-run
	SECURE=1 DEBUG=0 SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") $(MANAGE) check --deploy --fail-level WARNING
	DJANGO_ALLOW_ASYNC_UNSAFE=true TASKS_IMMEDIATE=1 PLAIN_STATIC=1 .venv/bin/pytest -q $(PYTEST_ARGS)
	# A throwaway app plugged in with one INSTALLED_APPS line (docs/adding-an-app.md).
	DJANGO_ALLOW_ASYNC_UNSAFE=true TASKS_IMMEDIATE=1 PLAIN_STATIC=1 .venv/bin/pytest -q --ds=tests.plugin.settings tests/plugin

bench: install-dev
	$(PY) bench/run.py

messages: .venv/.installed-dev
	$(MANAGE) makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=var --ignore=static --ignore=tests --ignore=bench
	$(MANAGE) compilemessages -l zh_Hans --ignore=.venv

clean:
	rm -rf var/staticfiles .venv
