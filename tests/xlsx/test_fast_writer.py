"""The status workbook's fast cell serialiser writes exactly the bytes openpyxl would."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from dxreport.consolidate.summary import summarise
from dxreport.consolidate.workbook import build_workbook
from dxreport.messages import msg
from dxreport.rules.rating import RatingSettings
from dxreport.xlsx.fast_writer import FastExcelWriter
from dxreport.xlsx.sheet_table import lazy_table, materialise
from dxreport.xlsx.zip_bytes import workbook_bytes
from tests.consolidate.conftest import make_input

WHEN = dt.datetime(2027, 5, 1, 9, 0, tzinfo=dt.UTC)


def _status_bytes(writer: type[ExcelWriter], *, cells: bool = False) -> bytes:
    """The status workbook's bytes; `cells`: its lazy tables turned into cells before."""
    inp = make_input()
    settings = RatingSettings()
    wb = build_workbook(inp, settings, summarise(inp, settings))
    if cells:
        materialise(wb)
    return workbook_bytes(wb, WHEN, writer)


def test_status_workbook_bytes_equal_openpyxl_writer():
    # openpyxl's writer knows only cells: the big sheets' rows, streamed by the fast writer,
    # must give what openpyxl writes for the same rows held as cells
    fast = _status_bytes(FastExcelWriter)
    assert fast == _status_bytes(ExcelWriter, cells=True)
    assert fast == _status_bytes(FastExcelWriter, cells=True)


def test_big_sheets_hold_no_cells_until_saved():
    inp = make_input()
    settings = RatingSettings()
    wb = build_workbook(inp, settings, summarise(inp, settings))
    audit = wb[msg("cons_sheet_audit")]
    assert lazy_table(audit) is not None
    assert not audit._cells and not len(audit.row_dimensions)
    assert audit.freeze_panes == "C2"


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


def _odd_table(*, cells: bool) -> bytes:
    """A lazy table holding every kind of value a sheet of the status workbook may carry."""
    from dxreport.xlsx.sheet_table import Column, Formula, write_table

    values = ["a & b < c > d", "  padded ", "\u3000全角の空白", "末尾\u3000", "   ", "", "#N/A",
              "=HYPERLINK(\"x\")", "+cmd|' /C calc'!A0", "-1", 0, -1.5, 1e20, 2**60, 0.1,
              float("nan"), float("inf"), True, None, dt.datetime(2027, 1, 2, 3, 4, 5),
              dt.date(2027, 1, 2), "line\nbreak", 'quote " here', "制御\x07文字",
              Formula("=IF(B2=0,\"\",B2)")]
    cols = [Column("値", 14, number_format="0.0"), Column("折返し", 8, wrap=True),
            Column("式", 12, number_format="0.0%")]
    rows = [[v, v, v] for v in values]
    wb = Workbook()
    write_table(wb.active, cols, rows, alert_rows={1, 5}, formula_cols={2}, lazy=True)
    if cells:
        materialise(wb)
    return workbook_bytes(wb, WHEN, ExcelWriter if cells else FastExcelWriter)


def test_lazy_table_of_unusual_values_equals_openpyxl_writer():
    assert _odd_table(cells=False) == _odd_table(cells=True)
