"""Entry points of the control workbook's buttons (called by RunPython in macros/dxreport.bas).

Each function takes the calling workbook (`xlwings.Book.caller()` when run from Excel, a book
passed in by tests), reads the settings cells, runs the button's function of
`dxreport.excel.operations` (which calls the stages) and shows its outcome or its Japanese
error. Returns True when the operation succeeded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dxreport.excel import operations
from dxreport.excel.adapter import Outcome, Settings, read_settings, run_operation

# Button -> (catalogue key of its caption, operation). Looked up at call time (tests swap them).
OPERATIONS: dict[str, tuple[str, Callable[[Settings], Outcome]]] = {
    "populate": ("excel_button_populate", operations.populate),
    "validate": ("excel_button_validate", operations.validate),
    "consolidate": ("excel_button_consolidate", operations.consolidate),
    "open_latest": ("excel_button_open_latest", operations.open_latest),
    "refresh_status": ("excel_button_refresh", operations.refresh_status),
    "mail": ("excel_button_mail", operations.mail),
}


def _caller(book: Any) -> Any:
    if book is not None:
        return book
    import xlwings as xw

    return xw.Book.caller()


def _run(name: str, book: Any) -> bool:
    caption_key, operation = OPERATIONS[name]
    return run_operation(_caller(book), caption_key, lambda b: operation(read_settings(b)))


def populate(book: Any = None) -> bool:
    """調査票作成: prepare a new folder and stop for review; once prepared, one survey workbook
    per division into 1_配布 (again only when 再作成する says はい)."""
    return _run("populate", book)


def validate(book: Any = None) -> bool:
    """回収ファイル検証: check every file in 2_回収 and fill the 提出状況 board."""
    return _run("validate", book)


def consolidate(book: Any = None) -> bool:
    """集約: build the status workbook in 5_集約 from accepted returns."""
    return _run("consolidate", book)


def open_latest(book: Any = None) -> bool:
    """最新の集約結果を開く: open the newest status workbook in 5_集約."""
    return _run("open_latest", book)


def refresh_status(book: Any = None) -> bool:
    """提出状況を更新: redraw the 提出状況 board from the intake ledger."""
    return _run("refresh_status", book)


def mail(book: Any = None) -> bool:
    """メール下書き作成: unsent drafts of the kind in メールの種類 into 6_メール."""
    return _run("mail", book)
