"""Every returned file of a round, and every finding on it, as tidy records.

Which file counts and whose values are used come from `round.counting` (the one rule), so
these records say what `dxreport status`, 検証結果.xlsx and the status workbook say.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from dxreport.round.counting import count
from dxreport.round.ledger import Ledger, Submission
from dxreport.rules.verdicts import Verdict

SUBMISSION_COLUMNS: tuple[str, ...] = (
    "submission_id", "file", "sha256", "survey_id", "department", "division", "division_code",
    "saved_at", "received_at", "verdict", "errors", "warnings", "counts", "values_used",
    "superseded_by", "duplicate_of",
)
FINDING_COLUMNS: tuple[str, ...] = (
    "submission_id", "file", "sha256", "division", "division_code", "counts", "code",
    "severity", "sheet", "cell", "message", "action",
)

Names = Mapping[str, tuple[str, str]]  # division code -> (department name, division name)
FindingView = Callable[[dict[str, Any]], dict[str, Any]]


def _round_submissions(ledger: Ledger, round_of: tuple[str, str]
                       ) -> Iterator[tuple[Submission, bool, bool]]:
    """(submission, counts, values used) for the round's surveys, then the unidentified files."""
    for rec in ledger.surveys(carried=False, round_of=round_of):
        subs = ledger.submissions(rec.survey_id)
        counted = count(subs)
        for sub in subs:
            yield sub, sub is counted.counting, sub is counted.values
    for sub in ledger.submissions():
        if sub.survey_id is None and sub.superseded_by is None:  # not since checked again
            yield sub, False, False


def _owner(sub: Submission, names: Names) -> dict[str, Any]:
    dept, name = names.get(sub.division_code or "", (None, None))
    return {"department": dept, "division": name, "division_code": sub.division_code}


def submission_records(ledger: Ledger, names: Names,
                       round_of: tuple[str, str]) -> list[dict[str, Any]]:
    """One record per file received for the round, oldest survey first."""
    return [
        {
            "submission_id": sub.id,
            "file": sub.original_name,
            "sha256": sub.sha256,
            "survey_id": sub.survey_id,
            **_owner(sub, names),
            "saved_at": sub.saved_at,
            "received_at": sub.received_at,
            "verdict": Verdict(sub.verdict).label,
            "errors": sum(1 for f in sub.findings if f.get("severity") == "error"),
            "warnings": sum(1 for f in sub.findings if f.get("severity") == "warning"),
            "counts": counts,
            "values_used": used,
            "superseded_by": sub.superseded_by,
            "duplicate_of": sub.duplicate_of,
        }
        for sub, counts, used in _round_submissions(ledger, round_of)
    ]


def finding_records(ledger: Ledger, names: Names, round_of: tuple[str, str],
                    view: FindingView) -> list[dict[str, Any]]:
    """One record per finding on a file of the round; `view` turns a stored finding into its
    code, severity, sheet, cell, message and action (the checks stage owns that rendering)."""
    records = []
    for sub, counts, _used in _round_submissions(ledger, round_of):
        owner = _owner(sub, names)
        for stored in sub.findings:
            records.append({
                "submission_id": sub.id, "file": sub.original_name, "sha256": sub.sha256,
                "division": owner["division"], "division_code": sub.division_code,
                "counts": counts, **view(stored),
            })
    return records
