"""Annotated copy of a returned file for the division (差し戻し用の写し).

Each offending cell gets a fill (the palette's error red with white text, or a pale yellow for
a warning) and a comment saying what was found and what to do; a `検証結果` sheet in front,
in the survey's font, says by when and how to send the file back (`ReturnGuide`) and lists
every finding by the item a clerk looks for (KPI ID or 取組ID, its name, the column's title:
`Finding.subject`) with a link to its cell.
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

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from dxreport.checks.filesafety import Limits, SafeWorkbook, WorkbookSnapshot, inspect_file
from dxreport.checks.findings import Finding, counts, verdict
from dxreport.checks.findings_workbook import (
    ERROR_FILL,
    ERROR_FONT,
    FONT_ALERT,
    HEADER_FILL,
    LINK_FONT,
    SEVERITY_STYLE,
    WARNING_FILL,
    WRAP,
    cell_location,
)
from dxreport.errors import UserError
from dxreport.fileio import save_atomic, windows_name
from dxreport.messages import msg
from dxreport.rules.fiscal_year import reiwa_date
from dxreport.rules.verdicts import Verdict
from dxreport.xlsx.neutralise import clean_text, put_text
from dxreport.xlsx.print_layout import fit_page, fit_row_height
from dxreport.xlsx.sheet_table import FONT, FONT_BOLD, FONT_HEADER, FONT_TITLE

COMMENT_SEPARATOR = "\n――――――――\n"


# The copy's label (division name, else the file's stem) is cut to this many characters:
# with the hash and the suffix a copy's name stays under 40 characters, so 4_差し戻し and
# its 対応済み folder stay far below Windows' 260-character path limit wherever the folder is.
LABEL_LIMIT = 20
HASH_LENGTH = 8
# Characters Windows refuses in a file name (and control characters).


def path_hash(name: str) -> str:
    """A short hash of the return's whole path under 2_回収: `メール/回答.xlsx` and
    `メール_回答.xlsx` (two senders) differ, the same path again (a newer version) does not."""
    return hashlib.sha256(PurePosixPath(name).as_posix().encode("utf-8")).hexdigest()[
        :HASH_LENGTH]


def return_copy_name(name: str, division: str | None = None) -> str:
    """The copy's file name in 4_差し戻し for the return at `name` (its path in 2_回収).

    `<division>_<hash of the path>_差し戻し.xlsx`: recognisable by the division's name (the
    file's stem when the division is unknown), short whatever the path (long names and deep
    subfolders), and unique per path, so two divisions' `回答.xlsx` never share a copy (the
    clerk would mail one division the other's workbook). The same path again is the same
    sender's newer version, whose copy replaces the old one."""
    label = windows_name((division or PurePosixPath(name).stem).strip())
    label = label[:LABEL_LIMIT].strip(" .") or "_"
    return msg("chk_return_copy_name", stem=f"{label}_{path_hash(name)}")


def copies_of(send_back: Path, name: str) -> list[Path]:
    """Every copy in `send_back` written for the return at `name` (whatever its label),
    including one an older version of dxreport wrote (`legacy_copies`)."""
    pattern = msg("chk_return_copy_name", stem=f"*_{path_hash(name)}")
    ours = {p for p in send_back.glob(pattern) if p.is_file()}
    return sorted(ours | set(legacy_copies(send_back, name)))


def legacy_copies(send_back: Path, name: str) -> list[Path]:
    """The copy of the return at `name` that earlier versions of dxreport named after the
    flattened path (`メール_回答_差し戻し.xlsx`). It records no source, so it counts as stale:
    the next run writes today's copy in its place (filed away when a newer accepted return
    counts) instead of leaving it beside that copy as if still to be sent. (Their rare
    variant with a SHA-256 prefix is left alone: by name it could be a copy of ours that is
    open elsewhere.)"""
    path = PurePosixPath(name)
    old = send_back / msg("chk_return_copy_name", stem="_".join([*path.parent.parts, path.stem]))
    try:
        found = old.is_file()
    except OSError:  # a name too long to exist (deep folders: why copies are short now)
        return []
    return [old] if found and copy_source(old) is None else []


