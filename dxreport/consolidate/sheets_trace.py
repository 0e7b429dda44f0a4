"""The traceability sheets: 取組一覧, 提出状況, 要確認, 前回比較, 監査証跡."""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from dxreport.consolidate.changes import Change, ChangeKind, Subject, is_change, to_review
from dxreport.consolidate.colours import changes_legend, missing_legend
from dxreport.consolidate.inputs import ConsolidationInput, Trace, TracedText
from dxreport.consolidate.review_checks import checks_for, legend_of, row_key
from dxreport.consolidate.summary import StatusSummary, standings_without_values, status_of
from dxreport.consolidate.trace_link import trace_link
from dxreport.messages import msg
from dxreport.rules.achievement import format_rate
from dxreport.rules.plan_model import IndicatorType, Plan
from dxreport.rules.rating import RatingSettings
from dxreport.xlsx.sheet_table import (
    BY_VALUE,
    DATE_FORMAT,
    FILL_CHANGED,
    Column,
    finish_sheet,
    write_table,
)

DASH = "—"


def _owner(plan: Plan, division_code: str) -> list[str]:
    division = plan.division(division_code)
    return [plan.department(division.department_code).name, division.name]


def _short(sha: str | None) -> str:
    return sha[:12] if sha else DASH


def _ref(trace: Trace | None) -> str:
    return f"{trace.sheet}!{trace.cell}" if trace else DASH


def _fmt(value: float | str | None) -> str:
    if value is None:
        return DASH
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    return value


# ------------------------------------------------------------------ 取組一覧
def write_initiatives(ws: Worksheet, inp: ConsolidationInput) -> None:
    plan = inp.plan
    reports = {r.initiative_id: r for r in inp.initiative_reports}
    cols = [
        Column(msg("cons_h_initiative_id"), 10),
        Column(msg("cons_h_plan_part"), 6),
        Column(msg("cons_h_number"), 7),
        Column(msg("cons_h_group"), 14, wrap=True),
        Column(msg("cons_h_no"), 5),
        Column(msg("cons_h_cat_name"), 16, wrap=True),
        Column(msg("cons_h_project"), 26, wrap=True),
        Column(msg("cons_h_indicator"), 6, wrap=True),
        Column(msg("cons_h_kpi_id"), 9),
        Column(msg("cons_h_relisted"), 5),
        Column(msg("cons_h_department"), 11, wrap=True),
        Column(msg("cons_h_division"), 13, wrap=True),
        Column(msg("cons_h_status"), 9),
        Column(msg("cons_h_done"), 28, wrap=True),
        Column(msg("cons_h_issues"), 24, wrap=True),
        Column(msg("cons_h_next"), 24, wrap=True),
        Column(msg("cons_h_sha_short"), 16),
        Column(msg("cons_h_cell_ref"), 16),
        Column(msg("cons_h_received_at"), 18),
    ]
    no_values = standings_without_values(inp)
    rows: list[list[Any]] = []
    alerts: set[int] = set()
    for i in plan.initiatives:
        report = reports.get(i.id)
        status = status_of(report, no_values, i.division_code)
        if report is None or report.status is None:  # 未回答, or its division's standing
            alerts.add(len(rows))
        trace = report.status_trace if report else None
        rows.append(
            [
                i.id,
                i.part.value,
                i.number,
                i.category.group,
                i.category.no,
                i.category.name,
                i.project_name,
                {IndicatorType.KPI: "KPI", IndicatorType.KGI: "KGI"}.get(i.indicator_type, DASH),
                i.kpi_id or DASH,
                msg("cons_relisted") if i.relisted else "",
                *_owner(plan, i.division_code),
                status,
                _text(report.done if report else None),
                _text(report.issues if report else None),
                _text(report.next_steps if report else None),
                _short(trace.sha256 if trace else None),
                _ref(trace),
                trace.received_at if trace else DASH,
            ]
        )
    header, last = write_table(ws, cols, rows, alert_rows=alerts, lazy=True, first_row=2,
                               legend=missing_legend(msg("cons_legend_no_values")))
    # the trace (hash, cell, time) stays on screen; the printout ends at 今後の対応
    finish_sheet(ws, header_row=header, last_row=last, n_cols=len(cols), freeze_cols=1,
                 print_cols=len(cols) - 3)


def _text(t: TracedText | None) -> str:
    return t.text if t is not None else ""


