"""Reading what an entry point asked Excel to do, from the remote book's actions."""

from __future__ import annotations

from typing import Any

from dxreport.excel import adapter, xlsm_build

CONTROL, BOARD = 0, 1  # sheet positions: 操作, 提出状況
STATUS_CELL = (xlsm_build.STATUS_ROW - 1, 1)  # column B, zero-based
OUTPUTS_CELL = (xlsm_build.OUTPUTS_FIRST_ROW - 1, 0)  # column A


def cell_of(name_key: str) -> tuple[int, int]:
    """Zero-based (row, column) of an input cell of the 操作 sheet, by its name key."""
    (field,) = [f for f in xlsm_build.INPUT_CELLS if f.name_key == name_key]
    return field.row - 1, 1


def actions(book, func: str | None = None) -> list[dict[str, Any]]:
    return [a for a in book.json()["actions"] if func is None or a["func"] == func]


def _writes_at(book, sheet: int, cell: tuple[int, int]) -> list[dict[str, Any]]:
    return [
        a for a in actions(book, "setValues")
        if (a["sheet_position"], a["start_row"], a["start_column"]) == (sheet, *cell)
    ]


def written(book, name_key: str) -> list:
    """Every value written to an input cell of the 操作 sheet, in order."""
    return [a["values"][0][0] for a in _writes_at(book, CONTROL, cell_of(name_key))]


def status_text(book) -> str:
    """The last value written to 状態."""
    writes = _writes_at(book, CONTROL, STATUS_CELL)
    assert writes, book.json()["actions"]
    return writes[-1]["values"][0][0]


def outputs(book) -> list[str]:
    """The 出力ファイル column as last written (one path per row)."""
    writes = _writes_at(book, CONTROL, OUTPUTS_CELL)
    assert writes, book.json()["actions"]
    return [row[0] for row in writes[-1]["values"]]


def board(book) -> list[list[Any]]:
    """The rows written below the 提出状況 header ([] when nothing was written)."""
    writes = _writes_at(book, BOARD, (1, 0))
    return writes[-1]["values"] if writes else []


def shaded_rows(book) -> list[int]:
    """Zero-based rows of 提出状況 shaded as 未回答, each across the whole board width."""
    rows = []
    for a in actions(book, "setRangeColor"):
        if a["sheet_position"] == BOARD and a["args"] == [adapter.MISSING_FILL]:
            assert (a["row_count"], a["column_count"]) == (1, adapter.BOARD_COLUMNS)
            rows.append(a["start_row"])
    return rows


def alerts(book) -> list[list[Any]]:
    return [a["args"] for a in actions(book, "alert")]


def assert_no_traceback(book) -> None:
    for a in actions(book):
        assert "Traceback" not in str(a.get("values")) + str(a.get("args")), a
