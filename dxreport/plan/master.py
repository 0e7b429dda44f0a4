"""The master workbook (`workbooks/master_plan_R8.xlsx`): write a `Plan`, read it back.

One sheet per source table plus 指標, 担当課, 正規化一覧 and 表記の確認 (suspected extraction
noise, with the DX division's decisions, read back only by the next import); one datum per
cell, no merged cells, filters, frozen headers, 游ゴシック, landscape printing (the wide sheets
on A3 over several pages). Derived columns (the numbers beside target texts, 共管課名, the
関連事業ID) are rewritten on every write and never read. The reader finds columns by HEADER
NAME, so the DX division may reorder or add columns, fix names and change targets in Excel; an
edit that breaks the plan is reported with sheet and cell (e.g. `指標!I12`).
"""

from __future__ import annotations

import functools
import io
import os
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from dxreport.errors import UserError
from dxreport.fileio import save_atomic
from dxreport.gc_pause import collector_paused
from dxreport.messages import msg
from dxreport.plan.corrections import field_key, field_label
from dxreport.plan.importer import assemble_plan, make_kpi
from dxreport.plan.names import split_project, split_subgroup
from dxreport.plan.noise import DECISIONS, Finding
from dxreport.plan.quantity import QuantityError, parse_quantity
from dxreport.resources import DEFAULT_MASTER
from dxreport.round.folder import WorkFolder, master_file
from dxreport.rules.plan_model import (
    YEARS,
    Category,
    Department,
    Direction,
    Division,
    IndicatorType,
    Initiative,
    Kpi,
    Normalisation,
    Part,
    Plan,
    Quantity,
)
from dxreport.xlsx.print_layout import fit_a3_wide, fit_page, fit_row_height, header_footer
from dxreport.xlsx.read import XlsxReader, XlsxReadError
from dxreport.xlsx.sheet_table import FONT, FONT_HEADER, by_value_format, value_decimals

MASTER_NAME = "master_plan_R8.xlsx"
CO_DIVISION_COLUMNS_MIN = 2


def default_master_path() -> Path:
    """Where `plan import` writes the master: `$DXREPORT_MASTER`, else
    `workbooks/master_plan_R8.xlsx` under the current folder."""
    env = os.environ.get("DXREPORT_MASTER")
    return Path(env) if env else Path.cwd() / "workbooks" / MASTER_NAME


def master_to_read() -> Path:
    """The master read when none is named: the one `plan import` wrote (`default_master_path`),
    else the embedded plan's master shipped with dxreport, so `plan show` works from any
    folder of an installed dxreport."""
    path = default_master_path()
    if "DXREPORT_MASTER" in os.environ or path.exists():
        return path
    return DEFAULT_MASTER


def report_path_for(master: Path) -> Path:
    """The import report lives beside the master it describes."""
    return master.with_name(master.stem + "_取込レポート.md")


@functools.cache  # asked for every cell read back: ~680,000 times for a 20,000-KPI plan
def col(key: str, **fields: object) -> str:
    return msg(f"plan_col_{key}", **fields)


def initiative_sheet_name(part: Part, table: int) -> str:
    return msg("plan_sheet_initiatives", part=part.value, kind=msg(f"plan_sheet_kind_{table}"))


DIRECTION_LABELS = {d: msg(f"plan_direction_{d.value}") for d in Direction}
# 指標種別 as the master shows it: `なし` for a row without indicator (the model's token is
# `none`, kept in JSON); the token is still read back from a master written before.
INDICATOR_TYPE_LABELS = {t: msg(f"plan_indicator_type_{t.name.lower()}") for t in IndicatorType}


# ------------------------------------------------------------------------------ writing
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
# Sheets wider than this (column width units) print on A3 over several pages, IDs repeated
_WIDE = 200.0


def _use_survey_font(wb: Workbook) -> None:
    """游ゴシック 10pt as the workbook's default (the Normal style and the font of cells
    written without one), as in the survey and the status workbook: a cell the DX division
    types into later shows the same font, not Calibri."""
    wb._fonts = IndexedList([FONT])  # font 0: what every cell without a font uses
    wb._named_styles["Normal"].font = FONT


