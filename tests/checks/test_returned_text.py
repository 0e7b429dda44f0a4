"""End to end: text from a return reads the same, and stays inert, in every output.

A division's return is sent back (差し戻し), fixed and accepted; its texts (a formula-like
`=HYPERLINK(...)`, `@SUM(1)`, a multi-line text, a file name holding a control character) are
followed into the return copy, 検証結果.xlsx and the status workbook. Cell XML cannot carry a
control character at all (the survey would be refused as broken), so the file name carries it.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook

from dxreport.api import Round
from dxreport.consolidate.trace_link import parse_target
from dxreport.round.folder import WorkFolder
from dxreport.survey.reader import read_survey
from dxreport.xlsx.neutralise import REPLACEMENT
from tests.checks.returns import filled, make_populated
from tests.consolidate.trace_links import link_parts

HYPER = '=HYPERLINK("http://x","y")'
AT = "@SUM(1)"
LINES = "一行目\n二行目：=1+1"
NAME = "@SUM(1)_回答\x07.xlsx"  # what the division named the file
SHOWN_NAME = f"@SUM(1)_回答{REPLACEMENT}.xlsx"  # the same name wherever we show it


def _text(wb: Workbook, ref: str, value: str) -> None:
    """Type `value` as Excel stores typed text: a string cell (quote-prefixed if formula-like)."""
    sheet, _, coord = ref.rpartition("!")
    cell = wb[sheet][coord]
    cell.value = value
    cell.data_type = "s"
    cell.quotePrefix = value.startswith(("=", "+", "-", "@"))


def _return(wf: WorkFolder, *, fixed: bool) -> Workbook:
    wb = filled(wf)
    ret = read_survey(wb)
    kpi, ini = ret.kpi_rows[0], next(r for r in ret.initiative_rows if r.inputs.get("status"))
    _text(wb, kpi.inputs["note"].cell, LINES)  # the KPI's 備考, on two lines
    _text(wb, ini.inputs["done"].cell, LINES)
    _text(wb, ini.inputs["issues"].cell, HYPER)
    _text(wb, ini.inputs["next_steps"].cell, AT)
    if not fixed:  # sent back: the findings quote what was typed
        _text(wb, kpi.inputs["actual"].cell, HYPER)  # V002
        _text(wb, ini.inputs["status"].cell, AT)  # V016
    return wb


def _no_live_returned_formula(path: Path) -> None:
    """No formula of the file mentions what the division typed. The status workbook's own
    trace links (to the intake copy's cell, shown as the file name sent, a string literal)
    are the only HYPERLINKs."""
    with zipfile.ZipFile(path) as z:
        for part in z.namelist():
            if part.startswith("xl/worksheets/sheet"):
                formulas = [html.unescape(f) for f in
                            re.findall(r"<f[^>]*>(.*?)</f>", z.read(part).decode())]
                for f in formulas:
                    if f.startswith("HYPERLINK("):
                        target, _shown = link_parts("=" + f)
                        parse_target(target)  # ../3_受付/<sha256>.xlsx, a sheet, a cell
                        continue
                    assert "HYPERLINK" not in f and "SUM(1)" not in f, (part, f)


def _literal(cell: Cell, text: str) -> None:
    assert (cell.value, cell.data_type) == (text, "s")
    assert bool(cell.quotePrefix) == text.startswith(("=", "+", "-", "@", "\t", "\r"))


def _cells(wb: Workbook) -> list[Cell]:
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def test_returned_text_reads_the_same_and_stays_inert_everywhere(tmp_path: Path) -> None:
    wf = make_populated(tmp_path / "作業")
    rnd = Round(wf)
    wf.returns.mkdir(parents=True, exist_ok=True)
    _return(wf, fixed=False).save(wf.returns / NAME)
    first = rnd.validate()
    (o,) = first.files
    assert o.verdict == "returned"
    assert {f.code for f in o.findings} >= {"V002", "V016"}

    # 検証結果.xlsx: the file name as a cell, the typed texts inside the messages
    findings = wf.root / "検証結果.xlsx"
    _no_live_returned_formula(findings)
    book = load_workbook(findings)
    _literal(book["受付状況"]["B3"], SHOWN_NAME)  # row 1 the title, row 2 the header
    rows = list(book["指摘一覧"].iter_rows(min_row=3))
    for row in rows:
        _literal(row[0], SHOWN_NAME)
    messages = [row[8].value for row in rows]
    assert any(f"「{HYPER}」" in m for m in messages)
    assert any(f"「{AT}」" in m for m in messages)
    listed = list(messages)

    # the return copy: the same messages in its list and comments, the name in its title,
    # the division's own cells still the literal text they typed
    assert o.return_copy is not None
    copy = load_workbook(o.return_copy)
    sheet = copy["検証結果"]
    assert SHOWN_NAME in sheet["A1"].value
    assert [r[6].value for r in sheet.iter_rows(min_row=7)] == listed
    comments = "\n".join(c.comment.text for c in _cells(copy) if c.comment is not None)
    assert f"「{HYPER}」" in comments and f"「{AT}」" in comments
    ret = read_survey(wb := load_workbook(o.return_copy))
    ini = next(r for r in ret.initiative_rows if r.inputs.get("status"))
    for fld, text in (("done", LINES), ("issues", HYPER), ("next_steps", AT)):
        sheet_name, _, coord = ini.inputs[fld].cell.rpartition("!")
        _literal(wb[sheet_name][coord], text)
    _literal(wb[ret.kpi_rows[0].sheet][ret.kpi_rows[0].inputs["note"].cell.rpartition("!")[2]],
             LINES)

    # fixed and sent again under the same name: accepted, then consolidated
    _return(wf, fixed=True).save(wf.returns / NAME)
    (again,) = rnd.validate().files
    assert again.accepted
    status = rnd.consolidate().path
    _no_live_returned_formula(status)
    book = load_workbook(status)
    shown = {c.value: c for c in _cells(book) if isinstance(c.value, str)}
    for text in (SHOWN_NAME, HYPER, AT, LINES):
        assert text in shown, text
        _literal(shown[text], text)
    assert not any("\x07" in t for t in shown)
