# Every target bootstraps what it needs: .venv from pinned versions (requirements-dev.txt,
# frozen in requirements-lock.txt) and node_modules from package-lock.json.
# `make check` runs exactly what CI runs before pytest; `.ci/run` calls `make test`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
# `make demo` has its own environment: the package and its `cli` extra, nothing else, so a
# newcomer's first demo installs a handful of packages instead of the whole toolchain.
DEMO_VENV  := .venv-demo
DEMO_STAMP := $(DEMO_VENV)/.installed
NODE_STAMP := node_modules/.installed
# The orchestrator integrations are tested with the orchestrator really installed, each in its
# own environment (frozen in requirements-airflow.txt / requirements-dagster.txt), so neither
# Airflow's nor Dagster's hundred dependencies reach the main environment or each other.
AIRFLOW_VENV  := .venv-airflow
AIRFLOW_STAMP := $(AIRFLOW_VENV)/.installed
DAGSTER_VENV  := .venv-dagster
DAGSTER_STAMP := $(DAGSTER_VENV)/.installed
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: beside-pytest mutation test-airflow test-dagster help install generate unasync check drift lint-spec spec-diff spec-gate ruff mypy test pytest conformance demo bench lock clean test-matrix docs docs-serve docs-check dist

help:
	@echo "make demo      start the local emulator and run the examples against it"
	@echo "make test      every check CI runs: drift, spec lint, ruff, mypy, pytest, conformance"
	@echo "make check     the same without pytest"
	@echo "make generate  regenerate generated/ from openapi.yaml + generator-config.yml"
	@echo "make spec-diff what openapi.yaml changed since the last release (BASE=<ref> for another)"
	@echo "make unasync   derive the sync client from the async one"
	@echo "make bench     run the benchmarks and write BENCHMARKS.md"
	@echo "make test-matrix  the fast suite on Python 3.11, 3.12 and 3.13 (those found)"
	@echo "make test-airflow / test-dagster  the orchestrator integrations, each in its own venv"
	@echo "make mutation  mutation testing of pacing and retries (goal: 90 % killed)"
	@echo "make docs      build the documentation site strictly (docs-serve, docs-check)"
	@echo "make dist      build the sdist and wheel and check them with twine"

$(STAMP): requirements-dev.txt requirements-lock.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==26.3"
	$(PY) -m pip install --quiet -c requirements-lock.txt -r requirements-dev.txt
	$(PY) -m pip install --quiet -c requirements-lock.txt --no-build-isolation -e .
	@touch $@

install: $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

generate: $(STAMP)
	$(PY) scripts/generate.py

unasync: $(STAMP)
	$(PY) scripts/unasync.py

drift: $(STAMP)
	$(PY) scripts/generate.py --check
	$(PY) scripts/unasync.py --check
	$(PY) scripts/check_seam.py

lint-spec: $(STAMP) $(NODE_STAMP)
	$(BIN)/openapi-spec-validator openapi.yaml
	node_modules/.bin/redocly lint --format=stylish openapi.yaml

# Breaking / non-breaking / unclassified changes of openapi.yaml against the last release
# (the commit CHANGELOG.md records) or BASE=<git ref>.
spec-diff: $(STAMP) $(NODE_STAMP)
	$(PY) scripts/spec_diff.py $(if $(BASE),--base $(BASE))

# In `make check`: a breaking change must be announced in CHANGELOG.md's "### API" section.
spec-gate: $(STAMP) $(NODE_STAMP)
	$(PY) scripts/spec_diff.py --check

ruff: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

mypy: $(STAMP)
	$(BIN)/mypy overlays/segment_profiles_sync generated/segment_profiles_sync_api \
	  tests scripts examples benchmarks

check: drift lint-spec spec-gate ruff mypy

# pytest under coverage (branches, subprocesses too); the report is printed per file and
# `fail_under` (pyproject.toml) is enforced.
pytest: $(STAMP)
	@rm -f .coverage .coverage.*
	$(BIN)/coverage run -m pytest
	@$(BIN)/coverage combine --quiet
	$(BIN)/coverage report

# Schemathesis (a tool we did not write) against the emulator's HTTP mode, seeded and bounded.
conformance: $(STAMP)
	$(PY) scripts/conformance.py

# The fast suite on every other Python 3.11+ found (pyenv or pythonX.Y on PATH); about a
# minute the first time (it builds .venv-pyX.Y), so CI runs it too.
test-matrix: $(STAMP)
	$(PY) scripts/test_matrix.py