def _write_sheet(ws: Worksheet, columns: Sequence[tuple[str, float, bool]],
                 rows: list[list[Any]], title: str) -> None:
    """Header row + data; widths, wrap, filter, frozen header, print setup (A4 landscape,
    or A3 over several pages for a wide sheet, header row repeated on every page)."""
    ws.append([c[0] for c in columns])
    for cell in ws[1]:
        cell.font = FONT_HEADER
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for values in rows:
        ws.append(values)
    for index, (_, width, wrap) in enumerate(columns, 1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = width
        align = _WRAP if wrap else _TOP
        for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.alignment = align
            if isinstance(cell.value, str):
                # Text format: what is typed over it stays as typed. Excel would store a
                # retyped "70%" as 0.7 (read back as 0.7 %) and "4/1" as a date.
                cell.number_format = "@"
                if cell.value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
    fit_row_height(ws, 1, [(c[0], c[1]) for c in columns])  # a long header whole
    wrapped = [(i, w) for i, (_, w, wrap) in enumerate(columns) if wrap]
    for row_number, values in enumerate(rows, 2):  # wrapped text shown and printed whole
        fit_row_height(ws, row_number, [(values[i], w) for i, w in wrapped])
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(rows) + 1)}"
    widths = [c[1] for c in columns]
    if sum(widths) > _WIDE:
        fit_a3_wide(ws, widths)
    else:
        fit_page(ws, widths)
        ws.print_title_rows = "1:1"
    header_footer(ws, title, "")
    ws.print_options.gridLines = True


def _division_list(ws: Worksheet, header: str, divisions: int, *, allow_blank: bool) -> None:
    """A drop-down of the 担当課 sheet's codes on every data cell of the column `header`."""
    index = next((c.column for c in ws[1] if c.value == header), None)
    if index is None:
        return
    letter = get_column_letter(index)
    source = f"'{msg('plan_sheet_divisions')}'!$A$2:$A${divisions + 1}"
    dv = DataValidation(type="list", formula1=source, allow_blank=allow_blank,
                        showErrorMessage=True, errorTitle=header,
                        error=msg("plan_division_list_error"))
    dv.add(f"{letter}2:{letter}{max(2, ws.max_row)}")
    ws.add_data_validation(dv)


def _values(k: Kpi) -> list[Quantity]:
    return [k.baseline, *[k.targets[y] for y in YEARS]]


def _numeric(q: Quantity) -> float | None:
    """The number a target cell shows beside its text: `70%` -> 0.7 (shown as 70%),
    `4以上` -> 4, `73万PV` -> 730000; none for `—` and for `小 95% 中 91%`."""
    if q.value is None or q.parts:
        return None
    if q.unit == "%":
        return round(q.value / 100, value_decimals(q.value) + 2)
    return q.value


def _numeric_format(q: Quantity) -> str:
    decimals = value_decimals(q.value)
    if q.unit == "%":
        return "0" + ("." + "0" * decimals if decimals else "") + "%"
    return by_value_format(decimals)


def _co_columns(plan: Plan) -> int:
    most = max((len(i.co_division_codes) for i in plan.initiatives), default=0)
    return max(CO_DIVISION_COLUMNS_MIN, most)


def _lines(names: list[str]) -> str:
    """Several 小事業名 / 取組名 of one row: one per line of the cell (read back by line)."""
    return "\n".join(names)


def _split_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _split_ids(text: str) -> list[str]:
    """`KPI-R07` or `KPI-R07、KPI-R08` (also `,`, `・` or spaces between IDs)."""
    return [t for t in re.split(r"[、,，・\s]+", text) if t]


