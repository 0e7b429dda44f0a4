# The two commands of the README: `make demo` and `make test`.
# Both create or reuse .venv and install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint wheel-check kit kit-check libreoffice bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m dxreport demo

# LibreOffice is needed by the tests that open, type into and recalculate workbooks.
libreoffice:
	@bash scripts/ensure_libreoffice.sh

lint: $(STAMP)
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m mypy

# The install users do: sdist + wheel, the wheel (not -e) in a fresh environment outside the
# checkout, one round run by the installed `dxreport` from a temporary folder.
wheel-check: $(STAMP)
	bash scripts/wheel_check.sh $(PY) $(PYTHON)

# The offline kit for PCs without the package index: dist/dxreport-kit-<version>-<platform>.zip
# (wheels for CPython 3.11-3.13, control workbook, install script, 導入手順 md + PDF).
# `make kit` builds the Windows kit; `make kit PLATFORM=native` the one for this machine.
PLATFORM ?= win_amd64
kit: $(STAMP)
	$(PY) scripts/kit.py --platform $(PLATFORM)

# This machine's kit, installed offline (--no-index) into a fresh environment and self-checked.
kit-check: $(STAMP)
	bash scripts/kit_check.sh $(PY) $(PYTHON)

test: $(STAMP) libreoffice lint wheel-check kit-check
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache build dist *.egg-info
