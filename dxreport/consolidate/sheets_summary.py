"""The summary sheets: 概要 (totals with charts), 部局別 and 分野別 (counts with a chart)."""

from __future__ import annotations

from copy import copy
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from dxreport.consolidate.colours import (
    colour_points,
    colour_series,
    rating_colour,
    status_colour,
)
from dxreport.consolidate.inputs import ConsolidationInput
from dxreport.consolidate.summary import StatusSummary, Tally, status_order
from dxreport.messages import msg
from dxreport.rules.rating import RatingSettings
from dxreport.xlsx import palette
from dxreport.xlsx.print_layout import fit_a4
from dxreport.xlsx.sheet_table import (
    FONT_NAME,
    FONT_TITLE,
    Column,
    finish_sheet,
    put,
    write_table,
)

CHART_WIDTH_CM = 16
CHART_HEIGHT_CM = 7.5


def _bar_chart(title: str, *, horizontal: bool = False, stacked: bool = False) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.width = CHART_WIDTH_CM
    chart.height = CHART_HEIGHT_CM
    chart.legend = None if not stacked else chart.legend
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    chart.y_axis.majorGridlines = None
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    return chart


def write_overview(
    ws: Worksheet, inp: ConsolidationInput, summary: StatusSummary, settings: RatingSettings
) -> None:
    plan = inp.plan
    put(
        ws,
        1,
        1,
        msg("cons_title", plan=plan.title, year=inp.fiscal_year, round=inp.round_name),
        font=FONT_TITLE,
    )
    not_answered = summary.expected - summary.received
    facts: list[list[Any]] = [
        [msg("cons_ov_plan"), plan.title],
        [msg("cons_ov_year"), inp.fiscal_year],
        [msg("cons_ov_round"), inp.round_name],
        [msg("cons_ov_consolidated_at"), inp.consolidated_at],
        [msg("cons_ov_operation"), inp.operation.operation_id],
        [msg("cons_ov_log"), inp.operation.log_file],
        [msg("cons_ov_expected"), summary.expected],
        [msg("cons_ov_received"), summary.received],
        [msg("cons_ov_not_answered"), not_answered],
        [msg("cons_ov_kpis"), len(plan.kpis)],
        [msg("cons_ov_initiatives"), len(plan.initiatives)],
        [
            msg("cons_ov_previous"),
            inp.previous.file_name if inp.previous is not None else msg("cons_ov_first"),
        ],
    ]
    cols = [Column(msg("cons_ov_item"), 26), Column(msg("cons_ov_value"), 44, wrap=True)]
    _, last = write_table(ws, cols, facts, first_row=3, alert_rows={8} if not_answered else None)

    # Ratings table (columns A-B) and statuses table (columns D-E), side by side.
    r0 = last + 2
    rating_rows = [
        [settings.label(c), summary.rating_counts.get(c, 0)] for c in settings.all_codes()
    ]
    _, r_last = write_table(
        ws,
        [Column(msg("cons_ov_rating"), 26), Column(msg("cons_ov_count"), 44)],
        rating_rows,
        first_row=r0,
    )
    status_rows = [[s, summary.status_counts.get(s, 0)]
                   for s in status_order(summary.status_counts)]
    for c, col in enumerate(
        [Column(msg("cons_ov_status"), 16), Column(msg("cons_ov_count"), 10)], start=4
    ):
        ws.column_dimensions[chr(64 + c)].width = col.width
    s_cols = [Column(msg("cons_ov_status"), 16), Column(msg("cons_ov_count"), 10)]
    # write_table always starts at column A; place the status table by shifting values.
    _write_at(ws, r0, 4, s_cols, status_rows)

    codes = settings.all_codes()
    for r, code in enumerate(codes, start=r0 + 1):  # each rating's label in its colour
        cell = ws.cell(row=r, column=1)
        cell._style = copy(cell._style)  # its own: write_table cells share their style
        cell.fill = palette.fill(rating_colour(settings, code))
    chart = _bar_chart(msg("cons_chart_ratings"))
    chart.add_data(Reference(ws, min_col=2, min_row=r0, max_row=r_last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=r0 + 1, max_row=r_last))
    colour_points(chart, [rating_colour(settings, c) for c in codes])
    ws.add_chart(chart, f"A{max(r_last, r0 + len(status_rows)) + 2}")
    chart2 = _bar_chart(msg("cons_chart_statuses"))
    chart2.add_data(
        Reference(ws, min_col=5, min_row=r0, max_row=r0 + len(status_rows)), titles_from_data=True
    )
    chart2.set_categories(Reference(ws, min_col=4, min_row=r0 + 1, max_row=r0 + len(status_rows)))
    statuses = status_order(summary.status_counts)
    colour_points(chart2, [status_colour(s) for s in statuses])
    for r, status in enumerate(statuses, start=r0 + 1):
        ws.cell(row=r, column=4).fill = palette.fill(status_colour(status))
    ws.add_chart(chart2, f"D{max(r_last, r0 + len(status_rows)) + 2}")
    finish_sheet(ws, header_row=None, last_row=r_last, n_cols=5)
    fit_a4(ws, pages_tall=1)  # the overview and its charts print on one page


