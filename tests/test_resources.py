"""The files dxreport reads at run time are package data, linked to their editable sources.

`make wheel-check` proves they load from an installed wheel; these tests keep the checkout's
side honest: each packaged path is the top-level source a developer edits, and pyproject.toml
packs it."""

from __future__ import annotations

import fnmatch
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from dxreport import resources
from dxreport.plan.importer import import_plan
from dxreport.plan.master import load_master

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(str(files("dxreport")))

# packaged file -> the editable source it must be (None: it lives in the package itself)
RUNTIME_FILES = {
    resources.EMBEDDED_PLAN: None,
    resources.CORRECTIONS: None,
    resources.SURVEY_TEMPLATE: ROOT / "templates" / "survey_template.xlsx",
    resources.MACROS_DIR / "dxreport.bas": ROOT / "macros" / "dxreport.bas",
    resources.DEFAULT_MASTER: ROOT / "workbooks" / "master_plan_R8.xlsx",
}


@pytest.mark.parametrize("packaged", RUNTIME_FILES, ids=lambda p: p.name)
def test_each_runtime_file_is_in_the_package_and_is_its_editable_source(packaged):
    assert packaged.is_file()
    assert packaged.is_relative_to(PACKAGE)  # found through importlib.resources
    source = RUNTIME_FILES[packaged]
    if source is not None:  # one file, two names: an edit of the source is what ships
        assert packaged.resolve() == source.resolve()


def test_pyproject_packs_every_runtime_file():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = config["tool"]["setuptools"]["package-data"]
    patterns = [f"{package.replace('.', '/')}/{glob}"
                for package, globs in package_data.items() for glob in globs]
    for packaged in [*RUNTIME_FILES, *resources.MACROS_DIR.glob("*.bas")]:
        name = (Path("dxreport") / packaged.relative_to(PACKAGE)).as_posix()
        assert any(fnmatch.fnmatch(name, p) for p in patterns), f"{name} is not in the wheel"


def test_the_shipped_master_is_the_embedded_plan():
    # `plan show` outside a checkout reads it; `init` writes the import of the embedded plan.
    assert load_master(resources.DEFAULT_MASTER) == import_plan().plan
