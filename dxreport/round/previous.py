"""What the predecessor round accepted: the 前回実績 and 前回の進捗状況 a new round's surveys
show beside each input.

The values are those of the predecessor folder's accepted returns, each survey's picked by the
one rule of `round.counting` (the newest accepted return; none when the division never had one
accepted), read as validation stored them (`round.submitted.values_of`). So a survey shows
exactly what the predecessor's consolidation would use, whether or not it was consolidated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dxreport.messages import msg
from dxreport.round.chain import find, short_name
from dxreport.round.counting import count
from dxreport.round.folder import WorkFolder
from dxreport.round.ledger import Ledger
from dxreport.round.submitted import values_of


@dataclass(frozen=True)
class PreviousAnswers:
    """The predecessor round's accepted answers, by survey row key."""

    title: str  # the round as a column header names it: 令和8年度 年度末
    kpi: dict[str, float | None] = field(default_factory=dict)  # row key -> actual (None: blank)
    status: dict[str, str | None] = field(default_factory=dict)  # initiative ID -> 進捗状況


def round_title(fiscal_year: str, round_code: str, round_name: str) -> str:
    """`令和8年度 年度末`: how a survey names a round beside its figures."""
    return msg("sv_previous_round", year=fiscal_year.removeprefix("R"),
               round=short_name(round_code, round_name))


def previous_answers(folder: WorkFolder) -> tuple[PreviousAnswers | None, str | None]:
    """(the answers of `folder`'s predecessor round, a note when it was found elsewhere or
    not at all). (None, None) for a round without a predecessor."""
    if folder.settings.previous is None:
        return None, None
    prev, note = find(folder)
    if prev is None:
        return None, note
    return accepted_answers(prev), note


def accepted_answers(folder: WorkFolder) -> PreviousAnswers:
    """Every accepted value of `folder`'s round (see the module doc)."""
    s = folder.settings
    out = PreviousAnswers(round_title(s.fiscal_year, s.round_code, s.round_name))
    with Ledger.open(folder) as ledger:
        ids = dict.fromkeys(r.survey_id for r in ledger.surveys(
            carried=False, round_of=(s.fiscal_year, s.round_code)))
        for survey_id in ids:
            accepted = count(ledger.submissions(survey_id)).values
            if accepted is None:
                continue
            values = values_of(accepted)
            for k in values.kpis:
                out.kpi.setdefault(k.key, k.value)
            for r in values.initiatives:
                out.status.setdefault(r.initiative_id, r.status)
    return out


__all__ = ["PreviousAnswers", "accepted_answers", "previous_answers", "round_title"]
