"""One populated round for the whole session (its 68 surveys are written once), copied fresh
for each test that plays a round on it: `wf` (the working folder) or `rnd` (the Round)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dxreport.api import Round
from dxreport.round.folder import WorkFolder
from tests.checks.returns import clone, make_populated


@pytest.fixture(scope="session")
def populated_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tpl") / "作業"
    make_populated(root)
    return root


@pytest.fixture
def wf(populated_template, tmp_path) -> WorkFolder:
    return clone(populated_template, tmp_path / "作業")


@pytest.fixture
def rnd(populated_template, tmp_path) -> Round:
    shutil.copytree(populated_template, tmp_path / "作業")
    return Round.open(tmp_path / "作業")
