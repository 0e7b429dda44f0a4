"""The status workbook: sheets, every KPI, missing divisions, formulas, neutralised text,
determinism, protection and layout."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from dxreport.consolidate.workbook import write_status_workbook
from dxreport.rules.rating import RatingSettings
from dxreport.xlsx import palette
from tests.sheet_rows import header, header_row, table_rows

from .conftest import make_input

SHEETS = [
    "概要",
    "KPI一覧",
    "推移",
    "推移グラフ",
    "取組一覧",
    "部局別",
    "分野別",
    "提出状況",
    "要確認",
    "前回比較",
    "計算方法",
    "監査証跡",
]


@pytest.fixture
def book(tmp_path: Path):
    path = tmp_path / "全庁DX進捗状況_R8_第1回_001.xlsx"
    write_status_workbook(make_input(), RatingSettings(), path)
    return openpyxl.load_workbook(path)


def rows_as_dicts(ws) -> list[dict]:
    return table_rows(ws)


def test_sheets_and_kpi_headers(book):
    assert book.sheetnames == SHEETS
    h = header(book["KPI一覧"])
    for required in [
        "KPI ID",
        "指標名",
        "単位",
        "基準値",
        "R8目標値",
        "実績値",
        "達成率",
        "評価",
        "担当部局",
        "担当課",
        "ファイルSHA-256(先頭12桁)",
        "シート!セル",
    ]:
        assert required in h


def test_every_kpi_listed_and_missing_shown_as_mishutsu(book):
    rows = rows_as_dicts(book["KPI一覧"])
    assert {r["KPI ID"] for r in rows} == {
        "KPI-UP",
        "KPI-DOWN",
        "KPI-TH",
        "KPI-PCT",
        "KPI-NOBASE",
        "KPI-SM",
        "KPI-NOTGT",
    }
    sm = [r for r in rows if r["KPI ID"] == "KPI-SM"]
    assert [r["区分"] for r in sm] == ["小", "中", "総合（小・中）"]
    assert all(r["評価(計算値)"] == "未提出" for r in sm)
    # numbers or blanks only (a pivot sums them); why it is blank is in 状態
    assert sm[0]["実績値"] is None and sm[0]["状態"] == "未提出"
    assert all(isinstance(r[h], int | float | type(None)) for r in rows
               for h in ("基準値", "実績値", "達成率(計算値)"))
    up = next(r for r in rows if r["KPI ID"] == "KPI-UP")
    assert up["達成率"] == "=(H3-F3)/(G3-F3)"  # row 1 the legend, row 2 the header
    assert up["達成率(計算値)"] == 0.75
    assert up["評価"].startswith("=IF(ROUND(I3,3)>=1,")
    assert (up["シート!セル"], up["ファイルSHA-256(先頭12桁)"]) == ("実績!H5", "a" * 12)
    notgt = next(r for r in rows if r["KPI ID"] == "KPI-NOTGT")
    assert (notgt["評価"], notgt["集約時の注記"]) == ("評価対象外", "R8目標値なし")
    assert notgt["状態"] == "評価対象外" and up["状態"] == "評価済み"


def test_missing_division_is_unanswered_and_filled(book):
    ws = book["提出状況"]
    rows = rows_as_dicts(ws)
    gimu = next(r for r in rows if r["課コード"] == "KYOIKU-GIMU")
    assert gimu["提出状況"] == "未回答"
    row_no = header_row(ws) + 1 + rows.index(gimu)
    assert ws.cell(row=row_no, column=1).fill.fgColor.rgb.endswith(palette.NOT_SUBMITTED)
    gyokei = next(r for r in rows if r["課コード"] == "SOMU-GYOKEI")
    assert gyokei["提出状況"] == "提出済"
    assert gyokei["ファイルSHA-256"] == "a" * 64
    assert gyokei["差し替え回数"] == 1
    assert "調査票_行政経営課_v1.xlsx" in gyokei["差し替え前の版"]
    assert ws.cell(row=header_row(ws) + 1 + rows.index(gyokei), column=1).fill.fill_type is None
    ini = rows_as_dicts(book["取組一覧"])
    assert next(r for r in ini if r["取組ID"] == "R1-017")["進捗状況"] == "未回答"


def test_formula_like_text_arrives_as_text(book, tmp_path):
    ws = book["取組一覧"]
    rows = rows_as_dicts(ws)
    a1 = next(r for r in rows if r["取組ID"] == "A1-001")
    assert a1["課題"] == '=HYPERLINK("http://x","y")'
    assert a1["今後の対応"] == "+cmd|' /C calc'!A0"
    col = header(ws).index("課題") + 1
    cell = ws.cell(row=header_row(ws) + 1 + rows.index(a1), column=col)
    assert cell.data_type == "s"
    assert cell.quotePrefix
    audit = [c.value for row in book["監査証跡"].iter_rows() for c in row]
    assert '=HYPERLINK("http://x","y")' in audit


def test_review_sheet_lists_accepted_warnings_and_anomalies(tmp_path):
    inp = make_input()
    from dxreport.consolidate.inputs import KpiActual, PreviousConsolidation, PreviousKpiValue

    from .conftest import AT, trace

    actuals = [a for a in inp.kpi_actuals if a.kpi_id != "KPI-UP"]
    actuals.append(KpiActual(kpi_id="KPI-UP", value=90, trace=trace("SOMU-GYOKEI", "H5")))
    prev = PreviousConsolidation(
        file_name="前回.xlsx",
        consolidated_at=AT,
        kpi_values=[PreviousKpiValue(kpi_id="KPI-PCT", value=54.0)],
    )
    path = tmp_path / "b.xlsx"
    write_status_workbook(make_input(kpi_actuals=actuals, previous=prev), RatingSettings(), path)
    book = openpyxl.load_workbook(path)
    review = rows_as_dicts(book["要確認"])
    codes = {r["コード"] for r in review}
    assert {"W012", "K01", "K03"} <= codes  # accepted warning, 275% rate, changed value
    compare = rows_as_dicts(book["前回比較"])
    pct = next(r for r in compare if r["ID"] == "KPI-PCT")
    assert (pct["前回値"], pct["今回値"], pct["変化"]) == (54.0, 55.1, "変更")


WIDE = {"概要", "KPI一覧", "推移", "取組一覧", "部局別", "分野別", "提出状況", "要確認", "監査証跡"}


def test_trace_columns_are_outside_the_print_area(book):
    """Hashes, cell references and times are for the screen; the printout ends before them
    (監査証跡 prints the file, sheet and cell, and leaves only the full hash to the screen)."""
    for name, last_printed in (("KPI一覧", "担当課"), ("取組一覧", "今後の対応"),
                               ("提出状況", "差し替え前の版"), ("監査証跡", "操作記録ID")):
        ws = book[name]
        area = ws.print_area
        assert area is not None, name
        last_col = area.split(":")[-1].rstrip("0123456789").lstrip("$").split("$")[0]
        assert ws[f"{last_col}{header_row(ws)}"].value == last_printed, (name, area)
    # the full SHA-256 is on one line, never wrapping a row
    for name in ("提出状況", "監査証跡"):
        ws = book[name]
        (sha,) = [c for c in ws[header_row(ws)] if c.value == "ファイルSHA-256"]
        assert not ws.cell(row=header_row(ws) + 1, column=sha.column).alignment.wrap_text


def test_sortable_frozen_filtered_landscape_no_merges(book):
    # Excel sorts no locked cell of a protected sheet: the sheets stay open, the structure is
    # locked (no sheet deleted, renamed or moved)
    assert book.security.lockStructure
    for ws in book.worksheets:
        assert not ws.protection.sheet, ws.title
        assert ws.page_setup.orientation == "landscape"
        # A4, or A3 for the wide tables (so that the body text prints at a readable size)
        assert int(ws.page_setup.paperSize) == (8 if ws.title in WIDE else 9), ws.title
        assert not ws.merged_cells.ranges
        # every page can be collated and cited: title, sheet, 集約日時 in 令和, page n / N
        assert ws.oddHeader.center.text == "&A"
        assert ws.oddHeader.right.text.startswith("集約日時 令和"), ws.oddHeader.right.text
        assert ws.oddFooter.center.text == "&P / &N" and ws.oddFooter.left.text == "&F"
    for name in SHEETS[1:]:
        if name == "推移グラフ":  # charts, each beside its own small table
            continue
        ws = book[name]
        below = header_row(ws) + 1  # the header (and the legend above it) stay in view
        assert ws.freeze_panes is not None and ws.freeze_panes.endswith(str(below)), name
        # an Excel Table (ListObject) with a stable name carries the filter buttons; its
        # column names are the header cells, as Excel requires
        (table, *more) = ws.tables.values()
        assert table.displayName.isascii() and table.autoFilter.ref == table.ref, name
        first = table if not more else more[0]  # 分野別: the 分類 × 項目 table, then by item
        c0, r0, c1, _ = range_boundaries(first.ref)
        assert [c.name for c in first.tableColumns] == [
            ws.cell(row=r0, column=c).value for c in range(c0, c1 + 1)], name
        assert not ws.auto_filter.ref, name  # one filter: the table's
    names = {t.displayName for ws in book.worksheets for t in ws.tables.values()}
    assert {"KPI_List", "Initiative_List", "By_Department", "By_Area", "By_Item",
            "Submissions", "Audit_Trail"} <= names
    assert len(book["概要"]._charts) == 2
    assert book["部局別"]._charts and book["分野別"]._charts


def test_same_input_gives_identical_bytes(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_status_workbook(make_input(), RatingSettings(), a)
    write_status_workbook(make_input(), RatingSettings(), b)
    assert a.read_bytes() == b.read_bytes()
    wb = openpyxl.load_workbook(a)
    assert wb.properties.created == wb.properties.modified
    assert wb.properties.created.isoformat() == "2026-10-20T08:00:00"  # 17:00 JST in UTC
