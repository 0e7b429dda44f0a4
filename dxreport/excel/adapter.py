"""Read settings from and write results to the control workbook, for any xlwings Book.

Works the same on a real workbook (RunPython on Windows) and on a remote-engine book
(`xlwings.Book(json=payload)`), which is how the tests drive it. Cells are found through the
workbook's defined names, never by fixed coordinates, except the 提出状況 board whose header row
is row 1 of its own sheet. Nothing here knows about surveys or checks: stages return an
`Outcome` and this module shows it.
"""

from __future__ import annotations

import contextlib
import logging
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dxreport.errors import UserError
from dxreport.fileio import file_fault
from dxreport.messages import msg
from dxreport.resources import version
from dxreport.rules.fiscal_year import FiscalYearError, parse_fiscal_year
from dxreport.xlsx.neutralise import typed_text

log = logging.getLogger(__name__)

MISSING_FILL = "#FFC7CE"  # light red, like Excel's "bad" cell style
BOARD_COLUMNS = 7
BOARD_CLEAR_ROWS = 2000  # rows below the header wiped before each write


@dataclass(frozen=True)
class Settings:
    """The settings cells: folder (checked to exist), year as a 令和 label ("R8"), round."""

    folder: Path
    year: str
    round: str


@dataclass(frozen=True)
class BoardRow:
    """One division on the 提出状況 board. `verdict` is the Japanese label (受理, 未回答, ...);
    `missing` rows (no answer yet) are shaded."""

    department: str
    division: str
    verdict: str
    missing: bool = False
    received_at: str | None = None
    errors: int | None = None
    warnings: int | None = None
    file: str | None = None

    def cells(self) -> list[Any]:
        # the file name is the division's text: written as typed, it could become a formula
        return [self.department, self.division, self.verdict, self.received_at,
                self.errors, self.warnings, typed_text(self.file) if self.file else self.file]


@dataclass(frozen=True)
class Outcome:
    """What an operation reports back: a Japanese summary, files written, board rows."""

    summary: str
    outputs: Sequence[Path | str] = ()
    board: Sequence[BoardRow] | None = None
    open_path: Path | None = None  # a workbook to open in Excel (最新の集約結果を開く)


def named_range(book: Any, name: str) -> Any:
    """The range behind the workbook-level defined name `name` (UserError if it is missing)."""
    try:
        return book.names[name].refers_to_range
    except Exception as exc:  # KeyError (remote) or a COM error: both mean "no such name"
        raise UserError(msg("excel_setting_name_missing", name=name)) from exc


def read_setting(book: Any, name_key: str, label_key: str) -> Any:
    value = named_range(book, msg(name_key)).value
    if value is None or (isinstance(value, str) and not value.strip()):
        raise UserError(msg("excel_setting_missing", label=msg(label_key)))
    return value.strip() if isinstance(value, str) else value


def _whole(value: Any) -> Any:
    # Excel hands numbers over as floats; 2026.0 means the year 2026.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def fiscal_year_label(value: Any) -> str:
    """The 年度 cell -> the folder's label ("R8"), by the one grammar of `parse_fiscal_year`;
    an error names the cell."""
    try:
        return parse_fiscal_year(value)
    except FiscalYearError as exc:
        raise UserError(msg("excel_bad_year", reason=exc.message)) from None


def read_settings(book: Any) -> Settings:
    """Read 作業フォルダ / 年度 / 調査回, check that the folder exists, normalise the year."""
    folder_text = str(read_setting(book, "excel_name_folder", "excel_label_folder"))
    folder = Path(folder_text.strip('"'))  # "Copy as path" in Explorer adds quotes
    if not folder.is_dir():
        raise UserError(msg("excel_folder_missing", path=folder_text))
    year = fiscal_year_label(read_setting(book, "excel_name_year", "excel_label_year"))
    round_ = read_setting(book, "excel_name_round", "excel_label_round")
    round_ = unicodedata.normalize("NFKC", str(_whole(round_))).strip()
    return Settings(folder=folder, year=year, round=round_)


