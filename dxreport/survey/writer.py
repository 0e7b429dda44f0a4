"""Writing one survey workbook from the template and one division's share of the plan.

Every data cell takes its style from the template's prototype row for its column (a shared
style record, no per-cell style objects), so restyling the template restyles every survey.
Units and comparators are shown by number formats; cells hold plain numbers (57.4 means 57.4%).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from dxreport.messages import msg
from dxreport.round.previous import PreviousAnswers
from dxreport.rules import achievement, entry
from dxreport.rules.fiscal_year import reiwa_date
from dxreport.rules.plan_model import YEARS, IndicatorType, Initiative, Kpi, Quantity
from dxreport.rules.statuses import STATUS_DEFINITIONS, STATUSES
from dxreport.survey import layout as L
from dxreport.survey.anchors import TableLocation, defined_range, locate_table
from dxreport.survey.template import Template
from dxreport.xlsx import palette
from dxreport.xlsx.print_layout import (
    A3_LANDSCAPE_PT,
    display_width,
    fit_a4,
    fit_row_height,
    fitting_width,
)

# 基準日 shown in 和暦 like every other date of the survey (令和9年3月31日); typed as 2027/3/31
DATE_FORMAT = '[$-411]ggge"年"m"月"d"日"'


@dataclass(frozen=True)
class SurveyContext:
    survey_id: str
    fiscal_year: str
    round_code: str
    round_name: str
    division_code: str
    division_name: str
    department_name: str
    deadline: dt.date
    contact: str  # as shown: desk, 内線, mail (Settings.contact_text)
    fy_start: dt.date
    fy_end: dt.date
    generated_at: dt.datetime
    master_digest: str
    max_text_length: int
    password: str = ""
    operation_id: int = 0  # the populate run: two distributions never share a digest
    submission: str = ""  # 提出方法
    # the predecessor round's accepted answers: shown read-only beside each input (None: a
    # first round, whose survey has no such columns)
    previous: PreviousAnswers | None = None


def sent_digest(ctx: SurveyContext, template_version: str, carried: dict[str, Any]) -> str:
    """The digest of one distribution: what the survey says it is and every row and master
    value it carried. Written into the survey's `_meta`; a return is matched by it to the
    distribution it came from (`checks.identity.sent_from`)."""
    what = {
        "survey_id": ctx.survey_id, "fiscal_year": ctx.fiscal_year,
        "round_code": ctx.round_code, "division_code": ctx.division_code,
        "template_version": template_version, "master_digest": ctx.master_digest,
        "generated_at": ctx.generated_at.isoformat(), "operation_id": ctx.operation_id,
        "carried": carried,
    }
    text = json.dumps(what, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class SameIndicator:
    """A KPI row that takes another KPI's answer (the indicator is asked once, see
    `Plan.answered_as`): `kpi_id` is answered; by `division_name` in that division's survey,
    or (None) on an earlier row of this one."""

    kpi_id: str
    division_code: str
    division_name: str | None = None


@dataclass(frozen=True)
class InitiativeRow:
    initiative: Initiative
    answer: bool  # False: co-owned row shown for information; the lead division answers
    lead_division_name: str


# -- values and number formats ----------------------------------------------------------------
def _quote(text: str) -> str:
    return '"' + text.replace('"', "") + '"' if text else ""


def number_format(value: float, unit: str | None, comparator: str | None = None) -> str:
    """`#,##0.0"%"`, `#,##0"件以上"`: decimals as in the value, unit and comparator as text."""
    decimals = _decimals(value)
    base = "#,##0" + ("." + "0" * decimals if decimals else "")
    return base + _quote((unit or "") + (comparator or ""))


def _decimals(value: float) -> int:
    if value == int(value):
        return 0
    return min(len(repr(float(value)).split(".")[1].rstrip("0")), 4)


def input_number_format(unit: str | None, decimals: int = 0) -> str:
    """Actual cells: from 1,000 up with thousands separators and the decimals of the row's
    plan values (`871,018件`, as the targets beside it show); below, exactly what was typed
    (57.45 stays 57.45). The unit follows either way."""
    unit_text = _quote(unit or "")
    thousands = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f"[>=1000]{thousands}{unit_text};General{unit_text}"


def quantity_value(
    q: Quantity | None, part: str | None, unit: str | None
) -> tuple[Any, str | None]:
    """(cell value, number format or None for text) for one master quantity."""
    absent = msg("sv_absent_value")
    if q is None:
        return absent, None
    value = q.value
    if part is not None:
        value = next((p.value for p in q.parts or () if p.label == part), None)
    if value is None:
        text = (q.text or "").strip()
        return (absent if part is not None or text in ("", "-", "—", "－", "ー") else text), None
    value = int(value) if float(value).is_integer() else float(value)
    return value, number_format(value, q.unit or unit, q.comparator)


def quantity_record(q: Quantity | None, part: str | None) -> dict[str, Any] | None:
    if q is None:
        return None
    rec = q.model_dump(mode="json")
    if part is not None:
        rec["part"] = part
        rec["part_value"] = next((p.value for p in q.parts or () if p.label == part), None)
    return rec


def _put(ws: Worksheet, row: int, col: int, value: Any):
    """Write a master value; text starting with "=" stays text, never a live formula."""
    cell = ws.cell(row, col, value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def kpi_master_cells(kpi: Kpi, part: str | None
                     ) -> tuple[dict[str, Any], dict[str, str | None]]:
    """(the master values a KPI row shows, by field; their number formats). What the ledger
    keeps as the row's `cells`, so a master edit is found by comparing the two."""
    cells: dict[str, Any] = {"part": part, "name": kpi.name, "unit": kpi.unit}
    formats: dict[str, str | None] = {}
    cells["baseline"], formats["baseline"] = quantity_value(kpi.baseline, part, kpi.unit)
    for y in YEARS:
        f = L.target_field(y)
        cells[f], formats[f] = quantity_value(kpi.targets.get(y), part, kpi.unit)
    return cells, formats


