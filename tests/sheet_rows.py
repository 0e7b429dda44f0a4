"""Reading a table sheet of a generated workbook as a person does: the header is the first row
with more than one cell; a one-line colour legend (「凡例：…」) or a title line above it holds
one cell only."""

from __future__ import annotations

from typing import Any


def header_row(ws: Any) -> int:
    for row in range(1, 4):
        if ws.cell(row=row, column=2).value is not None:
            return row
    return 1


def header(ws: Any) -> list[Any]:
    return [c.value for c in ws[header_row(ws)]]


def table_rows(ws: Any, *, values_only: bool = True) -> list[dict[str, Any]]:
    """The rows under the header as dicts (values, or cells with `values_only=False`)."""
    h = header(ws)
    rows = ws.iter_rows(min_row=header_row(ws) + 1, values_only=values_only)
    return [dict(zip(h, r, strict=True)) for r in rows]