def copy_source(copy: Path) -> str | None:
    """The SHA-256 of the return `copy` was made from (kept in its document properties),
    or None when it cannot be read (an older copy, a file damaged or open elsewhere)."""
    try:
        with zipfile.ZipFile(copy) as zf:
            core = zf.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    found = _IDENTIFIER.search(core)
    return found.group(1) if found else None


_IDENTIFIER = re.compile(r"<dc:identifier>([0-9a-f]{64})</dc:identifier>")


def find_return_copy(send_back: Path, name: str, sha256: str) -> Path | None:
    """The annotated copy written for the return (`name`, `sha256`), if it is still there
    and made from that version (a copy of an older version of the path is not it)."""
    return next((p for p in copies_of(send_back, name) if copy_source(p) == sha256), None)


def write_return_copy(
    source: Path,
    findings: Sequence[Finding],
    target: Path,
    *,
    limits: Limits | None = None,
    display_name: str | None = None,
    source_sha256: str | None = None,
    guide: ReturnGuide | None = None,
) -> Path:
    """Write an annotated copy of `source` to `target` (atomically); `source` is not touched.

    `display_name`: the file name the division knows (when `source` is the intake copy);
    `source_sha256`: kept in the copy's properties, so a later run knows which version of
    the return it was made from (`copy_source`) and rewrites a stale one; `guide`: the
    deadline, 提出方法 and 問い合わせ先 the findings sheet tells the clerk."""
    source, target = Path(source), Path(target)
    if target.resolve() == source.resolve():
        raise UserError(msg("chk_return_copy_same_path", path=target))
    wb, plain = _load_for_copy(source, limits)
    name = display_name or source.name
    try:
        data = _annotated(wb, findings, name, plain, source_sha256, guide)
    except Exception:  # openpyxl loaded it but cannot write it back: the values still can
        if plain:
            raise
        data = _annotated(_values_only(source, limits), findings, name, True, source_sha256,
                          guide)
    save_atomic(target, lambda tmp: Path(tmp).write_bytes(data))
    return target


def _annotated(wb: Workbook, findings: Sequence[Finding], name: str, plain: bool,
               source_sha256: str | None = None, guide: ReturnGuide | None = None) -> bytes:
    if source_sha256 is not None:
        wb.properties.identifier = source_sha256
    _inert_formulas(wb, findings)
    _mark_cells(wb, findings)
    _add_findings_sheet(wb, findings, name, verdict(findings), plain, guide)
    return unique_vml_ids(_saved(wb))


def _load_for_copy(source: Path, limits: Limits | None) -> tuple[Workbook, bool]:
    """(the workbook to annotate, whether it is a values-only copy).

    The copy is normally the division's own workbook loaded by openpyxl. Files Excel writes
    that openpyxl cannot load (a style record it rejects, say) were still read and checked
    by our reader; they get a copy of their values, so the division still sees what to fix."""
    safe = inspect_file(source, limits)
    if isinstance(safe, SafeWorkbook):
        assert isinstance(safe.workbook, Workbook)  # not read_only: the full workbook
        return safe.workbook, False
    return _values_only(source, limits, safe), True


def _values_only(source: Path, limits: Limits | None,
                 unreadable: list[Finding] | None = None) -> Workbook:
    snapshot = inspect_file(source, limits, read_only=True)
    if isinstance(snapshot, list) or not isinstance(snapshot.workbook, WorkbookSnapshot):
        found = unreadable or (snapshot if isinstance(snapshot, list) else [])
        codes = "、".join(f.code for f in found)
        raise UserError(msg("chk_return_copy_unreadable", file=source.name, codes=codes))
    return _values_copy(snapshot.workbook)


