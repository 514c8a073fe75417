# Python: the flow_api wheel (pyo3 + maturin), built once in release mode into .venv, then linted,
# type-checked (mypy --strict, stubtest) and tested (pytest: conformance vectors and the sandbox;
# the Dask example).
.PHONY: python-env python-build python-lint python-test python-demo
DEMO_TARGETS += python-demo
TEST_TARGETS += python-test

PYTHON ?= python3
VENV := .venv
VENV_PY := $(VENV)/bin/python
# Build, test and type-checking tools (pinned), plus the optional extras the tests exercise.
PY_DEV_REQUIREMENTS := requirements-dev.txt
PY_SOURCES := python tests/python examples/python

$(VENV_PY):
	$(PYTHON) -m venv $(VENV)

# pip skips whatever is already installed.
python-env: $(VENV_PY)
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check -r $(PY_DEV_REQUIREMENTS)

# An editable install of the release build: the extension lands in python/flow_api/.
python-build: python-env
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin develop --release --quiet

python-lint: python-build
	PYO3_PYTHON=$(abspath $(VENV_PY)) $(CARGO) clippy -p flow-py -- -D warnings
	$(VENV)/bin/ruff check $(PY_SOURCES)
	$(VENV)/bin/ruff format --check $(PY_SOURCES)
	$(VENV)/bin/mypy python/flow_api examples/python tests/python/test_typed.py
	$(VENV_PY) -m mypy.stubtest flow_api

# The Dask example runs too: clients pickled to worker processes against the in-process sandbox
# (about 8 s, most of it the cluster starting).
python-test: python-lint
	$(VENV_PY) -m pytest
	$(VENV_PY) examples/python/dask_attendance.py

python-demo: python-build
	$(VENV_PY) examples/python/quickstart.py
	$(VENV_PY) examples/python/attendance.py
