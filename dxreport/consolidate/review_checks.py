"""The DX division's 確認結果 and 確認者 on 要確認, kept from one consolidation to the next.

要確認 is a worklist: the DX division writes what it checked beside each row of the status
workbook. The next consolidation of the round writes a new workbook, so the entries are read
back from the previous one (never changed: it is the user's file) and put beside the same row
again. A row is the same when everything it says is the same (code, text, division, file,
hash, sheet, cell): a row whose text changed (a K03 with a new value) needs a new check.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dxreport.consolidate.inputs import CarriedCheck, CarriedChecks
from dxreport.messages import msg
from dxreport.xlsx.read import XlsxReader, XlsxReadError

# 要確認's columns: the row's identity, then the two the DX division fills in
KEY_HEADERS = ("cons_h_code", "cons_h_message", "cons_h_division", "cons_h_file_name",
               "cons_h_sha_short", "cons_h_sheet", "cons_h_cell")
CHECK_HEADERS = ("cons_h_check_result", "cons_h_checked_by")


def row_key(values: Sequence[Any]) -> list[str]:
    """The identity of a 要確認 row from the values of `KEY_HEADERS`, as text."""
    return ["" if v is None else str(v) for v in values]


def read_checks(path: Path) -> CarriedChecks | None:
    """The filled-in checks of `path`'s 要確認 (its file name in the result); a note instead
    when the file cannot be read (moved, deleted, not a workbook): nothing is carried then.
    None when it has none: the run's input is then the same as without this step (an
    unchanged ledger still reprints the last workbook)."""
    name = path.name
    try:
        with XlsxReader(path.read_bytes(), data_only=True) as book:
            rows = book.rows(msg("cons_sheet_review"))
    except (OSError, XlsxReadError, KeyError, ValueError) as exc:
        return CarriedChecks(file_name=name, note=msg("cons_checks_unreadable", file=name,
                                                       reason=_reason(exc)))
    header_at = next((i for i, (_r, v) in enumerate(rows) if msg("cons_h_code") in v), None)
    if header_at is None:
        return CarriedChecks(file_name=name, note=msg("cons_checks_unreadable", file=name,
                                                       reason=msg("cons_checks_no_header")))
    header = list(rows[header_at][1])
    try:
        keys = [header.index(msg(k)) for k in KEY_HEADERS]
        checks = [header.index(msg(k)) for k in CHECK_HEADERS]
    except ValueError:
        return CarriedChecks(file_name=name, note=msg("cons_checks_unreadable", file=name,
                                                       reason=msg("cons_checks_no_header")))
    carried = []
    for _r, values in rows[header_at + 1:]:
        padded = [*values, *([None] * len(header))]
        result, by = (padded[i] for i in checks)
        if result is None and by is None:
            continue
        carried.append(CarriedCheck(key=row_key([padded[i] for i in keys]),
                                    result=_text(result), checked_by=_text(by)))
    return CarriedChecks(file_name=name, checks=carried) if carried else None


def _text(v: Any) -> str | None:
    return None if v is None else str(v)


def _reason(exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return msg("cons_checks_missing")
    if isinstance(exc, OSError):
        return msg("cons_checks_locked")
    return msg("cons_checks_not_workbook")


def checks_for(carried: CarriedChecks | None) -> dict[tuple[str, ...], tuple[str | None,
                                                                          str | None]]:
    """The carried entries by row identity (`row_key`)."""
    if carried is None:
        return {}
    return {tuple(c.key): (c.result, c.checked_by) for c in carried.checks}


def legend_of(carried: CarriedChecks | None, placed: int) -> str | None:
    """What 要確認 says above its table about the carried checks (None: nothing to carry)."""
    if carried is None or (carried.note is None and not carried.checks):
        return None
    if carried.note is not None:
        return carried.note
    lost = len(carried.checks) - placed
    return msg("cons_checks_carried", file=carried.file_name, n=placed, lost=lost)


__all__ = ["CHECK_HEADERS", "KEY_HEADERS", "checks_for", "legend_of", "read_checks", "row_key"]
