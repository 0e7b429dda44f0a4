"""Reading a survey workbook back with the same layout description the writer used.

Tables are found by defined name (falling back to the key column's header text), columns by
header text, rows by the key column: inserted rows, re-sorted rows and hidden columns are fine.
Values are returned exactly as stored (numbers, text such as full-width `５７`, dates), each with
its cell (`KPI実績!K7`). Formulas are never evaluated (the formula text is what is stored).
Structural problems are returned as data (`issues`), never raised: the validation stage
turns them into findings.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from pydantic import BaseModel, ConfigDict, Field

from dxreport.survey import layout as L
from dxreport.survey.anchors import (
    Issue,
    cell_values,
    defined_range,
    issue_text,
    locate_table,
    normalise_header,
)

CellScalar = str | int | float | bool | dt.datetime | dt.date | dt.time | None


class CellRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: CellScalar
    cell: str  # e.g. "KPI実績!K7"


class RowRead(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    sheet: str
    row: int
    inputs: dict[str, CellRead]  # field -> what the division typed (None when empty)
    # field -> the locked values as found (tamper checks): master values, and 前回 answers
    master: dict[str, CellRead]
    check: CellRead | None = None  # the 入力チェック cell as stored (formula text)
    key_cell: str | None = None  # e.g. "KPI実績!A7" (where the row key was found)


class StructuralIssue(BaseModel):
    """What the reader could not find as expected; `params` (header, key, cells, row, field)
    are what code reads, `message` is rendered from them for people."""

    model_config = ConfigDict(frozen=True)

    code: str
    sheet: str
    cell: str | None
    params: dict[str, Any] = Field(default_factory=dict)

    @property
    def message(self) -> str:
        return issue_text(self.code, self.sheet, self.cell, self.params)


class SurveyReturn(BaseModel):
    model_config = ConfigDict(frozen=True)

    metadata: dict[str, str | None]
    kpi_rows: list[RowRead] = Field(default_factory=list)
    initiative_rows: list[RowRead] = Field(default_factory=list)
    issues: list[StructuralIssue] = Field(default_factory=list)
    extra_headers: dict[str, list[str]] = Field(default_factory=dict)  # sheet -> unknown headers
    # the 回答者 block: field -> text as typed (empty fields left out); {} for a survey
    # distributed before the block existed, which is still a valid return
    respondent: dict[str, str] = Field(default_factory=dict)

    @property
    def survey_id(self) -> str | None:
        return self.metadata.get("survey_id")

    def kpi(self, key: str) -> RowRead | None:
        return next((r for r in self.kpi_rows if r.key == key), None)

    def initiative(self, key: str) -> RowRead | None:
        return next((r for r in self.initiative_rows if r.key == key), None)


def _scalar(value: Any) -> CellScalar:
    if value is None or isinstance(value, CellScalar):
        return value
    return str(value)  # e.g. an error value or a rich-text object: keep its text


def _issue(i: Issue) -> StructuralIssue:
    return StructuralIssue(code=i.code, sheet=i.sheet, cell=i.cell, params=dict(i.params))


def read_survey(source: Workbook | Any | Path | str) -> SurveyReturn:
    """Read a survey. `source` is an already opened workbook (the validator opens untrusted
    files itself, safely, as a read-only `filesafety.WorkbookSnapshot`, which works the same
    here) or a path (opened here without evaluating formulas)."""
    wb = load_workbook(Path(source), data_only=False) if isinstance(source, Path | str) \
        else source
    issues: list[StructuralIssue] = []
    metadata = _read_meta(wb, issues)
    kpi_rows, kpi_extra = _read_table(wb, L.KPI_TABLE, issues)
    ini_rows, ini_extra = _read_table(wb, L.INITIATIVE_TABLE, issues)
    extra = {s: h for s, h in ((L.SHEET_KPI, kpi_extra), (L.SHEET_INITIATIVE, ini_extra)) if h}
    return SurveyReturn(metadata=metadata, kpi_rows=kpi_rows, initiative_rows=ini_rows,
                        issues=issues, extra_headers=extra, respondent=read_respondent(wb))


def read_respondent(wb: Workbook) -> dict[str, str]:
    """The 回答者 block, found by its defined name, rows matched by their label; nothing
    (and no issue) when the survey has no such block."""
    found = defined_range(wb, L.NAME_RESPONDENT)
    if found is None or found[0] not in wb.sheetnames:
        return {}
    min_col, min_row, _max_col, max_row = found[1]
    values = cell_values(wb[found[0]])
    by_label = {normalise_header(v): f for f, v in L.RESPONDENT_LABELS.items()}
    out: dict[str, str] = {}
    for r in range(min_row, max_row + 1):
        fld = by_label.get(normalise_header(values.get((r, min_col))))
        text = _text(values.get((r, min_col + 1)))
        if fld is not None and text and fld not in out:
            out[fld] = text
    return out


def _text(value: Any) -> str:
    """A typed answer as text: 1234 typed as a number is "1234", not "1234.0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _read_meta(wb: Workbook, issues: list[StructuralIssue]) -> dict[str, str | None]:
    if L.SHEET_META not in wb.sheetnames:
        issues.append(StructuralIssue(code="meta_missing", sheet=L.SHEET_META, cell=None))
        return {}
    ws = wb[L.SHEET_META]
    found: dict[str, str | None] = {}
    values = cell_values(ws)
    for (r, c), label in sorted(values.items()):
        if c == 1 and isinstance(label, str) and label not in found and (
                label in L.META_FIELDS or label == L.META_DISTRIBUTION):
            value = values.get((r, 2))
            found[label] = None if value is None else str(value)
    for fld in L.META_FIELDS:
        if fld not in found:
            issues.append(StructuralIssue(code="meta_field_missing", sheet=L.SHEET_META,
                                          cell=None, params={"field": fld}))
    return found