def write_status(book: Any, text: str) -> None:
    named_range(book, msg("excel_name_status")).value = text


def final_status(text: str) -> str:
    """What 状態 says once a button is done, whichever way it ended: the outcome, then which
    dxreport gave it (the first thing to ask when a PC behaves differently from another)."""
    return f"{text}\n{msg('excel_version', version=version())}"


def write_outputs(book: Any, paths: Sequence[Path | str]) -> None:
    """List written files in the 出力ファイル area (clears what the previous run listed)."""
    area = named_range(book, msg("excel_name_outputs"))
    area.clear_contents()
    rows = [[str(p)] for p in paths] or [[msg("excel_no_outputs")]]
    capacity = area.shape[0]
    if len(rows) > capacity:
        rows = [*rows[: capacity - 1], [msg("excel_more_outputs", count=len(rows) - capacity + 1)]]
    area[0, 0].value = rows


def write_board(book: Any, rows: Sequence[BoardRow]) -> None:
    """Fill the 提出状況 sheet below its header; 未回答 rows are shaded red."""
    sheet = book.sheets[msg("excel_sheet_board")]
    old = sheet.range((2, 1), (BOARD_CLEAR_ROWS + 1, BOARD_COLUMNS))
    old.clear_contents()
    old.color = None
    if not rows:
        return
    sheet.range((2, 1)).value = [r.cells() for r in rows]
    for i, row in enumerate(rows, start=2):
        if row.missing:
            sheet.range((i, 1), (i, BOARD_COLUMNS)).color = MISSING_FILL


def alert(book: Any, text: str, *, critical: bool) -> None:
    try:
        mode = "critical" if critical else "info"
        book.app.alert(text, title=msg("excel_alert_title"), buttons="ok", mode=mode)
    except Exception:  # an engine without message boxes: the status line still says it
        log.warning("message box not shown", exc_info=True)


def open_workbook(book: Any, path: Path) -> bool:
    """Open `path` in the running Excel. The remote engine (Excel on the web, the tests) runs
    Python away from the user's files, so it cannot: False, and the caller shows the path."""
    if book.app.engine.name == "remote":
        return False
    try:
        book.app.books.open(str(path))
    except Exception as exc:  # a COM error: the file is broken, or Excel refused
        raise UserError(msg("excel_open_failed", path=path, detail=exc)) from None
    return True


def run_operation(book: Any, operation_key: str, body: Callable[[Any], Outcome]) -> bool:
    """Run `body(book)` and show its outcome; on failure show a Japanese message, no traceback.

    Returns True on success. `operation_key` is a catalogue key of the button's caption.
    """
    operation = msg(operation_key)
    try:
        # Seen while it runs; without a 状態 cell the settings error below is the one to show.
        with contextlib.suppress(UserError):
            write_status(book, msg("excel_running", operation=operation))
        outcome = body(book)
        summary = outcome.summary
        if outcome.open_path is not None and not open_workbook(book, outcome.open_path):
            summary = f"{summary}\n{msg('excel_open_elsewhere')}"
        write_status(book, final_status(msg("excel_done", operation=operation, summary=summary)))
        write_outputs(book, outcome.outputs)
        if outcome.board is not None:
            write_board(book, outcome.board)
        return True
    except UserError as exc:
        text = exc.message
    except OSError as exc:  # a file open in Excel (Windows locks it), a full disk, ...
        # os.replace(tmp, target) names the target second: that is the file the user knows.
        text = file_fault(exc).message
    except Exception as exc:  # a bug, not a user mistake: still no traceback in Excel
        log.exception("%s failed", operation_key)
        text = msg("unexpected", kind=type(exc).__name__, detail=exc)
    try:
        write_status(book, final_status(msg("excel_failed", operation=operation, text=text)))
    except Exception:
        log.warning("status line not written", exc_info=True)
    alert(book, text, critical=True)
    return False
