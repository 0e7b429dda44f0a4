"""Validation in worker processes gives exactly what in-process validation gives, and the
read-only snapshot the checks read shows the same cells as a full load."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.styles.numbers import FORMAT_PERCENTAGE_00
from openpyxl.utils.cell import coordinate_to_tuple

from dxreport.checks.filesafety import SafeWorkbook, WorkbookSnapshot, inspect_file
from dxreport.checks.validate import MIN_FILES_FOR_WORKERS, validate
from dxreport.round.ledger import Ledger
from dxreport.survey import layout as L
from dxreport.survey.reader import read_survey
from tests.checks.corpus import make_cfb, rewrite_zip
from tests.checks.returns import clone, drop, filled, make_populated, put, row_cells


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tpl") / "作業"
    make_populated(root)
    return root


def mixed_returns(wf) -> None:
    """Every kind of outcome: clean, warnings, returned (values, structure), rejected,
    a duplicate, a resubmission that supersedes, a formula and a percent-format cell."""
    drop(wf, filled(wf, "SOMU-JINJI"), "01_総務.xlsx")
    drop(wf, filled(wf), "02_企画_第1版.xlsx")
    shutil.copy(wf.returns / "02_企画_第1版.xlsx", wf.returns / "03_企画_再送.xlsx")
    wb = filled(wf)
    c = row_cells(wb, "KPI-A10")
    put(wb, c["actual"], "約8,100件")  # read with a warning
    put(wb, c["note"], "第2版")
    drop(wf, wb, "04_企画_第2版.xlsx")
    wb = filled(wf)
    put(wb, row_cells(wb, "KPI-A10")["actual"], "=8000+100")  # V013
    cell = row_cells(wb, "KPI-A04")["actual"]
    put(wb, cell, 0.574)  # in a percent-formatted cell: read as 57.4 % (V003, not V004)
    sheet, _, coord = cell.rpartition("!")
    wb[sheet][coord].number_format = FORMAT_PERCENTAGE_00
    drop(wf, wb, "05_企画_数式.xlsx")
    wb = filled(wf, "SOMU-JINJI")
    wb[L.SHEET_KPI].title = "KPI実績（回答）"  # S002
    drop(wf, wb, "06_総務_改名.xlsx")
    (wf.returns / "07_メモ.xlsx").write_text("これはテキストです", encoding="utf-8")
    (wf.returns / "08_暗号化.xlsx").write_bytes(
        make_cfb({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"x" * 64}))
    wb = filled(wf, "SOMU-JINJI")
    put(wb, row_cells(wb, read_survey(wb).kpi_rows[0].key)["name"], "改ざん")  # S007
    drop(wf, wb, "09_総務_改ざん.xlsx")


def comparable(run, wf) -> tuple[str, list]:
    files = json.dumps([o.as_json() for o in run.files], ensure_ascii=False, sort_keys=True,
                       default=str).replace(str(wf.root), "<root>")
    with Ledger.open(wf) as led:
        subs = [s.model_dump(exclude={"received_at"}) for s in led.submissions()]
    return files, subs


def test_workers_give_the_same_outcomes_ledger_and_outputs(template, tmp_path):
    a = clone(template, tmp_path / "a")
    mixed_returns(a)
    shutil.copytree(a.returns, tmp_path / "b-returns")
    b = clone(template, tmp_path / "b")
    shutil.rmtree(b.returns)
    shutil.copytree(tmp_path / "b-returns", b.returns)
    assert len(list(a.returns.iterdir())) >= MIN_FILES_FOR_WORKERS  # workers are used

    serial, parallel = validate(a, workers=1), validate(b, workers=2)
    assert comparable(serial, a) == comparable(parallel, b)
    verdicts = {o.file: o.verdict for o in parallel.files}
    assert verdicts["01_総務.xlsx"] == "accepted"
    assert verdicts["07_メモ.xlsx"] == verdicts["08_暗号化.xlsx"] == "rejected"
    assert verdicts["05_企画_数式.xlsx"] == verdicts["06_総務_改名.xlsx"] == "returned"
    codes = {o.file: {f.code for f in o.findings} for o in parallel.files}
    assert {"V013", "V003"} <= codes["05_企画_数式.xlsx"] and "I005" in codes["03_企画_再送.xlsx"]
    assert "S007" in codes["09_総務_改ざん.xlsx"]
    assert sorted(p.name for p in a.send_back.iterdir()) == \
        sorted(p.name for p in b.send_back.iterdir()) != []
    # a second run shows the same outcomes again, without re-validating or adding rows
    again = validate(b, workers=2)
    assert all(o.seen_before for o in again.files)
    assert [o.verdict for o in again.files] == [o.verdict for o in parallel.files]


def test_snapshot_reads_what_a_full_load_reads(template, tmp_path):
    wf = clone(template, tmp_path / "w")
    wb = filled(wf)
    c = row_cells(wb, "KPI-A04")
    put(wb, c["actual"], 0.574)
    sheet, _, coord = c["actual"].rpartition("!")
    wb[sheet][coord].number_format = FORMAT_PERCENTAGE_00
    put(wb, row_cells(wb, "KPI-A10")["actual"], "=8000+100")
    wb[L.SHEET_KPI].insert_rows(8)  # rows moved: keys, not coordinates
    path = drop(wf, wb, "回答.xlsx")

    full = inspect_file(path)
    snap = inspect_file(path, read_only=True)
    assert isinstance(full, SafeWorkbook) and isinstance(snap, SafeWorkbook)
    assert isinstance(snap.workbook, WorkbookSnapshot)
    assert read_survey(snap.workbook) == read_survey(full.workbook)
    assert snap.workbook.sheetnames == full.workbook.sheetnames
    assert set(snap.workbook.defined_names) == set(full.workbook.defined_names)
    for ws in full.workbook.worksheets:
        want = {k: (c.value, c.data_type, c.number_format)
                for k, c in ws._cells.items() if c.value is not None}
        got = {k: (c.value, c.data_type, c.number_format)
               for k, c in snap.workbook[ws.title]._cells.items()}
        assert got == want, ws.title
    assert snap.workbook[sheet].cell(*coordinate_to_tuple(coord)).number_format == \
        FORMAT_PERCENTAGE_00
    assert snap.workbook[sheet].cell(10**5, 3).value is None  # empty, nothing created


def test_broken_sheet_is_rejected_by_the_read_only_load_too(template, tmp_path):
    wf = clone(template, tmp_path / "w")
    path = drop(wf, filled(wf), "回答.xlsx")
    assert load_workbook(path)  # the original loads
    broken = tmp_path / "壊れ.xlsx"
    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1" t="n"><v>not a number</v></c></row>'
             b'</sheetData></worksheet>')
    rewrite_zip(path, broken, replace={"xl/worksheets/sheet2.xml": sheet})
    for read_only in (False, True):
        result = inspect_file(broken, read_only=read_only)
        assert isinstance(result, list) and result[0].code == "F002", read_only
