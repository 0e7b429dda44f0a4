"""The status workbook's fast cell serialiser writes exactly the bytes openpyxl would."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from dxreport.consolidate.rating import RatingSettings
from dxreport.consolidate.summary import summarise
from dxreport.consolidate.workbook import build_workbook
from dxreport.consolidate.xlsx_fast import FastExcelWriter
from dxreport.xlsx_bytes import workbook_bytes

from .conftest import make_input

WHEN = dt.datetime(2027, 5, 1, 9, 0, tzinfo=dt.UTC)


def _status_bytes(writer: type[ExcelWriter]) -> bytes:
    inp = make_input()
    settings = RatingSettings()
    return workbook_bytes(build_workbook(inp, settings, summarise(inp, settings)), WHEN, writer)


def test_status_workbook_bytes_equal_openpyxl_writer():
    assert _status_bytes(FastExcelWriter) == _status_bytes(ExcelWriter)


def _odd_cells() -> Workbook:
    wb = Workbook()
    ws = wb.active
    values = ["a & b < c > d", "  padded ", "   ", "", "#N/A", "=SUM(A1:A2)", 0, -1.5,
              1e20, 0.1, float("nan"), True, None, dt.datetime(2027, 1, 2, 3, 4, 5),
              "line\nbreak", 'quote " here']
    for n, v in enumerate(values, 1):
        ws.cell(row=n, column=1, value=v)
        ws.cell(row=n, column=3, value=v).font = Font(bold=True)
    ws.cell(row=2, column=2).font = Font(italic=True)  # styled, empty
    ws["D4"].comment = Comment("note", "dxreport")
    ws["E5"].hyperlink = "https://example.com/"
    ws.row_dimensions[30].height = 20  # a styled row without cells
    return wb


def test_unusual_cells_equal_openpyxl_writer():
    fast = workbook_bytes(_odd_cells(), WHEN, FastExcelWriter)
    plain = workbook_bytes(_odd_cells(), WHEN, ExcelWriter)
    assert fast == plain