def build_workbook(plan: Plan, addresses: Mapping[str, str] | None = None,
                   review: Sequence[Finding] = ()) -> Workbook:
    """The master workbook of `plan`; `addresses` (division code -> mail address) fills the
    担当課 sheet's メールアドレス column, which the DX division otherwise fills in Excel;
    `review` (the import's findings) fills the 表記の確認 sheet."""
    addresses = addresses or {}
    wb = Workbook()
    wb.remove(wb.active)
    _use_survey_font(wb)
    wb.properties.title = plan.title
    wb.properties.creator = "dxreport"
    divisions = {d.code: d for d in plan.divisions}
    departments = {d.code: d for d in plan.departments}
    co_n = _co_columns(plan)

    def dept_name(division_code: str) -> str:
        return departments[divisions[division_code].department_code].name

    init_columns = [
        (col("id"), 10, False), (col("part"), 6, False), (col("table"), 5, False),
        (col("number"), 8, False), (col("group"), 18, True), (col("subgroup"), 12, False),
        (col("no"), 7, False),
        (col("category_name"), 28, True), (col("indicator_type"), 8, False),
        (col("kpi_id"), 10, False), (col("relisted"), 6, False),
        (col("indicator_name"), 28, True), (col("goal_text"), 36, True),
        (col("division_code"), 16, False), (col("department_name"), 12, False),
        (col("division_name"), 18, False),
        *[(col("co_division", n=n), 16, False) for n in range(1, co_n + 1)],
        (col("co_division_names"), 18, True),
        (col("project_major"), 28, True), (col("project_minor"), 28, True),
        (col("project_activity"), 28, True), (col("project_name"), 36, True),
        (col("plan_text"), 60, True), (col("source_line"), 7, False),
    ]
    for part in Part:
        for table in (1, 2):
            rows = []
            for i in plan.initiatives:
                if i.part is not part or i.table != table:
                    continue
                co = [*i.co_division_codes, *[""] * (co_n - len(i.co_division_codes))]
                rows.append([
                    i.id, i.part.value, i.table, i.number, i.category.group,
                    i.category.subgroup or "", i.category.no, i.category.name,
                    INDICATOR_TYPE_LABELS[i.indicator_type], i.kpi_id or "",
                    msg("plan_relisted_mark") if i.relisted else "",
                    i.indicator_name or "", i.goal_text or "", i.division_code,
                    dept_name(i.division_code), divisions[i.division_code].name, *co,
                    "、".join(divisions[c].name for c in i.co_division_codes),
                    i.project_major or "", _lines(i.project_minor), _lines(i.project_activity),
                    i.project_name, i.plan_text, i.source_line,
                ])
            ws = wb.create_sheet(initiative_sheet_name(part, table))
            _write_sheet(ws, init_columns, rows, plan.title)
            _division_list(ws, col("division_code"), len(plan.divisions), allow_blank=False)
            for n in range(1, co_n + 1):
                _division_list(ws, col("co_division", n=n), len(plan.divisions),
                               allow_blank=True)

    value_headers = [col("baseline"), *[col("target", year=y) for y in YEARS]]
    kpi_columns = [
        (col("id"), 10, False), (col("part"), 6, False), (col("kpi_number"), 8, False),
        (col("kpi_name"), 40, True), (col("unit"), 8, False), (col("direction"), 12, False),
        *[c for header in value_headers
          for c in ((header, 13, False), (col("numeric", name=header), 11, False))],
        (col("lead_division_code"), 16, False), (col("lead_division_name"), 18, False),
        (col("initiative_ids"), 24, True), (col("same_as"), 12, True),
    ]
    kpi_rows = [
        [k.id, k.part.value, k.number, k.name, k.unit or "", DIRECTION_LABELS[k.direction],
         *[v for q in _values(k) for v in (q.text, _numeric(q))], k.division_code,
         divisions[k.division_code].name, "、".join(k.initiative_ids), "、".join(k.same_as)]
        for k in plan.kpis
    ]
    ws = wb.create_sheet(msg("plan_sheet_kpis"))
    _write_sheet(ws, kpi_columns, kpi_rows, plan.title)
    first_value = 7  # the column of 基準値: text and number alternate from there
    for row, k in enumerate(plan.kpis, 2):
        for n, q in enumerate(_values(k)):
            cell = ws.cell(row, first_value + 2 * n + 1)
            if cell.value is not None:
                cell.number_format = _numeric_format(q)
    _division_list(ws, col("lead_division_code"), len(plan.divisions), allow_blank=False)

    div_columns = [(col("div_code"), 18, False), (col("div_name"), 22, False),
                   (col("dept_code"), 12, False), (col("dept_name"), 14, False),
                   (col("div_address"), 32, False)]
    div_rows = [[d.code, d.name, d.department_code, departments[d.department_code].name,
                 addresses.get(d.code, "")]
                for d in plan.divisions]
    _write_sheet(wb.create_sheet(msg("plan_sheet_divisions")), div_columns, div_rows,
                 plan.title)

    norm_columns = [(col("norm_line"), 7, False), (col("norm_field"), 14, False),
                    (col("norm_source"), 50, True), (col("norm_result"), 50, True),
                    (col("norm_reason"), 40, True)]
    norm_rows = [[n.line, field_label(n.field), n.source, n.result, n.reason]
                 for n in plan.normalisations]
    _write_sheet(wb.create_sheet(msg("plan_sheet_normalisations")), norm_columns, norm_rows,
                 plan.title)
    _write_review(wb.create_sheet(msg("plan_sheet_review")), review, plan.title)
    _write_values(wb.create_sheet(msg("plan_sheet_values")), plan)
    return wb


