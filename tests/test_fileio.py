"""Every output is written beside its target and renamed onto it; a target the user holds
open (Windows refuses to replace a workbook Excel has open) is a `UserError` naming the file,
whichever command writes it, and the previous file stays as it was."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import dxreport.fileio
from dxreport.cli.main import main
from dxreport.errors import UserError
from dxreport.fileio import write_text_atomic
from dxreport.messages import msg
from tests.checks.returns import drop, filled, make_populated


def _lock(monkeypatch, locked: Path) -> None:
    real_replace = dxreport.fileio.os.replace

    def replace(src, dst):
        if Path(dst) == locked:
            raise PermissionError(13, "Access is denied", str(src), None, str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(dxreport.fileio.os, "replace", replace)


def test_a_locked_target_is_named_and_kept(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_text("前の内容", encoding="utf-8")
    _lock(monkeypatch, target)
    with pytest.raises(UserError) as info:
        write_text_atomic(target, "新しい内容")
    assert info.value.message == msg("file_locked", path=target)
    assert target.read_text(encoding="utf-8") == "前の内容"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_outputs_get_the_permissions_of_any_new_file(tmp_path):
    mask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "out.txt", "内容")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == 0o644  # not 0o600


def test_validate_with_its_results_workbook_open_says_so(tmp_path, monkeypatch, capsys):
    wf = make_populated(tmp_path / "作業")
    drop(wf, filled(wf), "回答.xlsx")
    _lock(monkeypatch, wf.root / "検証結果.xlsx")
    assert main(["validate", str(wf.root)]) == 1
    err = capsys.readouterr().err
    assert msg("file_locked", path=wf.root / "検証結果.xlsx") in err
    assert "予期しないエラー" not in err and "Traceback" not in err


def test_windows_name_is_the_one_rule_for_names_we_make():
    from dxreport.fileio import windows_name

    assert windows_name('課/室:"A"?\x07') == "課_室__A___"  # each refused character
    assert windows_name("中間（9月末 時点）", spaces=True) == "中間（9月末_時点）"
    assert windows_name("健康づくり推進 課", "", spaces=True) == "健康づくり推進課"