# ------------------------------------------------------------------ 提出状況
def write_submissions(ws: Worksheet, inp: ConsolidationInput) -> None:
    plan = inp.plan
    cols = [
        Column(msg("cons_h_department"), 14),
        Column(msg("cons_h_division_code"), 14),
        Column(msg("cons_h_division"), 18),
        Column(msg("cons_h_expected"), 8),
        Column(msg("cons_h_state"), 9),
        Column(msg("cons_h_received_at"), 18),
        Column(msg("cons_h_verdict"), 16),
        Column(msg("cons_h_file_name"), 36, wrap=True),
        Column(msg("cons_h_superseded_count"), 8),
        Column(msg("cons_h_superseded"), 44, wrap=True),
        # on screen only (filterable), after the print area: who answered, the full hash
        Column(msg("cons_h_respondent"), 40),  # one line: off paper, it adds no height
        Column(msg("cons_h_sha"), 68),  # one line: a hash never wraps a row
    ]
    expected = set(inp.expected_division_codes)
    order = [d.code for d in plan.divisions if d.code in expected]
    order += [s.division_code for s in inp.submissions if s.division_code not in expected]
    rows: list[list[Any]] = []
    alerts: set[int] = set()
    for code in order:
        sub = inp.submission_of(code)
        is_expected = code in expected
        if sub is None or sub.values_from is None:  # 未回答, or nothing of it accepted
            alerts.add(len(rows))
        division = plan.division(code)
        rows.append(
            [
                plan.department(division.department_code).name,
                code,
                division.name,
                msg("cons_expected") if is_expected else msg("cons_not_expected"),
                msg("cons_submitted") if sub else msg("cons_not_answered"),
                sub.received_at if sub else DASH,
                sub.verdict if sub else DASH,
                sub.file_name if sub else DASH,
                len(sub.superseded) if sub else 0,
                "；".join(
                    f"{v.file_name} ({v.received_at.strftime('%Y-%m-%d %H:%M:%S')})"
                    for v in sub.superseded
                )
                if sub
                else "",
                (sub.respondent or "") if sub else DASH,
                sub.sha256 if sub else DASH,
            ]
        )
    header, last = write_table(ws, cols, rows, alert_rows=alerts, lazy=True, first_row=2,
                               legend=missing_legend(msg("cons_legend_no_values")))
    finish_sheet(ws, header_row=header, last_row=last, n_cols=len(cols), freeze_cols=3,
                 print_cols=len(cols) - 2)


# ------------------------------------------------------------------ 要確認
def review_rows(
    inp: ConsolidationInput,
    summary: StatusSummary,
    settings: RatingSettings,
    changes: list[Change] | None,
) -> list[list[Any]]:
    """Accepted warnings, the master's changes since distribution (K05, K06), then the checks
    made here: K01/K02/K04 per KPI (and part) and K03, one row per change since an earlier
    run of this round (`changes.to_review`: the same list 前回比較 marks then)."""
    plan = inp.plan
    rows: list[list[Any]] = []
    sub_by_sha = {s.sha256: s for s in inp.submissions}
    for w in inp.warnings:
        division = w.division_code or (
            sub_by_sha[w.sha256].division_code if w.sha256 in sub_by_sha else None
        )
        rows.append(
            [
                msg("cons_review_accepted"),
                w.code,
                w.message,
                plan.division(division).name if division else DASH,
                w.file_name,
                _short(w.sha256),
                w.sheet or DASH,
                w.cell or DASH,
            ]
        )
    for c in inp.master_changes:
        rows.append([
            msg("cons_review_auto"), c.code,
            msg("cons_review_master_changed", survey=c.survey_id, text=c.text)
            if c.code == "K05" else c.text,
            c.division_name, c.file_name or DASH, _short(c.sha256), DASH, DASH,
        ])
    now = _Current(inp)
    actuals = now.actuals
    # A KPI's K03 row follows its other rows; what is left (statuses, divisions) comes after.
    listed = to_review(inp, changes)
    pending = {(c.subject, c.key, c.part): c for c in listed}
    for kpi in plan.kpis:
        ev = summary.evaluations[kpi.id]
        for ach in ev.parts or [ev.overall]:
            actual = actuals.get((kpi.id, ach.part))
            trace = actual.trace if actual else None
            where = [
                plan.division(kpi.division_code).name,
                trace.file_name if trace else DASH,
                _short(trace.sha256 if trace else None),
                trace.sheet if trace else DASH,
                trace.cell if trace else DASH,
            ]
            label = f"{kpi.id}{' ' + ach.part if ach.part else ''} {kpi.name}: "
            if (
                ach.rate_display is not None
                and ach.rate_display * 100 >= settings.review_high_percent
            ):
                rows.append(
                    [
                        msg("cons_review_auto"),
                        "K01",
                        label
                        + msg(
                            "cons_review_high",
                            percent=settings.review_high_percent,
                            rate=format_rate(ach.rate_display),
                        ),
                        where[0],
                        *where[1:],
                    ]
                )
            if ach.rate is not None and ach.rate < 0 and ach.rate_display is not None:
                rows.append(
                    [
                        msg("cons_review_auto"),
                        "K02",
                        label + msg("cons_review_negative", rate=format_rate(ach.rate_display)),
                        *where,
                    ]
                )
            if ach.actual is not None and ach.rate is None and ach.achieved is None and ach.note:
                rows.append(
                    [
                        msg("cons_review_auto"),
                        "K04",
                        label + msg("cons_review_not_computable", note=ach.note),
                        *where,
                    ]
                )
            change = pending.pop((Subject.KPI, kpi.id, ach.part), None)
            if change is not None:
                rows.append(_change_row(now, change))
    rows += [_change_row(now, c) for c in listed if (c.subject, c.key, c.part) in pending]
    return rows


