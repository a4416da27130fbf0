# Amparo: `make run` to try it, `make test` to test it. Needs only Python 3.11 or newer.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes (pytest-xdist): one per core by default; WORKERS=0 runs the suite in one process.
WORKERS ?= auto

.PHONY: run test test-fast e2e lint messages check-messages demo-codes bench clean

# Creating the virtualenv and installing happen again only when pyproject.toml changes.
$(VENV)/.base:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Amparo needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.installed: pyproject.toml | $(VENV)/.base
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/.base
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

# Compiled translations (.mo) are built from the committed .po files, never committed.
CATALOGUES := $(wildcard amparo/locale/es/LC_MESSAGES/django.po amparo/*/locale/es/LC_MESSAGES/django.po)
MESSAGES := var/.messages-compiled
$(MESSAGES): $(CATALOGUES) | $(VENV)/.installed
	@mkdir -p var
	cd amparo && ../$(PY) ../manage.py compilemessages --verbosity 0
	@touch $@

run: $(VENV)/.installed $(MESSAGES)
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py load_demo
	@echo ""
	@echo "Amparo is starting at http://$(HOST):$(PORT)/"
	@echo "Sign in with any demo account above and the password shown."
	@echo "  Quickest: recepcion@amparo.example (intake; no second step)."
	@echo "  Roles that can open confidential records also ask for a 6-digit code:"
	@echo "  run 'make demo-codes' in another terminal to see the current code."
	@echo "Press Ctrl-C to stop."
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py worker --no-reload --verbosity 0 & \
	$(PY) manage.py runserver $(HOST):$(PORT)

demo-codes: $(VENV)/.installed
	@$(PY) manage.py demo_codes

test: $(VENV)/.installed-dev $(MESSAGES)
	$(PY) -m pytest -n $(WORKERS)

# Everything but the browser tests.
test-fast: $(VENV)/.installed-dev $(MESSAGES)
	$(PY) -m pytest -n $(WORKERS) -m "not e2e"

e2e: $(VENV)/.installed-dev $(MESSAGES)
	$(PY) -m pytest -n $(WORKERS) tests/e2e

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy amparo/rules

# After adding or changing user-facing strings: update the catalogues, then translate.
# APP=people updates only that app's catalogue (amparo/people/locale).
messages: $(VENV)/.installed-dev
	cd amparo/$(APP) && $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages --locale es --no-obsolete --add-location file
	@for po in $(CATALOGUES); do printf '%s: ' $$po; msgfmt --statistics -o /dev/null $$po; done

check-messages: $(VENV)/.installed-dev
	$(PY) -m pytest -q amparo/core/tests/test_catalogue.py

# Benchmarks (bench/): synthetic data at scale, figures written to bench/results/*.json.
# BENCH="people --quick" runs one benchmark, small.
bench: $(VENV)/.installed-dev $(MESSAGES)
	$(PY) -m bench $(BENCH)

clean:
	rm -rf $(VENV) var/static
