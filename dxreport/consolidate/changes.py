"""What changed since the previous consolidation: one comparison, rendered by two sheets.

`changes_since(inp, previous)` compares this run's `ConsolidationInput` with the snapshot the
previous run of the same plan year left in the ledger (`PreviousConsolidation`). The 要確認
sheet lists every change as a K03 row and the 前回比較 sheet marks the same changes on its
rows, so the two cannot disagree about what changed.

Scope (every item is taken from the current plan, in plan order; an ID the plan no longer
has is not compared):

* KPI actuals, per KPI and part (小/中): a value compares as a number; a blank cell, a KPI
  whose division was not counted and a KPI missing from the snapshot all mean "no value".
  CHANGED: a value both times, different. NEW: no value last time, one now. GONE: a value
  last time, none now. The file a value came from is not compared (the same value from a
  resubmitted file is no change; 提出状況 shows the replaced versions).
* Initiative statuses (進捗状況), per initiative row (re-listed rows included), the same way:
  no status (blank, or division not counted) is "no value".
* Divisions: NEW when a division's return is counted now and was not last time, GONE when it
  was counted last time and is not now. Whether a different file of the same division counts
  is not a change here (its values are compared above). A snapshot written before divisions
  were recorded (`previous.divisions is None`) does not say which were counted: divisions are
  then not compared.

STILL MISSING: a KPI part or an initiative with no value either time is listed too (kind
MISSING), so that 前回比較 shows what is still outstanding instead of a reassuring "no
change". It is not a change: 要確認 renders only the other kinds as K03 rows (`is_change`).

Order: KPIs (plan order, parts in plan order), then statuses (plan order), then divisions
(plan order); 前回比較 sorts this list by 部局 (stable, so this order holds within one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from dxreport.consolidate.inputs import ConsolidationInput, PreviousConsolidation


class Subject(StrEnum):
    """What a change is about."""

    KPI = "kpi"  # a KPI actual (of one part, for a 小/中 KPI)
    STATUS = "status"  # an initiative's 進捗状況
    DIVISION = "division"  # whether a division's return is counted


class ChangeKind(StrEnum):
    CHANGED = "changed"  # a value both times, different
    NEW = "new"  # no value last time, one now
    GONE = "gone"  # a value last time, none now
    MISSING = "missing"  # no value last time, none now either (listed, but not a change)


Value = float | str | None


@dataclass(frozen=True, slots=True)
class Change:
    """One difference from the previous consolidation.

    `key` is the KPI ID, initiative ID or division code; `part` the KPI part label (None for
    a simple KPI and for other subjects). `before`/`after` are the actual (float), the status
    (str) or, for a division, the counted file's name; None where there was none.
    """

    subject: Subject
    kind: ChangeKind
    key: str
    part: str | None
    before: Value
    after: Value


def changes_since(inp: ConsolidationInput, previous: PreviousConsolidation) -> list[Change]:
    """Every difference between `inp` and the `previous` run's snapshot (scope: module doc)."""
    return [
        *_kpi_changes(inp, previous),
        *_status_changes(inp, previous),
        *_division_changes(inp, previous),
    ]


def comparison(inp: ConsolidationInput) -> list[Change] | None:
    """The changes since `inp.previous`; None at the first consolidation (nothing to compare)."""
    return changes_since(inp, inp.previous) if inp.previous is not None else None


def to_review(inp: ConsolidationInput, changes: list[Change] | None) -> list[Change]:
    """The changes 要確認 lists as K03: those since an earlier consolidation of this round.

    Before a round's first run 前回比較 compares with the round before it, where nearly every
    value differs because a new round was answered: that is the round's news, not something
    to check, so 要確認 lists none of it."""
    if changes is None or inp.previous is None or inp.previous.earlier_round is not None:
        return []
    return [c for c in changes if is_change(c)]


def is_change(change: Change) -> bool:
    """Whether `change` is a difference (every kind but MISSING): what K03 of 要確認 lists."""
    return change.kind is not ChangeKind.MISSING


def count_by_kind(changes: Iterable[Change]) -> dict[ChangeKind, int]:
    """How many entries of each kind, every kind present (概要 shows them in this order)."""
    counts = dict.fromkeys(ChangeKind, 0)
    for c in changes:
        counts[c.kind] += 1
    return counts


def kind_of(before: Value, after: Value) -> ChangeKind | None:
    """How `before` became `after`; MISSING for "no value" both times, None when the same."""
    if before is None:
        return ChangeKind.NEW if after is not None else ChangeKind.MISSING
    if after is None:
        return ChangeKind.GONE
    return None if before == after else ChangeKind.CHANGED


def _changed(subject: Subject, key: str, part: str | None, before: Value,
             after: Value) -> Iterable[Change]:
    kind = kind_of(before, after)
    if kind is not None:
        yield Change(subject, kind, key, part, before, after)


def _kpi_changes(inp: ConsolidationInput, previous: PreviousConsolidation) -> Iterable[Change]:
    before = {(p.kpi_id, p.part): p.value for p in previous.kpi_values}
    after = {(a.kpi_id, a.part): a.value for a in inp.kpi_actuals}
    for kpi in inp.plan.kpis:
        parts: list[str | None] = [*kpi.part_labels] or [None]
        for part in parts:
            key = (kpi.id, part)
            yield from _changed(Subject.KPI, kpi.id, part, before.get(key), after.get(key))


def _status_changes(inp: ConsolidationInput,
                    previous: PreviousConsolidation) -> Iterable[Change]:
    before = {p.initiative_id: p.status for p in previous.statuses}
    after = {r.initiative_id: r.status for r in inp.initiative_reports}
    for ini in inp.plan.initiatives:
        yield from _changed(Subject.STATUS, ini.id, None, before.get(ini.id), after.get(ini.id))


def _division_changes(inp: ConsolidationInput,
                      previous: PreviousConsolidation) -> Iterable[Change]:
    if previous.divisions is None:
        return
    before = {d.division_code: d.file_name for d in previous.divisions}
    after = {s.division_code: s.file_name for s in inp.submissions}
    for division in inp.plan.divisions:
        code = division.code
        if (code in before) != (code in after):
            yield Change(Subject.DIVISION, ChangeKind.GONE if code in before else ChangeKind.NEW,
                         code, None, before.get(code), after.get(code))


__all__ = ["Change", "ChangeKind", "Subject", "Value", "changes_since", "comparison",
           "count_by_kind", "is_change", "kind_of", "to_review"]