def value_rows(plan: Plan) -> list[list[object]]:
    """目標値一覧: per KPI, each of 基準値 and 目標値R8–R12, and each 小/中 part of a composite
    value, one row: the number in the plan's unit (`70%` -> 70 with 単位 %, `73万PV` ->
    730000), 以上/以下, and the text as the plan writes it. Written from the 指標 sheet's
    values each time, never read back (the 指標 sheet is what is edited)."""
    rows: list[list[object]] = []
    items = [(col("baseline"), msg("plan_value_year_base"))] + [
        (col("target", year=y), y) for y in YEARS]
    for k in plan.kpis:
        for (item, year), q in zip(items, _values(k), strict=True):
            unit = q.unit or k.unit or ""
            parts = [(p.label, p.value) for p in q.parts] if q.parts else [("", q.value)]
            for label, value in parts:
                rows.append([k.id, k.name, item, year, label, value, unit,
                             q.comparator or "", q.text])
    return rows


def _write_values(ws: Worksheet, plan: Plan) -> None:
    columns = [(col("id"), 10, False), (col("kpi_name"), 40, True),
               (col("value_item"), 12, False), (col("value_year"), 6, False),
               (col("value_part"), 6, False), (col("value_number"), 12, False),
               (col("unit"), 8, False), (col("value_comparator"), 9, False),
               (col("value_text"), 16, False)]
    rows = value_rows(plan)
    _write_sheet(ws, columns, rows, plan.title)
    number = 6
    for r, row in enumerate(rows, start=2):
        ws.cell(r, number).number_format = by_value_format(value_decimals(row[number - 1]))


_REVIEW_KEYS = ("review_kind", "norm_field", "id", "norm_line", "review_text",
                "review_suggestion", "norm_reason", "review_decision", "review_corrected")


def _write_review(ws: Worksheet, review: Sequence[Finding], title: str) -> None:
    """表記の確認: one row per finding; 判断 (a drop-down) and 修正後の表記 are the DX
    division's, unlocked, and read back on the next import."""
    widths = (18, 14, 10, 7, 30, 30, 44, 10, 30)
    wraps = (False, False, False, False, True, True, True, False, True)
    columns = [(col(k), w, wrap) for k, w, wrap in zip(_REVIEW_KEYS, widths, wraps, strict=True)]
    rows = [[msg(f"plan_review_kind_{f.kind}"), field_label(f.field), f.owner, f.line, f.text,
             f.suggestion, f.note, f.decision, f.corrected] for f in review]
    _write_sheet(ws, columns, rows, title)
    last = max(2, len(rows) + 1)
    decision = get_column_letter(len(_REVIEW_KEYS) - 1)
    dv = DataValidation(type="list", formula1='"' + ",".join(DECISIONS) + '"',
                        allow_blank=True, showErrorMessage=True, showInputMessage=True,
                        promptTitle=col("review_decision"), prompt=msg("plan_review_prompt"))
    dv.add(f"{decision}2:{decision}{last}")
    ws.add_data_validation(dv)
    for (a, b) in ws.iter_rows(min_row=2, max_row=last, min_col=len(_REVIEW_KEYS) - 1,
                               max_col=len(_REVIEW_KEYS)):
        for cell in (a, b):
            cell.protection = Protection(locked=False)
            cell.number_format = "@"


def load_review(path: Path) -> dict[tuple[str, str, str], Finding]:
    """The decisions taken in a master's 表記の確認 sheet, by (ID, field, text); none from a
    master without the sheet (written before it existed) or a file that is no master."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx" or not zipfile.is_zipfile(path):
        return {}
    try:
        return _read_master(path, _read_review)
    except UserError:
        return {}


def _read_review(path: Path, wb: XlsxReader) -> dict[tuple[str, str, str], Finding]:
    name = msg("plan_sheet_review")
    if name not in wb.sheetnames:
        return {}
    s = _open_sheet(path, wb, name, [col(k) for k in _REVIEW_KEYS])
    found: dict[tuple[str, str, str], Finding] = {}
    for row, values in s.rows:
        decision = s.value(row, values, col("review_decision"))
        corrected = s.value(row, values, col("review_corrected"))
        if not (decision or corrected):
            continue
        line = s.value(row, values, col("norm_line"))
        f = Finding("", field_key(s.value(row, values, col("norm_field"))),
                    s.value(row, values, col("id")), int(line) if line.isdigit() else 0,
                    s.value(row, values, col("review_text")),
                    s.value(row, values, col("review_suggestion")), "",
                    decision=decision, corrected=corrected)
        found[f.key] = f
    return found


def write_master(plan: Plan, path: Path, addresses: Mapping[str, str] | None = None,
                 review: Sequence[Finding] = ()) -> None:
    """Write the master workbook atomically (a reader never sees a half-written file)."""
    wb = build_workbook(plan, addresses, review)
    save_atomic(Path(path), wb.save)


def master_bytes(plan: Plan, review: Sequence[Finding] = ()) -> bytes:
    """The master workbook's bytes, for a caller that writes it together with other files."""
    buffer = io.BytesIO()
    build_workbook(plan, review=review).save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------------------ reading
