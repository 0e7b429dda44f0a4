"""The one text neutraliser: returned text is inert and reads the same in every workbook."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment

from dxreport.xlsx.fast_writer import FastExcelWriter
from dxreport.xlsx.neutralise import (
    MAX_CELL_CHARS,
    REPLACEMENT,
    clean_text,
    neutralise,
    put_text,
    typed_text,
)
from dxreport.xlsx.sheet_table import Column, put, write_table
from dxreport.xlsx.zip_bytes import workbook_bytes

WHEN = dt.datetime(2027, 5, 1, 9, 0, tzinfo=dt.UTC)
DANGEROUS = ['=HYPERLINK("http://x","y")', "+81-3-1234", "-5", "@SUM(1)", "\tx", "\r=2",
             "=1+1", "+cmd|' /C calc'!A0"]
HARMLESS = ["一行目\n二行目", "\n=先頭が改行", "備考\tタブ", "#N/A", "  前後の空白  ", "'引用符"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_triggers_are_quote_prefixed_and_kept_as_typed(text: str) -> None:
    assert neutralise(text) == (text, True)


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_is_kept_exactly(text: str) -> None:
    assert neutralise(text) == (text, False)  # a newline is text, not a trigger


def test_characters_xml_cannot_hold_are_replaced_not_dropped() -> None:
    assert clean_text("ベル\x07付き\x00") == f"ベル{REPLACEMENT}付き{REPLACEMENT}"
    assert neutralise("\x1b=1") == (f"{REPLACEMENT}=1", False)
    assert clean_text("改行\nタブ\t復帰\r") == "改行\nタブ\t復帰\r"  # legal in XML: kept


def test_text_is_cut_to_what_a_cell_holds() -> None:
    text, _ = neutralise("あ" * (MAX_CELL_CHARS + 10))
    assert len(text) == MAX_CELL_CHARS


def test_typed_text_keeps_formula_like_text_literal_for_excel() -> None:
    assert typed_text("=cmd|x.xlsx") == "'=cmd|x.xlsx"
    assert typed_text("回答\x07.xlsx") == f"回答{REPLACEMENT}.xlsx"
    assert typed_text("一行目\n二行目") == "一行目\n二行目"


def _saved(wb: Workbook, fast: bool = False) -> Workbook:
    data = workbook_bytes(wb, WHEN, FastExcelWriter) if fast else workbook_bytes(wb, WHEN)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in s for s in sheets), "returned text became a formula"
    return load_workbook(io.BytesIO(data))


def _as_read(cell: Cell) -> tuple[object, str, bool]:
    return cell.value, cell.data_type, bool(cell.quotePrefix)


def test_put_text_writes_inert_literal_text() -> None:
    wb = Workbook()
    ws = wb.active
    values = [*DANGEROUS, *HARMLESS, "ベル\x07付き"]
    for row, text in enumerate(values, start=1):
        put_text(ws.cell(row=row, column=1), text)
    back = _saved(wb).active
    for row, text in enumerate(values, start=1):
        expected, quote = neutralise(text)
        # an XML reader turns a raw CR into LF: what every workbook of ours shows
        assert _as_read(back.cell(row=row, column=1)) == (
            expected.replace("\r", "\n"), "s", quote)


def _three_ways(text: str) -> list[tuple[object, str, bool]]:
    """`text` as 検証結果.xlsx / a return copy (put_text), the status workbook's single cells
    (`put`) and its streamed tables (`write_table(lazy=True)` saved by the fast writer)."""
    wb = Workbook()
    ws = wb.active
    put_text(ws.cell(row=1, column=1), text)
    put(ws, 1, 2, text)
    table = wb.create_sheet("table")
    write_table(table, [Column("見出し", wrap=True)], [[text]], lazy=True)
    back = _saved(wb, fast=True)
    cells = [back.active.cell(row=1, column=1), back.active.cell(row=1, column=2),
             back["table"].cell(row=2, column=1)]
    return [_as_read(c) for c in cells]


@pytest.mark.parametrize("text", [*DANGEROUS, *HARMLESS, "ベル\x07付き"])
def test_every_writer_stores_returned_text_the_same_way(text: str) -> None:
    first, *others = _three_ways(text)
    assert all(o == first for o in others)
    assert first[1] == "s"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20))
def test_any_text_reads_back_alike_from_every_writer(text: str) -> None:
    first, *others = _three_ways(text)
    assert all(o == first for o in others)


def test_a_comment_quoting_a_control_character_stays_readable() -> None:
    wb = Workbook()
    wb.active["A1"].comment = Comment(clean_text("「ベル\x07」は数値として読み取れません"), "検証")
    back = _saved(wb)
    assert back.active["A1"].comment.text == f"「ベル{REPLACEMENT}」は数値として読み取れません"