def _values_copy(snapshot: WorkbookSnapshot) -> Workbook:
    """A new workbook holding the snapshot's sheets (names, states) and cell values; text and
    formulas are written as inert text (a copy must never carry a live formula of theirs)."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.epoch = snapshot.epoch
    for sheet in snapshot.worksheets:
        ws = wb.create_sheet(sheet.title)
        ws.sheet_state = sheet.sheet_state
        for (row, column), c in sheet._cells.items():
            cell = ws.cell(row=row, column=column)
            value = getattr(c.value, "text", c.value)  # ArrayFormula and the like
            if c.data_type == "f" or isinstance(value, str):
                put_text(cell, value if isinstance(value, str) else str(value))
            else:
                cell.value = value
                cell.number_format = c.number_format
    return wb


FORMULA_CODES = frozenset({"V013", "V014"})  # a formula, an external link in an input cell


def _inert_formulas(wb: Workbook, findings: Sequence[Finding]) -> None:
    """A formula the division typed into an input cell becomes its text, quote-prefixed:
    a return copy must not calculate `=cmd|' /C calc'!A0` when the clerk opens it."""
    for f in findings:
        if f.code not in FORMULA_CODES or not (f.sheet and f.cell) or f.sheet not in wb.sheetnames:
            continue
        cell = _target_cell(wb[f.sheet], f.cell)
        if cell is None:
            continue
        value = getattr(cell.value, "text", cell.value)
        if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
            put_text(cell, value if isinstance(value, str) else str(value))


def _saved(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


IDMAP_RE = re.compile(rb'(<(?:\w+:)?idmap\b[^>]*?\bdata=")[^"]*(")')
SHAPE_ID_RE = re.compile(rb"_x0000_s(\d+)")


def unique_vml_ids(data: bytes) -> bytes:
    """The package with each VML drawing's shape IDs in a block of its own.

    openpyxl numbers every sheet's comment shapes from `_x0000_s1026` under `idmap data="1"`:
    with comments on two sheets the IDs repeat, which Excel reports as a problem and
    repairs. Excel's rule: drawing k declares `data="k"` and uses IDs k×1024 … k×1024+1023."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        parts = {i.filename: zf.read(i) for i in infos}
    drawings = sorted(n for n in parts if n.lower().endswith(".vml"))
    if len(drawings) < 2:
        return data
    for k, name in enumerate(drawings, start=1):
        ids: dict[bytes, bytes] = {}

        def renumber(m: re.Match[bytes], ids: dict[bytes, bytes] = ids, k: int = k) -> bytes:
            old = m.group(1)
            if old not in ids:
                ids[old] = b"%d" % (k * 1024 + 1 + len(ids))
            return b"_x0000_s" + ids[old]

        vml = IDMAP_RE.sub(rb"\g<1>%d\g<2>" % k, parts[name])
        parts[name] = SHAPE_ID_RE.sub(renumber, vml)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in infos:
            zf.writestr(info, parts[info.filename])
    return out.getvalue()


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
        if has_error:  # white on the error red, whatever colour the clerk's text had
            font = copy(cell.font)
            font.color, font.bold = copy(ERROR_FONT.color), True
            cell.font = font
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


# The findings sheet: title, then the lines that tell the clerk what to do, then the table.
GUIDE_ROWS = (2, 3, 4, 5)  # resubmission, submission and contact, the colours, values-only
HEADER_ROW = 6
COLUMNS: tuple[tuple[str, int], ...] = (  # (catalogue key of the title, width)
    ("chk_col_key", 10), ("chk_col_item", 18), ("chk_col_column", 10),
    ("chk_col_location", 13), ("chk_col_code", 6), ("chk_col_severity", 7),
    ("chk_col_message", 36), ("chk_col_action", 36),
)  # 136 widths: A4 landscape at 82 %, 10 pt text prints above 8 pt


