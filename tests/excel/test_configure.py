"""`dxreport excel configure`: the interpreter written into xlwings.conf, nothing else touched."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from dxreport.cli.main import main
from dxreport.excel.configure import configure
from dxreport.excel.xlsm_build import CONF_SHEET

WINDOWS_PATH = r"C:\Users\山田 太郎 & <課>\dxreport\Scripts\pythonw.exe"


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_configure_writes_interpreter_and_keeps_every_other_part(built_path, tmp_path, capsys):
    out = tmp_path / "設定済み.xlsm"
    code = main(["excel", "configure", str(built_path), "--interpreter", WINDOWS_PATH,
                 "--out", str(out)])
    assert code == 0
    assert "Interpreter_Win" in capsys.readouterr().out
    conf = openpyxl.load_workbook(out, keep_vba=True)[CONF_SHEET]
    assert conf["A1"].value == "Interpreter_Win"
    assert conf["B1"].value == WINDOWS_PATH  # spaces, & and <> survive as written
    assert conf["A2"].value == "Interpreter_Mac" and conf["B2"].value is None
    assert conf.sheet_state == "hidden"
    before, after = _members(built_path), _members(out)
    assert before.keys() == after.keys()
    changed = {n for n in before if before[n] != after[n]}
    assert changed == {"xl/worksheets/sheet3.xml"}  # VBA project, buttons, other sheets as built


def test_configure_again_replaces_and_defaults_to_in_place(built_path, tmp_path):
    book = tmp_path / "dxreport.xlsm"
    book.write_bytes(built_path.read_bytes())
    configure(book, r"C:\old\pythonw.exe")
    configure(book, r"D:\new\pythonw.exe")
    assert openpyxl.load_workbook(book)[CONF_SHEET]["B1"].value == r"D:\new\pythonw.exe"


def test_configure_a_workbook_without_conf_sheet_says_so(tmp_path, capsys):
    plain = tmp_path / "普通のブック.xlsx"
    openpyxl.Workbook().save(plain)
    assert main(["excel", "configure", str(plain), "--interpreter", "x"]) != 0
    assert "xlwings.conf シートがありません" in capsys.readouterr().err


@pytest.mark.parametrize("content", [b"", b"not a zip"])
def test_configure_an_unreadable_file_says_so(tmp_path, capsys, content):
    bad = tmp_path / "dxreport.xlsm"
    bad.write_bytes(content)
    assert main(["excel", "configure", str(bad), "--interpreter", "x"]) != 0
    assert "操作ブックを開けません" in capsys.readouterr().err
