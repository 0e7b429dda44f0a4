"""Findings and reader issues carry named parameters; their texts are rendered, never parsed.

Rewording the catalogue changes what people read, never what a check marks; the ledger keeps
code + parameters, and findings stored by earlier versions (texts only) still show."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from dxreport import messages
from dxreport.checks.validate import validate
from dxreport.round.folder import WorkFolder
from dxreport.survey import layout as L
from dxreport.survey.reader import read_survey
from tests.checks.returns import clone, drop, filled, make_populated, row_cells

# every text the structure checks used to read cells back out of, reworded
REWORDED = {
    "sv_issue_header_missing": "『{sheet}』に『{header}』列なし",
    "sv_issue_header_duplicate": "『{header}』が重複：{cells}",
    "sv_issue_duplicate_key": "{key} が {cells} に重複（{header}／{sheet}）",
    "chk_S003_msg": "『{expected}』→『{found}』",
    "chk_S005_msg": "重複 {cells}：{key} {name}",
}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tpl") / "作業"
    make_populated(root)
    return root


def broken(wf: WorkFolder) -> tuple[Workbook, int]:
    """A return with a header changed, a header duplicated and a key row duplicated."""
    wb = filled(wf)
    ws = wb[L.SHEET_KPI]
    ws["K4"] = "実績"  # 実績値 -> S003 on the column that replaced it
    last = ws.max_row + 1
    for c in range(1, 15):
        ws.cell(last, c, ws.cell(6, c).value)  # KPI row 6 copied -> S005
    ws.cell(4, 20, L.KPI_TABLE.column("note").header)  # 備考 twice -> S003 on the second
    return wb, last


def structure(run) -> list[tuple]:
    (o,) = run.files
    return [(f.code, f.sheet, f.cell, f.params) for f in o.findings if f.code.startswith("S")]


def marked(path: Path) -> set[tuple[str, str, str | None]]:
    """(sheet, cell, fill) of every cell the return copy commented."""
    wb = load_workbook(path)
    return {(ws.title, c.coordinate, c.fill.fgColor.rgb) for ws in wb.worksheets
            for row in ws.iter_rows() for c in row if c.comment is not None}


def test_rewording_the_catalogue_does_not_change_what_is_marked(
        template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = []
    for name, reword in (("plain", False), ("reworded", True)):
        wf = clone(template, tmp_path / name)
        wb, last = broken(wf)
        drop(wf, wb)
        with monkeypatch.context() as m:
            if reword:
                for key, text in REWORDED.items():
                    m.setitem(messages._CATALOGUE, key, text)
            run = validate(wf)
            shown = [f.message for f in run.files[0].findings]  # rendered with this wording
            runs.append((structure(run), marked(run.files[0].return_copy), shown))
    (plain, plain_marks, _), (reworded, reworded_marks, shown) = runs
    assert plain == reworded
    assert plain_marks == reworded_marks
    cells = {(code, cell) for code, _, cell, _ in plain}
    assert {("S003", "K4"), ("S003", "T4"), ("S005", f"A{last}")} <= cells
    s005 = next(p for code, _, _, p in plain if code == "S005")
    assert s005["cells"] == f"A6、A{last}"
    # the words are the new ones: rendered from the parameters, not parsed from the old text
    assert f"重複 A6、A{last}：{s005['key']} {s005['name']}" in shown


def test_reader_issues_carry_their_parameters(template: Path, tmp_path: Path) -> None:
    wf = clone(template, tmp_path / "作業")
    wb, last = broken(wf)
    issues = {i.code: i for i in read_survey(wb).issues}
    assert issues["header_missing"].params == {"header": "実績値"}
    assert issues["header_duplicate"].params == {"header": "備考", "cells": ["N4", "T4"]}
    dup = issues["duplicate_key"]
    assert dup.params["cells"] == ["A6", f"A{last}"] and dup.cell == f"A{last}"
    assert dup.message == messages.msg("sv_issue_duplicate_key", sheet=L.SHEET_KPI,
                                       header=dup.params["header"], key=dup.params["key"],
                                       cells=f"A6、A{last}")


def _stored(wf: WorkFolder) -> list[list[dict]]:
    with sqlite3.connect(wf.ledger_path) as db:
        return [json.loads(r[0]) for r in db.execute("SELECT findings FROM submissions")]


def test_the_ledger_keeps_code_and_parameters(template: Path, tmp_path: Path) -> None:
    wf = clone(template, tmp_path / "作業")
    wb = filled(wf)
    c = row_cells(wb, "KPI-A10")
    wb[L.SHEET_KPI][c["actual"].rpartition("!")[2]] = -5
    drop(wf, wb)
    (o,) = validate(wf).files
    (stored,) = _stored(wf)
    # and the survey item the cell belongs to (row ID, its name as sent, the column title)
    assert [set(f) for f in stored] == [{"code", "severity", "sheet", "cell", "params",
                                         "subject"}]
    assert stored[0]["code"] == "V005" and stored[0]["params"] == {"value": "-5"}
    assert stored[0]["subject"]["key"] == "KPI-A10"
    assert stored[0]["subject"]["column"] == "実績値" and stored[0]["subject"]["item"]
    assert o.findings[0].message == messages.msg("chk_V005_msg", value="-5")


def test_findings_stored_by_an_older_version_still_show(template: Path, tmp_path: Path) -> None:
    wf = clone(template, tmp_path / "作業")
    wb = filled(wf)
    c = row_cells(wb, "KPI-A10")
    wb[L.SHEET_KPI][c["actual"].rpartition("!")[2]] = -5
    drop(wf, wb)
    validate(wf)
    (stored,) = _stored(wf)
    # what today's main writes: the rendered texts, no parameters
    older = [{k: f[k] for k in ("code", "severity", "sheet", "cell")}
             | {"message": "以前の文面です。", "action": "以前の対応です。"} for f in stored]
    with sqlite3.connect(wf.ledger_path) as db:
        db.execute("UPDATE submissions SET findings = ?", (json.dumps(older, ensure_ascii=False),))
    (o,) = validate(wf).files  # the same file again: its stored outcome is shown
    assert o.seen_before
    assert [(f.code, f.message, f.action) for f in o.findings] == [
        ("V005", "以前の文面です。", "以前の対応です。")]
    rows = list(load_workbook(wf.root / "検証結果.xlsx")["指摘一覧"].iter_rows(
        min_row=3, values_only=True))  # row 1 the title, row 2 the header
    assert rows[0][8:] == ("以前の文面です。", "以前の対応です。")
