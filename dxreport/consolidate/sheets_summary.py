"""The summary sheets: 概要 (totals with charts), 部局別 and 分野別 (counts with a chart)."""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dxreport.consolidate.changes import Change, ChangeKind, count_by_kind
from dxreport.consolidate.colours import (
    colour_series,
    rating_colour,
    shape,
    status_colour,
)
from dxreport.consolidate.inputs import ConsolidationInput
from dxreport.consolidate.summary import StatusSummary, Tally, category_key, status_order
from dxreport.messages import msg
from dxreport.rules.achievement import RATE_NUMBER_FORMAT
from dxreport.rules.deadline import days_left
from dxreport.rules.fiscal_year import reiwa_date, reiwa_datetime
from dxreport.rules.plan_model import Plan
from dxreport.rules.rating import RatingSettings
from dxreport.rules.statuses import STATUSES, STATUSES_NEEDING_COMMENT
from dxreport.rules.verdicts import Verdict
from dxreport.xlsx import palette
from dxreport.xlsx.print_layout import fit_a4
from dxreport.xlsx.sheet_table import (
    BORDER,
    FILL_HEADER,
    FONT_BOLD,
    FONT_HEADER,
    FONT_NAME,
    FONT_TITLE,
    HEADER_ALIGN,
    TOP,
    WRAP,
    Column,
    finish_sheet,
    list_object,
    put,
    row_height,
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


# 概要, landscape: on the left the facts and the two shares (tables A–C, charts below them),
# on the right (from column E) the named lists. Each block's tables share its widths.
LEFT_WIDTHS = (24.0, 22.0, 9.0)
GAP_WIDTH = 2.0
RIGHT_COL = 5
RIGHT_WIDTHS = (12.0, 42.0, 16.0, 13.0)
SHARE_FORMAT = "0.0%"
MAX_LISTED = 12  # rows of a named list on 概要; the rest are counted and pointed to
SHARE_CHART_HEIGHT_CM = 2.6
CHART_ROWS = 6  # rows a share chart covers, with air


def _cols(widths: Sequence[float], *headers: str, formats: dict[int, str] | None = None
          ) -> list[Column]:
    formats = formats or {}
    # only a name wraps (the second column); codes, counts and labels stay on one line
    return [Column(h, widths[i], formats.get(i), wrap=i == 1) for i, h in enumerate(headers)]


def _share_rows(counts: Sequence[tuple[str, int]], others: Sequence[tuple[str, int]],
                total_label: str) -> list[list[Any]]:
    """[label, count, share] of the counted buckets, a subtotal (100%), then the buckets
    counted beside them (no share: they are not among the counted)."""
    total = sum(n for _, n in counts)
    rows: list[list[Any]] = [[label, n, n / total if total else None] for label, n in counts]
    rows.append([total_label, total, 1.0 if total else None])
    rows += [[label, n, None] for label, n in others]
    return rows


def _share_chart(ws: Worksheet, first_row: int, n: int, colours: list[str], anchor: str
                 ) -> None:
    """One 100% stacked bar under its table: the share of each of the `n` buckets from
    `first_row` (the table's header says what is counted)."""
    chart = _bar_chart("", horizontal=True, stacked=True)
    chart.title = None
    chart.grouping = "percentStacked"
    chart.add_data(Reference(ws, min_col=1, max_col=2, min_row=first_row,
                             max_row=first_row + n - 1), from_rows=True, titles_from_data=True)
    for series, colour in zip(chart.series, colours, strict=True):
        series.graphicalProperties = shape(colour)
    chart.height = SHARE_CHART_HEIGHT_CM
    chart.width = sum(LEFT_WIDTHS) * 0.19  # cm: the width of the table above
    chart.legend.position = "b"
    chart.x_axis.delete = True  # one bar: no category label
    chart.y_axis.number_format = "0%"
    ws.add_chart(chart, anchor)


def _table_at(ws: Worksheet, row: int, col: int, cols: list[Column], rows: list[list[Any]]
              ) -> int:
    """A table from (row, col), styled as `write_table`'s; returns its last row."""
    for c, column in enumerate(cols):
        letter = get_column_letter(col + c)
        ws.column_dimensions[letter].width = column.width
        cell = put(ws, row, col + c, column.header, font=FONT_HEADER)
        cell.fill, cell.border, cell.alignment = FILL_HEADER, BORDER, HEADER_ALIGN
    for r, values in enumerate(rows, start=row + 1):
        for c, (column, value) in enumerate(zip(cols, values, strict=True)):
            cell = put(ws, r, col + c, value)
            cell.border, cell.alignment = BORDER, WRAP if column.wrap else TOP
            if column.number_format and not isinstance(value, str):
                cell.number_format = column.number_format
        _raise_height(ws, r, row_height(cols, values))
    _raise_height(ws, row, 30)
    return row + len(rows)


def _raise_height(ws: Worksheet, row: int, height: float) -> None:
    current = ws.row_dimensions[row].height
    if current is None or current < height:
        ws.row_dimensions[row].height = height


def _named_list(ws: Worksheet, row: int, title: str, cols: list[Column],
                rows: list[list[Any]], sheet_key: str) -> int:
    """A titled list in the right block, at most MAX_LISTED rows (the rest counted, with the
    sheet that holds them); returns the next free row."""
    put(ws, row, RIGHT_COL, title, font=FONT_BOLD)
    if not rows:
        put(ws, row + 1, RIGHT_COL, msg("cons_ov_list_none"))
        return row + 3
    shown = rows[:MAX_LISTED]
    last = _table_at(ws, row + 1, RIGHT_COL, cols, shown)
    if len(rows) > len(shown):
        last += 1
        put(ws, last, RIGHT_COL, msg("cons_ov_list_more", n=len(rows) - len(shown),
                                     sheet=msg(sheet_key)))
    return last + 2


def _divisions_behind(inp: ConsolidationInput) -> list[list[Any]]:
    """Divisions without an accepted answer: 未回答 (nothing came back) and those whose
    latest return stands 差し戻し / 受付不可 (`round.counting`'s standing), in plan order,
    with the days to (or past) the deadline."""
    plan = inp.plan
    standing = {s.division_code: s for s in inp.submissions}
    waiting = {Verdict.RETURNED.label, Verdict.REJECTED.label}
    today = inp.consolidated_at.date()
    due = days_left(inp.deadline, today) if inp.deadline is not None else ""
    out = []
    for code in inp.expected_division_codes:
        sub = standing.get(code)
        if sub is None:
            label = Verdict.UNANSWERED.label
        elif sub.verdict in waiting:
            label = sub.verdict
        else:
            continue
        division = plan.division(code)
        out.append([plan.department(division.department_code).name, division.name, label, due])
    return out


def _worst_kpis(inp: ConsolidationInput, summary: StatusSummary, settings: RatingSettings
                ) -> list[list[Any]]:
    worst = settings.bands[-1].code
    out = []
    for kpi in inp.plan.kpis:
        ev = summary.evaluations[kpi.id]
        if ev.overall.rating_code != worst:
            continue
        rate = ev.overall.rate_display
        out.append([kpi.id, kpi.name, inp.plan.division(kpi.division_code).name,
                    float(rate) if rate is not None else None])
    return out


def _initiatives_behind(inp: ConsolidationInput) -> list[list[Any]]:
    reports = {r.initiative_id: r for r in inp.initiative_reports}
    out = []
    for ini in inp.plan.initiatives:
        report = reports.get(ini.id)
        status = report.status if report is not None else None
        if status in STATUSES_NEEDING_COMMENT:
            out.append([ini.id, ini.project_name, inp.plan.division(ini.division_code).name,
                        status])
    return out


def write_overview(
    ws: Worksheet, inp: ConsolidationInput, summary: StatusSummary, settings: RatingSettings,
    changes: list[Change] | None = None,
) -> None:
    """概要 for an executive, on one A4 page: how the KPIs stand (the share of each rating among
    the rated, 未提出 and 評価対象外 counted beside), how the initiatives stand, and by name who
    has not answered, which KPIs are rated worst and which initiatives are behind."""
    plan = inp.plan
    put(ws, 1, 1, msg("cons_title", plan=plan.title, year=inp.fiscal_year, round=inp.round_name),
        font=FONT_TITLE)
    not_answered = summary.expected - summary.received
    deadline = (
        f"{reiwa_date(inp.deadline)}（{days_left(inp.deadline, inp.consolidated_at.date())}）"
        if inp.deadline is not None else msg("cons_no_value"))
    # (plan, year and round are in the title above)
    facts: list[list[Any]] = [
        # 令和, as the page headers and the survey write dates (an executive reads, not sorts)
        [msg("cons_ov_consolidated_at"), reiwa_datetime(inp.consolidated_at)],
        [msg("cons_ov_deadline"), deadline],
        [msg("cons_ov_expected"), summary.expected],
        [msg("cons_ov_received"), summary.received],
        [msg("cons_ov_not_answered"), not_answered],
        [msg("cons_ov_kpis"), len(plan.kpis)],
        [msg("cons_ov_same"), _same_line(plan)],
        [msg("cons_ov_initiatives"), len(plan.initiatives)],
        [msg("cons_ov_previous"), _previous_line(inp)],
        [msg("cons_ov_changes"), _changes_line(changes)],
    ]
    _, last = write_table(ws, _cols(LEFT_WIDTHS, msg("cons_ov_item"), msg("cons_ov_value")),
                          facts, first_row=3, alert_rows={4} if not_answered else None)
    ws.column_dimensions[get_column_letter(len(LEFT_WIDTHS))].width = LEFT_WIDTHS[-1]
    ws.column_dimensions[get_column_letter(RIGHT_COL - 1)].width = GAP_WIDTH

    # KPIs: A–D among the rated (100%), 未提出 and 評価対象外 as counts beside
    bands = settings.bands
    band_codes = [b.code for b in bands]
    others = [c for c in settings.all_codes() if c not in band_codes]
    r0 = last + 2
    rating_rows = _share_rows(
        [(b.label, summary.rating_counts.get(b.code, 0)) for b in bands],
        [(settings.label(c), summary.rating_counts.get(c, 0)) for c in others],
        msg("cons_ov_rated"))
    share_formats = {2: SHARE_FORMAT}
    _, r_last = write_table(ws, _cols(LEFT_WIDTHS, msg("cons_ov_rating_kpi"),
                                      msg("cons_ov_count"), msg("cons_ov_share"),
                                      formats=share_formats), rating_rows, first_row=r0)
    for r, code in enumerate(band_codes, start=r0 + 1):  # each rating's label in its colour
        _colour(ws, r, rating_colour(settings, code))
    for r, code in enumerate(others, start=r0 + len(bands) + 2):
        _colour(ws, r, rating_colour(settings, code))
    _share_chart(ws, r0 + 1, len(bands), [rating_colour(settings, c) for c in band_codes],
                 f"A{r_last + 1}")

    # Initiatives: each 進捗状況 among the reported, standings and 未回答 beside
    s0 = r_last + 1 + CHART_ROWS
    counted: list[tuple[str, int]] = [(s, summary.status_counts.get(s, 0)) for s in STATUSES]
    beside = [(s, summary.status_counts.get(s, 0)) for s in status_order(summary.status_counts)
              if s not in STATUSES]
    _, s_last = write_table(
        ws, _cols(LEFT_WIDTHS, msg("cons_ov_status_ini"), msg("cons_ov_count"),
                  msg("cons_ov_share"), formats=share_formats),
        _share_rows(counted, beside, msg("cons_ov_reported")), first_row=s0)
    for r, (label, _n) in enumerate(counted, start=s0 + 1):
        _colour(ws, r, status_colour(label))
    for r, (label, _n) in enumerate(beside, start=s0 + len(counted) + 2):
        _colour(ws, r, status_colour(label))
    _share_chart(ws, s0 + 1, len(counted), [status_colour(s) for s in STATUSES],
                 f"A{s_last + 1}")

    # By name, on the right: who has no accepted answer, the worst-rated KPIs, the initiatives
    # behind
    row = 3
    divisions = _divisions_behind(inp)
    row = _named_list(ws, row, msg("cons_ov_list_divisions", n=len(divisions)), _cols(
        RIGHT_WIDTHS, msg("cons_h_department"), msg("cons_h_division"), msg("cons_ov_standing"),
        msg("cons_ov_deadline_days")), divisions, "cons_sheet_submissions")
    worst = _worst_kpis(inp, summary, settings)
    row = _named_list(ws, row, msg("cons_ov_list_kpis", rating=bands[-1].label, n=len(worst)),
                      _cols(RIGHT_WIDTHS, msg("cons_h_kpi_id"), msg("cons_h_kpi_name"),
                            msg("cons_h_division"), msg("cons_h_rate"),
                            formats={3: RATE_NUMBER_FORMAT}),
                      worst, "cons_sheet_kpis")
    behind = _initiatives_behind(inp)
    row = _named_list(ws, row, msg("cons_ov_list_initiatives", n=len(behind)), _cols(
        RIGHT_WIDTHS, msg("cons_h_initiative_id"), msg("cons_h_project"), msg("cons_h_division"),
        msg("cons_h_status")), behind, "cons_sheet_initiatives")
    last_row = max(row, s_last + CHART_ROWS)
    finish_sheet(ws, header_row=None, last_row=last_row,
                 n_cols=RIGHT_COL + len(RIGHT_WIDTHS) - 1)
    # one page: A3 landscape, the sheet Japanese offices hand round as a one-page summary
    # (on A4 the lists would print below 7 pt)
    fit_a4(ws, pages_tall=1)
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.print_area = f"A1:{get_column_letter(RIGHT_COL + len(RIGHT_WIDTHS) - 1)}{last_row}"


def _same_line(plan: Plan) -> str:
    """How KPIs listed in both parts of the plan are counted (`Plan.answered_as`)."""
    pairs = [f"{first.id}={kpi.id}" for kpi in plan.kpis
             if (first := plan.answered_as(kpi)) is not None]
    if not pairs:
        return msg("cons_ov_same_none")
    return msg("cons_ov_same_text", n=len(pairs), pairs="、".join(pairs))


def _previous_line(inp: ConsolidationInput) -> str:
    """The workbook 前回比較 compares with, and its round when it is an earlier round's."""
    prev = inp.previous
    if prev is None:
        return msg("cons_ov_first")
    if prev.earlier_round is None:
        return prev.file_name
    return msg("cons_ov_previous_round", file=prev.file_name, round=prev.earlier_round)


def _changes_line(changes: list[Change] | None) -> str:
    """The counts of 前回比較's entries by kind, on one line (— at the first consolidation)."""
    if changes is None:
        return msg("cons_no_value")
    n = count_by_kind(changes)
    return msg("cons_ov_changes_text", changed=n[ChangeKind.CHANGED], new=n[ChangeKind.NEW],
               gone=n[ChangeKind.GONE], missing=n[ChangeKind.MISSING])


def _colour(ws: Worksheet, row: int, colour: str) -> None:
    cell = ws.cell(row=row, column=1)
    cell._style = copy(cell._style)  # its own: write_table cells share their style
    cell.fill = palette.fill(colour)


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
) -> int:
    """A 100% bar per row from `header`+1 to `last`: each row's KPIs by rating (未提出 grey),
    so the rows behind stand out whatever their size. Returns the rows the chart covers."""
    n_codes = len(codes)
    if last <= header:
        return 0
    chart = _bar_chart(title, horizontal=True, stacked=True)
    chart.grouping = "percentStacked"
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
    chart.y_axis.number_format = "0%"
    ws.add_chart(chart, anchor)
    return int(chart.height / 0.5) + 2


