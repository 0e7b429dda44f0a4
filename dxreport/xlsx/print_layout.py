"""Layout shared by every workbook we generate: A4 fit to the page width, and row heights
that show wrapped text whole (neither Excel nor LibreOffice fits a written row on opening:
without a height a wrapped cell shows, and prints, its first line only)."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from typing import Any

from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

LINE_HEIGHT = 15.0  # points per wrapped line of 10pt 游ゴシック, with some air
MAX_ROW_HEIGHT = 300.0


def fit_a4(ws: Worksheet, *, landscape: bool = True, pages_tall: int = 0) -> None:
    """A4, one page wide; `pages_tall=0` lets long tables run on as many pages as needed."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = pages_tall
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def display_width(text: str) -> int:
    """Columns a text takes in a terminal or a cell: East Asian wide and full-width count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# The same file names, KPI names and messages recur on thousands of rows.
@functools.lru_cache(maxsize=1 << 16)
def text_lines(text: str, width: float) -> int:
    """Lines a wrapped text needs in a column `width` characters wide (full-width counts 2)."""
    per_line = max(width - 1.5, 1.0)
    lines = 0.0
    for para in text.split("\n"):
        w = sum(2 if ord(ch) > 0x2E7F else 1 for ch in para)
        lines += max(1, -(-w // per_line))
    return int(lines)


def lines_height(lines: int) -> float:
    """The row height (points) that shows `lines` lines of 10pt text."""
    return min(lines * LINE_HEIGHT + 3, MAX_ROW_HEIGHT)


def fit_row_height(
    ws: Worksheet, row: int, texts: Iterable[tuple[Any, float]], min_lines: int = 1
) -> None:
    """Set a row's height for its wrapped texts: (value, column width) pairs; non-text
    values take one line."""
    lines = max((text_lines(v, w) for v, w in texts if isinstance(v, str) and v), default=1)
    lines = max(lines, min_lines)
    if lines > 1:
        ws.row_dimensions[row].height = lines_height(lines)
