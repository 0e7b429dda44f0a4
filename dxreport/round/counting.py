"""Which return counts: the one rule every face uses to pick a division's return.

A division may send several files for one survey: a first try and its fix, a stale draft
mailed late, the same file twice. The return that **counts** is, among its submissions that
are neither exact duplicates (I005) nor rejected (受付不可: unreadable, unsafe, not ours),
the newest by the file's saved time (`dcterms:modified`, what the division sees in Explorer;
the time it was received when the file does not say), then by the order received (the
submission id). So a stale draft saved 1 April that arrives after the version saved
10 April does not replace it, whichever run or file name brings it in; a rejected file never
displaces anything (it was not readable as a return at all).

The division's **standing** is the verdict of the return that counts (受理 / 受理（警告あり） /
差し戻し), 未回答 when nothing came back. When every file tied to the survey was rejected (in
practice never: a rejected file is not read far enough to be tied to a survey), the newest of
them stands in for the return that counts, so every face shows 受付不可 and its file alike.

The return whose **values feed consolidation** follows from the same order: the newest
*accepted* return. When the return that counts was accepted, that is the same file. When it
was sent back (差し戻し), its values are not used (they failed validation), and:
- if an older return of the division was accepted, its values are the only checked evidence
  of the division's actuals, so consolidation uses them, and says so on 要確認 (C01: the newer
  return was sent back, the older accepted one's values were consolidated); the division's
  standing stays 差し戻し everywhere (a rejected file newer than the accepted one is noted
  on 要確認 the same way: it changes nothing, but the auditor should know it came);
- otherwise consolidation has no values of the division: its KPIs are 未提出 and its
  initiatives show its standing (差し戻し), not 未回答, since it did answer.

validate (which versions are marked superseded, I006), the board (`dxreport status`, the Excel
提出状況 sheet), 検証結果.xlsx and the status workbook (提出状況, KPI一覧, 取組一覧, 要確認) all
ask `count()`; nothing else orders submissions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dxreport.round.ledger import JST, Submission
from dxreport.rules.verdicts import Verdict


def order_key(sub: Submission) -> tuple[dt.datetime, int]:
    """Oldest first: the file's saved time (else when it was received), then order received."""
    when = sub.saved_at or sub.received_at
    return (when if when.tzinfo is not None else when.replace(tzinfo=JST), sub.id)


def candidates(subs: Iterable[Submission]) -> list[Submission]:
    """The submissions that may count (no duplicates, nothing rejected), oldest first."""
    return sorted((s for s in subs if s.duplicate_of is None
                   and s.verdict != Verdict.REJECTED), key=order_key)


@dataclass(frozen=True)
class Counted:
    """What the rule says of one survey's (or one division's) submissions."""

    counting: Submission | None  # the return that counts, None when nothing came back
    values: Submission | None  # the accepted return consolidation reads, if any
    replaced: list[Submission]  # the other candidates, which the counting one replaced
    standing: Verdict
    unused_newer: list[Submission]  # newer than `values`, not accepted (要確認 C01), in order

    @property
    def values_from_older(self) -> bool:
        """The return that counts was sent back; an older accepted one's values are used."""
        return self.values is not None and self.values is not self.counting


def count(subs: Iterable[Submission]) -> Counted:
    """Apply the rule (see the module docstring) to the submissions of one survey."""
    subs = list(subs)
    live = candidates(subs)
    if not live:
        rejected = sorted((s for s in subs if s.duplicate_of is None), key=order_key)
        if rejected:
            return Counted(rejected[-1], None, [], Verdict.REJECTED, [])
        return Counted(None, None, [], Verdict.UNANSWERED, [])
    counting = live[-1]
    values = next((s for s in reversed(live) if Verdict(s.verdict).accepted), None)
    unused = [] if values is None else [
        s for s in sorted(subs, key=order_key)
        if s.duplicate_of is None and order_key(s) > order_key(values)]
    return Counted(counting, values, live[:-1], Verdict(counting.verdict), unused)