def initiative_master_cells(ini: Initiative, lead_division_name: str) -> dict[str, Any]:
    """The master values an initiative row shows, by field (the ledger's `cells`)."""
    if ini.indicator_type is IndicatorType.KGI:
        goal = ini.goal_text or ini.indicator_name
    elif ini.indicator_type is IndicatorType.NONE:
        goal = msg("sv_goal_none")
    else:
        goal = None
    return {
        "project_name": ini.project_name,
        "plan_text": ini.plan_text,
        "goal": goal,
        "kpi_ref": ini.kpi_id,
        "lead_division": lead_division_name,
    }


# -- the workbook -----------------------------------------------------------------------------
def render_survey(
    template: Template,
    ctx: SurveyContext,
    kpis: Sequence[Kpi],
    initiatives: Sequence[InitiativeRow],
    same: Mapping[str, SameIndicator] | None = None,
) -> tuple[Workbook, dict[str, Any]]:
    """Fill a fresh copy of the template; returns it and what it carried (for the ledger).
    The distribution's digest (`sent_digest`) is in `_meta`; `digest_of(wb)` reads it.
    `same`: KPI ID -> the KPI whose answer its row shows (a reference row, nothing to type)."""
    wb = template.open()
    replacements = {
        "{年度}": _reiwa(ctx.fiscal_year),
        "{調査回}": ctx.round_name,
        "{課名}": ctx.division_name,
        "{部局名}": ctx.department_name,
        "{締切}": reiwa_date(ctx.deadline),
        "{問い合わせ先}": ctx.contact,
        "{提出方法}": ctx.submission,
        "{調査票ID}": ctx.survey_id,
    }
    _write_guide(wb, replacements)
    kpi_loc, _ = locate_table(wb, L.KPI_TABLE)
    ini_loc, _ = locate_table(wb, L.INITIATIVE_TABLE)
    assert kpi_loc is not None and ini_loc is not None  # checked by load_template
    if ctx.previous is not None:
        kpi_loc = _insert_previous(wb, kpi_loc, L.KPI_TABLE, ctx.previous, ctx.fiscal_year)
        ini_loc = _insert_previous(wb, ini_loc, L.INITIATIVE_TABLE, ctx.previous,
                                   ctx.fiscal_year)
    # a KPI row answered elsewhere looks like the initiatives' reference rows
    reference = _prototype_styles(ini_loc, L.INITIATIVE_TABLE)[L.PROTO_REFERENCE]
    reference_styles = (reference[ini_loc.columns["plan_text"]],
                        reference[ini_loc.columns["initiative_check"]])
    kpi_rows = _write_kpis(kpi_loc, ctx, kpis, same or {}, reference_styles)
    ini_rows = _write_initiatives(ini_loc, ctx, initiatives)
    for loc, table in ((kpi_loc, L.KPI_TABLE), (ini_loc, L.INITIATIVE_TABLE)):
        _replace_above(loc, replacements)
        _finish_sheet(wb, loc, table, ctx)
    wb.security = WorkbookProtection(lockStructure=True)
    if ctx.password:
        wb.security.set_workbook_password(ctx.password)
    wb.calculation.fullCalcOnLoad = True
    wb.active = 0
    carried = {
        "layout_version": L.LAYOUT_VERSION,
        "division_name": ctx.division_name,
        "department_name": ctx.department_name,
        "round_name": ctx.round_name,
        "kpi_rows": kpi_rows,
        "initiative_rows": ini_rows,
    }
    _write_meta(wb, ctx, template.version, sent_digest(ctx, template.version, carried))
    return wb, carried