class _Current:
    """This run's values by key, looked up once per sheet (a change list can be long)."""

    def __init__(self, inp: ConsolidationInput) -> None:
        self.plan = inp.plan
        self.actuals = {(a.kpi_id, a.part): a for a in inp.kpi_actuals}
        self.reports = {r.initiative_id: r for r in inp.initiative_reports}
        self.submissions = {s.division_code: s for s in inp.submissions}


def _change_row(now: _Current, change: Change) -> list[Any]:
    """The K03 row of one change: what changed, from what to what, and where it is now."""
    plan = now.plan
    trace: Trace | None = None
    sha: str | None = None
    file_name: str | None = None
    if change.subject is Subject.KPI:
        kpi = plan.kpi(change.key)
        division = kpi.division_code
        label = f"{kpi.id}{' ' + change.part if change.part else ''} {kpi.name}: "
        actual = now.actuals.get((kpi.id, change.part))
        trace = actual.trace if actual else None
        key = "cons_review_changed"
    elif change.subject is Subject.STATUS:
        initiative = plan.initiative(change.key)
        division = initiative.division_code
        label = f"{initiative.id} {initiative.project_name}: "
        report = now.reports.get(change.key)
        trace = report.status_trace if report else None
        key = "cons_review_status_changed"
    else:
        division = change.key
        label = f"{division} {plan.division(division).name}: "
        sub = now.submissions.get(division)
        sha, file_name = (sub.sha256, sub.file_name) if sub else (None, None)
        key = "cons_review_division_changed"
    if trace is not None:
        sha, file_name = trace.sha256, trace.file_name
    return [
        msg("cons_review_auto"),
        "K03",
        label + msg(key, before=_fmt(change.before), after=_fmt(change.after)),
        plan.division(division).name,
        file_name or DASH,
        _short(sha),
        trace.sheet if trace else DASH,
        trace.cell if trace else DASH,
    ]


def write_review(
    ws: Worksheet,
    inp: ConsolidationInput,
    summary: StatusSummary,
    settings: RatingSettings,
    changes: list[Change] | None,
) -> None:
    cols = [
        Column(msg("cons_h_source"), 14),
        Column(msg("cons_h_code"), 8),
        Column(msg("cons_h_message"), 60, wrap=True),
        Column(msg("cons_h_division"), 16),
        Column(msg("cons_h_file_name"), 28, wrap=True),
        Column(msg("cons_h_sha_short"), 16),
        Column(msg("cons_h_sheet"), 12),
        Column(msg("cons_h_cell"), 8),
        # a worklist: the DX division records each check here (unlocked on the protected sheet)
        Column(msg("cons_h_check_result"), 24, wrap=True, editable=True),
        Column(msg("cons_h_checked_by"), 12, editable=True),
    ]
    checks = checks_for(inp.review_checks)
    rows: list[list[Any]] = []
    placed = 0
    for r in review_rows(inp, summary, settings, changes):
        kept = checks.pop(tuple(row_key(r[1:8])), None)  # the same row's check, once
        placed += kept is not None
        rows.append([*r, *(kept or (None, None))])
    if not rows:
        rows = [[DASH, DASH, msg("cons_review_none"), DASH, DASH, DASH, DASH, DASH, None, None]]
    legend = legend_of(inp.review_checks, placed)
    header, last = write_table(ws, cols, rows, lazy=True, legend=legend,
                               first_row=1 if legend is None else 2)
    finish_sheet(ws, header_row=header, last_row=last, n_cols=len(cols), freeze_cols=2)


