"""The KPI一覧 sheet: one row per KPI (and per part `小`/`中` plus a 総合 row), every KPI of
the plan, with the achievement rate as a formula over the same row and Python's value beside it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dxreport.consolidate.colours import kpi_legend, rating_formats
from dxreport.consolidate.inputs import ConsolidationInput, KpiActual, Trace
from dxreport.consolidate.summary import StatusSummary
from dxreport.consolidate.trace_link import trace_link
from dxreport.messages import msg
from dxreport.rules.achievement import (
    FULL_RATE,
    RATE_NUMBER_FORMAT,
    THRESHOLD_METHODS,
    Achievement,
    Method,
    displayed_rate_formula,
)
from dxreport.rules.achievement import rate_formula as rate_expression
from dxreport.rules.plan_model import Direction, Kpi, Plan
from dxreport.rules.rating import NOT_SUBMITTED, RatingSettings
from dxreport.xlsx.sheet_table import (
    BY_VALUE,
    DATE_FORMAT,
    Column,
    Formula,
    finish_sheet,
    write_table,
)

# Column letters the formulas refer to; must match COLUMNS below.
COL_BASELINE, COL_TARGET, COL_ACTUAL, COL_RATE = "F", "G", "H", "I"
RATE_COL_INDEX = 8  # 0-based index of 達成率
RATING_COL_INDEX = 9  # 0-based index of 評価
RATING_PY_COL_INDEX = 19  # 0-based index of 評価(計算値)


def columns(year: str) -> list[Column]:
    """KPI一覧's columns: the printed ones first (up to 担当課); after them, for the screen,
    Python's own rate and rating (the cross-check of the formulas) and the trace."""
    return [
        Column(msg("cons_h_kpi_id"), 9),
        Column(msg("cons_h_part"), 6),
        Column(msg("cons_h_kpi_name"), 24, wrap=True),
        Column(msg("cons_h_unit"), 6, wrap=True),
        Column(msg("cons_h_direction"), 10, wrap=True),
        Column(msg("cons_h_baseline"), 11, BY_VALUE),
        Column(msg("cons_h_target", year=year), 11, BY_VALUE),
        Column(msg("cons_h_actual"), 11, BY_VALUE),
        Column(msg("cons_h_rate"), 9, RATE_NUMBER_FORMAT),
        Column(msg("cons_h_rating"), 8, wrap=True),
        Column(msg("cons_h_method"), 14, wrap=True),
        # what the clerk typed (the evidence), then the tool's own note, kept apart
        Column(msg("cons_h_raw"), 12, wrap=True),
        Column(msg("cons_h_as_of"), 11, DATE_FORMAT),
        Column(msg("cons_h_reported_source"), 15, wrap=True),
        Column(msg("cons_h_reported_note"), 20, wrap=True),
        Column(msg("cons_h_note"), 14, wrap=True),
        Column(msg("cons_h_department"), 12, wrap=True),
        Column(msg("cons_h_division"), 14, wrap=True),
        # for the screen: the cross-check and the trace
        Column(msg("cons_h_rate_py"), 10, RATE_NUMBER_FORMAT),
        Column(msg("cons_h_rating_py"), 14),
        Column(msg("cons_h_file_name"), 28, link=True),  # one click to the returned cell
        Column(msg("cons_h_sha_short"), 14),
        Column(msg("cons_h_cell_ref"), 12),
        Column(msg("cons_h_received_at"), 18),
        # numbers above are numbers or blank; why a number is blank is said here
        Column(msg("cons_h_kpi_state"), 12),
    ]


PRINTED_COLUMNS = 18  # KPI ID .. 担当課


def direction_text(kpi: Kpi, year: str) -> str:
    target = kpi.targets.get(year)
    comparator = target.comparator if target is not None else None
    if comparator == "以下":
        return msg("cons_dir_at_most")
    if comparator == "以上" or kpi.direction is Direction.THRESHOLD:
        return msg("cons_dir_at_least")
    return msg("cons_dir_lower" if kpi.direction is Direction.LOWER else "cons_dir_higher")


METHOD_KEYS = {
    Method.PROGRESS: "cons_method_progress",
    Method.RATIO: "cons_method_ratio",
    Method.INVERSE: "cons_method_inverse",
    Method.AT_LEAST: "cons_method_at_least",
    Method.AT_MOST: "cons_method_at_most",
    Method.WORST_PART: "cons_method_worst_part",
}


def rate_formula(method: Method, row: int) -> Formula:
    """The Excel formula of a rate: the exact arithmetic of `achievement.compute_rate`."""
    return Formula(
        "=" + rate_expression(method, f"{COL_BASELINE}{row}", f"{COL_TARGET}{row}",
                              f"{COL_ACTUAL}{row}")
    )


def _fraction(percent: Decimal) -> str:
    return format((percent / 100).normalize(), "f")


def rating_formula(method: Method, row: int, settings: RatingSettings) -> Formula:
    """The rating as nested IFs on the displayed rate, the rule of `RatingSettings.band_for`.

    A threshold KPI takes the top band when it is not behind target (displayed rate ≥ 100%),
    the rule of `achievement.is_behind_target`; the formula is only written where a rate exists.
    """
    rate = displayed_rate_formula(f"{COL_RATE}{row}")
    bands = settings.bands
    expr = _quote(bands[-1].label)
    for band in reversed(bands[1:-1]):
        assert band.min_percent is not None
        expr = f"IF({rate}>={_fraction(band.min_percent)},{_quote(band.label)},{expr})"
    top = bands[0]
    if method in THRESHOLD_METHODS:
        cond = f"{rate}>={FULL_RATE}"
    else:
        assert top.min_percent is not None
        cond = f"{rate}>={_fraction(top.min_percent)}"
    return Formula(f"=IF({cond},{_quote(top.label)},{expr})")


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _state(ach: Achievement) -> str:
    """The 状態 of a row (the numeric columns hold numbers or blanks, so a pivot sums them):
    why there is no rate (未提出, 評価対象外), else 評価済み."""
    return ach.rating_label if ach.rate is None else msg("cons_state_rated")