def _reiwa(fiscal_year: str) -> str:
    return "令和" + fiscal_year.removeprefix("R")


def _replace_text(value: Any, replacements: dict[str, str]) -> Any:
    if isinstance(value, str) and "{" in value:
        for k, v in replacements.items():
            value = value.replace(k, v)
    return value


def _write_guide(wb: Workbook, replacements: dict[str, str]) -> None:
    if L.SHEET_GUIDE not in wb.sheetnames:
        return
    ws = wb[L.SHEET_GUIDE]
    widths = {}
    for row in ws.iter_rows():
        texts = []
        for c in row:
            if isinstance(c.value, str):
                c.value = _replace_text(c.value, replacements)
                if c.alignment.wrap_text:
                    if c.column_letter not in widths:
                        widths[c.column_letter] = ws.column_dimensions[c.column_letter].width or 9
                    texts.append((c.value, widths[c.column_letter]))
        if texts and ws.row_dimensions[row[0].row].height is None:
            fit_row_height(ws, row[0].row, texts)
    found = defined_range(wb, L.NAME_GUIDE_STATUSES)
    if found is not None and found[0] == ws.title:
        min_col, header_row, _, _ = found[1]
        style_status = ws.cell(header_row + 1, min_col)._style
        style_def = ws.cell(header_row + 1, min_col + 1)._style
        for i, (status, definition) in enumerate(STATUS_DEFINITIONS, start=1):
            a, b = ws.cell(header_row + i, min_col), ws.cell(header_row + i, min_col + 1)
            a.value, b.value = status, definition
            a._style, b._style = copy(style_status), copy(style_def)


def _replace_above(loc: TableLocation, replacements: dict[str, str]) -> None:
    for row in loc.sheet.iter_rows(max_row=loc.header_row - 1):
        for c in row:
            if isinstance(c.value, str):
                c.value = _replace_text(c.value, replacements)


# -- the 前回 columns (a round that follows another) -----------------------------------------
PRINT_SCALE = 0.82
"""The least scale a survey sheet prints at one A3 page wide: its 10 pt text stays above 8 pt
(with a margin for the renderer's rounding to whole percents)."""


MIN_TEXT_WIDTH = 12  # a plan-text column is not narrowed below this


def _insert_previous(wb: Workbook, loc: TableLocation, table: L.Table,
                     previous: PreviousAnswers, fiscal_year: str) -> TableLocation:
    """Insert the table's 前回 column just before the input it precedes (前回実績 | 実績値):
    header and prototype cells styled like the row's locked values, the defined name widened
    over it, and room made on the printed page. Returns the table as now laid out."""
    column = table.previous
    assert column is not None
    ws = loc.sheet
    at = loc.columns[table.previous_before]
    like = loc.columns["baseline" if table is L.KPI_TABLE else "kpi_ref"]  # left of `at`
    _shift_column_widths(ws, at)
    ws.insert_cols(at)
    _widen_name(wb, table.defined_name, at)
    h = loc.header_row
    header = msg("sv_previous_header", header=column.header, round=previous.title)
    ws.cell(h, at, header)._style = copy(ws.cell(h, at + 1)._style)
    for p in range(1, len(table.prototypes) + 1):
        ws.cell(h + p, at)._style = copy(ws.cell(h + p, like)._style)
    ws.column_dimensions[get_column_letter(at)].width = column.width
    note = ws.cell(h - 1, 1) if h > 1 else None
    if note is not None and note.value is None:  # the line above the table says what it is
        note.value = msg("sv_previous_note", header=column.header, round=previous.title)
        note._style = copy(ws.cell(h - 2, 1)._style) if h > 2 else note._style
    moved, _ = locate_table(wb, table)
    assert moved is not None
    _make_room(moved, table, fiscal_year)
    widths, _wrapped = _wrapped_columns(moved, table)
    fit_row_height(ws, h, ((ws.cell(h, c).value, widths[f]) for f, c in moved.columns.items()))
    return moved


def _shift_column_widths(ws: Worksheet, at: int) -> None:
    """Move the column settings (width, hidden, outline) from `at` on one column right:
    openpyxl's `insert_cols` moves the cells only."""
    dims = ws.column_dimensions
    for key, dim in sorted(dims.items(), key=lambda kv: -(kv[1].min or 0)):
        lo, hi = dim.min or 0, dim.max or dim.min or 0
        if hi < at:
            continue
        moved = copy(dim)
        del dims[key]
        if lo < at:  # a range the new column splits: the left part stays
            left = copy(dim)
            left.min, left.max = lo, at - 1
            dims[get_column_letter(lo)] = left
            lo = at
        moved.index = get_column_letter(lo + 1)
        moved.min, moved.max = lo + 1, hi + 1
        dims[moved.index] = moved


