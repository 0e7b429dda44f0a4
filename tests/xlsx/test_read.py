"""xlsx_read shows exactly what openpyxl's read-only load shows, on real and hand-made files.

Every cell's (value, data_type, number_format), the sheets (order and state), the defined names
and the date system are compared with `openpyxl.load_workbook(read_only=True)`, with
`data_only` False and True; `rows()` with the rows of openpyxl's full load.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.read_only import EmptyCell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula

from dxreport.demo.simulate import division_answers, fill_survey
from dxreport.plan.master import load_master
from dxreport.xlsx.read import XlsxReader, XlsxReadError
from tests.checks.returns import make_populated, survey_path
from tests.libreoffice import SOFFICE, convert

ROOT = Path(__file__).resolve().parents[2]
MASTER = ROOT / "workbooks" / "master_plan_R8.xlsx"


def _plain(value: Any) -> Any:
    """Array / data-table formula objects have no equality: compare what they hold."""
    if isinstance(value, str) or not hasattr(value, "ref"):
        return value
    return (type(value).__name__, getattr(value, "text", None), value.ref)


def openpyxl_view(path: Path, data_only: bool) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(path, read_only=True, data_only=data_only)
    try:
        sheets = {}
        for ws in wb.worksheets:
            cells = {}
            for row in ws.iter_rows():
                for c in row:
                    if c.value is not None and not isinstance(c, EmptyCell):
                        cells[(c.row, c.column)] = (_plain(c.value), c.data_type,
                                                    c.number_format)
            sheets[ws.title] = (ws.sheet_state, cells)
        names = {k: (d.attr_text, d.hidden, d.localSheetId)
                 for k, d in wb.defined_names.items()}
        return {"sheets": sheets, "order": [ws.title for ws in wb.worksheets],
                "names": names, "epoch": wb.epoch}
    finally:
        wb.close()


def reader_view(path: Path, data_only: bool) -> dict[str, Any]:
    with XlsxReader(path, data_only=data_only) as r:
        sheets = {}
        rows = {}
        for entry in r.sheets:
            cells = {}
            for c in r.cells(entry.title):
                cells[(c.row, c.column)] = (_plain(c.value), c.data_type, c.number_format)
            sheets[entry.title] = (entry.state, cells)
            rows[entry.title] = [(n, tuple(map(_plain, row))) for n, row in r.rows(entry.title)]
        names = {k: (d.attr_text, d.hidden, d.localSheetId)
                 for k, d in r.defined_names.items()}
        return {"sheets": sheets, "order": r.sheetnames, "names": names, "epoch": r.epoch,
                "rows": rows}


def assert_same(path: Path) -> None:
    for data_only in (False, True):
        want, got = openpyxl_view(path, data_only), reader_view(path, data_only)
        assert got["order"] == want["order"]
        assert got["names"] == want["names"]
        assert got["epoch"] == want["epoch"]
        for title, (state, cells) in want["sheets"].items():
            got_state, got_cells = got["sheets"][title]
            assert got_state == state, title
            diff = {k: (cells.get(k), got_cells.get(k)) for k in set(cells) | set(got_cells)
                    if cells.get(k) != got_cells.get(k)}
            assert not diff, (title, data_only, sorted(diff.items())[:5])
            # rows(): every row holding a value, its values from column A
            width = max((c for _r, c in cells), default=0)
            assert got["rows"][title] == [
                (r, tuple(cells[(r, c)][0] if (r, c) in cells else None
                          for c in range(1, width + 1)))
                for r in sorted({r for r, _c in cells})], (title, data_only)


# -- real files -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return make_populated(tmp_path_factory.mktemp("xr") / "作業")


@pytest.fixture(scope="module")
def filled_return(folder, tmp_path_factory) -> Path:
    plan = load_master(folder.master_path)
    answers = division_answers(plan, "KIKAKU-DX", seed=7)
    out = tmp_path_factory.mktemp("ret") / "回答.xlsx"
    fill_survey(survey_path(folder), out, {k: v for k, v in answers.values.items() if v},
                answers.statuses, answers.texts, answers.master_edits)
    return out


def test_generated_survey(folder):
    assert_same(survey_path(folder))
    assert_same(survey_path(folder, "SOMU-JINJI"))


def test_filled_return(filled_return):
    assert_same(filled_return)
    with XlsxReader(filled_return) as r:  # the survey's hidden sheets and names are there
        assert "veryHidden" in [s.state for s in r.sheets]
        assert r.defined_names


def test_committed_master():
    assert_same(MASTER)


@pytest.mark.libreoffice
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice がありません")
def test_return_saved_by_libreoffice(filled_return, tmp_path):
    src = tmp_path / "in" / "lo.xlsx"
    src.parent.mkdir()
    shutil.copy(filled_return, src)
    [saved] = convert([src], "xlsx:Calc MS Excel 2007 XML", tmp_path / "out")
    assert_same(saved)


# -- hand-made workbooks -----------------------------------------------------------------
def test_openpyxl_written_values(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "値"
    rows = [
        [1, 1.0, 1e-7, 2**53 + 1, 12345678901234567890, -0.5, 3.25e10, True, False],
        ["#N/A", "#DIV/0!", "文字", "=SUM(A1:C1)", "=A1*2", "", " 空白 ", "x\ny"],
        [dt.datetime(2027, 3, 31, 12, 30), dt.date(2027, 4, 1), dt.time(9, 15),
         dt.timedelta(hours=30)],
    ]
    for row in rows:
        ws.append(row)
    ws["A4"] = dt.datetime(2026, 4, 1)
    ws["A4"].number_format = 'yyyy"年"m"月"d"日"'
    ws["B4"] = 45000
    ws["B4"].number_format = "ggge年m月d日"
    ws["C4"] = 0.125
    ws["C4"].number_format = "0.0%"
    ws["D4"] = 1234.5
    ws["D4"].number_format = "#,##0.00_);[Red](#,##0.00)"
    ws["E4"] = 7
    ws["E4"].number_format = "0.00"  # a custom id for a built-in code
    ws["A5"] = CellRichText("普通", TextBlock(InlineFont(b=True), "太字"), "の文")
    ws["A6"] = ArrayFormula("A6:A7", "=B1:B2*2")
    hidden = wb.create_sheet("隠し")
    hidden["A1"] = "h"
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("非表示")
    very["B2"] = 2
    very.sheet_state = "veryHidden"
    wb.create_sheet("空")
    wb.defined_names["表"] = DefinedName("表", attr_text="'値'!$A$1:$I$3")
    wb.defined_names["定数"] = DefinedName("定数", attr_text="42", hidden=True)
    very.defined_names["局所"] = DefinedName("局所", attr_text="'非表示'!$B$2")
    ws.print_title_rows = "1:1"
    ws.print_area = "A1:I6"
    path = tmp_path / "手作り.xlsx"
    wb.save(path)
    assert_same(path)
    with XlsxReader(path) as r:
        assert "局所" not in r.defined_names and "_xlnm.Print_Area" not in r.defined_names
        assert r.defined_names["表"].destinations is not None
        assert list(r.defined_names["表"].destinations) == [("値", "$A$1:$I$3")]


def test_1904_dates(tmp_path):
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws["A1"] = dt.datetime(2027, 3, 31)
    ws["A2"] = dt.date(1904, 1, 2)
    ws["A3"] = 100
    path = tmp_path / "1904.xlsx"
    wb.save(path)
    assert_same(path)
    with XlsxReader(path) as r:
        assert r.date1904
        assert [c.value for c in r.cells(r.sheetnames[0])][:2] == [
            dt.datetime(2027, 3, 31), dt.datetime(1904, 1, 2)]


# A package written by hand: shared formulas, inline and shared rich text with furigana,
# cached formula results of every type, cells and rows without references, ISO dates, a custom
# number format with an id below 164.
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/></Types>')
ROOT_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    f'<workbook {MAIN} {RNS}><workbookPr date1904="false"/><sheets>'
    '<sheet name="データ" sheetId="1" r:id="rId1"/>'
    '<sheet name="裏" sheetId="2" state="veryHidden" r:id="rId2"/></sheets>'
    '<definedNames><definedName name="範囲">データ!$A$1:$D$9</definedName>'
    '<definedName name="_xlnm.Print_Area" localSheetId="0">データ!$A$1:$D$9</definedName>'
    '<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
    'データ!$A$1:$D$1</definedName></definedNames></workbook>')
WORKBOOK_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
STYLES = (
    f'<styleSheet {MAIN}><numFmts count="3"><numFmt numFmtId="176" formatCode="0.000"/>'
    '<numFmt numFmtId="177" formatCode="yyyy/m/d"/>'
    '<numFmt numFmtId="50" formatCode="[$-ja-JP]ggge&quot;年&quot;m&quot;月&quot;"/>'
    '</numFmts><fonts count="1"><font><sz val="11"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
    '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="177">'
    '<alignment wrapText="1"/></xf><xf numFmtId="50"/><xf numFmtId="21"/><xf numFmtId="46"/>'
    '</cellXfs></styleSheet>')
SHARED = (
    f'<sst {MAIN} count="4" uniqueCount="4"><si><t>共有</t></si>'
    '<si><r><t>リッチ</t></r><r><rPr><b/></rPr><t xml:space="preserve"> テキスト</t></r></si>'
    '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>'
    '<si><t>a_x005F_x000D_b</t></si><si><t/></si></sst>')
SHEET1 = (
    f'<worksheet {MAIN}><dimension ref="A1:F12"/><sheetData>'
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
    '<row r="2"><c r="A2"><v>12</v></c><c r="B2"><v>12.50</v></c><c r="C2" s="1"><v>1E-7</v>'
    '</c><c r="D2" s="2"><v>46477</v></c><c r="E2" s="3"><v>46477.5</v></c></row>'
    '<row r="3"><c r="A3"><f>A2*2</f><v>24</v></c>'
    '<c r="B3"><f t="shared" ref="B3:B5" si="0">A2+B2</f><v>24.5</v></c>'
    '<c r="C3" t="str"><f>"x"&amp;A2</f><v>x12</v></c>'
    '<c r="D3" t="b"><f>A2&gt;1</f><v>1</v></c></row>'
    '<row r="4"><c r="A4" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    '<c r="B4"><f t="shared" si="0"/><v>36.5</v></c><c r="C4" t="e"><v>#N/A</v></c>'
    '<c r="D4" t="inlineStr"><is><t>インライン</t></is></c></row>'
    '<row r="5"><c r="B5"><f t="shared" si="0"/><v>0</v></c>'
    '<c r="C5" t="inlineStr"><is><r><t>一</t></r><r><rPr><i/></rPr><t>二</t></r>'
    '<rPh sb="0" eb="1"><t>イチ</t></rPh></is></c>'
    '<c r="D5" t="inlineStr"/><c r="E5" t="d"><v>2027-03-31T10:00:00</v></c></row>'
    '<row><c><v>1</v></c><c t="b"><v>0</v></c><c s="4"><v>0.5</v></c><c s="5"><v>1.25</v>'
    '</c></row>'
    '<row r="8"><c r="A8" s="2"/><c r="B8"><v></v></c><c r="C8" s="1"><v>-3</v></c></row>'
    '<row r="9" spans="1:4"><c r="B9" t="inlineStr"><f>"f"</f><is><t>f</t></is></c></row>'
    '<row r="12"><c r="F12"><v>99</v></c></row>'
    '</sheetData></worksheet>')
SHEET2 = (f'<worksheet {MAIN}><sheetData><row r="2"><c r="B2"><v>1</v></c></row>'
          '<row r="3"/><row r="5"><c r="C5" t="s"><v>0</v></c></row></sheetData></worksheet>')
PARTS = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS,
         "xl/workbook.xml": WORKBOOK, "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
         "xl/styles.xml": STYLES, "xl/sharedStrings.xml": SHARED,
         "xl/worksheets/sheet1.xml": SHEET1, "xl/worksheets/sheet2.xml": SHEET2}


def _package(path: Path, replace: dict[str, str | None] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in PARTS.items():
            text = (replace or {}).get(name, text)
            if text is not None:
                z.writestr(name, text)
    return path


def test_hand_written_package(tmp_path):
    path = _package(tmp_path / "手書き.xlsx")
    cells = openpyxl_view(path, False)["sheets"]["データ"][1]
    # the sheet really exercises what it is meant to (else the comparison proves little)
    assert cells[(1, 3)] == ("東京", "s", "General")  # furigana left out
    assert cells[(4, 2)] == ("=A3+B3", "f", "General")  # shared formula translated
    assert cells[(5, 3)][0] == "一二"
    assert cells[(2, 5)][1:] == ("d", '[$-ja-JP]ggge"年"m"月"')
    assert_same(path)


def test_stale_dimension(tmp_path):
    """openpyxl's read-only load drops the cells past a stale <dimension>; `cells()` and
    `rows()` keep them, as openpyxl's full load does."""
    stale = SHEET1.replace('<dimension ref="A1:F12"/>', '<dimension ref="A1:D9"/>')
    path = _package(tmp_path / "寸法.xlsx", {"xl/worksheets/sheet1.xml": stale})
    want = openpyxl_view(path, False)
    got = reader_view(path, False)
    assert (12, 6) not in want["sheets"]["データ"][1]
    assert got["rows"]["データ"][-1][0] == 12 and got["rows"]["データ"][-1][1][5] == 99
    full = load_workbook(path)
    full_cells = {(c.row, c.column): (c.value, c.data_type, c.number_format)
                  for row in full["データ"].iter_rows() for c in row if c.value is not None}
    assert got["sheets"]["データ"][1] == full_cells
    assert full_cells[(12, 6)] == (99, "n", "General")


