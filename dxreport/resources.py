"""The files dxreport reads at run time, found the packaged way (`importlib.resources`).

Every one of them is package data under `dxreport/data/` (and `dxreport/plan/corrections.toml`),
so an installed wheel works from any directory. The editable sources stay where the design card
puts them, at the top of the repository: `dxreport/data/templates`, `macros` and `workbooks` are
symbolic links to `templates/`, `macros/` and `workbooks/`. A checkout and an editable install
read the sources through the links; building the sdist and the wheel follows them and packs
copies, so what `make wheel-check` installs is what users get.

Paths, not `Traversable`s: pip installs packages unpacked, so package data is a real file, and
the callers name it in messages and hand it to zipfile and openpyxl.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
from importlib.resources import files
from pathlib import Path

PACKAGE = "dxreport"


def _packaged(*parts: str) -> Path:
    found = files(PACKAGE).joinpath(*parts)
    # A zipped install would give a zipfile.Path: not a way dxreport is ever installed.
    assert isinstance(found, Path), f"dxreport is installed unpacked, not as {type(found)}"
    return found


def data_path(*parts: str) -> Path:
    """A file (or folder) under `dxreport/data/`."""
    return _packaged("data", *parts)


EMBEDDED_PLAN = data_path("R8_dx_plan.txt")  # the published FY2026 plan, as extracted text
SURVEY_TEMPLATE = data_path("templates", "survey_template.xlsx")
MACROS_DIR = data_path("macros")  # the control workbook's VBA modules (*.bas)
DEFAULT_MASTER = data_path("workbooks", "master_plan_R8.xlsx")  # the embedded plan's master
CORRECTIONS = _packaged("plan", "corrections.toml")


def xlwings_bas() -> Path:
    """xlwings' own VBA module, shipped inside the xlwings package beside its Python code.

    Found from xlwings' import spec without importing it: importing xlwings fixes its engines
    for the whole process, which the tests of the buttons (remote engine) must choose."""
    spec = importlib.util.find_spec("xlwings")
    assert spec is not None and spec.origin is not None  # a dependency
    return Path(spec.origin).parent / "xlwings.bas"


def version() -> str:
    """The installed distribution's version (what `pip` installed, not a constant in code)."""
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:  # a bare checkout on PYTHONPATH
        return "0+unknown"