def _widen_name(wb: Workbook, name: str, at: int) -> None:
    found = defined_range(wb, name)
    if found is None:
        return
    sheet, (min_col, min_row, max_col, max_row) = found
    if at > max_col + 1:
        return
    ref = (f"${get_column_letter(min_col)}${min_row}:"
           f"${get_column_letter(max_col + 1)}${max_row}")
    wb.defined_names[name] = DefinedName(name, attr_text=f"{quote_sheetname(sheet)}!{ref}")


def _make_room(loc: TableLocation, table: L.Table, fiscal_year: str) -> None:
    """A column more must not shrink the printed text below 8 pt: what the page lacks is taken
    from the widest wrapped plan-text column (its rows grow a line instead)."""
    others = {L.target_field(y) for y in YEARS if y != fiscal_year}  # hidden when printed
    dims = loc.sheet.column_dimensions
    widths = {f: dims[loc.letter(f)].width or 9 for f in loc.columns if f not in others}
    excess = sum(widths.values()) - fitting_width(A3_LANDSCAPE_PT, PRINT_SCALE)
    wrapped = [c.field for c in table.columns
               if c.wrap and c.kind is L.Kind.MASTER and c.field in widths]
    for _ in range(math.ceil(max(excess, 0))):  # a unit at a time from the widest
        widest = max(wrapped, key=widths.__getitem__, default=None)
        if widest is None or widths[widest] <= MIN_TEXT_WIDTH:
            return
        widths[widest] -= 1
        dims[loc.letter(widest)].width = widths[widest]


def _previous_cell(ws: Worksheet, row: int, loc: TableLocation, field: str,
                   answers: dict[str, Any], key: str) -> Any:
    """Write the predecessor's accepted answer of row `key` (「前回回答なし」 when it has none)
    and return what was written (the ledger keeps it: S007 if it is changed)."""
    value = answers.get(key)
    shown = value if value is not None else msg("sv_previous_none")
    _put(ws, row, loc.columns[field], shown)
    return shown


def _prototype_styles(loc: TableLocation, table: L.Table) -> dict[str, dict[int, Any]]:
    ws = loc.sheet
    width = max(ws.max_column, *loc.columns.values())
    styles = {}
    for i, proto in enumerate(table.prototypes, start=1):
        r = loc.header_row + i
        styles[proto] = {c: copy(ws.cell(r, c)._style) for c in range(1, width + 1)}
    return styles


def _clear_below(loc: TableLocation, first_free: int, table: L.Table) -> None:
    """Reset prototype rows left over when the table has fewer rows than prototypes."""
    ws = loc.sheet
    for r in range(first_free, loc.header_row + len(table.prototypes) + 1):
        for c in range(1, ws.max_column + 1):
            cell = ws.cell(r, c)
            cell.value = None
            cell.style = "Normal"


def _wrapped_columns(loc: TableLocation, table: L.Table) -> tuple[dict[str, float], list[str]]:
    """Current widths of the table's columns and the fields whose text wraps."""
    widths = {
        f: loc.sheet.column_dimensions[loc.letter(f)].width or 9 for f in loc.columns
    }
    optional = [table.previous] if table.previous is not None else []
    return widths, [c.field for c in (*table.columns, *optional) if c.wrap]


class _AutoHeightRow(RowDimension):
    """A row whose height stays "automatic": shown at the height written (the plan text's
    lines set the minimum), grown by Excel and Calc when a clerk types more than fits. A
    custom height (`customHeight`, openpyxl's default for any height) would stay fixed and
    hide a 300-character answer on screen and in print."""

    @property
    def customHeight(self) -> bool:
        return False


def _auto_height(ws: Worksheet, row: int) -> None:
    height = ws.row_dimensions[row].height
    if height is not None:
        ws.row_dimensions[row] = _AutoHeightRow(ws, index=row, ht=height)


def _apply_row_style(ws: Worksheet, row: int, styles: dict[int, Any]) -> None:
    for c, style in styles.items():
        ws.cell(row, c)._style = copy(style)


