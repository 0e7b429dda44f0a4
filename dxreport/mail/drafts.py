"""One unsent draft (.eml) per division for a kind of mail, and the list of what was written.

Who gets a mail is read off the submission board (`round.board`), never decided again here:
照会 goes to every division a survey was made for, 督促 to those whose standing is 未回答 or
差し戻し (a sent-back return not yet replaced), 差し戻し to those whose standing is 差し戻し.

The drafts are MIME built by Python's `email` package (`EmailMessage`, SMTP policy: CRLF
lines, RFC 2047 subject, RFC 2231 attachment names), with `X-Unsent: 1` so Outlook opens
each as a draft to check and send. Addresses come only from the master's 担当課 sheet; a
division without one gets a draft without a recipient and is listed, never guessed.

A run's drafts appear together or not at all: written into a hidden folder under 6_メール,
then renamed to `<日時>_<種類>`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email import policy
from email.errors import HeaderParseError
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dxreport.checks.findings import stored_view
from dxreport.checks.return_copy import find_return_copy
from dxreport.errors import UserError
from dxreport.fileio import windows_name
from dxreport.mail.templates import MailKind, Template, load_template
from dxreport.messages import msg
from dxreport.round.board import Board, BoardRow
from dxreport.round.folder import WorkFolder
from dxreport.round.ledger import Ledger
from dxreport.rules.deadline import days_left
from dxreport.rules.fiscal_year import reiwa_date
from dxreport.rules.verdicts import Verdict
from dxreport.xlsx.print_layout import fit_a4

# The standings each kind is written for (the board says who stands where).
RECIPIENTS: Mapping[MailKind, frozenset[Verdict] | None] = {
    MailKind.INQUIRY: None,  # everyone a survey was made for
    MailKind.REMINDER: frozenset({Verdict.UNANSWERED, Verdict.RETURNED}),
    MailKind.RETURN: frozenset({Verdict.RETURNED}),
}
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
MAX_FINDING_LINES = 20  # the rest are in the attached copy's 検証結果 sheet
_ADDRESS_SEPARATORS = re.compile(r"[;；,，、\s]+")


@dataclass(frozen=True)
class Draft:
    """One draft written: to whom, about what, with which file attached."""

    division_code: str
    department: str
    division: str
    address: str | None  # None: no address in the master (the draft has no recipient)
    subject: str
    attachment: str | None  # the attached file's name
    file: Path  # the .eml
    notes: tuple[str, ...] = ()  # what the clerk must do before sending


@dataclass
class MailRun:
    kind: MailKind
    folder: Path | None  # 6_メール/<日時>_<種類>; None when nobody was due a mail
    drafts: list[Draft] = field(default_factory=list)
    list_path: Path | None = None
    templates: Path | None = None  # the template file used (to edit the wording)

    @property
    def missing_addresses(self) -> list[Draft]:
        return [d for d in self.drafts if d.address is None]

    @property
    def problems(self) -> list[Draft]:
        return [d for d in self.drafts if d.notes]


def summary_lines(run: MailRun, master: Path) -> list[str]:
    """What a run wrote, who has no address (fixed in the `master`'s 担当課 sheet), what the
    clerk must attach by hand: the lines the terminal prints and the control workbook shows."""
    if run.folder is None:
        return [msg("mail_none", kind=run.kind.label)]
    lines = [msg("mail_written", kind=run.kind.label, count=len(run.drafts), path=run.folder),
             msg("mail_list_written", path=run.list_path)]
    missing = run.missing_addresses
    if missing:
        lines.append(msg("mail_missing_addresses", count=len(missing), master=master,
                         names="、".join(f"{d.division}（{d.division_code}）" for d in missing)))
    lines += [msg("mail_problem", division=d.division, note=note)
              for d in run.problems for note in d.notes
              if note != msg("mail_note_no_address")]
    if run.templates is not None:
        lines.append(msg("mail_templates_at", path=run.templates))
    return lines


def recipients(board: Board, kind: MailKind) -> list[BoardRow]:
    """The board's rows a `kind` mail goes to, in the board's order."""
    standings = RECIPIENTS[kind]
    return [r for r in board.rows if standings is None or r.verdict in standings]


def write_mails(folder: WorkFolder, kind: MailKind, board: Board,
                addresses: Mapping[str, str], *, today: dt.date | None = None,
                now: dt.datetime | None = None) -> MailRun:
    """Write one draft per division the board names for `kind`, and メール一覧.xlsx."""
    if not board.rows:
        raise UserError(msg("mail_no_surveys", folder=folder.root))
    template = load_template(folder.mail_templates, kind)
    rows = recipients(board, kind)
    run = MailRun(kind=kind, folder=None, templates=template.path)
    if not rows:
        return run
    now = now or dt.datetime.now()
    today = today or now.date()
    with Ledger.open(folder) as ledger:
        survey_files = {s.survey_id: s.file_name
                        for s in ledger.surveys(carried=False, round_of=_round_of(folder))}
        findings = {r.survey_id: _findings(ledger, r) for r in rows
                    if r.verdict == Verdict.RETURNED}
    folder.mail.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".作成中_", dir=folder.mail))
    try:
        drafts = []
        for row in rows:
            attachment, notes = _attachment(folder, kind, row, survey_files)
            drafts.append(_write_draft(
                staging, folder, kind, template, row, addresses.get(row.division_code),
                attachment, notes, findings.get(row.survey_id, []), today))
        _write_list(staging / msg("mail_list_name"), drafts)
        target = _free_name(folder.mail, msg("mail_dir_name",
                                             stamp=now.strftime("%Y%m%d_%H%M%S"),
                                             kind=kind.label))
        os.chmod(staging, 0o777 & ~_umask())
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    run.folder = target
    run.list_path = target / msg("mail_list_name")
    run.drafts = [_moved(d, target) for d in drafts]
    return run


def _round_of(folder: WorkFolder) -> tuple[str, str]:
    return folder.settings.fiscal_year, folder.settings.round_code


def _findings(ledger: Ledger, row: BoardRow) -> list[dict[str, Any]]:
    """The findings on the division's return that counts, as 検証結果.xlsx words them."""
    for sub in ledger.submissions(row.survey_id):
        if sub.sha256 == row.sha256:
            return [stored_view(f) for f in sub.findings]
    return []


def _attachment(folder: WorkFolder, kind: MailKind, row: BoardRow,
                survey_files: Mapping[str, str]) -> tuple[Path | None, list[str]]:
    """The file a kind of mail carries for the division (None for 督促), and a note when it
    is missing (the draft is still written: the clerk attaches it by hand)."""
    if kind is MailKind.INQUIRY:
        name = survey_files.get(row.survey_id, "")
        path = folder.distribute / name
        if name and path.is_file():
            return path, []
        return None, [msg("mail_note_no_survey", file=name or row.survey_id)]
    if kind is MailKind.RETURN:
        copy = find_return_copy(folder.send_back, row.file or "", row.sha256 or "")
        return copy, [] if copy else [msg("mail_note_no_copy")]
    return None, []


def _write_draft(staging: Path, folder: WorkFolder, kind: MailKind, template: Template,
                 row: BoardRow, address: str | None, attachment: Path | None,
                 notes: list[str], findings: list[dict[str, Any]], today: dt.date) -> Draft:
    subject, body = template.fill(_values(folder, row, attachment, findings, today))
    message = EmailMessage(policy=policy.SMTP)
    message["X-Unsent"] = "1"  # Outlook opens the file as a draft, with a 送信 button
    recipient = _recipient(message, address)
    if address and recipient is None:
        notes = [*notes, msg("mail_note_bad_address", address=address)]
    elif not address:
        notes = [*notes, msg("mail_note_no_address")]
    message["Subject"] = subject
    message.set_content(body, charset="utf-8")
    if attachment is not None:
        message.add_attachment(attachment.read_bytes(), maintype=XLSX_TYPE[0],
                               subtype=XLSX_TYPE[1], filename=attachment.name)
    name = _safe_name(msg("mail_file_name", code=row.division_code, name=row.division_name))
    (staging / name).write_bytes(message.as_bytes())
    return Draft(division_code=row.division_code, department=row.department_name,
                 division=row.division_name, address=recipient, subject=subject,
                 attachment=attachment.name if attachment else None,
                 file=staging / name, notes=tuple(notes))


def _recipient(message: EmailMessage, address: str | None) -> str | None:
    """Put the master's address(es) on the draft; None if there is none or it cannot be read
    as an address (listed for the clerk rather than sent somewhere wrong)."""
    if not address:
        return None
    parts = [p for p in _ADDRESS_SEPARATORS.split(address.strip()) if p]
    if not parts or not all(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", p) and p.isascii()
                            for p in parts):
        return None
    joined = ", ".join(parts)
    try:
        message["To"] = joined
    except (HeaderParseError, ValueError, IndexError):
        return None
    return joined


def _values(folder: WorkFolder, row: BoardRow, attachment: Path | None,
            findings: list[dict[str, Any]], today: dt.date) -> dict[str, str]:
    s = folder.settings
    errors = sum(1 for f in findings if f["severity"] == msg("chk_severity_error"))
    return {
        "年度": "令和" + s.fiscal_year.removeprefix("R"),  # as the survey's guide sheet says
        "調査回": s.round_name,
        "部局名": row.department_name,
        "課名": row.division_name,
        "締切": reiwa_date(s.deadline),  # as the survey's 記入要領 says it
        "残り日数": days_left(s.deadline, today),
        "問い合わせ先": s.contact_text,
        "調査票ID": row.survey_id,
        "添付ファイル": attachment.name if attachment else msg("mail_no_attachment"),
        "回答状況": msg("mail_state_returned" if row.verdict == Verdict.RETURNED
                        else "mail_state_unanswered"),
        "エラー件数": str(errors),
        "警告件数": str(len(findings) - errors),
        "指摘一覧": _findings_text(findings) if row.verdict == Verdict.RETURNED else "",
    }




def _findings_text(findings: list[dict[str, Any]]) -> str:
    if not findings:
        return msg("mail_findings_none")
    lines = []
    for f in findings[:MAX_FINDING_LINES]:
        location = "!".join(p for p in (f["sheet"], f["cell"]) if p)
        where = msg("mail_finding_where", location=location) if location else ""
        lines.append(msg("mail_finding_line", severity=f["severity"], where=where,
                         message=f["message"], action=f["action"] or "").rstrip())
    if len(findings) > MAX_FINDING_LINES:
        lines.append(msg("mail_findings_more", count=len(findings) - MAX_FINDING_LINES))
    return "\n".join(lines)


def _safe_name(name: str) -> str:
    return windows_name(name)


def _free_name(parent: Path, name: str) -> Path:
    """`name` under `parent`, or `name_2`, `name_3`... when a run in the same second took it."""
    target, n = parent / name, 1
    while target.exists():
        n += 1
        target = parent / f"{name}_{n}"
    return target


def _moved(draft: Draft, folder: Path) -> Draft:
    return Draft(**{**draft.__dict__, "file": folder / draft.file.name})


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ------------------------------------------------------------------ メール一覧.xlsx
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_WRAP = Alignment(wrap_text=True, vertical="top")
_COLUMNS: tuple[tuple[str, float], ...] = (
    ("mail_col_department", 14), ("mail_col_division", 18), ("mail_col_address", 30),
    ("mail_col_subject", 44), ("mail_col_attachment", 32), ("mail_col_file", 30),
    ("mail_col_note", 44),
)


def _write_list(path: Path, drafts: Iterable[Draft]) -> None:
    """What was written, one row per draft: to check before sending, and to print."""
    wb = Workbook()
    ws = wb.active
    ws.title = msg("mail_list_sheet")
    ws.append([msg(key) for key, _ in _COLUMNS])
    for cell in ws[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for d in drafts:
        ws.append([d.department, d.division, d.address or "", d.subject, d.attachment or "",
                   d.file.name, "\n".join(d.notes)])
    for index, (_, width) in enumerate(_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = _WRAP
            cell.number_format = "@"  # an address or a subject stays text
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(_COLUMNS))}{ws.max_row}"
    fit_a4(ws)
    ws.print_title_rows = "1:1"
    wb.save(path)