def _total_row(label_cells: list[Any], tallies: Sequence[Tally], codes: list[str],
               statuses: list[str]) -> list[Any]:
    """A 合計/小計 row: the sum of the tallies' counts (the counting rule stays in
    `summary`)."""
    total = Tally()
    for t in tallies:
        total.ratings.update(t.ratings)
        total.statuses.update(t.statuses)
    return [*label_cells, *_counts(total, codes, statuses)]


def _bold_rows(ws: Worksheet, rows: Sequence[int], n_cols: int) -> None:
    for r in rows:
        for c in range(1, n_cols + 1):
            cell = ws.cell(row=r, column=c)
            cell._style = copy(cell._style)  # its own: write_table cells share their style
            cell.font = FONT_BOLD


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
    tallies: list[Tally] = []
    for dept in plan.departments:
        tally = summary.by_department[dept.code]
        expected = [
            c for c in inp.expected_division_codes if plan.division(c).department_code == dept.code
        ]
        if not tally.kpis and not tally.initiatives and not expected:
            continue
        tallies.append(tally)
        rows.append(
            [
                dept.name,
                *_counts(tally, codes, statuses),
                len(expected),
                sum(1 for c in expected if c in received),
            ]
        )
    rows.append([*_total_row([msg("cons_total")], tallies, codes, statuses),
                 sum(r[-2] for r in rows), sum(r[-1] for r in rows)])
    header, last = write_table(ws, cols, rows)
    _bold_rows(ws, [last], len(cols))
    finish_sheet(ws, header_row=header, last_row=last, n_cols=len(cols), freeze_cols=1)
    _rating_chart(ws, msg("cons_chart_dept"), header, last - 1, 1, settings, codes, 1,
                  f"A{last + 3}")