def _read_table(
    wb: Workbook, table: L.Table, issues: list[StructuralIssue]
) -> tuple[list[RowRead], list[str]]:
    loc, found = locate_table(wb, table)
    issues.extend(_issue(i) for i in found)
    if loc is None or table.key.field not in loc.columns:
        return [], []
    ws = loc.sheet
    sheet = ws.title
    key_col = loc.columns[table.key.field]
    inputs = [f for f in table.fields(L.Kind.INPUT) if f in loc.columns]
    masters = [f for f in table.fields(L.Kind.MASTER) if f in loc.columns]
    if table.previous is not None and table.previous.field in loc.columns:
        masters.append(table.previous.field)  # locked like a master value, never an input
    check_fields = [f for f in table.fields(L.Kind.CHECK) if f in loc.columns]
    key_header = table.key.header
    rows: list[RowRead] = []
    seen: dict[str, list[str]] = {}
    # Only non-empty cells are visited (`ws.cell()` would create cells in the caller's
    # workbook, and a sheet formatted down to row 1,048,576 would take minutes).
    values = loc.values
    watched = {key_col, *(loc.columns[f] for f in inputs)}
    data_rows = sorted({r for (r, c) in values if c in watched and r > loc.header_row})

    def value(r: int, c: int) -> Any:
        return values.get((r, c))

    for r in data_rows:
        raw_key = value(r, key_col)
        key = str(raw_key).strip() if raw_key is not None else ""
        if not key:
            if any(value(r, loc.columns[f]) not in (None, "") for f in inputs):
                issues.append(StructuralIssue(
                    code="missing_key", sheet=sheet, cell=f"{loc.letter(table.key.field)}{r}",
                    params={"row": r, "header": key_header}))
            continue
        coord = f"{loc.letter(table.key.field)}{r}"
        if not table.key_pattern.fullmatch(key):
            issues.append(StructuralIssue(
                code="bad_key", sheet=sheet, cell=coord,
                params={"header": key_header, "key": key}))
            continue
        seen.setdefault(key, []).append(coord)

        def read(fld: str, row: int = r) -> CellRead:
            col = loc.columns[fld]
            return CellRead(value=_scalar(value(row, col)),
                            cell=f"{sheet}!{get_column_letter(col)}{row}")

        rows.append(RowRead(
            key=key, sheet=sheet, row=r,
            inputs={f: read(f) for f in inputs},
            master={f: read(f) for f in masters},
            check=read(check_fields[0]) if check_fields else None,
            key_cell=f"{sheet}!{coord}",
        ))
    for key, cells in seen.items():
        if len(cells) > 1:
            issues.append(StructuralIssue(
                code="duplicate_key", sheet=sheet, cell=cells[1],
                params={"header": key_header, "key": key, "cells": cells}))
    return rows, sorted(loc.extra_columns)
