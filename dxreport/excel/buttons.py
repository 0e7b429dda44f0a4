"""Entry points of the control workbook's buttons (called by RunPython in macros/dxreport.bas).

Each function takes the calling workbook (`xlwings.Book.caller()` when run from Excel, a book
passed in by tests), reads the settings, and calls the stage function named in `OPERATIONS`.
Stage functions have the signature `fn(settings: Settings) -> Outcome` and hold all business
logic; this module only adapts.
"""

from __future__ import annotations

import importlib
from typing import Any

from dxreport.errors import UserError
from dxreport.excel.adapter import Outcome, Settings, read_settings, run_operation
from dxreport.messages import msg

# The seam the lead wires: button -> "module:function" taking Settings, returning Outcome.
OPERATIONS: dict[str, str] = {
    "populate": "dxreport.survey.excel_ops:populate",
    "validate": "dxreport.checks.excel_ops:validate",
    "consolidate": "dxreport.consolidate.excel_ops:consolidate",
    "open_latest": "dxreport.consolidate.excel_ops:open_latest",
    "refresh_status": "dxreport.checks.excel_ops:refresh_status",
}

_CAPTIONS = {
    "populate": "excel_button_populate",
    "validate": "excel_button_validate",
    "consolidate": "excel_button_consolidate",
    "open_latest": "excel_button_open_latest",
    "refresh_status": "excel_button_refresh",
}


def resolve(operation: str) -> Any:
    """Import the stage function for `operation` (UserError in Japanese if it is not there)."""
    target = OPERATIONS[operation]
    module_name, _, func_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            raise UserError(
                msg("excel_not_wired", operation=msg(_CAPTIONS[operation]), target=target)
            ) from exc
        raise
    func = getattr(module, func_name, None)
    if func is None:
        raise UserError(msg("excel_not_wired", operation=msg(_CAPTIONS[operation]), target=target))
    return func


def _caller(book: Any) -> Any:
    if book is not None:
        return book
    import xlwings as xw

    return xw.Book.caller()


def _run(operation: str, book: Any) -> bool:
    def body(b: Any) -> Outcome:
        settings: Settings = read_settings(b)
        return resolve(operation)(settings)

    return run_operation(_caller(book), _CAPTIONS[operation], body)


def populate(book: Any = None) -> bool:
    """調査票作成: one survey workbook per division into 1_配布."""
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
