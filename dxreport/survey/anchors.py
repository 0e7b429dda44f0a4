"""Finding the layout's tables in a workbook by defined name and header text.

Shared by the writer (on the template) and the reader (on a returned survey), so both agree on
where a table is: the defined name's first row is the header row; if the name is missing or
stale, the row holding the key column's header text is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from dxreport.messages import msg
from dxreport.survey import layout as L


def issue_text(code: str, sheet: str, cell: str | None, params: Mapping[str, Any]) -> str:
    """The Japanese text of a structural issue (`sv_issue_<code>`), rendered from its
    parameters; lists (cells) are shown joined with 、."""
    shown = {k: "、".join(v) if isinstance(v, list | tuple) else v for k, v in params.items()}
    return msg(f"sv_issue_{code}", sheet=sheet, cell=cell, **shown)


@dataclass(frozen=True)
class Issue:
    """A structural problem of a workbook (the validation stage turns it into a finding).

    `params` are its named parameters (header, key, cells, row, field); `message` is
    rendered from them and is for people only: code reads `params`."""

    code: str  # sheet_missing | table_missing | header_missing | header_duplicate |
    #            duplicate_key | bad_key | missing_key | meta_missing | meta_field_missing
    sheet: str
    cell: str | None
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return issue_text(self.code, self.sheet, self.cell, self.params)


def cell_values(ws: Worksheet) -> dict[tuple[int, int], Any]:
    """(row, column) -> value of every non-empty cell, without creating cells.

    Works for ordinary and read-only worksheets (the validator may open returns read-only).
    """
    cells = getattr(ws, "_cells", None)
    if cells is not None:
        return {k: c.value for k, c in cells.items() if c.value is not None}
    out: dict[tuple[int, int], Any] = {}
    for row in ws.iter_rows():
        for c in row:
            value = getattr(c, "value", None)
            if value is not None:
                out[(c.row, c.column)] = value
    return out


@dataclass
class TableLocation:
    sheet: Worksheet
    header_row: int
    columns: dict[str, int]  # field -> 1-based column index
    prototype_rows: int  # rows below the header inside the defined name
    extra_columns: dict[str, int] = field(default_factory=dict)  # headers not in the layout
    values: dict[tuple[int, int], Any] = field(default_factory=dict)  # see cell_values

    def letter(self, fld: str) -> str:
        return get_column_letter(self.columns[fld])

    def coord(self, fld: str, row: int) -> str:
        return f"{self.letter(fld)}{row}"


def normalise_header(value: object) -> str:
    """Header text as compared: surrounding blanks and line breaks inside ignored."""
    if value is None:
        return ""
    return "".join(str(value).split())


def defined_range(wb: Workbook, name: str) -> tuple[str, tuple[int, int, int, int]] | None:
    """(sheet title, (min_col, min_row, max_col, max_row)) of a workbook-level name."""
    dn = wb.defined_names.get(name)
    if dn is None:
        return None
    try:
        for title, ref in dn.destinations:
            bounds = range_boundaries(ref.replace("$", ""))
            if None in bounds:
                return None
            return title, bounds
    except (ValueError, TypeError, AttributeError):
        return None
    return None


def locate_table(wb: Workbook, table: L.Table) -> tuple[TableLocation | None, list[Issue]]:
    if table.sheet not in wb.sheetnames:
        return None, [Issue("sheet_missing", table.sheet, None)]
    ws = wb[table.sheet]
    values = cell_values(ws)  # reading must not add cells to the workbook
    key_header = normalise_header(table.key.header)
    header_row, prototypes = None, 0
    found = defined_range(wb, table.defined_name)
    if found is not None and found[0] == ws.title:
        min_col, min_row, max_col, max_row = found[1]
        if any(normalise_header(values.get((min_row, c))) == key_header
               for c in range(min_col, max_col + 1)):
            header_row, prototypes = min_row, max_row - min_row
    if header_row is None:  # name lost or stale: find the key column's header text
        hits = [r for (r, _c), v in values.items()
                if r <= L.HEADER_SEARCH_ROWS and normalise_header(v) == key_header]
        header_row = min(hits) if hits else None
    if header_row is None:
        return None, [Issue("table_missing", table.sheet, None, {"header": table.key.header})]
    by_header: dict[str, list[int]] = {}
    for (r, c), v in sorted(values.items()):
        text = normalise_header(v) if r == header_row else ""
        if text:
            by_header.setdefault(text, []).append(c)
    issues: list[Issue] = []
    columns: dict[str, int] = {}
    known: set[str] = set()
    for col in table.columns:
        text = normalise_header(col.header)
        known.add(text)
        idx = by_header.get(text)
        if not idx:
            issues.append(Issue("header_missing", table.sheet, f"{header_row}:{header_row}",
                                {"header": col.header}))
            continue
        if len(idx) > 1:
            cells = [f"{get_column_letter(i)}{header_row}" for i in idx]
            issues.append(Issue("header_duplicate", table.sheet, cells[1],
                                {"header": col.header, "cells": cells}))
        columns[col.field] = idx[0]
    extra = {h: i[0] for h, i in by_header.items() if h not in known}
    if table.previous is not None:  # optional, its header carries the round's name
        start = normalise_header(table.previous.header)
        hit = next((h for h in extra if h.startswith(start)), None)
        if hit is not None:
            columns[table.previous.field] = extra.pop(hit)
    return TableLocation(ws, header_row, columns, prototypes, extra, values), issues
