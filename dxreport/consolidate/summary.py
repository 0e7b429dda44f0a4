"""What the status workbook says, computed once: every KPI's evaluation and the counts.

Counting rules: a KPI is counted once by its ID (re-listed initiatives do not add to it), under
its lead division's department and under the policy area (項目) of its original initiative.
An indicator the plan lists in both parts (`Kpi.same_as`, e.g. KPI-A24 and KPI-R07) keeps its
two IDs, each counted in its own part's policy area as the plan counts them; it is asked once,
and both IDs carry that one answer (`Plan.answered_as`), so both have the same rating and
neither is counted 未提出 while the other has a value.
Initiatives are counted one per plan row, under their lead division.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from dxreport.consolidate.inputs import ConsolidationInput, InitiativeReport
from dxreport.rules.achievement import KpiEvaluation, evaluate_kpi
from dxreport.rules.plan_model import Category, Initiative, Kpi
from dxreport.rules.rating import RatingSettings
from dxreport.rules.statuses import STATUSES
from dxreport.rules.verdicts import Verdict

NO_ANSWER = Verdict.UNANSWERED.label
"""Status column value of an initiative whose division has not reported it."""


@dataclass
class Tally:
    """Counts for one department or policy area."""

    ratings: Counter[str] = field(default_factory=Counter)  # rating code -> KPIs
    statuses: Counter[str] = field(default_factory=Counter)  # status or 未回答 -> initiatives

    @property
    def kpis(self) -> int:
        return sum(self.ratings.values())

    @property
    def initiatives(self) -> int:
        return sum(self.statuses.values())


@dataclass
class StatusSummary:
    evaluations: dict[str, KpiEvaluation]  # by KPI id, plan order
    rating_counts: Counter[str]
    status_counts: Counter[str]
    by_department: dict[str, Tally]  # department code -> tally, plan order
    by_category: dict[tuple[str, str, str], Tally]  # (group, no, name) -> tally
    received: int
    expected: int


def category_key(c: Category) -> tuple[str, str, str]:
    return (c.group, c.no, c.name)


def standings_without_values(inp: ConsolidationInput) -> dict[str, str]:
    """Division code -> standing (e.g. 差し戻し) of the divisions that answered but none of
    whose returns was accepted (`round.counting`): they did answer, so they are not 未回答."""
    return {s.division_code: s.verdict for s in inp.submissions if s.values_from is None}


def status_of(report: InitiativeReport | None, no_values: Mapping[str, str],
              division_code: str) -> str:
    """The reported status, else the division's standing from `standings_without_values`,
    else 未回答."""
    if report is not None and report.status is not None:
        return report.status
    return no_values.get(division_code, NO_ANSWER)


def status_order(counts: Mapping[str, int] | None = None) -> list[str]:
    """Statuses in the order they are tallied. A division's standing other than 未回答 gets its
    own bucket only when some initiative falls in it, so a round without such divisions keeps
    the usual columns."""
    present = counts or {}
    standings = [v.label for v in (Verdict.RETURNED, Verdict.REJECTED) if present.get(v.label)]
    return [*STATUSES, *standings, NO_ANSWER]


def summarise(inp: ConsolidationInput, settings: RatingSettings) -> StatusSummary:
    plan = inp.plan
    actuals: dict[str, dict[str | None, float | None]] = {}
    for a in inp.kpi_actuals:
        actuals.setdefault(a.kpi_id, {})[a.part] = a.value
    evaluations = {
        k.id: evaluate_kpi(k, inp.fiscal_year, actuals.get(k.id, {}), settings) for k in plan.kpis
    }
    reports = {r.initiative_id: r for r in inp.initiative_reports}
    initiatives: dict[str, Initiative] = {i.id: i for i in plan.initiatives}
    dept_of_div = {d.code: d.department_code for d in plan.divisions}

    by_department = {d.code: Tally() for d in plan.departments}
    by_category: dict[tuple[str, str, str], Tally] = {}
    for i in plan.initiatives:
        by_category.setdefault(category_key(i.category), Tally())

    rating_counts: Counter[str] = Counter()
    for kpi in plan.kpis:  # each KPI once, whatever re-lists it
        code = evaluations[kpi.id].overall.rating_code
        rating_counts[code] += 1
        by_department[dept_of_div[kpi.division_code]].ratings[code] += 1
        by_category[category_key(_home_category(kpi, initiatives))].ratings[code] += 1

    status_counts: Counter[str] = Counter()
    no_values = standings_without_values(inp)
    for i in plan.initiatives:
        s = status_of(reports.get(i.id), no_values, i.division_code)
        status_counts[s] += 1
        by_department[dept_of_div[i.division_code]].statuses[s] += 1
        by_category[category_key(i.category)].statuses[s] += 1

    received_codes = {s.division_code for s in inp.submissions if s.values_from is not None}
    return StatusSummary(
        evaluations=evaluations,
        rating_counts=rating_counts,
        status_counts=status_counts,
        by_department=by_department,
        by_category=by_category,
        received=sum(1 for c in inp.expected_division_codes if c in received_codes),
        expected=len(inp.expected_division_codes),
    )


def _home_category(kpi: Kpi, initiatives: dict[str, Initiative]) -> Category:
    """The policy area of the KPI's original (first, non-再掲) initiative."""
    for iid in kpi.initiative_ids:
        ini = initiatives.get(iid)
        if ini is not None and not ini.relisted:
            return ini.category
    return initiatives[kpi.initiative_ids[0]].category