@dataclass
class _Sheet:
    path: Path
    name: str
    columns: dict[str, int]  # header -> 1-based column
    rows: list[tuple[int, tuple[Any, ...]]]  # (row number, values)

    def ref(self, row: int, header: str) -> str:
        return f"{self.name}!{get_column_letter(self.columns[header])}{row}"

    def has(self, header: str) -> bool:
        return header in self.columns

    def value(self, row: int, values: tuple[Any, ...], header: str) -> str:
        """The cell's text; '' when empty, or when the column is one an older master lacks."""
        if header not in self.columns:
            return ""
        raw = values[self.columns[header] - 1] if self.columns[header] - 1 < len(values) else None
        if raw is None:
            return ""
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        return str(raw).strip()

    def required(self, row: int, values: tuple[Any, ...], header: str) -> str:
        text = self.value(row, values, header)
        if not text:
            raise UserError(msg("plan_master_empty_cell", path=self.path,
                                ref=self.ref(row, header), what=header))
        return text

    def bad(self, row: int, header: str, text: str, what: str, hint: str) -> UserError:
        return UserError(msg("plan_master_bad_cell", path=self.path, ref=self.ref(row, header),
                             text=text, what=msg(what), hint=msg(hint)))


def _open_sheet(path: Path, wb: XlsxReader, name: str, headers: list[str]) -> _Sheet:
    if name not in wb.sheetnames:
        raise UserError(msg("plan_master_no_sheet", path=path, sheet=name))
    all_rows = wb.rows(name)  # every row holding a value, even past a stale <dimension>
    header_row = all_rows[0][1] if all_rows and all_rows[0][0] == 1 else ()
    columns: dict[str, int] = {}
    for index, value in enumerate(header_row, 1):
        if isinstance(value, str) and value.strip() and value.strip() not in columns:
            columns[value.strip()] = index
    for header in headers:
        if header not in columns:
            raise UserError(msg("plan_master_no_header", path=path, sheet=name, header=header))
    rows = [(n, values) for n, values in all_rows
            if n > 1 and any(v is not None and str(v).strip() for v in values)]
    return _Sheet(path, name, columns, rows)


def _enum(sheet: _Sheet, row: int, values: tuple, header: str, enum: type, what: str,
          hint: str) -> Any:
    text = sheet.required(row, values, header)
    try:
        return enum(text)
    except ValueError:
        raise sheet.bad(row, header, text, what, hint) from None


def _indicator_type(sheet: _Sheet, row: int, values: tuple) -> IndicatorType:
    text = sheet.required(row, values, col("indicator_type"))
    for kind, label in INDICATOR_TYPE_LABELS.items():
        if text in (label, kind.value):
            return kind
    raise sheet.bad(row, col("indicator_type"), text, "plan_what_indicator_type",
                    "plan_hint_indicator_type")


def _int(sheet: _Sheet, row: int, values: tuple, header: str, what: str) -> int:
    text = sheet.required(row, values, header)
    try:
        return int(text)
    except ValueError:
        raise sheet.bad(row, header, text, what, "plan_hint_integer") from None


def load_master(path: Path | None = None) -> Plan:
    """Read the master workbook back into a `Plan` (by header names, not column positions)."""
    path = Path(path) if path is not None else master_to_read()
    if not path.exists():
        raise UserError(msg("plan_master_missing", path=path))
    if path.suffix.lower() == ".json":  # a serialised Plan (synthetic plans for benchmarks, tests)
        try:
            return Plan.model_validate_json(path.read_bytes())
        except ValidationError as exc:
            raise UserError(msg("plan_master_unreadable", path=path, detail=exc)) from None
    return _read_master(path, _read_plan)


def load_divisions(path: Path | None = None) -> tuple[list[Division], list[Department]]:
    """Only the divisions and departments of the master (its 担当課 sheet): what the
    submission board names, without reading every initiative and KPI of a big plan."""
    path = Path(path) if path is not None else master_to_read()
    if path.suffix.lower() == ".json" or not path.exists():
        plan = load_master(path)
        return plan.divisions, plan.departments
    return _read_master(path, _read_divisions)


_T = TypeVar("_T")


