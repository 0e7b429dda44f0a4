"""The fixed list of progress statuses (進捗状況) a division picks for each initiative.

The survey writer offers exactly these values in its drop-down list, the reader accepts only
these, and the status workbook counts initiatives by them, in this order.
"""

from __future__ import annotations

from typing import Final, Literal

from dxreport.messages import msg

Status = Literal["順調", "概ね順調", "遅れ", "未着手", "完了"]

STATUSES: Final[tuple[Status, ...]] = ("順調", "概ね順調", "遅れ", "未着手", "完了")
"""Allowed 進捗状況 values, best-to-worst for running work, then 完了."""

_DEFINITION_KEYS: Final[dict[str, str]] = {
    "順調": "cons_status_def_on_track",
    "概ね順調": "cons_status_def_mostly",
    "遅れ": "cons_status_def_delayed",
    "未着手": "cons_status_def_not_started",
    "完了": "cons_status_def_done",
}


def status_definition(status: str) -> str:
    """Japanese definition of a status, as shown in the survey and the 計算方法 sheet."""
    return msg(_DEFINITION_KEYS[status])


def is_status(value: object) -> bool:
    return isinstance(value, str) and value in STATUSES


# (status, definition shown on 記入要領) in the order of the dropdown.
STATUS_DEFINITIONS: Final[tuple[tuple[str, str], ...]] = tuple(
    (s, status_definition(s)) for s in STATUSES
)
# Statuses that require the 課題 and 今後の対応 comments.
STATUSES_NEEDING_COMMENT: Final[frozenset[str]] = frozenset({"遅れ", "未着手"})
