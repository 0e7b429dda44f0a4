from __future__ import annotations

from pathlib import Path

import pytest

from dxreport.plan.importer import DEFAULT_SOURCE, ImportResult, import_plan
from dxreport.plan.master import write_master


@pytest.fixture(scope="session")
def imported() -> ImportResult:
    return import_plan()


@pytest.fixture(scope="session")
def master_file(tmp_path_factory, imported) -> Path:
    path = tmp_path_factory.mktemp("master") / "master_plan_R8.xlsx"
    write_master(imported.plan, path)
    return path


@pytest.fixture
def source_lines() -> list[str]:
    return DEFAULT_SOURCE.read_text(encoding="utf-8").split("\n")