def _write_kpis(loc: TableLocation, ctx: SurveyContext, kpis: Sequence[Kpi],
                same: Mapping[str, SameIndicator], reference_styles: tuple[Any, Any]
                ) -> list[dict]:
    ws = loc.sheet
    styles = _prototype_styles(loc, L.KPI_TABLE)[L.PROTO_ANSWER]
    col = loc.columns
    widths, wrapped = _wrapped_columns(loc, L.KPI_TABLE)
    row = loc.header_row + 1
    records: list[dict] = []
    widest: dict[str, int] = {}  # widest displayed value per master-value column
    for kpi in kpis:
        parts: list[str | None] = [*kpi.part_labels] if kpi.part_labels else [None]
        linked = same.get(kpi.id)
        for part in parts:
            key = L.kpi_row_key(kpi.id, part)
            if linked is None:
                _apply_row_style(ws, row, styles)
            else:
                _apply_row_style(ws, row, _reference_row(styles, col["kpi_check"],
                                                         reference_styles))
            shown, formats = kpi_master_cells(kpi, part)
            cells: dict[str, Any] = {"kpi_key": key, **shown}
            for fld, value in cells.items():
                cell = _put(ws, row, col[fld], value)
                fmt = formats.get(fld)
                if fmt:
                    cell.number_format = fmt
                elif fld in formats:  # text such as "—": keep it to the right like numbers
                    cell.number_format = "@"
            for fld, fmt in formats.items():
                widest[fld] = max(widest.get(fld, 0), _shown_width(cells[fld], fmt))
            shown_decimals = max((_decimals(v) for f, v in cells.items() if f in formats
                                  and isinstance(v, int | float)), default=0)
            ws.cell(row, col["actual"]).number_format = input_number_format(kpi.unit,
                                                                            shown_decimals)
            previous: dict[str, Any] = {}
            if ctx.previous is not None and "previous_actual" in col:
                # an indicator asked once: the answered ID's value when this ID has none
                # of its own (its IDs were led by two divisions last time)
                prev_key = key if key in ctx.previous.kpi or linked is None \
                    else L.kpi_row_key(linked.kpi_id, part)
                shown_prev = _previous_cell(ws, row, loc, "previous_actual",
                                            ctx.previous.kpi, prev_key)
                previous["previous_actual"] = shown_prev
                if isinstance(shown_prev, int | float):
                    ws.cell(row, col["previous_actual"]).number_format = input_number_format(
                        kpi.unit, shown_decimals)
                    widest["previous_actual"] = max(
                        widest.get("previous_actual", 0),
                        display_width(f"{shown_prev:,}{kpi.unit or ''}"))
            ws.cell(row, col["as_of"]).number_format = DATE_FORMAT
            answered_by: dict[str, Any] = {}
            if linked is None:
                behind = _behind_condition(loc, row, kpi, part, ctx.fiscal_year)
                ws.cell(row, col["kpi_check"],
                        _kpi_check_formula(loc, row, _kpi_rule(kpi, part, ctx), behind))
            else:
                answered_by = _same_indicator_row(loc, row, linked, part, records)
            fit_row_height(ws, row, ((cells[f], widths[f]) for f in wrapped if f in cells))
            _auto_height(ws, row)
            records.append({
                "key": key,
                "kpi_id": kpi.id,
                "part": part,
                "row": row,
                "name": kpi.name,
                "unit": kpi.unit,
                "direction": str(kpi.direction),
                "baseline": quantity_record(kpi.baseline, part),
                "targets": {y: quantity_record(kpi.targets.get(y), part) for y in YEARS},
                "initiative_ids": list(kpi.initiative_ids),
                "cells": {k: v for k, v in cells.items() if k != "kpi_key"},
                **({"previous": previous} if previous else {}),
                **({"same_as": answered_by} if answered_by else {}),
            })
            row += 1
    if not records:
        ws.cell(row, col["name"], msg("sv_no_kpi_rows"))
        row += 1
    _clear_below(loc, row, L.KPI_TABLE)
    _widen_to_fit(loc, widest)
    return records


def _reference_row(styles: dict[int, Any], check_col: int,
                   reference: tuple[Any, Any]) -> dict[int, Any]:
    """The styles of a KPI row answered on another row: tinted and locked, label in 入力チェック."""
    body, label = reference
    return {c: label if c == check_col else body for c in styles}


def _same_indicator_row(loc: TableLocation, row: int, linked: SameIndicator,
                        part: str | None, records: list[dict]) -> dict[str, Any]:
    """Fill a KPI row whose indicator is answered on another row (see `SameIndicator`): its
    実績値 shows that row's answer (a locked formula; blank while it is blank), nothing is to
    be typed, and 入力チェック says why. Returns what the ledger keeps: the row key that
    answers and the division whose return carries it."""
    ws = loc.sheet
    key = L.kpi_row_key(linked.kpi_id, part)
    first = next((r for r in records if r["key"] == key), None)
    if first is not None and linked.division_name is None:
        source = loc.coord("actual", first["row"])
        ws.cell(row, loc.columns["actual"], f'=IF({source}="","",{source})')
        note = msg("sv_same_indicator_row", kpi=linked.kpi_id)
    else:
        note = msg("sv_same_indicator_other", kpi=linked.kpi_id,
                   division=linked.division_name or "")
    ws.cell(row, loc.columns["kpi_check"], note)
    return {"key": key, "division_code": linked.division_code}