# ------------------------------------------------------------------ 前回比較
_CHANGE_LABEL_KEYS = {
    ChangeKind.CHANGED: "cons_change_changed",
    ChangeKind.NEW: "cons_change_new",
    ChangeKind.GONE: "cons_change_gone",
    ChangeKind.MISSING: "cons_change_missing",
}


def write_compare(ws: Worksheet, inp: ConsolidationInput, changes: list[Change] | None) -> None:
    """The entries of `changes` (the list K03 of 要確認 shows, plus what is still missing),
    sorted by 部局: unchanged values are not listed.

    前回値・今回値 hold numbers or blanks only (a pivot sums them); what is not a number (a
    進捗状況, the counted file, 未提出) is in 前回状態・今回状態."""
    plan = inp.plan
    cols = [
        Column(msg("cons_h_department"), 10, wrap=True),
        Column(msg("cons_h_division"), 11, wrap=True),
        Column(msg("cons_h_kind"), 10, wrap=True),
        Column(msg("cons_h_id"), 10),
        Column(msg("cons_h_part"), 5),
        Column(msg("cons_h_name"), 26, wrap=True),
        Column(msg("cons_h_change"), 11, wrap=True),
        Column(msg("cons_h_before"), 10, BY_VALUE),
        Column(msg("cons_h_after"), 10, BY_VALUE),
        Column(msg("cons_h_before_state"), 11, wrap=True),
        Column(msg("cons_h_after_state"), 11, wrap=True),
        Column(msg("cons_h_file_name"), 20, wrap=True),  # printed widths: A4 (≤ 149)
        Column(msg("cons_h_sha_short"), 16),
        Column(msg("cons_h_cell_ref"), 16),
    ]
    rows: list[list[Any]] = []
    alerts: set[int] = set()
    still: set[int] = set()  # no value either time: grey, as 未提出 is everywhere
    if changes is None:
        rows.append([DASH, DASH, DASH, DASH, "", msg("cons_compare_first"), DASH, None, None,
                     "", "", DASH, DASH, DASH])
    else:
        current = _Current(inp)
        for change in sorted(changes, key=_department_order(plan, current)):
            (alerts if is_change(change) else still).add(len(rows))
            rows.append(_compare_row(current, change))
    header, last = write_table(ws, cols, rows, alert_rows=alerts, lazy=True, first_row=2,
                               alert_fill=FILL_CHANGED, legend=changes_legend(),
                               muted_rows=still)
    finish_sheet(ws, header_row=header, last_row=last, n_cols=len(cols), freeze_cols=4,
                 print_cols=len(cols) - 2)  # the hash and cell stay on screen


def _division_of(now: _Current, change: Change) -> str:
    if change.subject is Subject.KPI:
        return now.plan.kpi(change.key).division_code
    if change.subject is Subject.STATUS:
        return now.plan.initiative(change.key).division_code
    return change.key


def _department_order(plan: Plan, now: _Current) -> Any:
    """Sort key of a change: its 部局 in plan order (the comparison's own order within one)."""
    rank = {d.code: n for n, d in enumerate(plan.departments)}

    def key(change: Change) -> int:
        division = plan.division(_division_of(now, change))
        return rank.get(division.department_code, len(rank))
    return key


def _split(value: float | str | None) -> tuple[float | None, str]:
    """(number, state) of a compared value: a number in the number column, else its text."""
    if value is None:
        return None, msg("cons_state_missing")
    if isinstance(value, str):
        return None, value
    return value, ""