def _read_master(path: Path, read: Callable[[Path, XlsxReader], _T]) -> _T:
    # Read with xlsx_read (cached values of formulas, as openpyxl's data_only=True): the
    # synthetic 20,000-KPI master reads in ~3 s instead of ~7 s with openpyxl.
    if path.is_file() and not zipfile.is_zipfile(path):  # a renamed CSV, PDF, old .xls...
        raise UserError(msg("plan_master_not_xlsx", path=path))
    try:
        wb = XlsxReader(path, data_only=True)
    except (OSError, XlsxReadError) as exc:
        raise UserError(msg("plan_master_unreadable", path=path, detail=exc)) from exc
    try:
        with collector_paused():  # ~200,000 long-lived objects for a 20,000-KPI plan
            return read(path, wb)
    except XlsxReadError as exc:  # a sheet's XML is broken (found while reading its rows)
        raise UserError(msg("plan_master_unreadable", path=path, detail=exc)) from exc
    finally:
        wb.close()


def load_addresses(path: Path) -> dict[str, str]:
    """Division code -> mail address, from the 担当課 sheet's メールアドレス column. Only the
    addresses typed there: an empty cell or a master written before the column existed gives
    no entry (an address is never guessed from a name)."""
    path = Path(path)
    if path.suffix.lower() == ".json" or not path.exists():
        return {}
    return _read_master(path, _read_addresses)


def _read_addresses(path: Path, wb: XlsxReader) -> dict[str, str]:
    sheet = _open_sheet(path, wb, msg("plan_sheet_divisions"), [col("div_code")])
    if col("div_address") not in sheet.columns:  # a master from before the column
        return {}
    found: dict[str, str] = {}
    for row, values in sheet.rows:
        code = sheet.value(row, values, col("div_code"))
        address = sheet.value(row, values, col("div_address"))
        if code and address:
            found[code] = address
    return found


def _read_divisions(path: Path, wb: XlsxReader) -> tuple[list[Division], list[Department]]:
    """The 担当課 sheet: divisions in order, and their departments in order of appearance."""
    sheet = _open_sheet(path, wb, msg("plan_sheet_divisions"),
                        [col("div_code"), col("div_name"), col("dept_code"), col("dept_name")])
    divisions: list[Division] = []
    departments: dict[str, Department] = {}
    first_ref: dict[str, str] = {}
    for row, values in sheet.rows:
        code = sheet.required(row, values, col("div_code"))
        if code in first_ref:
            raise UserError(msg("plan_master_duplicate_id", path=path,
                                ref=sheet.ref(row, col("div_code")), id=code,
                                first=first_ref[code]))
        first_ref[code] = sheet.ref(row, col("div_code"))
        dept_code = sheet.required(row, values, col("dept_code"))
        dept = Department(code=dept_code, name=sheet.required(row, values, col("dept_name")))
        if departments.setdefault(dept_code, dept) != dept:
            raise UserError(msg("plan_master_unknown_department", path=path,
                                ref=sheet.ref(row, col("dept_name")), code=dept_code,
                                name=dept.name))
        divisions.append(Division(code=code, name=sheet.required(row, values, col("div_name")),
                                  department_code=dept_code))
    return divisions, list(departments.values())