def _shown_width(value: Any, fmt: str | None) -> int:
    """Display width of a master value as its number format shows it (`10,000ユーザー`)."""
    if not isinstance(value, int | float) or not fmt:
        return display_width(str(value))
    decimals = len(fmt.split('"')[0].partition(".")[2])
    suffix = fmt.split('"')[1] if '"' in fmt else ""
    return display_width(f"{value:,.{decimals}f}{suffix}")


def _widen_to_fit(loc: TableLocation, shown: dict[str, int]) -> None:
    """Widen (never narrow: a restyled template keeps its widths) so no value shows as ###."""
    for fld, needed in shown.items():
        dim = loc.sheet.column_dimensions[loc.letter(fld)]
        dim.width = max(dim.width or 9, needed + 2)


def _write_initiatives(
    loc: TableLocation, ctx: SurveyContext, rows: Sequence[InitiativeRow]
) -> list[dict]:
    ws = loc.sheet
    styles = _prototype_styles(loc, L.INITIATIVE_TABLE)
    col = loc.columns
    widths, wrapped = _wrapped_columns(loc, L.INITIATIVE_TABLE)
    row = loc.header_row + 1
    records: list[dict] = []
    for item in rows:
        ini = item.initiative
        _apply_row_style(ws, row, styles[L.PROTO_ANSWER if item.answer else L.PROTO_REFERENCE])
        cells = {"initiative_key": ini.id,
                 **initiative_master_cells(ini, item.lead_division_name)}
        for fld, value in cells.items():
            _put(ws, row, col[fld], value)
        previous: dict[str, Any] = {}
        if ctx.previous is not None and "previous_status" in col:
            previous["previous_status"] = _previous_cell(ws, row, loc, "previous_status",
                                                         ctx.previous.status, ini.id)
        shown = {**cells, **previous}
        # answer rows get room for two lines of comment
        fit_row_height(ws, row, ((shown[f], widths[f]) for f in wrapped if f in shown),
                       min_lines=2 if item.answer else 1)
        _auto_height(ws, row)
        if item.answer:
            ws.cell(row, col["initiative_check"], _initiative_check_formula(loc, row))
        else:
            ws.cell(row, col["initiative_check"],
                    msg("sv_reference_row", division=item.lead_division_name))
        records.append({
            "key": ini.id,
            "row": row,
            "answer": item.answer,
            "lead_division_code": ini.division_code,
            "co_division_codes": list(ini.co_division_codes),
            "indicator_type": str(ini.indicator_type),
            "kpi_id": ini.kpi_id,
            "cells": {k: v for k, v in cells.items() if k != "initiative_key"},
            **({"previous": previous} if previous else {}),
        })
        row += 1
    if not records:
        ws.cell(row, col["project_name"], msg("sv_no_initiative_rows"))
        row += 1
    _clear_below(loc, row, L.INITIATIVE_TABLE)
    return records