def _write_at(
    ws: Worksheet, first_row: int, first_col: int, cols: list[Column], rows: list[list[Any]]
) -> None:
    from dxreport.xlsx.sheet_table import BORDER, FILL_HEADER, FONT_HEADER, TOP

    for c, col in enumerate(cols):
        cell = put(ws, first_row, first_col + c, col.header, font=FONT_HEADER)
        cell.fill = FILL_HEADER
        cell.border = BORDER
    for r, values in enumerate(rows, start=1):
        for c, v in enumerate(values):
            cell = put(ws, first_row + r, first_col + c, v)
            cell.border = BORDER
            cell.alignment = TOP


def _count_columns(settings: RatingSettings, summary: StatusSummary
                   ) -> tuple[list[Column], list[str], list[str]]:
    codes = settings.all_codes()
    statuses = status_order(summary.status_counts)
    cols = [Column(msg("cons_h_kpi_count"), 8)]
    cols += [Column(settings.label(c), 11) for c in codes]
    cols += [Column(msg("cons_h_initiative_count"), 8)]
    cols += [Column(s, 9) for s in statuses]
    return cols, codes, statuses


def _counts(t: Tally, codes: list[str], statuses: list[str]) -> list[Any]:
    return [
        t.kpis,
        *(t.ratings.get(c, 0) for c in codes),
        t.initiatives,
        *(t.statuses.get(s, 0) for s in statuses),
    ]


def _rating_chart(
    ws: Worksheet,
    title: str,
    header: int,
    last: int,
    n_keys: int,
    settings: RatingSettings,
    codes: list[str],
    label_col: int,
    anchor: str,
) -> None:
    n_codes = len(codes)
    if last <= header:
        return
    chart = _bar_chart(title, horizontal=True, stacked=True)
    first_code_col = n_keys + 2  # after the key columns and KPI数
    data = Reference(
        ws,
        min_col=first_code_col,
        max_col=first_code_col + n_codes - 1,
        min_row=header,
        max_row=last,
    )
    chart.add_data(data, titles_from_data=True)
    colour_series(chart, settings, codes)
    chart.set_categories(Reference(ws, min_col=label_col, min_row=header + 1, max_row=last))
    chart.height = max(CHART_HEIGHT_CM, 0.6 * (last - header) + 3)
    chart.width = 22
    chart.x_axis.scaling.orientation = "maxMin"  # first row at the top, as in the table
    ws.add_chart(chart, anchor)


def write_by_department(
    ws: Worksheet, inp: ConsolidationInput, summary: StatusSummary, settings: RatingSettings
) -> None:
    plan = inp.plan
    count_cols, codes, statuses = _count_columns(settings, summary)
    cols = [
        Column(msg("cons_h_department"), 18),
        *count_cols,
        Column(msg("cons_h_divisions_expected"), 9),
        Column(msg("cons_h_divisions_received"), 9),
    ]
    received = {s.division_code for s in inp.submissions}  # every division 提出状況 says 提出済
    rows: list[list[Any]] = []
    for dept in plan.departments:
        tally = summary.by_department[dept.code]
        expected = [
            c for c in inp.expected_division_codes if plan.division(c).department_code == dept.code
        ]
        if not tally.kpis and not tally.initiatives and not expected:
            continue
        rows.append(
            [
                dept.name,
                *_counts(tally, codes, statuses),
                len(expected),
                sum(1 for c in expected if c in received),
            ]
        )
    header, last = write_table(ws, cols, rows)
    finish_sheet(ws, header_row=header, last_row=last, n_cols=len(cols), freeze_cols=1)
    _rating_chart(ws, msg("cons_chart_dept"), header, last, 1, settings, codes, 1,
                  f"A{last + 3}")


def write_by_category(
    ws: Worksheet, inp: ConsolidationInput, summary: StatusSummary, settings: RatingSettings
) -> None:
    count_cols, codes, statuses = _count_columns(settings, summary)
    cols = [
        Column(msg("cons_h_group"), 22, wrap=True),
        Column(msg("cons_h_no"), 7),
        Column(msg("cons_h_cat_name"), 30, wrap=True),
        *count_cols,
    ]
    rows = [
        [group, no, name, *_counts(tally, codes, statuses)]
        for (group, no, name), tally in summary.by_category.items()
    ]
    header, last = write_table(ws, cols, rows)
    finish_sheet(ws, header_row=header, last_row=last, n_cols=len(cols), freeze_cols=3)
    _rating_chart(ws, msg("cons_chart_cat"), header, last, 3, settings, codes, 3,
                  f"A{last + 3}")


__all__ = ["FONT_NAME", "write_by_category", "write_by_department", "write_overview"]
