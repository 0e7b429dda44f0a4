"""The submission board (提出状況): expected surveys, what came back, and who is still to answer.

Each division's row is its standing under the one rule of `round.counting`; built from the
ledger alone, so `dxreport status`, the Excel control workbook and the status
workbook's 提出状況 sheet all show the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

from dxreport.round.counting import count
from dxreport.round.ledger import Ledger, Submission
from dxreport.rules.verdicts import Verdict


class BoardRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    survey_id: str
    division_code: str
    division_name: str
    department_name: str
    verdict: Verdict  # the division's standing: the verdict of the return that counts
    received_at: dt.datetime | None = None
    file: str | None = None
    sha256: str | None = None
    errors: int = 0
    warnings: int = 0
    superseded: list[str] = []  # SHA-256 of the versions the return that counts replaced
    accepted_sha256: str | None = None  # the accepted return consolidation reads (may be older)

    @property
    def label(self) -> str:
        return self.verdict.label


class Board(BaseModel):
    model_config = ConfigDict(frozen=True)

    rows: list[BoardRow]
    unidentified: list[Submission]  # files that could not be tied to a survey

    def count(self, verdict: Verdict) -> int:
        return sum(1 for r in self.rows if r.verdict == verdict)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def received(self) -> int:
        return sum(1 for r in self.rows if r.verdict != Verdict.UNANSWERED)


def _count(sub: Submission, severity: str) -> int:
    return sum(1 for f in sub.findings if f.get("severity") == severity)


def build_board(ledger: Ledger, names: Mapping[str, tuple[str, str]],
                round_of: tuple[str, str]) -> Board:
    """The surveys of `round_of` (fiscal year, round code), as consolidation takes them.
    `names` maps division code -> (department name, division name), e.g. from the plan."""
    rows: list[BoardRow] = []
    for rec in ledger.surveys(carried=False, round_of=round_of):
        subs = ledger.submissions(rec.survey_id)
        dept, name = names.get(rec.division_code, ("", rec.division_code))
        counted = count(subs)
        cur, acc = counted.counting, counted.values
        if cur is None:
            rows.append(BoardRow(survey_id=rec.survey_id, division_code=rec.division_code,
                                 division_name=name, department_name=dept,
                                 verdict=counted.standing))
            continue
        rows.append(
            BoardRow(
                survey_id=rec.survey_id,
                division_code=rec.division_code,
                division_name=name,
                department_name=dept,
                verdict=counted.standing,
                received_at=cur.received_at,
                file=cur.original_name,
                sha256=cur.sha256,
                errors=_count(cur, "error"),
                warnings=_count(cur, "warning"),
                superseded=[s.sha256 for s in counted.replaced],
                accepted_sha256=acc.sha256 if acc else None,
            )
        )
    unidentified = [
        s for s in ledger.submissions()
        if s.survey_id is None and s.duplicate_of is None and s.superseded_by is None
    ]  # a file rejected, then checked again (validate's RECHECK), shows its newer row
    return Board(rows=rows, unidentified=unidentified)
