"""Fixtures: the control workbook built once per session, and xlwings payloads made from it."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any

# xlwings registers its remote engine at import time, only when a licence key is set; the
# PolyForm Noncommercial key covers a prefecture's use. Set it before the first import.
assert "xlwings" not in sys.modules or os.environ.get("XLWINGS_LICENSE_KEY"), (
    "xlwings was imported before tests/excel/conftest.py set XLWINGS_LICENSE_KEY"
)
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import openpyxl  # noqa: E402
import pytest  # noqa: E402
import xlwings as xw  # noqa: E402

from dxreport.excel.xlsm_build import build_workbook_bytes  # noqa: E402


@pytest.fixture(autouse=True)
def _xlwings_license(monkeypatch: pytest.MonkeyPatch) -> None:
    # The remote engine needs a key; "noncommercial" is the PolyForm Noncommercial one.
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


@pytest.fixture(scope="session")
def built() -> tuple[bytes, list]:
    return build_workbook_bytes()


@pytest.fixture(scope="session")
def built_path(built, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("built") / "dxreport.xlsm"
    path.write_bytes(built[0])
    return path


def payload_from_workbook(data: bytes, **cells: Any) -> dict[str, Any]:
    """The JSON the xlwings VBA client (Remote.bas) sends for this workbook.

    `cells` overrides values by defined name, e.g. 作業フォルダ="C:/x". Like the client, every
    sheet's values run from A1 to the end of its used range, and names carry sheet_index and
    a relative address.
    """
    wb = openpyxl.load_workbook(io.BytesIO(data))
    sheet_names = wb.sheetnames
    names = []
    for name, defined in wb.defined_names.items():
        ((sheet, ref),) = defined.destinations
        names.append(
            {
                "name": name,
                "sheet_index": sheet_names.index(sheet),
                "address": ref.replace("$", ""),
                "book_scope": True,
                "scope_sheet_name": None,
                "scope_sheet_index": None,
            }
        )
        if name in cells:
            wb[sheet][ref.replace("$", "").split(":")[0]].value = cells.pop(name)
    assert not cells, f"unknown names: {cells}"
    sheets = []
    for ws in wb.worksheets:
        values = [
            [cell.value for cell in row]
            for row in ws.iter_rows(min_row=1, min_col=1, max_row=ws.max_row, max_col=ws.max_column)
        ]
        sheets.append({"name": ws.title, "values": values or [[]], "pictures": [], "tables": []})
    return {
        "client": "VBA",
        "version": xw.__version__,
        "book": {"name": "dxreport.xlsm", "active_sheet_index": 0, "selection": "B3"},
        "names": names,
        "sheets": sheets,
    }


@pytest.fixture
def make_book(built):
    def _make(**cells: Any) -> xw.Book:
        return xw.Book(json=payload_from_workbook(built[0], **cells))

    return _make
