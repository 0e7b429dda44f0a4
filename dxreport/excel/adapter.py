"""Read settings from and write results to the control workbook, for any xlwings Book.

Works the same on a real workbook (RunPython on Windows) and on a remote-engine book
(`xlwings.Book(json=payload)`), which is how the tests drive it. Cells are found through the
workbook's defined names, never by fixed coordinates, except the 提出状況 board whose header row
is row 1 of its own sheet. Nothing here knows about surveys or checks: stages return an
`Outcome` and this module shows it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dxreport.errors import UserError
from dxreport.fileio import file_fault
from dxreport.messages import msg
from dxreport.resources import version
from dxreport.rules.fiscal_year import REIWA_OFFSET, FiscalYearError, parse_fiscal_year
from dxreport.xlsx.neutralise import typed_text

log = logging.getLogger(__name__)

MISSING_FILL = "#FFC7CE"  # light red, like Excel's "bad" cell style
BOARD_COLUMNS = 7
BOARD_CLEAR_ROWS = 2000  # rows below the header wiped before each write


@dataclass(frozen=True)
class NewRoundCells:
    """The cells 調査票作成 writes into 設定.toml when it prepares a folder, as typed (None:
    empty). Read for every button but checked only by the one that uses them, so a typo in
    回答期限 never stops 集約."""

    previous: str | None = None  # 前回の作業フォルダ
    deadline: Any = None  # a date, an Excel serial number or text
    contact: str | None = None
    contact_extension: str | None = None
    contact_email: str | None = None
    submission: str | None = None


@dataclass(frozen=True)
class Settings:
    """The settings cells: folder (checked to exist), year as a 令和 label ("R8"), round;
    then the cells only some buttons use, as typed (see `NewRoundCells`)."""

    folder: Path
    year: str
    round: str
    new_round: NewRoundCells = NewRoundCells()
    regenerate: str | None = None  # 再作成する: はい / いいえ
    mail_kind: str | None = None  # メールの種類: 照会 / 督促 / 差し戻し


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
    review: bool = False  # stopped on purpose for the user to check something (a message box)
    cells: Mapping[str, Any] = field(default_factory=dict)  # name key -> value to write back


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


def read_optional(book: Any, name_key: str) -> Any:
    """An optional cell's value (None when empty, or when the workbook predates the cell:
    an older control workbook still runs every button it has)."""
    try:
        value = book.names[msg(name_key)].refers_to_range.value
    except Exception:  # no such name (KeyError remote, a COM error on Windows)
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return _whole(value)


def _optional_text(book: Any, name_key: str) -> str | None:
    value = read_optional(book, name_key)
    return None if value is None else str(value)


def folder_path(text: str) -> Path:
    """A folder typed or pasted into a cell ("Copy as path" in Explorer adds quotes)."""
    return Path(text.strip().strip('"'))


def read_settings(book: Any) -> Settings:
    """Read 作業フォルダ / 年度 / 調査回, check that the folder exists, normalise the year;
    read the other cells as typed."""
    folder_text = str(read_setting(book, "excel_name_folder", "excel_label_folder"))
    folder = folder_path(folder_text)
    if not folder.is_dir():
        raise UserError(msg("excel_folder_missing", path=folder_text))
    year = fiscal_year_label(read_setting(book, "excel_name_year", "excel_label_year"))
    round_ = read_setting(book, "excel_name_round", "excel_label_round")
    round_ = unicodedata.normalize("NFKC", str(_whole(round_))).strip()
    new_round = NewRoundCells(
        previous=_optional_text(book, "excel_name_previous"),
        deadline=read_optional(book, "excel_name_deadline"),
        contact=_optional_text(book, "excel_name_contact"),
        contact_extension=_optional_text(book, "excel_name_contact_extension"),
        contact_email=_optional_text(book, "excel_name_contact_email"),
        submission=_optional_text(book, "excel_name_submission"),
    )
    return Settings(folder=folder, year=year, round=round_, new_round=new_round,
                    regenerate=_optional_text(book, "excel_name_regenerate"),
                    mail_kind=_optional_text(book, "excel_name_mail_kind"))


_REIWA_DATE = re.compile(
    r"(?:令和|R)\s*(\d{1,2}|元)\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?", re.IGNORECASE)
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 (Excel's leap-year quirk aside)


def deadline_cell(value: Any) -> dt.date | None:
    """The 回答期限 cell -> a date (None: empty, the round's default). Excel hands over a
    datetime; the remote client an ISO text or a serial number; a person types 2027/4/30."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    reiwa = _REIWA_DATE.fullmatch(text)
    if reiwa:  # 令和9年4月30日 / R9.4.30, as a clerk writes a date in a 令和 document
        year = 1 if reiwa[1] == "元" else int(reiwa[1])
        text = f"{REIWA_OFFSET + year}-{reiwa[2]}-{reiwa[3]}"
    for candidate in (text[:10] if "T" in text else text, text.replace("/", "-")):
        parts = candidate.split("-")
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            with contextlib.suppress(ValueError):
                return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    raise UserError(msg("excel_bad_deadline", value=value))


def choice_cell(value: str | None, label_key: str, choice_keys: Sequence[str],
                default_key: str | None = None) -> str:
    """A drop-down cell's value, one of `choice_keys`' texts (empty: the default, or asked
    for); anything else (pasted over the list) names the cell and the choices."""
    choices = [msg(k) for k in choice_keys]
    if value is None:
        if default_key is None:
            raise UserError(msg("excel_setting_missing", label=msg(label_key)))
        return msg(default_key)
    text = unicodedata.normalize("NFKC", value).strip()
    for choice in choices:
        if text == unicodedata.normalize("NFKC", choice):
            return choice
    raise UserError(msg("excel_bad_choice", label=msg(label_key), value=value,
                        choices="、".join(choices)))


def wants_regenerate(settings: Settings) -> bool:
    """再作成する: はい / いいえ (empty: いいえ)."""
    return choice_cell(settings.regenerate, "excel_label_regenerate",
                       ("excel_yes", "excel_no"), "excel_no") == msg("excel_yes")


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


ALERT_LINES = 15  # a message box taller than the screen hides its OK button


def alert_text(text: str) -> str:
    """`text` for a message box: the middle of a long list (a refusal naming 68 divisions)
    is cut, keeping the head and the last lines (where a message says what to do); the box
    says that the 状態 cell holds the rest."""
    lines = text.splitlines()
    if len(lines) <= ALERT_LINES:
        return text
    head, tail = lines[: ALERT_LINES - 4], lines[-3:]
    cut = len(lines) - len(head) - len(tail)
    return "\n".join([*head, msg("excel_alert_more", count=cut), *tail])


def alert(book: Any, text: str, *, critical: bool) -> None:
    try:
        mode = "critical" if critical else "info"
        book.app.alert(alert_text(text), title=msg("excel_alert_title"), buttons="ok",
                       mode=mode)
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
        done = "excel_stopped" if outcome.review else "excel_done"
        write_status(book, final_status(msg(done, operation=operation, summary=summary)))
        write_outputs(book, outcome.outputs)
        if outcome.board is not None:
            write_board(book, outcome.board)
        for name_key, value in outcome.cells.items():
            named_range(book, msg(name_key)).value = value
        if outcome.review:
            alert(book, summary, critical=False)
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
