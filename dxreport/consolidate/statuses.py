"""The fixed list of initiative progress statuses (進捗状況) and their definitions.

Used by the survey writer (dropdown, 記入要領), the validator and the status workbook.
"""

from __future__ import annotations

from typing import Final

# (status, definition shown on 記入要領) in the order of the dropdown.
STATUS_DEFINITIONS: Final[tuple[tuple[str, str], ...]] = (
    ("完了", "今年度の計画をすべて実施し、取組を終えた。"),
    ("順調", "計画どおりに進んでいる。"),
    ("概ね順調", "一部に遅れはあるが、年度内に計画を達成できる見込み。"),
    ("遅れ", "計画より遅れており、年度内の達成が難しい見込み（課題と今後の対応を記入）。"),
    ("未着手", "まだ取り組みを始めていない（理由を課題欄に記入）。"),
)
STATUSES: Final[tuple[str, ...]] = tuple(s for s, _ in STATUS_DEFINITIONS)
# Statuses that require the 課題 and 今後の対応 comments.
STATUSES_NEEDING_COMMENT: Final[frozenset[str]] = frozenset({"遅れ", "未着手"})
