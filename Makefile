# « Secteurs & remboursements » — the two commands of the README, and what they need.
#   make run    set up what is missing, migrate, load the initial content, serve with gunicorn
#   make test   set up what is missing, then lint, checks and the whole suite (browser included)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
CHROMIUM_PATH ?= /usr/bin/chromium
# The suite runs on every core, four at most (pytest-xdist; each worker has its own database,
# cache folder, Redis database and Chromium): under 5 minutes on 2 cores instead of 7. No test
# depends on another having run on its worker (pytest-django runs each worker's transactional
# tests, which empty the database, last: keep xdist's default distribution).
# `make test PYTEST_ARGS=-n0` runs it in one process.
PYTEST_ARGS ?= --numprocesses=auto --maxprocesses=4
# Production variables used to check the deployment settings (never a real secret).
PROD_ENV := DJANGO_ENV=production DJANGO_SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-secret-key-0123456789abcdef DJANGO_ALLOWED_HOSTS=secteurs.example SITE_EDITEUR='Vérification du déploiement' SITE_DIRECTEUR_PUBLICATION='Vérification du déploiement' SITE_HEBERGEUR='Vérification du déploiement'

.PHONY: help setup run test lint checks pytest test-postgres test-redis browser bench wrk clean

help:
	@echo "make run            sert le site sur http://127.0.0.1:$(PORT)/ (gunicorn, SQLite)"
	@echo "make test           lint, vérifications et toute la suite de tests (navigateur compris)"
	@echo "make test-postgres  la même suite sur un PostgreSQL jetable"
	@echo "make test-redis     la même suite avec le cache partagé dans un Redis jetable"
	@echo "make bench          banc d'essai du site en conditions de production (wrk)"

# Python >= 3.12: on PATH first, then in pyenv's versions folder.
define FIND_PYTHON
for c in python3.14 python3.13 python3.12; do \
  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$c; exit 0; fi; \
done; \
root=$$(pyenv root 2>/dev/null || echo "$$HOME/.pyenv"); \
for p in $$(ls -d $$root/versions/3.1[2-4].*/bin/python3 2>/dev/null | sort -V -r); do \
  if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then echo $$p; exit 0; fi; \
done; \
exit 1
endef

$(PY):
	@py=$$($(FIND_PYTHON)) || { echo "Python 3.12 ou plus récent est introuvable. Installez-le, par exemple : apt-get install python3.12 python3.12-venv, ou pyenv install 3.13" >&2; exit 1; }; \
	echo "Création de $(VENV) avec $$py"; \
	$$py -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip

$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

setup: $(STAMP)

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py charger_contenu
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@echo "  Le site est servi sur http://127.0.0.1:$(PORT)/ (Ctrl+C pour arrêter)"
	@echo ""
	$(VENV)/bin/gunicorn config.wsgi:application --config config/gunicorn.conf.py --bind 127.0.0.1:$(PORT) \
		--no-control-socket --access-logfile - --forwarded-allow-ips=127.0.0.1

# The worker model (2 processes of 8 threads, against slow clients) is in config/gunicorn.conf.py,
# the file production starts with too.

# Debian's Chromium (Playwright cannot download its own browser here) and French messages.
browser:
	@if [ -x "$(CHROMIUM_PATH)" ] && { [ "$(CHROMIUM_PATH)" != /usr/bin/chromium ] || dpkg -s chromium-l10n >/dev/null 2>&1; }; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installation de chromium et chromium-l10n (Debian)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-l10n >/dev/null; \
	else \
	  echo "Chromium manque. Installez-le avec : sudo apt-get install -y --no-install-recommends chromium chromium-l10n" >&2; \
	  echo "(ou indiquez un autre navigateur avec CHROMIUM_PATH=/chemin/vers/chromium)" >&2; exit 1; \
	fi

lint: setup
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

checks: setup
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(PROD_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py collectstatic --noinput --verbosity 0

pytest: setup browser
	CHROMIUM_PATH=$(CHROMIUM_PATH) $(VENV)/bin/pytest $(PYTEST_ARGS)

test: lint checks pytest

# The same suite against a throwaway PostgreSQL cluster on 127.0.0.1, stopped whatever happens.
test-postgres: setup browser
	bash .ci/with-postgres $(MAKE) --no-print-directory pytest

# The same suite with the shared cache in a throwaway Redis on 127.0.0.1, stopped whatever happens.
test-redis: setup browser
	bash .ci/with-redis $(MAKE) --no-print-directory pytest

wrk:
	@command -v wrk >/dev/null 2>&1 && exit 0; \
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else echo "wrk manque : sudo apt-get install -y wrk" >&2; exit 1; fi

# Load test of the site as in production, on 127.0.0.1 (see .ci/bench for what it prints).
bench: setup wrk
	bash .ci/bench

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis captures .cache