def _compare_row(now: _Current, change: Change) -> list[Any]:
    plan = now.plan
    division = _division_of(now, change)
    before, before_state = _split(change.before)
    after, after_state = _split(change.after)
    if change.subject is Subject.KPI:
        kind, name = msg("cons_kind_kpi"), plan.kpi(change.key).name
        actual = now.actuals.get((change.key, change.part))
        source = _source(actual.trace if actual else None)
    elif change.subject is Subject.STATUS:
        kind, name = msg("cons_kind_status"), plan.initiative(change.key).project_name
        report = now.reports.get(change.key)
        source = _source(report.status_trace if report else None)
    else:
        kind, name = msg("cons_kind_division"), plan.division(division).name
        sub = now.submissions.get(change.key)
        source = [sub.file_name if sub else DASH, _short(sub.sha256 if sub else None), DASH]
    return [
        *_owner(plan, division),
        kind,
        change.key,
        change.part or "",
        name,
        msg(_CHANGE_LABEL_KEYS[change.kind]),
        before,
        after,
        before_state,
        after_state,
        *source,
    ]


def _source(trace: Trace | None) -> list[str]:
    return [trace.file_name if trace else DASH, _short(trace.sha256 if trace else None),
            _ref(trace)]


# ------------------------------------------------------------------ 監査証跡
AUDIT_PRINTED_COLUMNS = 15  # all but the full SHA-256 (the file name and time identify it)


def write_audit(ws: Worksheet, inp: ConsolidationInput) -> None:
    """Every value read from a return, with what the clerk typed beside it (the cell's text
    when converted, 基準日, 出典, 備考) and where it was read."""
    plan = inp.plan
    cols = [
        Column(msg("cons_h_kind"), 12),
        Column(msg("cons_h_id"), 9),
        Column(msg("cons_h_part"), 6),
        Column(msg("cons_h_name"), 24, wrap=True),
        # a KPI's number apart from the texts, so the number column sums in a pivot
        Column(msg("cons_h_number_value"), 11, BY_VALUE),
        Column(msg("cons_h_value"), 27, wrap=True),
        Column(msg("cons_h_raw"), 12, wrap=True),
        Column(msg("cons_h_as_of"), 11, DATE_FORMAT),
        Column(msg("cons_h_reported_source"), 15, wrap=True),
        Column(msg("cons_h_reported_note"), 21, wrap=True),
        Column(msg("cons_h_file_name"), 24, wrap=True, link=True),
        Column(msg("cons_h_sheet"), 10),
        Column(msg("cons_h_cell"), 7),
        Column(msg("cons_h_received_at"), 17),
        Column(msg("cons_h_operation"), 14),
        Column(msg("cons_h_sha"), 68),  # one line: a hash never wraps a row
    ]
    op = inp.operation.operation_id
    rows: list[list[Any]] = []
    kpi_order = {k.id: n for n, k in enumerate(plan.kpis)}
    for a in sorted(inp.kpi_actuals, key=lambda a: (kpi_order[a.kpi_id], a.part or "")):
        t = a.trace
        rows.append(
            [
                msg("cons_kind_kpi"),
                a.kpi_id,
                a.part or "",
                plan.kpi(a.kpi_id).name,
                a.value,
                "" if a.value is not None else DASH,
                a.raw or "",
                a.as_of,
                a.source or "",
                a.note or "",
                trace_link(t),
                t.sheet,
                t.cell,
                t.received_at,
                op,
                t.sha256,
            ]
        )
    ini_order = {i.id: n for n, i in enumerate(plan.initiatives)}
    for r in sorted(inp.initiative_reports, key=lambda r: ini_order[r.initiative_id]):
        name = plan.initiative(r.initiative_id).project_name
        items: list[tuple[str, str, Trace]] = []
        if r.status is not None and r.status_trace is not None:
            items.append((msg("cons_kind_status"), r.status, r.status_trace))
        for key, text in (
            ("cons_kind_done", r.done),
            ("cons_kind_issues", r.issues),
            ("cons_kind_next", r.next_steps),
        ):
            if text is not None:
                items.append((msg(key), text.text, text.trace))
        for kind, value, t in items:
            rows.append(
                [
                    kind,
                    r.initiative_id,
                    "",
                    name,
                    None,
                    value,
                    "",
                    None,
                    "",
                    "",
                    trace_link(t),
                    t.sheet,
                    t.cell,
                    t.received_at,
                    op,
                    t.sha256,
                ]
            )
    header, last = write_table(ws, cols, rows, lazy=True)
    finish_sheet(ws, header_row=header, last_row=last, n_cols=len(cols), freeze_cols=2,
                 print_cols=AUDIT_PRINTED_COLUMNS)
