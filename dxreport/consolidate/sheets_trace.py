"""The traceability sheets: 取組一覧, 提出状況, 要確認, 前回比較, 監査証跡."""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from dxreport.consolidate.inputs import ConsolidationInput, InitiativeReport, Trace, TracedText
from dxreport.consolidate.summary import NO_ANSWER, StatusSummary, status_of
from dxreport.messages import msg
from dxreport.rules.achievement import format_rate
from dxreport.rules.plan_model import IndicatorType, Plan
from dxreport.rules.rating import RatingSettings
from dxreport.xlsx.sheet_table import Column, finish_sheet, write_table

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
        Column(msg("cons_h_group"), 18, wrap=True),
        Column(msg("cons_h_no"), 6),
        Column(msg("cons_h_cat_name"), 22, wrap=True),
        Column(msg("cons_h_project"), 30, wrap=True),
        Column(msg("cons_h_indicator"), 8),
        Column(msg("cons_h_kpi_id"), 10),
        Column(msg("cons_h_relisted"), 6),
        Column(msg("cons_h_department"), 14),
        Column(msg("cons_h_division"), 16),
        Column(msg("cons_h_status"), 10),
        Column(msg("cons_h_done"), 36, wrap=True),
        Column(msg("cons_h_issues"), 30, wrap=True),
        Column(msg("cons_h_next"), 30, wrap=True),
        Column(msg("cons_h_sha_short"), 16),
        Column(msg("cons_h_cell_ref"), 16),
        Column(msg("cons_h_received_at"), 18),
    ]
    rows: list[list[Any]] = []
    alerts: set[int] = set()
    for i in plan.initiatives:
        report = reports.get(i.id)
        status = status_of(report)
        if status == NO_ANSWER:
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
    header, last = write_table(ws, cols, rows, alert_rows=alerts, lazy=True)
    finish_sheet(ws, header_row=header, last_row=last, n_cols=len(cols), freeze_cols=1)


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
        Column(msg("cons_h_sha"), 30, wrap=True),
        Column(msg("cons_h_file_name"), 30, wrap=True),
        Column(msg("cons_h_superseded_count"), 8),
        Column(msg("cons_h_superseded"), 44, wrap=True),
    ]
    expected = set(inp.expected_division_codes)
    order = [d.code for d in plan.divisions if d.code in expected]
    order += [s.division_code for s in inp.submissions if s.division_code not in expected]
    rows: list[list[Any]] = []
    alerts: set[int] = set()
    for code in order:
        sub = inp.submission_of(code)
        is_expected = code in expected
        if sub is None:
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
                sub.sha256 if sub else DASH,
                sub.file_name if sub else DASH,
                len(sub.superseded) if sub else 0,
                "；".join(
                    f"{v.sha256[:12]} {v.file_name} ({v.received_at.strftime('%Y-%m-%d %H:%M:%S')})"
                    for v in sub.superseded
                )
                if sub
                else "",
            ]
        )
    header, last = write_table(ws, cols, rows, alert_rows=alerts, lazy=True)
    finish_sheet(ws, header_row=header, last_row=last, n_cols=len(cols), freeze_cols=3)


# ------------------------------------------------------------------ 要確認
def review_rows(
    inp: ConsolidationInput, summary: StatusSummary, settings: RatingSettings
) -> list[list[Any]]:
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
    actuals = {(a.kpi_id, a.part): a for a in inp.kpi_actuals}
    previous = {(p.kpi_id, p.part): p for p in inp.previous.kpi_values} if inp.previous else {}
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
            if ach.rate is not None and ach.rate < 0:
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
            before = previous.get((kpi.id, ach.part))
            if before is not None and ach.actual != before.value:
                rows.append(
                    [
                        msg("cons_review_auto"),
                        "K03",
                        label
                        + msg(
                            "cons_review_changed", before=_fmt(before.value), after=_fmt(ach.actual)
                        ),
                        *where,
                    ]
                )
    return rows


def write_review(
    ws: Worksheet, inp: ConsolidationInput, summary: StatusSummary, settings: RatingSettings
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
    ]
    rows = review_rows(inp, summary, settings)
    if not rows:
        rows = [[DASH, DASH, msg("cons_review_none"), DASH, DASH, DASH, DASH, DASH]]
    header, last = write_table(ws, cols, rows, lazy=True)
    finish_sheet(ws, header_row=header, last_row=last, n_cols=len(cols), freeze_cols=2)