# pytest (one process, about 4 minutes) runs beside the rest, which follow one another:
# mutation testing, then the orchestrator suites. Two jobs on two cores; each job's output is
# printed whole when it ends. The orchestrator environments are installed first (an editable
# install must not run while pytest builds the wheel). The fast suite on the other Pythons
# is `make test-matrix`, outside `make test` to keep it under ten minutes on two cores. The
# checks before, and the orchestrator environments' installs, also run two at a time.
test:
	@$(MAKE) --no-print-directory -j2 --output-sync=target check conformance docs \
	  $(AIRFLOW_STAMP) $(DAGSTER_STAMP)
	@$(MAKE) --no-print-directory -j2 --output-sync=target pytest beside-pytest

# Beside pytest (the longest), on the other core: mutation testing with one child, then the
# orchestrator suites.
beside-pytest: $(STAMP)
	MUTATION_CHILDREN=1 $(PY) scripts/mutation.py
	@$(MAKE) --no-print-directory test-airflow test-dagster

# Mutation testing of the pacing models and retry decisions: at least 90 % of mutants killed,
# every survivor explained in MUTATION.md (about 2.6 minutes on 2 cores, alone).
mutation: $(STAMP)
	$(PY) scripts/mutation.py

$(AIRFLOW_STAMP): requirements-airflow.txt pyproject.toml
	@test -x $(AIRFLOW_VENV)/bin/python || $(PYTHON) -m venv $(AIRFLOW_VENV)
	$(AIRFLOW_VENV)/bin/python -m pip install --quiet --upgrade "pip==26.3"
	$(AIRFLOW_VENV)/bin/python -m pip install --quiet -r requirements-airflow.txt
	$(AIRFLOW_VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(DAGSTER_STAMP): requirements-dagster.txt pyproject.toml
	@test -x $(DAGSTER_VENV)/bin/python || $(PYTHON) -m venv $(DAGSTER_VENV)
	$(DAGSTER_VENV)/bin/python -m pip install --quiet --upgrade "pip==26.3"
	$(DAGSTER_VENV)/bin/python -m pip install --quiet -r requirements-dagster.txt
	$(DAGSTER_VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

# mypy --strict on the module with Airflow's own types, then its tests (a throwaway
# AIRFLOW_HOME with a SQLite database, so `airflow dags test` runs the example DAG for real).
test-airflow: $(AIRFLOW_STAMP)
	$(AIRFLOW_VENV)/bin/mypy overlays/segment_profiles_sync/airflow/*.py examples/airflow/*.py tests/airflow/*.py
	AIRFLOW_HOME=$(CURDIR)/$(AIRFLOW_VENV)/home $(AIRFLOW_VENV)/bin/python -m pytest --confcutdir=tests/airflow -p no:cacheprovider tests/airflow

test-dagster: $(DAGSTER_STAMP)
	$(DAGSTER_VENV)/bin/mypy overlays/segment_profiles_sync/dagster/*.py examples/dagster/*.py tests/dagster/*.py
	$(DAGSTER_VENV)/bin/python -m pytest --confcutdir=tests/dagster -p no:cacheprovider tests/dagster

$(DEMO_STAMP): pyproject.toml requirements-lock.txt
	@test -x $(DEMO_VENV)/bin/python || $(PYTHON) -m venv $(DEMO_VENV)
	$(DEMO_VENV)/bin/python -m pip install --quiet -c requirements-lock.txt -e ".[cli]"
	@touch $@

demo: $(DEMO_STAMP)
	$(DEMO_VENV)/bin/python examples/run_demo.py

bench: $(STAMP)
	$(PY) benchmarks/run.py

# The documentation site: a strict build (broken links, missing references and warnings fail).
docs: $(STAMP)
	$(BIN)/mkdocs build --strict --quiet
	@echo "built site/ (open site/index.html, or make docs-serve)"

docs-serve: $(STAMP)
	$(BIN)/mkdocs serve

# The built site as a reader sees it, in headless Chromium (Debian's package, installed here
# when missing): pages, the reference and a search, screenshots in site-check/, failing on
# console errors or missing assets. Not part of `make test` (the browser install is slow).
docs-check: docs $(NODE_STAMP)
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
	node scripts/docs-check.mjs

# The release artefacts: sdist, then the wheel built from it, checked by twine.
dist: $(STAMP)
	rm -rf dist
	$(PY) -m build --sdist --wheel --outdir dist .
	$(BIN)/twine check --strict dist/*

# Refreeze requirements-lock.txt after changing requirements-dev.txt.
lock:
	rm -rf $(VENV)-lock && $(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/pip install --quiet -r requirements-dev.txt
	{ echo "# Generated by 'make lock' from requirements-dev.txt: the exact set CI installs (as constraints)."; \
	  $(VENV)-lock/bin/pip freeze --exclude-editable; } > requirements-lock.txt
	rm -rf $(VENV)-lock

clean:
	rm -rf $(VENV) $(DEMO_VENV) $(AIRFLOW_VENV) $(DAGSTER_VENV) .venv-py3.* node_modules build dist .mypy_cache .ruff_cache .pytest_cache .coverage .coverage.* site site-check