def kpi_rows(
    inp: ConsolidationInput, summary: StatusSummary, settings: RatingSettings, first_data_row: int
) -> tuple[list[list[Any]], set[int]]:
    """Rows of the KPI一覧 and the indexes of rows to highlight (未提出)."""
    plan: Plan = inp.plan
    actuals: dict[tuple[str, str | None], KpiActual] = {
        (a.kpi_id, a.part): a for a in inp.kpi_actuals
    }
    rows: list[list[Any]] = []
    alerts: set[int] = set()
    for kpi in plan.kpis:
        ev = summary.evaluations[kpi.id]
        division = plan.division(kpi.division_code)
        department = plan.department(division.department_code)
        owner = [department.name, division.name]
        entries: list[tuple[str, Achievement, KpiActual | None]]
        if ev.parts:
            entries = [(p.part or "", p, actuals.get((kpi.id, p.part))) for p in ev.parts]
        else:
            entries = [(msg("cons_part_whole"), ev.overall, actuals.get((kpi.id, None)))]
        part_rows: list[int] = []
        for label, ach, actual in entries:
            row = first_data_row + len(rows)
            rows.append(_row(inp, kpi, label, ach, actual, row, settings, owner))
            if ach.rating_code == NOT_SUBMITTED:
                alerts.add(len(rows) - 1)
            if ach.rate is not None:
                part_rows.append(row)
        if ev.parts:
            row = first_data_row + len(rows)
            overall = ev.overall
            rate_cell: Any = (
                Formula("=MIN(" + ",".join(f"{COL_RATE}{r}" for r in part_rows) + ")")
                if overall.rate is not None and part_rows
                else None
            )
            rows.append(
                [
                    kpi.id,
                    msg("cons_part_overall", parts="・".join(kpi.part_labels)),
                    kpi.name,
                    kpi.unit or "",
                    direction_text(kpi, inp.fiscal_year),
                    None,
                    None,
                    None,
                    rate_cell,
                    overall.rating_label,
                    msg(METHOD_KEYS[Method.WORST_PART]),
                    *_evidence(None),
                    overall.note or "",
                    *owner,
                    _rate_value(overall),
                    overall.rating_label,
                    *_trace_cells(None),
                    _state(overall),
                ]
            )
            if overall.rating_code == NOT_SUBMITTED:
                alerts.add(len(rows) - 1)
    return rows, alerts


def _rate_value(ach: Achievement) -> Any:
    return float(ach.rate_display) if ach.rate_display is not None else None


def _row(
    inp: ConsolidationInput,
    kpi: Kpi,
    label: str,
    ach: Achievement,
    actual: KpiActual | None,
    row: int,
    settings: RatingSettings,
    owner: list[str],
) -> list[Any]:
    if ach.rate is not None and ach.method is not None:
        rate_cell: Any = rate_formula(ach.method, row)
        rating_cell: Any = rating_formula(ach.method, row, settings)
    else:
        rate_cell = None
        rating_cell = ach.rating_label
    trace = actual.trace if actual is not None else None
    return [
        kpi.id,
        label,
        kpi.name,
        kpi.unit or "",
        direction_text(kpi, inp.fiscal_year),
        ach.baseline,
        ach.target,
        ach.actual,
        rate_cell,
        rating_cell,
        msg(METHOD_KEYS[ach.method]) if ach.method is not None else msg("cons_no_value"),
        *_evidence(actual),
        ach.note or "",
        *owner,
        _rate_value(ach),
        ach.rating_label,
        *_trace_cells(trace),
        _state(ach),
    ]


def _evidence(actual: KpiActual | None) -> list[Any]:
    """What the clerk typed beside the value: the cell's own text when it was converted,
    基準日, 出典 and 備考 (blank where nothing was typed)."""
    if actual is None:
        return ["", None, "", ""]
    return [actual.raw or "", actual.as_of, actual.source or "", actual.note or ""]


def _trace_cells(trace: Trace | None) -> list[Any]:
    if trace is None:
        return [msg("cons_no_value")] * 4
    return [trace_link(trace), trace.sha256[:12], f"{trace.sheet}!{trace.cell}",
            trace.received_at]


def write_kpi_sheet(
    ws: Worksheet, inp: ConsolidationInput, summary: StatusSummary, settings: RatingSettings
) -> None:
    cols = columns(inp.fiscal_year)
    # row 1: the legend of the colours; row 2: the header
    rows, alerts = kpi_rows(inp, summary, settings, first_data_row=3)
    header, last = write_table(
        ws, cols, rows, alert_rows=alerts, formula_cols={RATE_COL_INDEX, RATING_COL_INDEX},
        lazy=True, first_row=2, legend=kpi_legend(settings),
    )
    if last > header:
        for index in (RATING_COL_INDEX, RATING_PY_COL_INDEX):
            letter = get_column_letter(index + 1)
            rating_formats(ws, f"{letter}{header + 1}:{letter}{last}", settings)
    finish_sheet(ws, header_row=header, last_row=last, n_cols=len(cols), freeze_cols=3,
                 print_cols=PRINTED_COLUMNS)
