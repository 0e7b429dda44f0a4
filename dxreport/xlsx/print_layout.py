"""Layout shared by every workbook we generate: A4 (A3 for wide tables) fit to the page
width, a header and footer on every page, and row heights that show wrapped text whole
(neither Excel nor LibreOffice fits a written row on opening: without a height a wrapped cell
shows, and prints, its first line only)."""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Iterable
from copy import copy
from typing import Any

from openpyxl.worksheet.page import PageMargins
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


# Printable width (points) of a landscape page inside MARGINS' left and right margins.
MARGINS = PageMargins(left=0.4, right=0.4, top=0.75, bottom=0.6, header=0.3, footer=0.3)
_A4_LANDSCAPE_PT = 841.89 - 72 * (0.4 + 0.4)
_A3_LANDSCAPE_PT = 1190.55 - 72 * (0.4 + 0.4)
# A column `width` unit printed by LibreOffice, padding included (measured from its PDFs;
# Excel prints the same unit narrower, about 5.3 pt, so its pages come out no smaller).
POINTS_PER_WIDTH_UNIT = 7.0
MIN_A4_SCALE = 0.75  # below this on A4, a wide sheet goes to A3 (10pt body ≥ 7.5pt there)
A3_LANDSCAPE_PT = _A3_LANDSCAPE_PT


def fitting_width(page_width_pt: float, scale: float) -> float:
    """The total column width (width units) that prints one page wide at `scale` or more."""
    return page_width_pt / (scale * POINTS_PER_WIDTH_UNIT)


def printed_scale(widths: Iterable[float], page_width_pt: float) -> float:
    """The scale fit-to-width gives columns of these widths on a page this wide (≤ 1)."""
    total = sum(widths) * POINTS_PER_WIDTH_UNIT
    return min(1.0, page_width_pt / total) if total else 1.0


def fit_page(ws: Worksheet, widths: Iterable[float], *, pages_tall: int = 0) -> None:
    """Landscape, one page wide: A4, or A3 when A4 would print the body text too small."""
    widths = list(widths)
    fit_a4(ws, pages_tall=pages_tall)
    ws.page_margins = copy(MARGINS)
    if printed_scale(widths, _A4_LANDSCAPE_PT) < MIN_A4_SCALE:
        ws.page_setup.paperSize = ws.PAPERSIZE_A3


def fit_a3_wide(ws: Worksheet, widths: Iterable[float], *, title_columns: str = "A:A") -> None:
    """A table too wide for one page at a readable size: A3 landscape, as many pages wide
    as keep the body at `MIN_A4_SCALE` or more, the header row and `title_columns` (the ID)
    repeated on every page, so each printed page says which rows and columns it shows."""
    total = sum(widths) * POINTS_PER_WIDTH_UNIT
    fit_a4(ws)
    ws.page_margins = copy(MARGINS)
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.fitToWidth = max(1, math.ceil(total * MIN_A4_SCALE / _A3_LANDSCAPE_PT))
    ws.page_setup.pageOrder = "overThenDown"  # a row's pages follow one another
    ws.print_title_rows = "1:1"
    ws.print_title_cols = title_columns


def header_footer(ws: Worksheet, left: str, right: str) -> None:
    """The running header (`left`, the sheet name, `right`) and the footer "page n / N" of
    every printed page, so that any page can be collated and cited. `&` in the texts is
    doubled: in a header it starts a control code."""
    ws.oddHeader.left.text = left.replace("&", "&&")
    ws.oddHeader.center.text = "&A"  # the sheet's name
    ws.oddHeader.right.text = right.replace("&", "&&")
    ws.oddFooter.left.text = "&F"  # the file's name
    ws.oddFooter.center.text = "&P / &N"
    for part in (ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right,
                 ws.oddFooter.left, ws.oddFooter.center):
        part.size = 9


def display_width(text: str) -> int:
    """Columns a text takes in a terminal or a cell: East Asian wide and full-width count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# The same file names, KPI names and messages recur on thousands of rows.
@functools.lru_cache(maxsize=1 << 16)
def text_lines(text: str, width: float) -> int:
    """Lines a wrapped text needs in a column `width` characters wide (`display_width`: the
    one rule of how wide a character is, which the survey's column widths use too)."""
    per_line = max(width - 1.5, 1.0)
    lines = 0.0
    for para in text.split("\n"):
        lines += max(1, -(-display_width(para) // per_line))
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
