"""Issue 15 item 4: the master as the DX division reads, filters, pivots and prints it
(numbers beside the texts, names beside codes, drop-downs, A3 print, the survey's font)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from dxreport.rules.plan_model import YEARS

FONT = "游ゴシック"


@pytest.fixture(scope="module")
def wb(master_file):
    return load_workbook(master_file)


def _table(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, row, strict=False)) for row in ws.iter_rows(min_row=2)]


def _expected(q) -> float | None:
    if q.value is None or q.parts:
        return None
    return q.value / 100 if q.unit == "%" else q.value


def test_numeric_columns_equal_the_parsed_quantities_for_every_kpi(wb, imported):
    rows = {r["ID"].value: r for r in _table(wb["指標"])}
    assert len(rows) == len(imported.plan.kpis) == 81
    for k in imported.plan.kpis:
        row = rows[k.id]
        for header, q in [("基準値", k.baseline), *[(f"目標値{y}", k.targets[y]) for y in YEARS]]:
            assert row[header].value == q.text
            number = row[f"{header}(数値)"].value
            expected = _expected(q)
            if expected is None:
                assert number is None, (k.id, header)
            else:
                assert number == pytest.approx(expected), (k.id, header)


@pytest.mark.parametrize("kpi,header,value,fmt", [
    ("KPI-A01", "目標値R12", 0.7, "0%"),  # 70%
    ("KPI-A02", "目標値R8", 4, "#,##0"),  # 4以上
    ("KPI-A24", "基準値", 730000, "#,##0"),  # 73万PV
])
def test_numbers_shown_as_the_plan_writes_them(wb, kpi, header, value, fmt):
    row = next(r for r in _table(wb["指標"]) if r["ID"].value == kpi)
    cell = row[f"{header}(数値)"]
    assert cell.value == pytest.approx(value) and cell.number_format == fmt
    assert cell.data_type == "n"


def test_composite_and_absent_values_leave_the_number_empty(wb):
    row = next(r for r in _table(wb["指標"]) if r["ID"].value == "KPI-R16")
    assert row["基準値"].value == "小 95% 中 91%" and row["基準値(数値)"].value is None


def test_every_value_is_one_row_of_the_value_list(wb, imported):
    """目標値一覧: what 指標 cannot give a pivot (小/中 parts, 以上/以下, units) one row per
    KPI, value and part, for all 81 KPIs."""
    rows = [{k: c.value for k, c in r.items()} for r in _table(wb["目標値一覧"])]
    by_key = {(r["ID"], r["項目"], r["内訳"]): r for r in rows}
    for k in imported.plan.kpis:
        for item, q in [("基準値", k.baseline), *[(f"目標値{y}", k.targets[y]) for y in YEARS]]:
            for label, value in ([(p.label, p.value) for p in q.parts] if q.parts
                                 else [("", q.value)]):
                row = by_key[(k.id, item, label or None)]
                assert row["数値"] == (pytest.approx(value) if value is not None else None)
                assert row["計画の表記"] == q.text
    assert len(rows) == len(by_key)  # nothing else listed
    a02 = by_key[("KPI-A02", "目標値R8", None)]
    assert (a02["数値"], a02["以上・以下"], a02["年度"]) == (4, "以上", "R8")
    a24 = by_key[("KPI-A24", "基準値", None)]
    assert (a24["数値"], a24["単位"], a24["年度"]) == (730000, "PV", "基準")
    small = by_key[("KPI-R16", "基準値", "小")]
    assert (small["数値"], small["単位"]) == (95, "%")


def test_co_divisions_named_beside_their_codes(wb):
    row = next(r for r in _table(wb["行政_KPI事業"]) if r["ID"].value == "A1-009")
    names = {d["担当課コード"].value: d["担当課名"].value for d in _table(wb["担当課"])}
    codes = [row["共管課コード1"].value, row["共管課コード2"].value]
    assert row["共管課名"].value == "、".join(names[c] for c in codes)


@pytest.mark.parametrize("sheet,header", [
    ("行政_KPI事業", "主担当課コード"), ("地域_KGI等事業", "主担当課コード"),
    ("行政_KPI事業", "共管課コード1"), ("指標", "主担当課コード"),
])
def test_division_codes_have_a_drop_down_of_the_divisions(wb, sheet, header):
    ws = wb[sheet]
    letter = next(c.column_letter for c in ws[1] if c.value == header)
    lists = [dv for dv in ws.data_validations.dataValidation
             if dv.type == "list" and f"{letter}2" in str(dv.sqref)]
    assert len(lists) == 1
    n = wb["担当課"].max_row
    assert lists[0].formula1 == f"'担当課'!$A$2:$A${n}"


def test_wide_sheets_print_on_a3_with_repeated_headers(wb):
    for name in ("行政_KPI事業", "地域_KGI等事業", "指標"):
        ws = wb[name]
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A3
        assert ws.page_setup.orientation == "landscape"
        assert ws.print_title_rows == "$1:$1" and ws.print_title_cols == "$A:$A"
        assert ws.page_setup.fitToWidth >= 2  # several pages wide, not shrunk to 1
        assert "&A" in ws.oddHeader.center.text and "&P" in ws.oddFooter.center.text


def test_long_text_is_wrapped_top_aligned_and_shown_whole(wb):
    ws = wb["地域_KPI事業"]
    plan_col = next(c.column for c in ws[1] if c.value == "事業計画")
    cell = ws.cell(2, plan_col)
    assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
    assert ws.row_dimensions[2].height and ws.row_dimensions[2].height > 15


def test_the_survey_font_everywhere(wb):
    assert wb._named_styles["Normal"].font.name == FONT
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name == FONT, (ws.title, cell.coordinate)


def test_labels_are_japanese(wb):
    kinds = {r["指標種別"].value for r in _table(wb["行政_KGI等事業"])}
    assert "なし" in kinds and "none" not in kinds
    fields = {r["項目"].value for r in _table(wb["正規化一覧"])}
    assert fields and all(not f.isascii() for f in fields), fields
