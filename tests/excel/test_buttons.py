"""Every button's entry point driven through xlwings remote-engine payloads."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from pathlib import Path

import pytest

from dxreport.errors import UserError
from dxreport.excel import adapter, buttons
from dxreport.excel.adapter import BoardRow, NewRoundCells, Outcome
from dxreport.messages import msg
from tests.excel.actions import outputs, status_text

ENTRY_POINTS = ["populate", "validate", "consolidate", "open_latest", "refresh_status", "mail"]
# what pip installed, not a constant of the code
_VERSION_LINE = f"（dxreport {importlib.metadata.version('dxreport')}）"


def _actions(book, func):
    return [a for a in book.json()["actions"] if a["func"] == func]


def _status_text(book) -> str:
    """The value written to 状態 (column B of the first sheet)."""
    return status_text(book)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_missing_folder_shows_japanese_message_and_box(make_book, tmp_path, entry):
    missing = tmp_path / "存在しない"
    book = make_book(作業フォルダ=str(missing))

    assert getattr(buttons, entry)(book) is False

    expected = msg("excel_folder_missing", path=str(missing))
    assert expected in _status_text(book)
    assert "を中止しました" in _status_text(book)
    assert _status_text(book).endswith(_VERSION_LINE)  # which dxreport said so
    (box,) = _actions(book, "alert")
    assert box["args"][:4] == [expected, msg("excel_alert_title"), "ok", "critical"]
    assert "Traceback" not in str(book.json())


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_every_button_ends_its_status_with_the_installed_version(make_book, tmp_path,
                                                                  monkeypatch, entry):
    _fake(monkeypatch, entry, lambda s: Outcome("済み"))
    book = make_book(作業フォルダ=str(tmp_path))
    assert getattr(buttons, entry)(book) is True
    caption, _ = buttons.OPERATIONS[entry]
    assert _status_text(book).splitlines() == [
        msg("excel_done", operation=msg(caption), summary="済み"), _VERSION_LINE]


def test_empty_folder_setting_names_the_cell_to_fill(make_book):
    book = make_book(作業フォルダ=None)
    assert buttons.populate(book) is False
    assert msg("excel_setting_missing", label="作業フォルダ") in _status_text(book)


def _fake(monkeypatch, entry, operation):
    caption, _ = buttons.OPERATIONS[entry]
    monkeypatch.setitem(buttons.OPERATIONS, entry, (caption, operation))


def test_quoted_folder_from_explorer_copy_as_path_is_accepted(make_book, tmp_path, monkeypatch):
    seen = {}

    def fake(settings):
        seen["settings"] = settings
        return Outcome(summary="ok")

    _fake(monkeypatch, "populate", fake)
    book = make_book(作業フォルダ=f'"{tmp_path}"', 年度=2026.0, 調査回=" 中間 ")
    assert buttons.populate(book) is True
    got = seen["settings"]
    assert (got.folder, got.year, got.round) == (tmp_path, "R8", "中間")


@pytest.mark.parametrize(
    "typed", ["R8", "r8", "Ｒ８", 8, 8.0, "8", "令和8", "令和8年度", "令和８年度", 2026, 2026.0,
              "2026年度", "R08"],
)
def test_year_cell_accepts_the_usual_ways_of_writing_reiwa_8(typed):
    assert adapter.fiscal_year_label(typed) == "R8"


@pytest.mark.parametrize("typed", ["H30", "0", 2018, 100, "R", "令和", "2026-04", "abc", 2100])
def test_year_cell_rejects_anything_else_naming_the_cell(typed):
    with pytest.raises(UserError) as err:
        adapter.fiscal_year_label(typed)
    assert "「年度」" in err.value.message and str(typed) in err.value.message


def test_bad_year_cell_stops_before_anything_runs(make_book, tmp_path, monkeypatch):
    _fake(monkeypatch, "populate", lambda s: pytest.fail("must not run"))
    book = make_book(作業フォルダ=str(tmp_path), 年度="平成30")
    assert buttons.populate(book) is False
    assert msg("excel_bad_year", reason=msg("fy_bad_year", value="平成30", first="R8")) \
        in _status_text(book)
    assert list(tmp_path.iterdir()) == []


def test_unexpected_exception_becomes_generic_message(make_book, tmp_path, monkeypatch):
    def broken(settings):
        raise ZeroDivisionError("boom")

    _fake(monkeypatch, "consolidate", broken)
    book = make_book(作業フォルダ=str(tmp_path))
    assert buttons.consolidate(book) is False
    text = _status_text(book)
    assert "予期しないエラー" in text and "ZeroDivisionError" in text
    assert _actions(book, "alert")[0]["args"][3] == "critical"
    assert "Traceback" not in str(book.json())


def test_file_open_elsewhere_names_the_file(make_book, tmp_path, monkeypatch):
    target = tmp_path / "5_集約" / "全庁DX進捗状況_R8_年度末実績_001.xlsx"

    def locked(settings):  # what os.replace(tmp, target) raises on Windows for an open file
        raise PermissionError(13, "Access is denied", str(tmp_path / ".tmp-1.xlsx"), None,
                              str(target))

    _fake(monkeypatch, "consolidate", locked)
    book = make_book(作業フォルダ=str(tmp_path))
    assert buttons.consolidate(book) is False
    expected = msg("file_locked", path=str(target))
    assert expected in _status_text(book)
    assert _actions(book, "alert")[0]["args"][0] == expected


def test_success_writes_status_outputs_and_board(make_book, tmp_path, monkeypatch):
    out = tmp_path / "1_配布" / "調査票_デジタル変革課.xlsx"
    rows = [
        BoardRow("企画部", "デジタル変革課", "受理", False, "2026-10-01 09:00", 0, 2, "a.xlsx"),
        BoardRow("企画部", "統計課", "未回答", True),
        BoardRow("総務部", "情報政策課", "差し戻し", False, "2026-10-02 10:30", 3, 0, "b.xlsx"),
    ]
    _fake(monkeypatch, "validate", lambda s: Outcome("2件", outputs=[out], board=rows))
    book = make_book(作業フォルダ=str(tmp_path))
    assert buttons.validate(book) is True

    assert _status_text(book) == "\n".join([
        msg("excel_done", operation="回収ファイル検証", summary="2件"), _VERSION_LINE])
    assert not _actions(book, "alert")
    assert outputs(book) == [str(out)]
    # The board: values below the header of 提出状況, 未回答 row (the 2nd) shaded red only.
    (board,) = [a for a in _actions(book, "setValues") if a["sheet_position"] == 1]
    assert (board["start_row"], board["start_column"]) == (1, 0)
    assert board["values"][0] == [
        "企画部", "デジタル変革課", "受理", "2026-10-01 09:00", 0, 2, "a.xlsx"
    ]
    assert board["values"][1][:3] == ["企画部", "統計課", "未回答"]
    shaded = [
        (a["start_row"], a["row_count"], a["column_count"])
        for a in _actions(book, "setRangeColor")
        if a["sheet_position"] == 1 and a["args"] == [adapter.MISSING_FILL]
    ]
    assert shaded == [(2, 1, adapter.BOARD_COLUMNS)]


def test_board_writer_clears_previous_rows_first(make_book):
    book = make_book()
    adapter.write_board(book, [])
    sheet1 = [a for a in book.json()["actions"] if a["sheet_position"] == 1]
    assert [a["func"] for a in sheet1] == ["rangeClearContents", "setRangeColor"]
    assert sheet1[0]["start_row"] == 1 and sheet1[0]["row_count"] == adapter.BOARD_CLEAR_ROWS


def test_many_outputs_are_summarised_in_the_last_row(make_book):
    book = make_book()
    adapter.write_outputs(book, [Path(f"/w/{i}.xlsx") for i in range(25)])
    write = _actions(book, "setValues")[-1]
    assert len(write["values"]) == 10
    assert write["values"][-1] == [msg("excel_more_outputs", count=16)]


def test_missing_defined_name_is_a_user_error(make_book):
    book = make_book()
    book.api["names"].clear()
    assert buttons.populate(book) is False
    (box,) = _actions(book, "alert")
    assert "名前「作業フォルダ」がありません" in box["args"][0]


def test_caller_is_used_when_no_book_is_given(make_book, tmp_path, monkeypatch):
    import xlwings as xw

    book = make_book(作業フォルダ=str(tmp_path / "none"))
    monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: book))
    assert buttons.open_latest() is False
    assert _actions(book, "alert")


@pytest.mark.parametrize(("typed", "expected"), [
    (None, None),
    (dt.datetime(2027, 4, 30), dt.date(2027, 4, 30)),  # a date cell, from Excel on Windows
    (dt.date(2027, 4, 30), dt.date(2027, 4, 30)),
    ("2027-04-30T00:00:00.000Z", dt.date(2027, 4, 30)),  # the remote client's ISO text
    (46507, dt.date(2027, 4, 30)),  # a serial number
    ("2027/4/30", dt.date(2027, 4, 30)),
    ("２０２７／４／３０", dt.date(2027, 4, 30)),
    ("2027-04-30", dt.date(2027, 4, 30)),
    ("令和9年4月30日", dt.date(2027, 4, 30)),
    ("R9.4.30", dt.date(2027, 4, 30)),
    ("令和元年5月1日", dt.date(2019, 5, 1)),
])
def test_deadline_cell_reads_what_excel_and_people_give(typed, expected):
    assert adapter.deadline_cell(typed) == expected


@pytest.mark.parametrize("typed", ["4月末", "2027/2/30", "30/4/2027", "令和9年4月31日", True])
def test_deadline_cell_refuses_anything_else_naming_the_cell(typed):
    with pytest.raises(UserError) as err:
        adapter.deadline_cell(typed)
    assert err.value.message == msg("excel_bad_deadline", value=typed)


def test_short_messages_reach_the_box_whole():
    text = "\n".join(f"行{i}" for i in range(adapter.ALERT_LINES))
    assert adapter.alert_text(text) == text


def test_a_workbook_built_before_the_new_cells_still_runs_its_buttons(make_book, tmp_path,
                                                                     monkeypatch):
    """An older control workbook has no 回答期限 or メールの種類 names: they read as empty."""
    seen = {}

    def fake(settings):
        seen["settings"] = settings
        return Outcome("ok")

    _fake(monkeypatch, "validate", fake)
    book = make_book(作業フォルダ=str(tmp_path))
    old = {"作業フォルダ", "年度", "調査回", "状態", "出力ファイル"}
    for name in [n for n in book.api["names"] if n["name"] not in old]:
        book.api["names"].remove(name)
    assert buttons.validate(book) is True
    assert seen["settings"].new_round == NewRoundCells()
    assert seen["settings"].mail_kind is None
