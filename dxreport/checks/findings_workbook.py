"""The findings workbook `検証結果.xlsx`: one row per finding, one summary row per file.

Everything a division could have typed (file names, cell text quoted in messages) goes in
through `put_text`, the one neutraliser (`dxreport.xlsx.neutralise`): nothing from a returned
file can become a live formula here, and it reads as in the status workbook.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, ConfigDict

from dxreport.checks.findings import Finding, counts, verdict
from dxreport.fileio import save_atomic
from dxreport.messages import msg
from dxreport.rules.verdicts import Verdict
from dxreport.xlsx.neutralise import clean_text, put_text
from dxreport.xlsx.print_layout import fit_a4, fit_row_height

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
VERDICT_FILL = {
    Verdict.ACCEPTED: PatternFill("solid", fgColor="C6EFCE"),
    Verdict.ACCEPTED_WITH_WARNINGS: WARNING_FILL,
    Verdict.RETURNED: ERROR_FILL,
    Verdict.REJECTED: PatternFill("solid", fgColor="D9D9D9"),
}
WRAP = Alignment(wrap_text=True, vertical="top")
LINK_FONT = Font(color="0563C1", underline="single")


class FileResult(BaseModel):
    """Validation outcome of one returned file, as the findings workbook shows it."""

    model_config = ConfigDict(frozen=True)

    file: str  # the name it was received under
    division: str | None = None
    verdict: Verdict
    findings: list[Finding]
    sha256: str | None = None
    return_copy: Path | None = None  # annotated copy in 4_差し戻し (hyperlink target)
    respondent: str | None = None  # who filled it in (the survey's 回答者 block), one line

    @classmethod
    def of(cls, file: str, findings: Sequence[Finding], **kw: object) -> FileResult:
        return cls(file=file, findings=list(findings), verdict=verdict(findings), **kw)


def cell_location(sheet: str, cell: str) -> str:
    """Excel hyperlink location `'sheet'!A1` (quotes doubled inside the name)."""
    return "'" + sheet.replace("'", "''") + "'!" + cell.split(":")[0]


# Excel 2007 and 2010 refuse a workbook whose hyperlink address is longer than this (later
# versions allow 2079); the address is the relationship target, percent-encoded, so each
# Japanese character counts 9.
LINK_LIMIT = 255
# Characters a relative URI path may hold as they are (RFC 3986 pchar, minus ":" that would
# read as a scheme): encoding only what must be encoded is the shortest form.
_PATH_SAFE = "/._-~!$&'()*+,;=@"


def relative_link(target: Path, from_folder: Path) -> str:
    """A relative, percent-encoded URI from `from_folder` to `target` (moves with the folder)."""
    return quote(_relative(target, from_folder).as_posix(), safe=_PATH_SAFE)


def copy_link(target: Path, from_folder: Path) -> str | None:
    """`relative_link`, or None when it would exceed `LINK_LIMIT` (Excel would refuse it)."""
    link = relative_link(target, from_folder)
    return link if len(link) <= LINK_LIMIT else None


def _relative(target: Path, from_folder: Path) -> PurePosixPath:
    return PurePosixPath(*Path(os.path.relpath(Path(target).resolve(),
                                               Path(from_folder).resolve())).parts)


def _text_path(target: Path, from_folder: Path) -> str:
    """The path as the clerk types it in Explorer on Windows, relative to `from_folder`."""
    return str(PureWindowsPath(*_relative(target, from_folder).parts))


def write_findings_workbook(target: Path, results: Sequence[FileResult]) -> Path:
    """Write `検証結果.xlsx` to `target` atomically and return its path."""
    target = Path(target)
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = msg("chk_sheet_summary")
    detail = wb.create_sheet(msg("chk_sheet_findings"))
    _write_summary(summary, results, target.parent)
    _write_findings(detail, results, target.parent)
    save_atomic(target, wb.save)
    return target


def _header(ws: Worksheet, keys: Sequence[str], widths: Sequence[int]) -> None:
    for col, (key, width) in enumerate(zip(keys, widths, strict=True), start=1):
        cell = ws.cell(row=1, column=col)
        put_text(cell, msg(key))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
        ws.column_dimensions[get_column_letter(col)].width = width


def _finish_sheet(ws: Worksheet, ncols: int) -> None:
    last = max(ws.max_row, 1)
    ws.auto_filter.ref = f"A1:{get_column_letter(ncols)}{last}"
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    fit_a4(ws)


def _write_summary(ws: Worksheet, results: Sequence[FileResult], here: Path) -> None:
    keys = ("chk_col_division", "chk_col_file", "chk_col_verdict", "chk_col_errors",
            "chk_col_warnings", "chk_col_sha256", "chk_col_respondent")
    _header(ws, keys, (24, 40, 18, 11, 11, 68, 36))  # a SHA-256 is one 64-character token
    for row, r in enumerate(results, start=2):
        fit_row_height(ws, row, ((r.division, 24), (r.file, 40), (r.verdict.label, 18),
                                 (r.respondent or "", 36)))
        errors, warnings = counts(r.findings)
        put_text(ws.cell(row=row, column=1), r.division or "")
        name = ws.cell(row=row, column=2)
        put_text(name, r.file)
        if r.return_copy is not None:
            _link_copy(name, r.return_copy, here)
        v = ws.cell(row=row, column=3)
        put_text(v, r.verdict.label)
        v.fill = VERDICT_FILL[r.verdict]
        ws.cell(row=row, column=4, value=errors)
        ws.cell(row=row, column=5, value=warnings)
        put_text(ws.cell(row=row, column=6), r.sha256 or "")
        put_text(ws.cell(row=row, column=7), r.respondent or "")
        for col in (1, 2, 3, 7):
            ws.cell(row=row, column=col).alignment = WRAP
    _finish_sheet(ws, len(keys))


def _link_copy(cell: Cell, copy: Path, here: Path) -> None:
    """Link `cell` to the return copy's findings sheet; when the address would be too long
    for Excel, a note on the cell gives the copy's path as text instead."""
    link = copy_link(copy, here)
    if link is not None:
        cell.hyperlink = Hyperlink(ref=cell.coordinate, target=link,
                                   location=cell_location(msg("chk_sheet_return_findings"), "A1"))
        cell.font = LINK_FONT
        return
    note = msg("chk_copy_link_too_long", limit=LINK_LIMIT, path=_text_path(copy, here))
    comment = Comment(clean_text(note), msg("chk_comment_author"))
    comment.width, comment.height = 360, 120
    cell.comment = comment


def _write_findings(ws: Worksheet, results: Sequence[FileResult], here: Path) -> None:
    keys = ("chk_col_file", "chk_col_division", "chk_col_location", "chk_col_code",
            "chk_col_severity", "chk_col_message", "chk_col_action")
    widths = (30, 20, 22, 8, 8, 60, 60)
    _header(ws, keys, widths)
    row = 2
    for r in results:
        for f in r.findings:
            values = (r.file, r.division or "", f.location or msg("chk_whole_file"), f.code,
                      f.severity_label, f.message, f.action)
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=col)
                put_text(cell, value)
                cell.alignment = WRAP
            fit_row_height(ws, row, zip(values, widths, strict=True))
            ws.cell(row=row, column=5).fill = ERROR_FILL if f.severity == "error" \
                else WARNING_FILL
            link = copy_link(r.return_copy, here) if r.return_copy is not None else None
            if link is not None and f.sheet and f.cell:  # too long: the summary says where
                loc = ws.cell(row=row, column=3)
                loc.hyperlink = Hyperlink(ref=loc.coordinate, target=link,
                                          location=cell_location(f.sheet, f.cell))
                loc.font = LINK_FONT
            row += 1
    _finish_sheet(ws, len(keys))
