"""Annotated copy of a returned file for the division (差し戻し用の写し).

Each offending cell gets a fill (red: error, yellow: warning) and a comment saying what was
found and what to do; a `検証結果` sheet in front lists every finding with a link to its cell.
The original is read once and never written. Nothing is unlocked: cell and sheet protection
(including the password hash) are carried over as loaded, so the division can still edit
only the input cells.

openpyxl round trip (measured in tests/checks/test_return_copy.py): data validations, conditional
formatting, defined names, sheet and workbook protection, hidden columns, column widths,
number formats and existing comments survive. Images, charts, shapes/form controls, VBA and
data-validation extensions (`x14:dataValidations`, lists referring to other sheets in files
written by old Excel) are dropped — none of which a survey's input cells depend on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from dxreport.checks.filesafety import Limits, inspect_file
from dxreport.checks.findings import Finding, counts, verdict
from dxreport.checks.findings_workbook import (
    ERROR_FILL,
    HEADER_FILL,
    LINK_FONT,
    WARNING_FILL,
    WRAP,
    cell_location,
)
from dxreport.errors import UserError
from dxreport.fileio import save_atomic
from dxreport.messages import msg
from dxreport.rules.verdicts import Verdict
from dxreport.xlsx.neutralise import clean_text, put_text
from dxreport.xlsx.print_layout import fit_a4, fit_row_height

COMMENT_SEPARATOR = "\n――――――――\n"


def return_copy_name(name: str, sha256: str | None = None) -> str:
    """The copy's file name in 4_差し戻し for the return at `name` (its path in 2_回収).

    Named after the file's whole path: two divisions' `回答.xlsx` in their own subfolders,
    validated in different runs, must not share one copy (the clerk would mail one division
    the other's workbook). The same path again is the same sender's newer version, whose copy
    replaces the old one. Two such files in one run: the second gets its SHA-256's start."""
    path = PurePosixPath(name)
    stem = "_".join([*path.parent.parts, path.stem])
    if sha256 is not None:
        stem = f"{stem}_{sha256[:8]}"
    return msg("chk_return_copy_name", stem=stem)


def find_return_copy(send_back: Path, name: str, sha256: str) -> Path | None:
    """The annotated copy written for the return (`name`, `sha256`), if it is still there:
    the one named with the SHA-256's start first (unambiguous), else the plain name."""
    for candidate in (return_copy_name(name, sha256), return_copy_name(name)):
        if (send_back / candidate).is_file():
            return send_back / candidate
    return None


def write_return_copy(
    source: Path,
    findings: Sequence[Finding],
    target: Path,
    *,
    limits: Limits | None = None,
    display_name: str | None = None,
) -> Path:
    """Write an annotated copy of `source` to `target` (atomically); `source` is not touched.

    `display_name`: the file name the division knows (when `source` is the intake copy)."""
    source, target = Path(source), Path(target)
    if target.resolve() == source.resolve():
        raise UserError(msg("chk_return_copy_same_path", path=target))
    safe = inspect_file(source, limits)
    if isinstance(safe, list):
        codes = "、".join(f.code for f in safe)
        raise UserError(msg("chk_return_copy_unreadable", file=source.name, codes=codes))
    wb = safe.workbook
    assert isinstance(wb, Workbook)  # inspect_file without read_only loads the full workbook
    _mark_cells(wb, findings)
    _add_findings_sheet(wb, findings, display_name or source.name, verdict(findings))
    save_atomic(target, wb.save)
    return target


def _target_cell(ws: Worksheet, ref: str) -> Any:
    """The cell a comment can sit on: first cell of a range, top-left of a merged area."""
    try:
        min_col, min_row, _, _ = range_boundaries(ref)
    except (ValueError, TypeError):
        return None
    if min_col is None or min_row is None:
        return None
    cell = ws.cell(row=min_row, column=min_col)
    if isinstance(cell, MergedCell):
        for merged in ws.merged_cells.ranges:
            if cell.coordinate in merged:
                return ws.cell(row=merged.min_row, column=merged.min_col)
    return cell


def _mark_cells(wb: Workbook, findings: Sequence[Finding]) -> None:
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.sheet and f.cell and f.sheet in wb.sheetnames:
            by_cell[(f.sheet, f.cell)].append(f)
    for (sheet, ref), found in by_cell.items():
        cell = _target_cell(wb[sheet], ref)
        if cell is None:
            continue
        has_error = any(f.severity == "error" for f in found)
        cell.fill = ERROR_FILL if has_error else WARNING_FILL  # style only: protection kept
        text = "\n".join(
            msg("chk_comment_text", code=f.code, severity=f.severity_label,
                message=f.message, action=f.action)
            for f in found
        )
        if cell.comment is not None and cell.comment.text:  # keep what the division wrote
            text = cell.comment.text + COMMENT_SEPARATOR + text
        # the messages quote the division's text: a comment cannot hold what a cell cannot
        comment = Comment(clean_text(text), msg("chk_comment_author"))
        comment.width = 360
        comment.height = min(600, 60 + 18 * (text.count("\n") + 2 * len(found) + 1))
        cell.comment = comment


def _add_findings_sheet(wb: Workbook, findings: Sequence[Finding], file_name: str,
                        outcome: Verdict) -> None:
    title = msg("chk_sheet_return_findings")
    if title in wb.sheetnames:  # a resubmitted return copy: replace our old list
        wb.remove(wb[title])
    ws = wb.create_sheet(title, 0)
    errors, warnings = counts(findings)
    put_text(ws["A1"], msg("chk_return_title", file=file_name, verdict=outcome.label,
                           errors=errors, warnings=warnings))
    ws["A1"].font = Font(bold=True, size=12)
    put_text(ws["A2"], msg("chk_return_note"))
    keys = ("chk_col_location", "chk_col_code", "chk_col_severity", "chk_col_message",
            "chk_col_action")
    widths = (22, 8, 8, 60, 60)
    for col, (key, width) in enumerate(zip(keys, widths, strict=True), start=1):
        cell = ws.cell(row=4, column=col)
        put_text(cell, msg(key))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        ws.column_dimensions[cell.column_letter].width = width
    for row, f in enumerate(findings, start=5):
        values = (f.location or msg("chk_whole_file"), f.code, f.severity_label, f.message,
                  f.action)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col)
            put_text(cell, value)
            cell.alignment = WRAP
        fit_row_height(ws, row, zip(values, widths, strict=True))
        ws.cell(row=row, column=3).fill = ERROR_FILL if f.severity == "error" else WARNING_FILL
        if f.sheet and f.cell and f.sheet in wb.sheetnames:
            loc = ws.cell(row=row, column=1)
            loc.hyperlink = Hyperlink(ref=loc.coordinate, location=cell_location(f.sheet, f.cell))
            loc.font = LINK_FONT
    ws.freeze_panes = "A5"
    fit_a4(ws)
    ws.row_dimensions[2].height = 30
    ws["A2"].alignment = Alignment(wrap_text=False, vertical="top")
    ws.protection.sheet = True  # read-only list; no password, nothing else is unlocked
    # Open on the list, with exactly one selected tab: several selected tabs put Excel in
    # group-edit mode, where typing into one sheet writes into all of them.
    for other in wb.worksheets:
        other.sheet_view.tabSelected = False
    ws.sheet_view.tabSelected = True
    wb.active = 0