@dataclass(frozen=True)
class ReturnGuide:
    """What the clerk needs to send the file back: from the round's settings."""

    deadline: dt.date | None = None  # 回答期限, the resubmission deadline
    submission: str = ""  # 提出方法
    contact: str = ""  # 問い合わせ先 as the survey shows it
    today: dt.date | None = None  # when the copy is written (a past deadline: 至急)

    def lines(self) -> tuple[str, str]:
        """(the resubmission line, the submission and contact line)."""
        if self.deadline is None:
            first = msg("chk_return_resubmit_plain")
        elif self.today is not None and self.today > self.deadline:
            first = msg("chk_return_resubmit_late", deadline=reiwa_date(self.deadline))
        else:
            first = msg("chk_return_resubmit", deadline=reiwa_date(self.deadline))
        how = [msg("chk_return_submission", submission=self.submission.strip())
               if self.submission.strip() else "",
               msg("chk_return_contact", contact=self.contact.strip())
               if self.contact.strip() else ""]
        return first, "　".join(h for h in how if h)


def _guide_line(ws: Worksheet, row: int, text: str, font: Font) -> None:
    """A line of guidance across the table's width, wrapped, as tall as its text."""
    last = get_column_letter(len(COLUMNS))
    ws.merge_cells(f"A{row}:{last}{row}")
    put_text(ws.cell(row=row, column=1), text)
    ws.cell(row=row, column=1).font = font
    ws.cell(row=row, column=1).alignment = WRAP
    if text:
        fit_row_height(ws, row, [(text, sum(w for _, w in COLUMNS))])


def _add_findings_sheet(wb: Workbook, findings: Sequence[Finding], file_name: str,
                        outcome: Verdict, plain: bool = False,
                        guide: ReturnGuide | None = None) -> None:
    title = msg("chk_sheet_return_findings")
    if title in wb.sheetnames:  # a resubmitted return copy: replace our old list
        wb.remove(wb[title])
    ws = wb.create_sheet(title, 0)
    errors, warnings = counts(findings)
    put_text(ws["A1"], msg("chk_return_title", file=file_name, verdict=outcome.label,
                           errors=errors, warnings=warnings))
    ws["A1"].font = FONT_TITLE
    ws.row_dimensions[1].height = 24
    resubmit, how = (guide or ReturnGuide()).lines()
    lines = (
        (resubmit, FONT_BOLD),
        (how, FONT),
        (msg("chk_return_note"), FONT),
        (msg("chk_return_values_only") if plain else "", FONT_ALERT),
    )
    for row, (text, font) in zip(GUIDE_ROWS, lines, strict=True):
        _guide_line(ws, row, text, font)
    for col, (key, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col)
        put_text(cell, msg(key))
        cell.font = FONT_HEADER
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
        ws.column_dimensions[cell.column_letter].width = width
    widths = [w for _, w in COLUMNS]
    for row, f in enumerate(findings, start=HEADER_ROW + 1):
        s = f.subject
        values = (s.key if s else "", s.item if s else "", s.column if s else "",
                  f.location or msg("chk_whole_file"), f.code, f.severity_label, f.message,
                  f.action)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col)
            put_text(cell, value)
            cell.alignment = WRAP
            cell.font = FONT
        fit_row_height(ws, row, zip(values, widths, strict=True))
        severity = ws.cell(row=row, column=6)
        severity.fill, severity.font = SEVERITY_STYLE[f.severity]
        if f.sheet and f.cell and f.sheet in wb.sheetnames:
            loc = ws.cell(row=row, column=4)
            loc.hyperlink = Hyperlink(ref=loc.coordinate, location=cell_location(f.sheet, f.cell))
            loc.font = LINK_FONT
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    fit_page(ws, widths)
    ws.protection.sheet = True  # read-only list; no password, nothing else is unlocked
    # Open on the list, with exactly one selected tab: several selected tabs put Excel in
    # group-edit mode, where typing into one sheet writes into all of them.
    for other in wb.worksheets:
        other.sheet_view.tabSelected = False
    ws.sheet_view.tabSelected = True
    wb.active = 0