def test_no_dimension(tmp_path):
    sheet = SHEET1.replace('<dimension ref="A1:F12"/>', "")
    assert_same(_package(tmp_path / "寸法なし.xlsx", {"xl/worksheets/sheet1.xml": sheet}))


def test_no_stylesheet_and_no_shared_strings(tmp_path):
    sheet = re.sub(r' s="[0-9]"', "", SHEET1).replace(' t="s"', "")
    types = re.sub(r'<Override PartName="/xl/sharedStrings.xml"[^>]*/>', "", CONTENT_TYPES)
    path = _package(tmp_path / "様式なし.xlsx", {
        "xl/worksheets/sheet1.xml": sheet, "xl/styles.xml": None,
        "xl/worksheets/sheet2.xml": SHEET2.replace(' t="s"', ""),
        "xl/sharedStrings.xml": None, "[Content_Types].xml": types})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_same(path)


def test_dtd_and_entities_are_refused(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
            f'<sst {MAIN}><si><t>&a;</t></si></sst>')
    path = _package(tmp_path / "dtd.xlsx", {"xl/sharedStrings.xml": bomb})
    with XlsxReader(path) as r, pytest.raises(XlsxReadError):
        list(r.cells("データ"))
    path = _package(tmp_path / "dtd2.xlsx", {"xl/workbook.xml": "<!DOCTYPE workbook>" + WORKBOOK})
    with pytest.raises(XlsxReadError):
        XlsxReader(path)


