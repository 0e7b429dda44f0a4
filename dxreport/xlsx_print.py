"""Print setup shared by every workbook we generate: A4, fit to the page width."""

from __future__ import annotations

from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet


def fit_a4(ws: Worksheet, *, landscape: bool = True, pages_tall: int = 0) -> None:
    """A4, one page wide; `pages_tall=0` lets long tables run on as many pages as needed."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = pages_tall
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
