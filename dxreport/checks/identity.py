"""Identity: is a returned workbook one of the surveys populate sent, for this round?

The answer comes from the hidden `_meta` sheet the writer filled, checked against the ledger's
record of what was sent (`SurveyRecord`) and the folder's settings. Findings here are about
the whole file (no cell: `_meta` is hidden from people).
"""

from __future__ import annotations

from collections.abc import Callable

from dxreport.checks.findings import Finding, finding
from dxreport.round.folder import Settings
from dxreport.round.ledger import SurveyRecord
from dxreport.survey import layout as L
from dxreport.survey.reader import SurveyReturn


def _round_label(year: str | None, round_code: str | None) -> str:
    return f"{year or '?'} {round_code or '?'}"


def sent_from(distributions: list[SurveyRecord], digest: str | None) -> SurveyRecord | None:
    """The distribution a file came from: the one whose digest its `_meta` carries. A file
    without one was written before distributions were kept: the distribution recorded then
    (a migrated ledger's only one, digest ""), else the current one. None: the digest is
    none of ours (another working folder's survey, or a distribution never recorded)."""
    if not distributions:
        return None
    if digest:
        return next((d for d in distributions if d.sent_digest == digest), None)
    return next((d for d in distributions if not d.sent_digest), distributions[-1])


def check_identity(
    ret: SurveyReturn,
    lookup: Callable[[str], list[SurveyRecord]],
    settings: Settings,
) -> tuple[SurveyRecord | None, list[Finding]]:
    """(the record of the distribution the file came from when it is ours, findings).
    `lookup` gives every distribution of a survey ID, oldest first (from the ledger)."""
    meta = ret.metadata
    sid = (meta.get("survey_id") or "").strip()
    if not sid:
        return None, [finding("I001")]
    expected = _round_label(settings.fiscal_year, settings.round_code)
    year, round_code = meta.get("fiscal_year"), meta.get("round_code")
    m = L.SURVEY_ID_PATTERN.fullmatch(sid)
    if m and (year is None or round_code is None):  # fields lost: the ID still says it
        year, round_code = year or m.group(1), round_code or m.group(2)
    if (year, round_code) != (settings.fiscal_year, settings.round_code):
        return None, [finding("I003", found=_round_label(year, round_code), expected=expected)]
    sent = lookup(sid)
    if not sent:
        return None, [finding("I002", survey_id=sid)]
    record = sent_from(sent, (meta.get(L.META_DISTRIBUTION) or "").strip() or None)
    if record is None:
        return None, [finding("I008", survey_id=sid)]
    found: list[Finding] = []
    division = meta.get("division_code")
    if division is not None and division != record.division_code:
        return None, [finding("I007", found=division, expected=record.division_code)]
    version = meta.get(L.META_TEMPLATE_VERSION)
    if version != record.template_version:
        found.append(finding("I004", found=version or "?", expected=record.template_version))
    return record, found