# -- live checks ------------------------------------------------------------------------------
def _q(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _behind_condition(
    loc: TableLocation, r: int, kpi: Kpi, part: str | None, year: str
) -> str | None:
    """Excel condition "behind this year's target" over the row's cells; None: no target.

    Generated by `rules.achievement` (the same method, arithmetic and display rounding as the
    validator's V011 and KPI一覧), so the sheet never says 入力済 where the validator sends back.
    """
    target_q = kpi.targets.get(year)
    target = achievement.quantity_value(target_q, part)
    if target_q is None or target is None:
        return None
    baseline = achievement.quantity_value(kpi.baseline, part)
    method = achievement.choose_method(kpi.direction, target_q.comparator, baseline, target)
    return achievement.behind_target_formula(
        method, loc.coord("baseline", r), loc.coord(L.target_field(year), r),
        loc.coord("actual", r),
    )


def _kpi_rule(kpi: Kpi, part: str | None, ctx: SurveyContext) -> entry.KpiRowRule:
    """The plan's side of a KPI row's checks: the same figures the validator reads from the
    row's record (baseline and every year's target, this year's target as the reference)."""
    base = achievement.quantity_value(kpi.baseline, part)
    targets = [achievement.quantity_value(kpi.targets.get(y), part) for y in YEARS]
    this_year = achievement.quantity_value(kpi.targets.get(ctx.fiscal_year), part)
    refs = tuple(v for v in (base, *targets) if v is not None)
    return entry.KpiRowRule(unit=kpi.unit, refs=refs,
                            reference=this_year if this_year is not None else base,
                            fy_start=ctx.fy_start, fy_end=ctx.fy_end)


def _kpi_check_formula(loc: TableLocation, r: int, rule: entry.KpiRowRule,
                       behind: str | None = None) -> str:
    """The row's 入力チェック (`rules.entry`); `behind` adds "behind target needs 備考"."""
    a, d, s, n = (loc.coord(f, r) for f in ("actual", "as_of", "source", "note"))
    return entry.kpi_check_formula(rule, a, d, s, n, behind)


def _initiative_check_formula(loc: TableLocation, r: int) -> str:
    st, dn, iss, nx = (loc.coord(f, r) for f in ("status", "done", "issues", "next_steps"))
    return entry.initiative_check_formula(st, dn, iss, nx)


def _ranges(letter: str, rows: Iterable[int]) -> str:
    """`H5:H9 H12:H12` for the given rows (contiguous runs merged)."""
    out: list[str] = []
    runs: list[list[int]] = []
    for r in sorted(rows):
        if runs and r == runs[-1][1] + 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    out = [f"{letter}{start}:{letter}{end}" for start, end in runs]
    return " ".join(out)


def _state_colours(ws: Worksheet, sqref: str, first: str) -> None:
    """One colour per 入力チェック state (`rules.entry`), told apart by the word it starts with:
    入力済 green, 要記入 pink with red bold text, 未入力 grey."""
    states = {
        entry.STATE_OK: (palette.CHECK_OK_FILL, palette.CHECK_OK_TEXT, False),
        entry.STATE_TODO: (palette.CHECK_TODO_FILL, palette.CHECK_TODO_TEXT, True),
        entry.STATE_EMPTY: (palette.CHECK_EMPTY_FILL, palette.CHECK_EMPTY_TEXT, False),
    }
    for state, (back, text, bold) in states.items():
        ws.conditional_formatting.add(sqref, FormulaRule(
            formula=[f"LEFT({first},{len(state)})={_q(state)}"], stopIfTrue=True,
            fill=PatternFill("solid", fgColor=back, bgColor=back),
            font=Font(color=text, bold=bold)))


def _finish_sheet(wb: Workbook, loc: TableLocation, table: L.Table, ctx: SurveyContext) -> None:
    ws = loc.sheet
    h = loc.header_row
    # rows the division answers: their 入力チェック is a live formula (a reference row's is
    # a label saying who answers it)
    key_col = loc.columns[table.key.field]
    check_col = loc.columns[table.fields(L.Kind.CHECK)[0]]
    answer_rows = [r for r in range(h + 1, ws.max_row + 1)
                   if ws.cell(r, key_col).value
                   and str(ws.cell(r, check_col).value or "").startswith("=")]
    _validations(ws, loc, table, ctx, answer_rows)
    check = loc.letter(table.fields(L.Kind.CHECK)[0])
    if answer_rows:
        _state_colours(ws, _ranges(check, answer_rows), f"${check}{min(answer_rows)}")
    # earlier years' targets are hidden; later years' are a collapsed column group (the
    # "+" above the sheet shows them), so the printed page carries only the round's year
    year_no = int(ctx.fiscal_year.removeprefix("R"))
    for y in YEARS:
        fld = L.target_field(y)
        if fld not in loc.columns:
            continue
        dim = ws.column_dimensions[loc.letter(fld)]
        if int(y.removeprefix("R")) < year_no:
            dim.hidden = True
        elif int(y.removeprefix("R")) > year_no:
            dim.outline_level, dim.hidden = 1, True
    if any(d.outline_level for d in ws.column_dimensions.values()):
        ws.sheet_format.outlineLevelCol = 1
        ws.sheet_properties.outlinePr.summaryRight = True
    freeze_col = loc.columns["name" if table is L.KPI_TABLE else "project_name"] + 1
    ws.freeze_panes = ws.cell(h + 1, freeze_col)
    ws.print_title_rows = f"{h}:{h}"
    fit_a4(ws)
    # eleven columns one page wide: on A4 the text shrinks below 8 pt, on A3 it stays legible
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3,
                                  footer=0.3)
    ws.oddHeader.center.text = msg("sv_header", department=ctx.department_name,
                                   division=ctx.division_name, sheet=ws.title)
    ws.oddFooter.left.text = msg("sv_footer_left", survey_id=ctx.survey_id)
    ws.oddFooter.right.text = msg("sv_footer_right")
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widening a column is harmless and often needed
    ws.protection.formatRows = False
    if ctx.password:
        ws.protection.set_password(ctx.password)
    if L.SHEET_GUIDE in wb.sheetnames:
        guide = wb[L.SHEET_GUIDE]
        guide.oddHeader.center.text = msg("sv_header", department=ctx.department_name,
                                          division=ctx.division_name, sheet=guide.title)
        guide.oddFooter.left.text = msg("sv_footer_left", survey_id=ctx.survey_id)
        guide.oddFooter.right.text = msg("sv_footer_right")
        guide.protection.sheet = True
        if ctx.password:
            guide.protection.set_password(ctx.password)


