# Two commands do all the set-up on a fresh clone:
#   make run   - install everything, then open kkrdesk on the sample meeting
#   make test  - install everything, run the whole test suite, then build the desktop bundle
#                and smoke-test the frozen program
# and one more for the bundle alone:
#   make bundle - build dist/kkrdesk/ (packaging/README.md) and smoke-test it
# and the quick loop while working:
#   make check  - lint (ruff), types (mypy) and the tests not marked slow
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kkrdesk-installed

.PHONY: run test check lint bundle system-packages install clean

run: install
	$(BIN)/kkrdesk

test: install lint
	@echo "== core tests, with Qt made unimportable =="
	KKRDESK_BLOCK_QT=1 $(BIN)/python -m pytest -p no:pytest-qt tests/core
	@echo "== GUI, command-line and end-to-end tests =="
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest --ignore=tests/core
	@echo "== the desktop bundle, built and smoke-tested =="
	PYTHON=$(BIN)/python packaging/build.sh

lint: $(STAMP)
	@echo "== ruff and mypy (pyproject.toml) =="
	$(BIN)/ruff check .
	$(BIN)/mypy

# make check spreads the tests over one worker per core (pytest-xdist); --dist loadfile keeps each
# test file on one worker, so a module-scoped fixture is still built once. make test and CI stay serial.
CHECK_WORKERS ?= auto
CHECK_PYTEST := -q -m "not slow" -n $(CHECK_WORKERS) --dist loadfile

check: lint
	@echo "== tests not marked slow: core with Qt unimportable, then the window offscreen =="
	KKRDESK_BLOCK_QT=1 $(BIN)/python -m pytest -p no:pytest-qt $(CHECK_PYTEST) tests/core
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(CHECK_PYTEST) --ignore=tests/core

bundle: install
	PYTHON=$(BIN)/python packaging/build.sh

install: system-packages $(STAMP)

system-packages:
	@tools/system-packages.sh

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis .mypy_cache .ruff_cache
