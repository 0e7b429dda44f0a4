"""The README is runnable: its Python examples run as written, and every command is in it."""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

import pytest

from dxreport.cli.main import build_parser

README = Path(__file__).resolve().parents[1] / "README.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_python_examples():
    assert len(_python_blocks()) >= 2


def test_python_examples_run_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for block in _python_blocks():  # in order: the later ones use the folder the first made
        exec(compile(block, str(README), "exec"), {"__name__": "__readme__"})
    assert (tmp_path / "作業_R8年度末" / "1_配布").is_dir()
    assert os.listdir(tmp_path / "作業_R8年度末" / "5_集約") == []  # the tables wrote nothing


@pytest.mark.parametrize("command", sorted(
    name for action in build_parser()._actions
    if isinstance(action, argparse._SubParsersAction) for name in action.choices))
def test_every_command_is_in_the_readme(command):
    assert f"dxreport {command}" in README.read_text(encoding="utf-8")