def _validations(ws: Worksheet, loc: TableLocation, table: L.Table, ctx: SurveyContext,
                 rows: list[int]) -> None:
    if not rows:
        return

    def add(dv: DataValidation, fld: str, title: str, prompt: str, error: str,
            only: list[int] | None = None) -> None:
        dv.promptTitle, dv.prompt = title, prompt
        dv.errorTitle, dv.error = title, error
        dv.showInputMessage = dv.showErrorMessage = True
        dv.allow_blank = True
        for rng in _ranges(loc.letter(fld), rows if only is None else only).split():
            dv.add(rng)
        ws.add_data_validation(dv)

    limit = ctx.max_text_length
    text_fields = [f for f in table.fields(L.Kind.INPUT)
                   if f in ("source", "note", "done", "issues", "next_steps")]
    for fld in text_fields:
        add(DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(limit)),
            fld, msg("sv_col_" + fld), msg("sv_dv_text_prompt", max=limit),
            msg("sv_dv_text_error", max=limit))
    if table is L.KPI_TABLE:
        by_unit: dict[str, list[int]] = {}
        for r in rows:
            unit = ws.cell(r, loc.columns["unit"]).value if "unit" in loc.columns else None
            by_unit.setdefault(str(unit or "").strip(), []).append(r)
        for unit, unit_rows in by_unit.items():
            add(DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0"),
                "actual", msg("sv_dv_actual_title"), actual_prompt(unit),
                msg("sv_dv_actual_error"), unit_rows)
        start, end = ctx.fy_start, ctx.fy_end
        fmt = lambda d: f"{d.year}/{d.month}/{d.day}"  # noqa: E731
        add(DataValidation(type="date", operator="between",
                           formula1=f"DATE({start.year},{start.month},{start.day})",
                           formula2=f"DATE({end.year},{end.month},{end.day})"),
            "as_of", msg("sv_dv_as_of_title"),
            msg("sv_dv_as_of_prompt", start=reiwa_date(start, weekday=False),
                end=reiwa_date(end, weekday=False), example=fmt(end)),
            msg("sv_dv_as_of_error", start=reiwa_date(start, weekday=False),
                end=reiwa_date(end, weekday=False), example=fmt(end)))
    else:
        add(DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"'),
            "status", msg("sv_dv_status_title"), msg("sv_dv_status_prompt"),
            msg("sv_dv_status_error", statuses="・".join(STATUSES)))


def digest_of(wb: Workbook) -> str:
    """The distribution digest `render_survey` wrote into `_meta`."""
    ws = wb[L.SHEET_META]
    return next(str(ws.cell(r, 2).value) for r in range(1, ws.max_row + 1)
                if ws.cell(r, 1).value == L.META_DISTRIBUTION)


def actual_prompt(unit: str) -> str:
    """The 実績値 input prompt for a row in `unit`: the unit is said where the number is typed,
    so a count of sheets is not typed into a 千枚 row (「千枚単位で入力」)."""
    if not unit:
        return msg("sv_dv_actual_prompt")
    if unit == "%":
        return msg("sv_dv_actual_prompt_percent")
    if unit.startswith("千") and len(unit) > 1:
        return msg("sv_dv_actual_prompt_thousand", unit=unit, base=unit[1:])
    return msg("sv_dv_actual_prompt_unit", unit=unit)


def _write_meta(wb: Workbook, ctx: SurveyContext, template_version: str, digest: str) -> None:
    ws = wb[L.SHEET_META]
    values = {
        "survey_id": ctx.survey_id,
        "fiscal_year": ctx.fiscal_year,
        "round_code": ctx.round_code,
        "round_name": ctx.round_name,
        "division_code": ctx.division_code,
        "division_name": ctx.division_name,
        "department_name": ctx.department_name,
        L.META_TEMPLATE_VERSION: template_version,
        "layout_version": str(L.LAYOUT_VERSION),
        "master_digest": ctx.master_digest,
        "generated_at": ctx.generated_at.isoformat(),
        L.META_DISTRIBUTION: digest,
    }
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}
    nxt = ws.max_row + 1
    for key in (*L.META_FIELDS, L.META_DISTRIBUTION):
        r = rows.get(key)
        if r is None:
            r, nxt = nxt, nxt + 1
            ws.cell(r, 1, key)
        ws.cell(r, 2, values[key]).number_format = "@"
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
