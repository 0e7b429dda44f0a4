"""Verdicts: the standing of one returned file, or of one division in a round.

One type for both, because people read them side by side: the findings workbook says what a
file was judged (受理 / 受理（警告あり） / 差し戻し / 受付不可), and the board, `dxreport status`,
the Excel 提出状況 sheet and the status workbook say where each division stands, which is the
verdict of the return that counts (`round.counting`), or 未回答 when none came back.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from dxreport.messages import msg


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    ACCEPTED_WITH_WARNINGS = "accepted_with_warnings"
    RETURNED = "returned"  # fixable by the division: send back with the findings marked
    REJECTED = "rejected"  # unreadable, unsafe or not one of our surveys
    UNANSWERED = "unanswered"  # a division's standing only: nothing of its came back

    @property
    def label(self) -> str:
        """Japanese label: 受理 / 受理（警告あり） / 差し戻し / 受付不可 / 未回答."""
        return verdict_label(self)

    @property
    def accepted(self) -> bool:
        """Accepted (with or without warnings): its values may be consolidated."""
        return self in ACCEPTED


FILE_VERDICTS: Final[tuple[Verdict, ...]] = (
    Verdict.ACCEPTED, Verdict.ACCEPTED_WITH_WARNINGS, Verdict.RETURNED, Verdict.REJECTED)
"""What validation can say of a file (every verdict but 未回答), in this order."""

ACCEPTED: Final[frozenset[Verdict]] = frozenset(
    {Verdict.ACCEPTED, Verdict.ACCEPTED_WITH_WARNINGS})


def verdict_label(verdict: str) -> str:
    """The Japanese label of a verdict, given as a `Verdict` or as its stored value."""
    return msg(f"verdict_{Verdict(verdict).value}")
