"""The consolidated round as tidy records: one row per KPI part, one per initiative.

The status workbook's KPI一覧 and 取組一覧 and the library's DataFrames (`api.Round`) read the
same evaluation (`summary.summarise`, which asks `rules.achievement`): an analyst's pandas
figures cannot disagree with the printed sheets. Records hold plain values (numbers stay
numbers, a missing value is None), so a pivot or a sum works without cleaning.
"""

from __future__ import annotations

from typing import Any

from dxreport.consolidate.inputs import ConsolidationInput, KpiActual, Trace
from dxreport.consolidate.summary import StatusSummary, standings_without_values, status_of
from dxreport.rules.achievement import Achievement, kpi_behind_target
from dxreport.rules.plan_model import Kpi, Plan

KPI_COLUMNS: tuple[str, ...] = (
    "kpi_id", "part", "name", "unit", "direction", "department", "division", "division_code",
    "year", "baseline", "target", "actual", "method", "rate", "rate_display", "rating_code",
    "rating", "behind_target", "note", "file", "sha256", "sheet", "cell", "received_at",
)
INITIATIVE_COLUMNS: tuple[str, ...] = (
    "initiative_id", "part", "number", "category", "project_name", "department", "division",
    "division_code", "kpi_id", "relisted", "status", "done", "issues", "next_steps", "file",
    "sha256", "sheet", "cell", "received_at",
)


def _owner(plan: Plan, division_code: str) -> dict[str, str]:
    division = plan.division(division_code)
    return {"department": plan.department(division.department_code).name,
            "division": division.name, "division_code": division.code}


def _trace(trace: Trace | None) -> dict[str, Any]:
    if trace is None:
        return {"file": None, "sha256": None, "sheet": None, "cell": None, "received_at": None}
    return {"file": trace.file_name, "sha256": trace.sha256, "sheet": trace.sheet,
            "cell": trace.cell, "received_at": trace.received_at}


def _kpi_record(inp: ConsolidationInput, kpi: Kpi, ach: Achievement,
                actual: KpiActual | None) -> dict[str, Any]:
    behind = None
    if ach.actual is not None:
        behind = kpi_behind_target(kpi, inp.fiscal_year, ach.part, ach.actual)
    return {
        "kpi_id": kpi.id,
        "part": ach.part,
        "name": kpi.name,
        "unit": kpi.unit,
        "direction": kpi.direction.value,
        **_owner(inp.plan, kpi.division_code),
        "year": inp.fiscal_year,
        "baseline": ach.baseline,
        "target": ach.target,
        "actual": ach.actual,
        "method": ach.method.value if ach.method is not None else None,
        "rate": ach.rate,
        "rate_display": float(ach.rate_display) if ach.rate_display is not None else None,
        "rating_code": ach.rating_code,
        "rating": ach.rating_label,
        "behind_target": behind,
        "note": ach.note,
        **_trace(actual.trace if actual is not None else None),
    }


def kpi_records(inp: ConsolidationInput, summary: StatusSummary) -> list[dict[str, Any]]:
    """One record per KPI, or per part (小/中) of a composite KPI, in plan order."""
    actuals = {(a.kpi_id, a.part): a for a in inp.kpi_actuals}
    records = []
    for kpi in inp.plan.kpis:
        ev = summary.evaluations[kpi.id]
        for ach in ev.parts or [ev.overall]:
            records.append(_kpi_record(inp, kpi, ach, actuals.get((kpi.id, ach.part))))
    return records


def initiative_records(inp: ConsolidationInput) -> list[dict[str, Any]]:
    """One record per initiative (plan row), with the status as 取組一覧 shows it."""
    reports = {r.initiative_id: r for r in inp.initiative_reports}
    no_values = standings_without_values(inp)
    records = []
    for ini in inp.plan.initiatives:
        report = reports.get(ini.id)
        trace = report.status_trace if report is not None else None
        records.append({
            "initiative_id": ini.id,
            "part": ini.part.value,
            "number": ini.number,
            "category": ini.category.name,
            "project_name": ini.project_name,
            **_owner(inp.plan, ini.division_code),
            "kpi_id": ini.kpi_id,
            "relisted": ini.relisted,
            "status": status_of(report, no_values, ini.division_code),
            "done": report.done.text if report is not None and report.done else None,
            "issues": report.issues.text if report is not None and report.issues else None,
            "next_steps": (report.next_steps.text
                           if report is not None and report.next_steps else None),
            **_trace(trace),
        })
    return records

