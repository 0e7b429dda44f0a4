"""The plan as JSON (`dxreport plan export --format json`): the contract other tools read."""

from __future__ import annotations

from typing import Any

from dxreport.rules.plan_model import YEARS, Plan, Quantity


def quantity_to_json(q: Quantity) -> dict[str, Any]:
    return {
        "text": q.text,
        "value": q.value,
        "unit": q.unit,
        "comparator": q.comparator,
        "parts": [{"label": p.label, "value": p.value} for p in q.parts] if q.parts else None,
    }


def plan_to_export_json(plan: Plan) -> dict[str, Any]:
    """`{"initiatives": [...], "kpis": [...], "divisions": [...]}` with names and codes."""
    divisions = {d.code: d for d in plan.divisions}
    departments = {d.code: d for d in plan.departments}

    def dept_of(code: str):
        return departments[divisions[code].department_code]

    return {
        "fiscal_year": plan.fiscal_year,
        "title": plan.title,
        "initiatives": [
            {
                "id": i.id,
                "part": i.part.value,
                "table": i.table,
                "number": i.number,
                "category": i.category.model_dump(),
                "indicator_type": i.indicator_type.value,
                "department": dept_of(i.division_code).name,
                "department_code": dept_of(i.division_code).code,
                "division": divisions[i.division_code].name,
                "division_code": i.division_code,
                "co_divisions": [divisions[c].name for c in i.co_division_codes],
                "co_division_codes": list(i.co_division_codes),
                "kpi_id": i.kpi_id,
                "relisted": i.relisted,
                "indicator_name": i.indicator_name,
                "project_name": i.project_name,
                "project": {
                    "name": i.project_name,
                    "major": i.project_major,
                    "minor": list(i.project_minor),
                    "activity": list(i.project_activity),
                },
                "plan_text": i.plan_text,
                "goal_text": i.goal_text,
                "source_line": i.source_line,
            }
            for i in plan.initiatives
        ],
        "kpis": [
            {
                "id": k.id,
                "part": k.part.value,
                "number": k.number,
                "name": k.name,
                "unit": k.unit,
                "direction": k.direction.value,
                "baseline": quantity_to_json(k.baseline),
                "targets": {y: quantity_to_json(k.targets[y]) for y in YEARS},
                "initiative_ids": list(k.initiative_ids),
                "division_code": k.division_code,
                "division": divisions[k.division_code].name,
                "same_as": list(k.same_as),
            }
            for k in plan.kpis
        ],
        "divisions": [
            {
                "code": d.code,
                "name": d.name,
                "department": departments[d.department_code].name,
                "department_code": d.department_code,
            }
            for d in plan.divisions
        ],
    }