def test_broken_parts_are_read_errors(tmp_path):
    with pytest.raises(XlsxReadError):
        XlsxReader(b"not a zip")
    path = _package(tmp_path / "壊れ.xlsx", {"xl/worksheets/sheet1.xml": SHEET1[:200]})
    with XlsxReader(path) as r, pytest.raises(XlsxReadError):
        r.rows("データ")
    bad_index = SHEET2.replace("<v>0</v>", "<v>99</v>")
    path = _package(tmp_path / "文字列.xlsx", {"xl/worksheets/sheet2.xml": bad_index})
    with XlsxReader(path) as r, pytest.raises(XlsxReadError):
        list(r.cells("裏"))


# -- random values ------------------------------------------------------------------------
values = st.one_of(
    st.integers(min_value=-(2**62), max_value=2**62),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 1, 1)),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.sampled_from(["#N/A", "#DIV/0!", "#VALUE!", "=1+1", "=A1&\"x\""]),
)
formats = st.sampled_from(["General", "0", "0.00", "@", "yyyy/m/d", "h:mm", "[h]:mm:ss",
                           "0.0%", '#,##0"件"', "mm-dd-yy"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(1, 30), st.integers(1, 8), values, formats),
                min_size=1, max_size=25))
def test_random_cells(cells):
    wb = Workbook()
    ws = wb.active
    for row, col, value, fmt in cells:
        c = ws.cell(row, col, value)
        c.number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ro = load_workbook(io.BytesIO(buf.getvalue()), read_only=True)
        want = {(c.row, c.column): (c.value, c.data_type, c.number_format)
                for r in ro.active.iter_rows() for c in r
                if c.value is not None and not isinstance(c, EmptyCell)}
    with XlsxReader(buf.getvalue()) as r:
        got = {(c.row, c.column): (c.value, c.data_type, c.number_format)
               for c in r.cells(r.sheetnames[0])}
    assert got == want
