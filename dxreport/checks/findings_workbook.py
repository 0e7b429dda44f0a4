"""The findings workbook `検証結果.xlsx`: one row per finding, one summary row per file.

A worklist for the DX division: a title line (year, round, when validation ran) above each
table, the files still needing action (要対応) first, the same font and colours as the status
workbook (`xlsx.palette`), and a running header and footer on every printed page.

Everything a division could have typed (file names, cell text quoted in messages) goes in
through `put_text`, the one neutraliser (`dxreport.xlsx.neutralise`): nothing from a returned
file can become a live formula here, and it reads as in the status workbook.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, ConfigDict

from dxreport.checks.findings import Finding, counts, verdict
from dxreport.fileio import save_atomic
from dxreport.messages import msg
from dxreport.rules.fiscal_year import reiwa_datetime
from dxreport.rules.verdicts import Verdict
from dxreport.xlsx import palette
from dxreport.xlsx.neutralise import clean_text, put_text
from dxreport.xlsx.print_layout import fit_page, fit_row_height, header_footer
from dxreport.xlsx.sheet_table import DATETIME_FORMAT, FONT, FONT_HEADER, FONT_NAME, FONT_TITLE

GREEN, LIGHT_GREEN, AMBER, RED = palette.RATING_STEPS
HEADER_FILL = palette.fill(palette.HEADER)
# A finding's severity: the palette's error red (white bold text), far from the survey's pale
# 入力チェック pink, and a pale yellow for a warning; the same in every return copy.
ERROR_FILL = palette.fill(palette.ERROR_FILL)
ERROR_FONT = Font(name=FONT_NAME, size=10, bold=True, color=palette.ERROR_TEXT)
WARNING_FILL = palette.fill(palette.WARNING_FILL)
WARNING_FONT = Font(name=FONT_NAME, size=10, color=palette.WARNING_TEXT)
SEVERITY_STYLE = {"error": (ERROR_FILL, ERROR_FONT), "warning": (WARNING_FILL, WARNING_FONT)}
FONT_ALERT = Font(name=FONT_NAME, size=10, bold=True, color=palette.ERROR_FILL)
RETURNED_FILL = palette.fill(RED)  # the verdict 差し戻し and 要対応, on the rating scale
VERDICT_FILL = {
    Verdict.ACCEPTED: palette.fill(GREEN),
    Verdict.ACCEPTED_WITH_WARNINGS: palette.fill(LIGHT_GREEN),
    Verdict.RETURNED: RETURNED_FILL,
    Verdict.REJECTED: palette.fill(palette.NOT_SUBMITTED),
}
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LINK_FONT = Font(name=FONT_NAME, size=10, color="0563C1", underline="single")
HEADER_ROW = 2  # row 1: the title line


class FileResult(BaseModel):
    """Validation outcome of one returned file, as the findings workbook shows it."""

    model_config = ConfigDict(frozen=True)

    file: str  # the name it was received under
    division: str | None = None
    verdict: Verdict
    findings: list[Finding]
    sha256: str | None = None
    return_copy: Path | None = None  # annotated copy in 4_差し戻し (hyperlink target)
    superseded: bool = False  # a newer return of the same survey replaced it
    duplicate: bool = False  # the same content was received before
    department: str | None = None
    received_at: dt.datetime | None = None  # when the ledger first saw this content
    saved_at: dt.datetime | None = None  # when the division saved it (the file's own time)

    @property
    def action(self) -> str:
        """要対応 (send back / chase), 対応済み（新しい回答を受理）, 重複, or blank (accepted)."""
        if self.duplicate:
            return msg("chk_action_duplicate")
        if self.superseded:
            return msg("chk_action_superseded")
        return msg("chk_action_needed") if not self.verdict.accepted else ""
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


def write_findings_workbook(
    target: Path, results: Sequence[FileResult], *, year: str = "", round_name: str = "",
    run_at: dt.datetime | None = None,
) -> Path:
    """Write `検証結果.xlsx` to `target` atomically and return its path. `year`, `round_name`
    and `run_at` (when validation ran) make its title line and running header."""
    target = Path(target)
    title = msg("chk_findings_title", year=year, round=round_name).strip()
    when = msg("chk_findings_run_at", when=reiwa_datetime(run_at)) if run_at else ""
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = msg("chk_sheet_summary")
    detail = wb.create_sheet(msg("chk_sheet_findings"))
    # the files still needing action first (stable: otherwise in the order received)
    ordered = sorted(results, key=lambda r: r.action != msg("chk_action_needed"))
    _write_summary(summary, ordered, target.parent)
    _write_findings(detail, ordered, target.parent)
    for ws in (summary, detail):
        put_text(ws.cell(row=1, column=1), f"{title}　{when}".strip())
        ws.cell(row=1, column=1).font = FONT_TITLE
        ws.row_dimensions[1].height = 24
        header_footer(ws, title, when)
    wb.properties.title = title
    save_atomic(target, wb.save)
    return target


def _header(ws: Worksheet, keys: Sequence[str], widths: Sequence[int]) -> None:
    for col, (key, width) in enumerate(zip(keys, widths, strict=True), start=1):
        cell = ws.cell(row=HEADER_ROW, column=col)
        put_text(cell, msg(key))
        cell.font = FONT_HEADER
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
        ws.column_dimensions[get_column_letter(col)].width = width


def _finish_sheet(ws: Worksheet, ncols: int, print_cols: int | None = None) -> None:
    last = max(ws.max_row, HEADER_ROW)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(ncols)}{last}"
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"1:{HEADER_ROW}"
    printed = print_cols or ncols
    fit_page(ws, (ws.column_dimensions[get_column_letter(c)].width or 13
                  for c in range(1, printed + 1)))
    if print_cols is not None:
        ws.print_area = f"A1:{get_column_letter(printed)}{last}"


def _write_summary(ws: Worksheet, results: Sequence[FileResult], here: Path) -> None:
    keys = ("chk_col_division", "chk_col_file", "chk_col_verdict", "chk_col_errors",
            "chk_col_warnings", "chk_col_action_state", "chk_col_department",
            "chk_col_received_at", "chk_col_saved_at", "chk_col_respondent", "chk_col_sha256")
    # a SHA-256 is one 64-character token: last, off the printed page
    _header(ws, keys, (24, 40, 18, 11, 11, 26, 16, 18, 18, 30, 68))
    for row, r in enumerate(results, start=HEADER_ROW + 1):
        fit_row_height(ws, row, ((r.division, 24), (r.file, 40), (r.verdict.label, 18),
                                 (r.respondent or "", 30)))
        errors, warnings = counts(r.findings)
        for col in range(1, len(keys) + 1):
            ws.cell(row=row, column=col).font = FONT
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
        put_text(ws.cell(row=row, column=6), r.action)
        if r.action == msg("chk_action_needed"):
            ws.cell(row=row, column=6).fill = RETURNED_FILL
        put_text(ws.cell(row=row, column=7), r.department or "")
        for col, when in ((8, r.received_at), (9, r.saved_at)):
            cell = ws.cell(row=row, column=col)
            if when is not None:  # Excel has no time zones: the local time as recorded
                cell.value = when.replace(tzinfo=None)
                cell.number_format = DATETIME_FORMAT
        put_text(ws.cell(row=row, column=10), r.respondent or "")
        put_text(ws.cell(row=row, column=11), r.sha256 or "")
        for col in (1, 2, 3, 6, 7, 10):
            ws.cell(row=row, column=col).alignment = WRAP
        for col in (4, 5, 8, 9, 11):  # numbers at the top of a tall row, level with its text
            ws.cell(row=row, column=col).alignment = TOP
    _finish_sheet(ws, len(keys), print_cols=len(keys) - 1)


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
    keys = ("chk_col_file", "chk_col_division", "chk_col_key", "chk_col_item",
            "chk_col_column", "chk_col_location", "chk_col_code", "chk_col_severity",
            "chk_col_message", "chk_col_action")
    widths = (24, 16, 10, 18, 10, 16, 7, 7, 44, 44)
    _header(ws, keys, widths)
    row = HEADER_ROW + 1
    for r in results:
        for f in r.findings:
            s = f.subject
            values = (r.file, r.division or "", s.key if s else "", s.item if s else "",
                      s.column if s else "", f.location or msg("chk_whole_file"), f.code,
                      f.severity_label, f.message, f.action)
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=col)
                put_text(cell, value)
                cell.alignment = WRAP
                cell.font = FONT
            fit_row_height(ws, row, zip(values, widths, strict=True))
            severity = ws.cell(row=row, column=8)
            severity.fill, severity.font = SEVERITY_STYLE[f.severity]
            link = copy_link(r.return_copy, here) if r.return_copy is not None else None
            if link is not None and f.sheet and f.cell:  # too long: the summary says where
                loc = ws.cell(row=row, column=6)
                loc.hyperlink = Hyperlink(ref=loc.coordinate, target=link,
                                          location=cell_location(f.sheet, f.cell))
                loc.font = LINK_FONT
            row += 1
    _finish_sheet(ws, len(keys))
