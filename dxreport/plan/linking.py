"""One indicator, one identity: KPIs the plan lists in both parts under two IDs.

ふくしまポータル PV is KPI-A24 in the 行政 part and KPI-R07 in the 地域 part, with the same
name and the same figures. Two KPIs are linked when their names (spelling normalised) are
nearly the same AND every figure (baseline, R8..R12) has the same value and unit. Where the
figures agree in value but are written differently (`73万PV` / `730,000PV`) the link needs a
reviewed `[[same_indicator]]` entry of corrections.toml; without one it is only reported.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from dxreport.messages import msg
from dxreport.plan.corrections import SameIndicator
from dxreport.plan.names import normalise_name
from dxreport.rules.plan_model import Kpi, Quantity

NAME_SIMILARITY = 0.85
"""Names at least this close (difflib ratio, spelling normalised) may be one indicator:
`ふくしまポータルの月平均…` and `ふくしまポータル月平均…` are; `移住者数` and `移住を…` are not."""


@dataclass
class LinkResult:
    kpis: list[Kpi]
    infos: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    applied: list[tuple[SameIndicator, Kpi]] = field(default_factory=list)  # (entry, 2nd KPI)


def _values(q: Quantity) -> tuple:
    parts = tuple((p.label, p.value) for p in q.parts) if q.parts else ()
    return (q.value, q.comparator, parts)


def _figures(k: Kpi) -> tuple:
    return (k.unit, *(_values(q) for q in (k.baseline, *k.targets.values())))


def _texts(k: Kpi) -> list[str]:
    return [q.text for q in (k.baseline, *k.targets.values())]


def _has_value(k: Kpi) -> bool:
    return any(not q.is_absent for q in (k.baseline, *k.targets.values()))


def names_match(a: str, b: str) -> bool:
    x, y = normalise_name(a), normalise_name(b)
    return x == y or difflib.SequenceMatcher(None, x, y).ratio() >= NAME_SIMILARITY


def _notation(k: Kpi) -> str:
    return f"{k.id} " + " / ".join(_texts(k))


def link_same_indicators(kpis: list[Kpi], entries: tuple[SameIndicator, ...]) -> LinkResult:
    """`kpis` with `same_as` filled, and what the import report says about each link."""
    result = LinkResult(kpis=kpis)
    by_id = {k.id: k for k in kpis}
    decided = {frozenset(e.kpis): e for e in entries}
    pairs: list[tuple[Kpi, Kpi]] = []
    for i, a in enumerate(kpis):
        for b in kpis[i + 1:]:
            if a.part is b.part or not _has_value(a) or _figures(a) != _figures(b) \
                    or not names_match(a.name, b.name):
                continue
            entry = decided.pop(frozenset((a.id, b.id)), None)
            if _texts(a) == _texts(b):
                result.infos.append(msg("plan_info_same_indicator", a=a.id, b=b.id, name=a.name))
                pairs.append((a, b))
            elif entry is not None:
                result.infos.append(msg("plan_info_same_corrected", a=a.id, b=b.id, name=a.name,
                                        a_text=a.baseline.text, b_text=b.baseline.text))
                result.applied.append((entry, b))
                pairs.append((a, b))
            else:
                result.warnings.append(msg("plan_warn_same_candidate", a=_notation(a),
                                           b=_notation(b)))
    for entry in decided.values():  # decisions the figures did not suggest
        first, second = (by_id.get(k) for k in entry.kpis)
        if first is None or second is None:
            result.warnings.append(msg("plan_warn_same_unknown", kpis="・".join(entry.kpis)))
            continue
        result.infos.append(msg("plan_info_same_corrected", a=first.id, b=second.id,
                                name=first.name, a_text=first.baseline.text,
                                b_text=second.baseline.text))
        if _figures(first) != _figures(second):
            result.warnings.append(msg("plan_warn_same_figures", a=_notation(first),
                                       b=_notation(second)))
        result.applied.append((entry, second))
        pairs.append((first, second))
    result.kpis = _with_same_as(kpis, pairs)
    return result


def _with_same_as(kpis: list[Kpi], pairs: list[tuple[Kpi, Kpi]]) -> list[Kpi]:
    """Every member of a linked group names the others, in plan order."""
    group: dict[str, set[str]] = {k.id: {k.id} for k in kpis}
    for a, b in pairs:
        merged = group[a.id] | group[b.id]
        for member in merged:
            group[member] = merged
    order = {k.id: n for n, k in enumerate(kpis)}
    return [
        k.model_copy(update={"same_as": sorted(group[k.id] - {k.id}, key=order.__getitem__)})
        if len(group[k.id]) > 1 else k
        for k in kpis
    ]
