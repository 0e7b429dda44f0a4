"""What each button does: call the stage function the CLI calls, and say what it did.

Every function takes the settings cells (`Settings`) and returns an `Outcome` (a Japanese
summary, the files written, the 提出状況 rows). No business logic here: the stages decide,
this module only opens the working folder, calls them and formats their results.

Settings cells: 年度 is the 令和 label of `設定.toml` (`R8`; the adapter turns 8 / 令和8 /
2026 into it) and 調査回 is `年度末` / `中間` or the round's name or code. An uninitialised
folder is set up by 調査票作成 with them; for an initialised one they must agree with its
`設定.toml`, so a workbook left on last year's settings cannot touch this year's folder.
"""

from __future__ import annotations

from collections.abc import Iterable

from dxreport.api import Round
from dxreport.consolidate.run import result_text
from dxreport.errors import UserError
from dxreport.excel.adapter import BoardRow, Outcome, Settings
from dxreport.messages import msg
from dxreport.round.board import Board
from dxreport.round.folder import ROUNDS, SETTINGS_FILE, WorkFolder, resolve_round
from dxreport.rules.verdicts import Verdict, verdict_label


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


# ------------------------------------------------------------------ the buttons
def populate(settings: Settings) -> Outcome:
    """調査票作成: set the folder up first if it has no 設定.toml, then write the surveys."""
    created: list = []
    prepared = ""
    if (settings.folder / SETTINGS_FILE).is_file():
        rnd = open_checked(settings)
    else:
        _resolve_round(settings.round)  # a wrong 調査回 names the cell, before anything is written
        rnd = Round.create(settings.folder, year=settings.year, round=settings.round)
        created = [rnd.folder.settings_path, rnd.folder.master_path]
        prepared = msg("excel_initialised", year=rnd.settings.fiscal_year,
                       round=rnd.settings.round_name, settings=rnd.folder.settings_path)
    result = rnd.populate()
    board = rnd.status()
    summary = msg("excel_populate_summary", count=result.count, path=rnd.folder.distribute,
                  kpis=result.kpi_rows, initiatives=result.initiative_rows)
    return Outcome(_lines(prepared, summary, *result.notes, board_text(board)),
                   outputs=[*created, *result.paths], board=board_rows(board))


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


def _present(paths: Iterable) -> list:
    return [p for p in paths if p is not None]
