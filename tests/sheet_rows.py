"""Reading a table sheet of a generated workbook as a person does: the header is row 1, or row
2 when row 1 holds the one-line colour legend (「凡例：…」)."""

from __future__ import annotations

from typing import Any

LEGEND_PREFIX = "凡例"


def header_row(ws: Any) -> int:
    first = ws.cell(row=1, column=1).value
    return 2 if first is not None and str(first).startswith(LEGEND_PREFIX) else 1


def header(ws: Any) -> list[Any]:
    return [c.value for c in ws[header_row(ws)]]


def table_rows(ws: Any, *, values_only: bool = True) -> list[dict[str, Any]]:
    """The rows under the header as dicts (values, or cells with `values_only=False`)."""
    h = header(ws)
    rows = ws.iter_rows(min_row=header_row(ws) + 1, values_only=values_only)
    return [dict(zip(h, r, strict=True)) for r in rows]