def write_by_category(
    ws: Worksheet, inp: ConsolidationInput, summary: StatusSummary, settings: RatingSettings
) -> None:
    """分野別: 分類 × 項目 (the plan's structure, in plan order) with a 小計 per 分類 and a 合計
    equal to 概要's counts; the chart of who is behind under it; the table by item below."""
    plan = inp.plan
    count_cols, codes, statuses = _count_columns(settings, summary)
    # (分類, 項目名称) -> the item-level tallies under it, in plan order
    groups: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for ini in plan.initiatives:
        key = category_key(ini.category)
        items = groups.setdefault((ini.part.value, ini.category.group), [])
        if key not in items:
            items.append(key)
    top_cols = [Column(msg("cons_h_plan_part"), 8), Column(msg("cons_h_group"), 30, wrap=True),
                Column(msg("cons_h_item_count"), 30), *count_cols]
    rows: list[list[Any]] = []
    bold: list[int] = []
    for part in dict.fromkeys(p for p, _ in groups):
        part_tallies: list[Tally] = []
        for (p, group), keys in groups.items():
            if p != part:
                continue
            tallies = [summary.by_category[k] for k in keys]
            part_tallies += tallies
            rows.append(_total_row([part, group, len(keys)], tallies, codes, statuses))
        bold.append(len(rows))
        rows.append(_total_row([part, msg("cons_subtotal", part=part), ""], part_tallies, codes,
                               statuses))
    bold.append(len(rows))
    rows.append(_total_row([msg("cons_total"), "", len(summary.by_category)],
                           list(summary.by_category.values()), codes, statuses))
    header, last = write_table(ws, top_cols, rows)
    _bold_rows(ws, [header + 1 + i for i in bold], len(top_cols))
    chart_rows = _rating_chart(ws, msg("cons_chart_cat"), header, last - 1, 3, settings, codes,
                               2, f"A{last + 2}")

    item_cols = [
        Column(msg("cons_h_no"), 8),
        Column(msg("cons_h_group"), 30, wrap=True),
        Column(msg("cons_h_cat_name"), 30, wrap=True),
        *count_cols,
    ]
    item_rows = [
        [no, group, name, *_counts(tally, codes, statuses)]
        for (group, no, name), tally in summary.by_category.items()
    ]
    item_header, item_last = write_table(ws, item_cols, item_rows,
                                         first_row=last + 3 + chart_rows)
    for c, col in enumerate(top_cols, start=1):  # the top table's widths rule the sheet
        ws.column_dimensions[get_column_letter(c)].width = col.width
    finish_sheet(ws, header_row=header, last_row=item_last, n_cols=len(top_cols),
                 freeze_cols=0)
    # two Excel Tables: the 分類 × 項目 summary, and (named in workbook.py from the filter)
    # the table by item
    list_object(ws, "By_Area", f"A{header}:{get_column_letter(len(top_cols))}{last}")
    ws.auto_filter.ref = f"A{item_header}:{get_column_letter(len(item_cols))}{item_last}"
    ws.print_title_rows = None  # the item table has its own header


__all__ = ["FONT_NAME", "write_by_category", "write_by_department", "write_overview"]
