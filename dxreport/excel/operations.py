"""What each button does: call the stage function the CLI calls, and say what it did.

Every function takes the settings cells (`Settings`) and returns an `Outcome` (a Japanese
summary, the files written, the 提出状況 rows). No business logic here: the stages decide,
this module only opens the working folder, calls them and formats their results.

Settings cells: 年度 is the 令和 label of `設定.toml` (`R8`; the adapter turns 8 / 令和8 /
2026 into it) and 調査回 is `年度末` / `中間` or the round's name or code. An uninitialised
folder is set up by 調査票作成 with them and the new-round cells (前回の作業フォルダ, 回答期限,
問い合わせ先, 提出方法), and the button stops there for the user to review what every survey
will say; for an initialised folder the cells must agree with its `設定.toml`, so a workbook
left on last year's settings cannot touch this year's folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dxreport.api import Round
from dxreport.consolidate.run import result_text
from dxreport.errors import UserError
from dxreport.excel.adapter import (
    BoardRow,
    Outcome,
    Settings,
    choice_cell,
    deadline_cell,
    folder_path,
    wants_regenerate,
)
from dxreport.mail.drafts import summary_lines
from dxreport.messages import msg
from dxreport.round.board import Board
from dxreport.round.chain import (
    MAX_ROUNDS,
    label,
    next_round,
    position,
    recorded_path,
    round_at,
    short_name,
)
from dxreport.round.folder import ROUNDS, SETTINGS_FILE, WorkFolder, open_folder, resolve_round
from dxreport.rules.fiscal_year import reiwa_date
from dxreport.rules.verdicts import Verdict, verdict_label
from dxreport.survey.populate import AlreadyDistributed


# ------------------------------------------------------------------ the working folder
def _resolve_round(text: str) -> tuple[str, str]:
    try:
        return resolve_round(text)
    except UserError:
        raise UserError(msg("excel_bad_round", value=text, known="、".join(ROUNDS))) from None


def _round_matches(text: str, folder: WorkFolder) -> bool:
    s = folder.settings
    if text in (s.round_name, s.round_code):  # a round named by hand in 設定.toml
        return True
    try:
        return resolve_round(text) == (s.round_name, s.round_code)
    except UserError:
        return False


def open_checked(settings: Settings) -> Round:
    """The initialised round, after checking that the workbook's 年度 and 調査回 are its own."""
    if not (settings.folder / SETTINGS_FILE).is_file():
        raise UserError(msg("excel_not_initialised", folder=settings.folder))
    rnd = Round.open(settings.folder)
    folder = rnd.folder
    s = folder.settings
    if settings.year != s.fiscal_year:
        raise UserError(msg("excel_year_mismatch", folder=folder.root, year=settings.year,
                            folder_year=s.fiscal_year, folder_round=s.round_name,
                            settings=folder.settings_path))
    if not _round_matches(settings.round, folder):
        raise UserError(msg("excel_round_mismatch", folder=folder.root, round=settings.round,
                            folder_year=s.fiscal_year, folder_round=s.round_name,
                            settings=folder.settings_path))
    return rnd


# ------------------------------------------------------------------ the board
def board_rows(board: Board) -> list[BoardRow]:
    rows = []
    for r in board.rows:
        missing = r.verdict == Verdict.UNANSWERED
        rows.append(BoardRow(
            department=r.department_name,
            division=r.division_name,
            verdict=r.label,
            missing=missing,
            received_at=r.received_at.strftime("%Y-%m-%d %H:%M") if r.received_at else None,
            errors=None if missing else r.errors,
            warnings=None if missing else r.warnings,
            file=r.file,
        ))
    return rows


def board_text(board: Board) -> str:
    if not board.rows:
        return msg("excel_board_empty")
    text = msg("excel_board_summary", received=board.received, expected=board.expected,
               missing=board.count(Verdict.UNANSWERED))
    if board.unidentified:
        names = "、".join(s.original_name for s in board.unidentified[:5])
        text += msg("excel_board_unidentified", count=len(board.unidentified), names=names)
    return text