# ------------------------------------------------------------------ 前回比較
def write_compare(ws: Worksheet, inp: ConsolidationInput) -> None:
    plan = inp.plan
    cols = [
        Column(msg("cons_h_kind"), 12),
        Column(msg("cons_h_id"), 10),
        Column(msg("cons_h_part"), 6),
        Column(msg("cons_h_name"), 40, wrap=True),
        Column(msg("cons_h_before"), 12),
        Column(msg("cons_h_after"), 12),
        Column(msg("cons_h_change"), 10),
        Column(msg("cons_h_file_name"), 28, wrap=True),
        Column(msg("cons_h_sha_short"), 16),
        Column(msg("cons_h_cell_ref"), 16),
    ]
    rows: list[list[Any]] = []
    alerts: set[int] = set()
    if inp.previous is None:
        rows.append([DASH, DASH, DASH, msg("cons_compare_first"), *([DASH] * 6)])
    else:
        prev_k = {(p.kpi_id, p.part): p for p in inp.previous.kpi_values}
        now_k = {(a.kpi_id, a.part): a for a in inp.kpi_actuals}
        for kpi in plan.kpis:
            for part in kpi.part_labels or [None]:
                before = prev_k.get((kpi.id, part))
                now = now_k.get((kpi.id, part))
                b = before.value if before else None
                a = now.value if now else None
                change = _change(before is not None and b is not None, a is not None, a == b)
                if change != msg("cons_change_same"):
                    alerts.add(len(rows))
                trace = now.trace if now else None
                rows.append(
                    [
                        msg("cons_kind_kpi"),
                        kpi.id,
                        part or "",
                        kpi.name,
                        _num(b),
                        _num(a),
                        change,
                        trace.file_name if trace else DASH,
                        _short(trace.sha256 if trace else None),
                        _ref(trace),
                    ]
                )
        prev_s = {p.initiative_id: p for p in inp.previous.statuses}
        reports = {r.initiative_id: r for r in inp.initiative_reports}
        for i in plan.initiatives:
            before_s = prev_s.get(i.id)
            report: InitiativeReport | None = reports.get(i.id)
            b_s = before_s.status if before_s else None
            a_s = report.status if report else None
            change = _change(b_s is not None, a_s is not None, a_s == b_s)
            if change != msg("cons_change_same"):
                alerts.add(len(rows))
            trace = report.status_trace if report else None
            rows.append(
                [
                    msg("cons_kind_status"),
                    i.id,
                    "",
                    i.project_name,
                    b_s or DASH,
                    a_s or DASH,
                    change,
                    trace.file_name if trace else DASH,
                    _short(trace.sha256 if trace else None),
                    _ref(trace),
                ]
            )
    header, last = write_table(ws, cols, rows, alert_rows=alerts, lazy=True)
    finish_sheet(ws, header_row=header, last_row=last, n_cols=len(cols), freeze_cols=3)


def _num(v: float | None) -> Any:
    return v if v is not None else DASH


def _change(had: bool, has: bool, equal: bool) -> str:
    if had and has:
        return msg("cons_change_same") if equal else msg("cons_change_changed")
    if has:
        return msg("cons_change_new")
    if had:
        return msg("cons_change_gone")
    return msg("cons_change_same")


# ------------------------------------------------------------------ 監査証跡
def write_audit(ws: Worksheet, inp: ConsolidationInput) -> None:
    plan = inp.plan
    cols = [
        Column(msg("cons_h_kind"), 14),
        Column(msg("cons_h_id"), 10),
        Column(msg("cons_h_part"), 6),
        Column(msg("cons_h_name"), 36, wrap=True),
        Column(msg("cons_h_value"), 36, wrap=True),
        Column(msg("cons_h_sha"), 30, wrap=True),
        Column(msg("cons_h_file_name"), 28, wrap=True),
        Column(msg("cons_h_sheet"), 12),
        Column(msg("cons_h_cell"), 8),
        Column(msg("cons_h_received_at"), 18),
        Column(msg("cons_h_operation"), 18),
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
                a.value if a.value is not None else DASH,
                t.sha256,
                t.file_name,
                t.sheet,
                t.cell,
                t.received_at,
                op,
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
                    value,
                    t.sha256,
                    t.file_name,
                    t.sheet,
                    t.cell,
                    t.received_at,
                    op,
                ]
            )
    header, last = write_table(ws, cols, rows, lazy=True)
    finish_sheet(ws, header_row=header, last_row=last, n_cols=len(cols), freeze_cols=2)
