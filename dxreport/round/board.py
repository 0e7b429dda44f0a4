"""The submission board (提出状況): expected surveys, what came back, and who is still to answer.

Built from the ledger alone, so `dxreport status`, the Excel control workbook and the status
workbook's 提出状況 sheet all show the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

from dxreport.messages import msg
from dxreport.round.ledger import Ledger, Submission

UNANSWERED = "unanswered"
VERDICTS = ("accepted", "accepted_with_warnings", "returned", "rejected")
ACCEPTED = frozenset({"accepted", "accepted_with_warnings"})


def verdict_label(verdict: str) -> str:
    """Japanese label of a verdict (or of `unanswered`)."""
    return msg(f"verdict_{verdict}")


class BoardRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    survey_id: str
    division_code: str
    division_name: str
    department_name: str
    verdict: str  # one of VERDICTS or UNANSWERED
    received_at: dt.datetime | None = None
    file: str | None = None
    sha256: str | None = None
    errors: int = 0
    warnings: int = 0
    superseded: list[str] = []  # SHA-256 of earlier versions of this survey
    accepted_sha256: str | None = None  # latest accepted version, if any (may be older)

    @property
    def label(self) -> str:
        return verdict_label(self.verdict)


class Board(BaseModel):
    model_config = ConfigDict(frozen=True)

    rows: list[BoardRow]
    unidentified: list[Submission]  # files that could not be tied to a survey

    def count(self, verdict: str) -> int:
        return sum(1 for r in self.rows if r.verdict == verdict)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def received(self) -> int:
        return sum(1 for r in self.rows if r.verdict != UNANSWERED)


def current_submission(subs: list[Submission]) -> Submission | None:
    """The version of a survey that counts: the newest one not superseded or duplicated."""
    live = [s for s in subs if s.duplicate_of is None and s.superseded_by is None]
    return max(live, key=lambda s: s.id) if live else None


def latest_accepted(subs: list[Submission]) -> Submission | None:
    """The newest accepted version (a rejected resubmission does not erase an accepted one)."""
    ok = [s for s in subs if s.duplicate_of is None and s.verdict in ACCEPTED]
    return max(ok, key=lambda s: s.id) if ok else None


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
        cur = current_submission(subs)
        acc = latest_accepted(subs)
        earlier = [s.sha256 for s in subs if s.duplicate_of is None and s is not cur]
        if cur is None:
            rows.append(BoardRow(survey_id=rec.survey_id, division_code=rec.division_code,
                                 division_name=name, department_name=dept, verdict=UNANSWERED))
            continue
        rows.append(
            BoardRow(
                survey_id=rec.survey_id,
                division_code=rec.division_code,
                division_name=name,
                department_name=dept,
                verdict=cur.verdict,
                received_at=cur.received_at,
                file=cur.original_name,
                sha256=cur.sha256,
                errors=_count(cur, "error"),
                warnings=_count(cur, "warning"),
                superseded=earlier,
                accepted_sha256=acc.sha256 if acc else None,
            )
        )
    unidentified = [
        s for s in ledger.submissions() if s.survey_id is None and s.duplicate_of is None
    ]
    return Board(rows=rows, unidentified=unidentified)