def _lines(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


# ------------------------------------------------------------------ preparing a folder
# The cells 調査票作成 writes into 設定.toml: (attribute of NewRoundCells and of the folder's
# Settings, label key of the cell). 前回の作業フォルダ and 回答期限 are compared apart.
_TEXT_CELLS = (
    ("contact", "excel_label_contact"),
    ("contact_extension", "excel_label_contact_extension"),
    ("contact_email", "excel_label_contact_email"),
    ("submission", "excel_label_submission"),
)


def prepare(settings: Settings) -> Outcome:
    """The first press of 調査票作成 on a folder without 設定.toml: `init` with the cells
    (from 前回の作業フォルダ when given), then stop so that the user reviews what every survey
    will say before 68 of them are written."""
    _resolve_round(settings.round)  # a wrong 調査回 names the cell, before anything is written
    cells = settings.new_round
    deadline = deadline_cell(cells.deadline)
    given = {attr: getattr(cells, attr) for attr, _label in _TEXT_CELLS}
    previous = None
    if cells.previous is not None:
        previous = _previous_folder(cells.previous)
        _check_follows(previous, settings)
    rnd = Round.create(settings.folder, settings.year, settings.round, deadline,
                       given["contact"], previous=previous.root if previous else None,
                       contact_extension=given["contact_extension"],
                       contact_email=given["contact_email"], submission=given["submission"])
    s = rnd.settings
    carried = ""
    if s.previous is not None and previous is not None:
        carried = msg("excel_prepared_previous", year=s.previous.fiscal_year,
                      round=s.previous.round_name, path=previous.root)
    summary = msg("excel_prepared", folder=rnd.root, year=s.fiscal_year, round=s.round_name,
                  settings=rnd.folder.settings_path, deadline=reiwa_date(s.deadline),
                  contact=s.contact_text, submission=s.submission, previous=carried,
                  master=rnd.folder.master_path)
    return Outcome(summary, outputs=[rnd.folder.settings_path, rnd.folder.master_path],
                   board=[], review=True)


def _previous_folder(text: str) -> WorkFolder:
    """The 前回の作業フォルダ cell -> that round's folder, with errors that name the cell."""
    path = folder_path(text)
    if not path.is_dir():
        raise UserError(msg("excel_previous_missing", path=text))
    if not (path / SETTINGS_FILE).is_file():
        raise UserError(msg("excel_previous_not_prepared", path=path))
    return open_folder(path)


def _check_follows(previous: WorkFolder, settings: Settings) -> None:
    """年度・調査回 must be a round after the previous one, without a gap (`next_round`, the
    rule `init --from` applies); the refusal says which round comes next, in the cells'
    words. A gap can only be chosen on the command line (`--allow-skip`)."""
    prev = previous.settings
    try:
        next_round(prev, settings.year, settings.round)
        return
    except UserError:
        before = position(prev.fiscal_year, prev.round_code)
        if before is None or before + 1 >= MAX_ROUNDS:
            raise  # the previous round has no place in the plan, or was its last: as said
    name, code = resolve_round(settings.round)
    year, next_name, next_code = round_at(before + 1)
    requested = label(settings.year, code, name)
    text = msg("excel_previous_order", path=previous.root,
               previous=label(prev.fiscal_year, prev.round_code, prev.round_name),
               requested=requested, next=label(year, next_code, next_name))
    wanted = position(settings.year, code)
    if wanted is not None and wanted > before + 1:
        skipped = "、".join(label(y, c, n) for y, n, c in map(round_at, range(before + 1, wanted)))
        text += msg("excel_previous_skip", requested=requested, skipped=skipped,
                    year=settings.year, round=short_name(code, name))
    raise UserError(text) from None


def check_cells_agree(settings: Settings, rnd: Round) -> None:
    """On a prepared folder the surveys carry 設定.toml's values: a filled cell that says
    otherwise (edited after the folder was prepared) stops 調査票作成 before anything is
    written, naming both values. An empty cell agrees with anything."""
    s = rnd.settings
    cells = settings.new_round
    lines = []

    def differs(label_key: str, sheet: str, file: str) -> None:
        lines.append(msg("excel_cell_differs", label=msg(label_key), sheet=sheet, file=file))

    if cells.previous is not None:
        recorded = recorded_path(rnd.folder)
        if recorded is None or not _same_folder(recorded, folder_path(cells.previous)):
            differs("excel_label_previous", cells.previous,
                    str(recorded) if recorded else msg("excel_no_previous_recorded"))
    deadline = deadline_cell(cells.deadline)
    if deadline is not None and deadline != s.deadline:
        differs("excel_label_deadline", reiwa_date(deadline), reiwa_date(s.deadline))
    for attr, label_key in _TEXT_CELLS:
        typed = getattr(cells, attr)
        if typed is not None and typed.strip() != getattr(s, attr).strip():
            differs(label_key, typed, getattr(s, attr))
    if lines:
        raise UserError(msg("excel_cells_disagree", settings=rnd.folder.settings_path,
                            lines="\n".join(lines)))


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a.absolute() == b.absolute()


# ------------------------------------------------------------------ the buttons
def populate(settings: Settings) -> Outcome:
    """調査票作成: on a folder without 設定.toml, prepare it and stop (`prepare`); on a
    prepared one, write the surveys. Surveys already distributed are written again only when
    再作成する says はい (which is then set back to いいえ)."""
    if not (settings.folder / SETTINGS_FILE).is_file():
        return prepare(settings)
    rnd = open_checked(settings)
    check_cells_agree(settings, rnd)
    regenerate = wants_regenerate(settings)
    try:
        result = rnd.populate(regenerate=regenerate)
    except AlreadyDistributed as refusal:
        raise UserError(_refusal_text(refusal)) from None
    board = rnd.status()
    s = rnd.settings
    lines = [msg("excel_populate_summary", count=result.count, path=rnd.folder.distribute,
                 kpis=result.kpi_rows, initiatives=result.initiative_rows), *result.notes]
    if result.regenerated:
        lines.append(msg("excel_regenerated", count=len(result.regenerated)))
    lines += [msg("excel_populate_contact", deadline=reiwa_date(s.deadline),
                  contact=s.contact_text), board_text(board)]
    reset = {"excel_name_regenerate": msg("excel_no")} if regenerate else {}
    return Outcome(_lines(*lines), outputs=result.paths, board=board_rows(board), cells=reset)


def _refusal_text(refusal: AlreadyDistributed) -> str:
    """The stage's refusal (which divisions, what would change) with the workbook's way out."""
    text = msg("excel_already_distributed", count=refusal.count, divisions=refusal.divisions)
    if refusal.not_yet:
        text += "\n" + msg("excel_not_yet_distributed", count=len(refusal.not_yet))
    return text


def validate(settings: Settings) -> Outcome:
    """回収ファイル検証: check every file in 2_回収, then redraw the board."""
    rnd = open_checked(settings)
    run = rnd.validate()
    board = rnd.status()
    if not run.files:
        summary = msg("excel_validate_none", path=rnd.folder.returns)
    else:
        counts = "、".join(f"{verdict_label(v)} {n}" for v, n in run.counts().items() if n)
        summary = msg("excel_validate_summary", count=len(run.files), counts=counts)
        duplicates = sum(1 for f in run.files if f.duplicate)
        if duplicates:
            summary += msg("excel_validate_duplicates", count=duplicates)
        for f in run.files:
            if f.return_copy_problem:
                summary += "\n" + msg("chk_return_copy_failed", file=f.file,
                                       reason=f.return_copy_problem)
            if f.recheck_text:
                summary += "\n" + f.recheck_text
    outputs = _present([run.findings_workbook, *(f.return_copy for f in run.files)])
    return Outcome(_lines(summary, board_text(board)), outputs=outputs, board=board_rows(board))


def consolidate(settings: Settings) -> Outcome:
    """集約: the next status workbook in 5_集約, from what validation accepted."""
    rnd = open_checked(settings)
    if not rnd.status().rows:  # the stage's own message points at the CLI
        raise UserError(msg("excel_nothing_to_consolidate", folder=rnd.root))
    result = rnd.consolidate()
    board = rnd.status()
    return Outcome(result_text(result, rnd.root), outputs=[result.path],
                   board=board_rows(board))


def open_latest(settings: Settings) -> Outcome:
    """最新の集約結果を開く: the newest status workbook of this round."""
    rnd = open_checked(settings)
    path = rnd.latest_consolidation()
    if path is None:
        raise UserError(msg("excel_no_consolidation", path=rnd.folder.consolidated,
                            year=rnd.settings.fiscal_year, round=rnd.settings.round_name))
    return Outcome(msg("excel_latest", path=path), outputs=[path], open_path=path)


def refresh_status(settings: Settings) -> Outcome:
    """提出状況を更新: the board from the ledger (nothing is written to the folder)."""
    board = open_checked(settings).status()
    return Outcome(board_text(board), board=board_rows(board))


MAIL_KINDS = ("mail_kind_inquiry", "mail_kind_reminder", "mail_kind_return")


def mail(settings: Settings) -> Outcome:
    """メール下書き作成: the drafts of the kind chosen in メールの種類 (`dxreport mail`)."""
    kind = choice_cell(settings.mail_kind, "excel_label_mail_kind", MAIL_KINDS)
    rnd = open_checked(settings)
    board = rnd.status()
    if not board.rows:  # the stage's own message points at the CLI
        raise UserError(msg("excel_board_empty"))
    run = rnd.mail(kind)
    outputs = [run.list_path, *(d.file for d in run.drafts)] if run.folder else []
    return Outcome(_lines(*summary_lines(run, rnd.folder.master_path)),
                   outputs=_present(outputs), board=board_rows(board))


def _present(paths: Iterable) -> list:
    return [p for p in paths if p is not None]