def _read_plan(path: Path, wb: XlsxReader) -> Plan:
    divisions, department_list = _read_divisions(path, wb)
    division_codes = {d.code for d in divisions}

    def check_division(s: _Sheet, row: int, header: str, code: str) -> str:
        if code not in division_codes:
            raise UserError(msg("plan_master_unknown_division", path=path,
                                ref=s.ref(row, header), code=code))
        return code

    # 指標 (read first so initiatives can be checked against it)
    kpi_sheet = _open_sheet(path, wb, msg("plan_sheet_kpis"), [
        col("id"), col("part"), col("kpi_number"), col("kpi_name"), col("unit"),
        col("direction"), col("baseline"), *[col("target", year=y) for y in YEARS],
        col("lead_division_code"),
    ])  # 同一指標 came later: a master without it links nothing
    kpi_rows: dict[str, tuple[int, tuple]] = {}
    for row, values in kpi_sheet.rows:
        kpi_id = kpi_sheet.required(row, values, col("id"))
        if kpi_id in kpi_rows:
            raise UserError(msg("plan_master_duplicate_id", path=path,
                                ref=kpi_sheet.ref(row, col("id")), id=kpi_id,
                                first=kpi_sheet.ref(kpi_rows[kpi_id][0], col("id"))))
        kpi_rows[kpi_id] = (row, values)

    # Initiatives, sheet by sheet
    initiatives: list[Initiative] = []
    seen: dict[str, str] = {}
    kpi_refs: dict[str, list[tuple[str, bool]]] = {}
    for part in Part:
        for table in (1, 2):
            name = initiative_sheet_name(part, table)
            s = _open_sheet(path, wb, name, [
                col("id"), col("part"), col("table"), col("number"), col("group"),
                col("no"), col("category_name"), col("indicator_type"),
                col("kpi_id"), col("relisted"), col("indicator_name"), col("goal_text"),
                col("division_code"), col("plan_text"), col("source_line"),
            ])
            split = _ProjectColumns.of(s)
            co_headers = sorted(
                (h for h in s.columns if h.startswith(col("co_division", n=""))),
                key=lambda h: s.columns[h],
            )
            for row, values in s.rows:
                initiative_id = s.required(row, values, col("id"))
                if initiative_id in seen:
                    raise UserError(msg("plan_master_duplicate_id", path=path,
                                        ref=s.ref(row, col("id")), id=initiative_id,
                                        first=seen[initiative_id]))
                seen[initiative_id] = s.ref(row, col("id"))
                ref_kpi: str | None = s.value(row, values, col("kpi_id")) or None
                relisted = s.value(row, values, col("relisted")) != ""
                if ref_kpi is not None:
                    if ref_kpi not in kpi_rows:
                        raise UserError(msg("plan_master_unknown_kpi", path=path,
                                            ref=s.ref(row, col("kpi_id")), id=ref_kpi))
                    kpi_refs.setdefault(ref_kpi, []).append((initiative_id, relisted))
                co = [check_division(s, row, h, c) for h in co_headers
                      if (c := s.value(row, values, h))]
                try:
                    initiatives.append(Initiative(
                        id=initiative_id,
                        part=_enum(s, row, values, col("part"), Part, "plan_what_part",
                                   "plan_hint_part"),
                        table=_int(s, row, values, col("table"), "plan_what_table"),
                        number=s.required(row, values, col("number")),
                        category=split.category(s, row, values),
                        indicator_type=_indicator_type(s, row, values),
                        kpi_id=ref_kpi,
                        relisted=relisted,
                        indicator_name=s.value(row, values, col("indicator_name")) or None,
                        goal_text=s.value(row, values, col("goal_text")) or None,
                        division_code=check_division(
                            s, row, col("division_code"),
                            s.required(row, values, col("division_code"))),
                        co_division_codes=co,
                        **split.project(s, row, values),
                        plan_text=s.value(row, values, col("plan_text")),
                        source_line=_int(s, row, values, col("source_line"), "plan_what_line"),
                    ))
                except ValidationError as exc:
                    raise UserError(msg("plan_master_invalid", path=path, sheet=name, row=row,
                                        detail=exc.errors()[0]["msg"])) from exc

    kpis: list[Kpi] = []
    s = kpi_sheet
    for kpi_id, (row, values) in kpi_rows.items():
        refs = kpi_refs.get(kpi_id)
        if not refs:
            raise UserError(msg("plan_master_kpi_unused", path=path, ref=s.ref(row, col("id")),
                                id=kpi_id))
        originals = [i for i, relisted in refs if not relisted]
        if not originals:
            raise UserError(msg("plan_master_kpi_original", path=path,
                                ref=s.ref(row, col("id")), id=kpi_id))
        ids = [originals[0], *[i for i, _ in refs if i != originals[0]]]
        quantities = []
        for header in (col("baseline"), *[col("target", year=y) for y in YEARS]):
            text = s.value(row, values, header)
            try:
                quantities.append(parse_quantity(text))
            except QuantityError:
                raise s.bad(row, header, text, "plan_what_quantity",
                            "plan_hint_quantity") from None
        label = s.required(row, values, col("direction"))
        direction = next((d for d, lbl in DIRECTION_LABELS.items() if lbl == label), None)
        if direction is None:
            raise s.bad(row, col("direction"), label, "plan_what_direction",
                        "plan_hint_direction")
        try:
            kpis.append(make_kpi(
                kpi_id,
                _enum(s, row, values, col("part"), Part, "plan_what_part", "plan_hint_part"),
                s.required(row, values, col("kpi_number")),
                s.required(row, values, col("kpi_name")),
                quantities, ids,
                check_division(s, row, col("lead_division_code"),
                               s.required(row, values, col("lead_division_code"))),
                unit=s.value(row, values, col("unit")) or None,
                direction=direction,
                same_as=_same_as(s, row, values, kpi_id, kpi_rows),
            ))
        except ValidationError as exc:
            raise UserError(msg("plan_master_invalid", path=path, sheet=s.name, row=row,
                                detail=exc.errors()[0]["msg"])) from exc

    norm_sheet = _open_sheet(path, wb, msg("plan_sheet_normalisations"), [
        col("norm_line"), col("norm_field"), col("norm_source"), col("norm_result"),
        col("norm_reason"),
    ])
    normalisations = [
        Normalisation(
            line=_int(norm_sheet, row, values, col("norm_line"), "plan_what_line"),
            field=field_key(norm_sheet.value(row, values, col("norm_field"))),
            source=norm_sheet.value(row, values, col("norm_source")),
            result=norm_sheet.value(row, values, col("norm_result")),
            reason=norm_sheet.value(row, values, col("norm_reason")),
        )
        for row, values in norm_sheet.rows
    ]
    return assemble_plan(initiatives, kpis, normalisations, divisions=divisions,
                         departments=department_list)


