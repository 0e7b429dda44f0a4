"""One palette with a legend: A green → B light green → C amber → D red, 未提出 grey, changes
blue, on every sheet and chart of the status workbook, from `xlsx.palette` alone."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock

from dxreport.consolidate.inputs import PreviousConsolidation, PreviousKpiValue
from dxreport.consolidate.workbook import write_status_workbook
from dxreport.messages import msg
from dxreport.rules.rating import RatingSettings
from dxreport.xlsx import palette
from tests.sheet_rows import header, header_row, table_rows

from .conftest import AT, make_input

GREEN, LIGHT_GREEN, AMBER, RED = palette.RATING_STEPS


@pytest.fixture(scope="module")
def path(tmp_path_factory) -> Path:
    prev = PreviousConsolidation(file_name="前回.xlsx", consolidated_at=AT,
                                 kpi_values=[PreviousKpiValue(kpi_id="KPI-PCT", value=54.0)])
    out = tmp_path_factory.mktemp("palette") / "status.xlsx"
    write_status_workbook(make_input(previous=prev), RatingSettings(), out)
    return out


@pytest.fixture(scope="module")
def book(path):
    return openpyxl.load_workbook(path)


def _rgb(colour) -> str:
    return str(colour.rgb)[-6:].upper()


def test_the_rating_scale_runs_green_to_red():
    assert palette.rating_colours(4) == [GREEN, LIGHT_GREEN, AMBER, RED]
    three = palette.rating_colours(3)
    assert three[0] == GREEN and three[-1] == RED and len(three) == 3


def test_a_one_line_legend_above_every_colour_coded_table(path):
    book = openpyxl.load_workbook(path, rich_text=True)
    settings = RatingSettings()
    expected = {
        "KPI一覧": [*(b.label for b in settings.bands), "未提出"],
        "取組一覧": ["使える回答なし"],
        "提出状況": ["使える回答なし"],
        "前回比較": ["前回の集約から変化"],
    }
    for name, labels in expected.items():
        ws = book[name]
        assert header_row(ws) == 2, name
        legend = ws["A1"].value
        assert isinstance(legend, CellRichText), name
        text = str(legend)
        assert text.startswith("凡例"), name
        for label in labels:
            assert label in text, (name, label)
        marks = [b.font.color.rgb[-6:] for b in legend if isinstance(b, TextBlock)]
        assert marks, name
    kpi_marks = [b.font.color.rgb[-6:] for b in book["KPI一覧"]["A1"].value
                 if isinstance(b, TextBlock)]
    assert kpi_marks[:5] == [GREEN, LIGHT_GREEN, AMBER, RED, palette.NOT_SUBMITTED]


def test_ratings_coloured_by_their_value_even_as_formulas(book):
    ws = book["KPI一覧"]
    h = header(ws)
    rating_col = openpyxl.utils.get_column_letter(h.index("評価") + 1)
    rules = {}
    for cf in ws.conditional_formatting:
        if str(cf.sqref).startswith(f"{rating_col}{header_row(ws) + 1}:"):
            for rule in cf.rules:
                rules[rule.formula[0].strip('"')] = _rgb(rule.dxf.fill.fgColor)
    settings = RatingSettings()
    assert rules == {
        **{b.label: c for b, c in zip(settings.bands, palette.RATING_STEPS, strict=True)},
        "未提出": palette.NOT_SUBMITTED,
    }


def test_missing_grey_and_changes_blue(book):
    subs = book["提出状況"]
    rows = table_rows(subs)
    first = header_row(subs) + 1
    for n, row in enumerate(rows):
        fill = subs.cell(row=first + n, column=1).fill
        if row["提出状況"] == "未回答":
            assert _rgb(fill.fgColor) == palette.NOT_SUBMITTED
    compare = book["前回比較"]
    assert any(r["ID"] == "KPI-PCT" and r["変化"] == "変更" for r in table_rows(compare))
    first = header_row(compare) + 1
    for n, row in enumerate(table_rows(compare)):
        fill = compare.cell(row=first + n, column=1).fill
        if row["変化"] != msg("cons_change_missing"):  # 変更, 今回から, ... (not 引き続き未提出)
            assert _rgb(fill.fgColor) == palette.CHANGED, row
        else:  # still no value: grey, as 未回答 above (it was unshaded, as if all were well)
            assert _rgb(fill.fgColor) == palette.NOT_SUBMITTED, row
    assert msg("cons_change_missing") in str(compare.cell(row=first - 2, column=1).value)


def test_charts_use_the_palette(book):
    settings = RatingSettings()
    expected = [*palette.RATING_STEPS, palette.NOT_RATED, palette.NOT_SUBMITTED]
    for name in ("部局別", "分野別"):
        (chart,) = book[name]._charts
        colours = [s.graphicalProperties.solidFill.srgbClr for s in chart.series]
        assert colours == expected, name
    # 概要: a 100% bar of A–D among the rated KPIs, one series per rating in its colour
    ratings = book["概要"]._charts[0]
    assert ratings.grouping == "percentStacked"
    assert [s.graphicalProperties.solidFill.srgbClr for s in ratings.series] == list(
        palette.RATING_STEPS)
    assert len(settings.all_codes()) == len(expected)


def test_every_fill_of_the_workbook_comes_from_the_palette(book):
    allowed = {*palette.RATING_STEPS, palette.NOT_SUBMITTED, palette.CHANGED, palette.HEADER,
               palette.FORMULA, palette.NOT_RATED}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.fill.fill_type == "solid":
                    assert _rgb(cell.fill.fgColor) in allowed, (ws.title, cell.coordinate)


def test_method_sheet_explains_the_colours(book):
    rows = {r["項目"]: r["説明"] for r in table_rows(book["計算方法"])}
    text = rows["色の意味"]
    for word in ("緑", "薄緑", "琥珀", "赤", "灰色", "青", "未提出", "凡例"):
        assert word in text, word
    for band in RatingSettings().bands:
        assert band.label in text
