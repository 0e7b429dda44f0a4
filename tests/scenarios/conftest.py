"""Every scenario starts from the same populated round, copied fresh for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dxreport.api import Round
from tests.checks.returns import make_populated


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tpl") / "作業"
    make_populated(root)
    return root


@pytest.fixture
def rnd(template, tmp_path) -> Round:
    shutil.copytree(template, tmp_path / "作業")
    return Round.open(tmp_path / "作業")