def _same_as(s: _Sheet, row: int, values: tuple, kpi_id: str,
             kpi_rows: dict[str, tuple[int, tuple]]) -> list[str]:
    """The 同一指標 cell: other KPI IDs of the sheet, each naming this one back (a link
    typed on one row only would make the two rows disagree about which indicator is which)."""
    header = col("same_as")
    ids = _split_ids(s.value(row, values, header))
    for other in ids:
        if other == kpi_id or other not in kpi_rows:
            raise s.bad(row, header, other, "plan_what_same_as", "plan_hint_same_as")
        other_row, other_values = kpi_rows[other]
        if kpi_id not in _split_ids(s.value(other_row, other_values, header)):
            raise UserError(msg("plan_master_same_as_one_way", path=s.path,
                                ref=s.ref(other_row, header), id=other, other=kpi_id))
    return ids


@dataclass(frozen=True)
class _ProjectColumns:
    """Where an initiative sheet keeps 中分類 and the 事業名 parts. A master written before
    they had columns of their own (a working folder's copy, perhaps edited in Excel) has
    only 事業名 and fused item names: they are split the way the importer splits them, so an
    upgrade in the middle of a round needs no re-import."""

    name_header: str
    split_columns: bool
    subgroup_column: bool

    @classmethod
    def of(cls, s: _Sheet) -> _ProjectColumns:
        split = all(s.has(col(h)) for h in
                    ("project_major", "project_minor", "project_activity", "project_name"))
        if split:
            return cls(col("project_name"), True, s.has(col("subgroup")))
        older = msg("plan_col_project_name_before_split")
        if not s.has(older):
            raise UserError(msg("plan_master_no_header", path=s.path, sheet=s.name,
                                header=col("project_name")))
        return cls(older, False, s.has(col("subgroup")))

    def category(self, s: _Sheet, row: int, values: tuple) -> Category:
        group, name = s.value(row, values, col("group")), s.value(row, values, col("category_name"))
        subgroup: str | None = s.value(row, values, col("subgroup")) or None
        if not self.subgroup_column:
            subgroup, name = split_subgroup(group, name)
        return Category(group=group, no=s.value(row, values, col("no")), name=name,
                        subgroup=subgroup)

    def project(self, s: _Sheet, row: int, values: tuple) -> dict[str, Any]:
        name = s.required(row, values, self.name_header)
        if not self.split_columns:
            parts = split_project(name)
            return {"project_name": name, "project_major": parts.major,
                    "project_minor": parts.minor, "project_activity": parts.activity}
        return {"project_name": name,
                "project_major": s.value(row, values, col("project_major")) or None,
                "project_minor": _split_lines(s.value(row, values, col("project_minor"))),
                "project_activity": _split_lines(s.value(row, values, col("project_activity")))}


# ------------------------------------------------------------------ a round's master
def load_plan(folder: WorkFolder) -> Plan:
    """The master plan this folder's settings point at (edits made in Excel included)."""
    return load_master(master_file(folder))


def division_names(folder: WorkFolder) -> dict[str, tuple[str, str]]:
    """Division code -> (department name, division name), from the master's 担当課 sheet only
    (the status board needs no more: at 1,000 divisions the whole plan takes seconds)."""
    divisions, departments = load_divisions(master_file(folder))
    depts = {d.code: d.name for d in departments}
    return {d.code: (depts.get(d.department_code, ""), d.name) for d in divisions}


def division_addresses(folder: WorkFolder) -> dict[str, str]:
    """Division code -> mail address typed in this folder's master (担当課!メールアドレス)."""
    return load_addresses(master_file(folder))
