"""Every button on REAL working folders (the real R8 plan), driven through xlwings payloads."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from dxreport.api import Round
from dxreport.consolidate.run import latest_output
from dxreport.errors import UserError
from dxreport.excel import adapter, buttons
from dxreport.messages import msg
from dxreport.round.folder import open_folder
from dxreport.round.ledger import Ledger
from dxreport.survey.populate import populate
from dxreport.survey.reader import read_survey
from tests.consolidate import real_ledger
from tests.excel.actions import (
    alerts,
    assert_no_traceback,
    board,
    outputs,
    shaded_rows,
    status_text,
    written,
)

DIVISIONS_IN_R8 = 68  # lead divisions of the real plan: one survey each


@pytest.fixture(scope="module")
def populated_once(tmp_path_factory) -> Path:
    """A folder prepared and populated by the stages directly (copied for each test)."""
    root = tmp_path_factory.mktemp("populated") / "R8_年度末"
    populate(Round.create(root, "R8", "年度末").folder)
    return root


@pytest.fixture
def populated(populated_once, tmp_path) -> Path:
    return Path(shutil.copytree(populated_once, tmp_path / "R8_年度末"))


@pytest.fixture
def answered(tmp_path) -> Path:
    """Six divisions surveyed, five answers accepted (SOMU-KENSHU never answers)."""
    wf = real_ledger.make_folder(tmp_path / "answered", tmp_path)
    real_ledger.populate(wf)
    for ret in real_ledger.standard_returns():
        real_ledger.receive(wf, ret)
    return wf.root


def _failed(book, expected: str) -> None:
    assert expected in status_text(book)
    assert "を中止しました" in status_text(book)
    ((text, title, buttons_, mode, *_),) = alerts(book)
    assert (text, title, buttons_, mode) == (expected, msg("excel_alert_title"), "ok", "critical")
    assert_no_traceback(book)


# ---------------------------------------------------------------- 調査票作成
CONTACT_CELLS = {"回答期限": "2027/5/14", "問い合わせ先_担当": "デジタル変革課 DX推進担当",
                 "問い合わせ先_内線": 2345.0, "問い合わせ先_メール": "dx@pref.example.lg.jp",
                 "提出方法": "共有フォルダ「DX調査」に保存してください。"}


def test_populate_prepares_an_empty_folder_stops_for_review_then_writes_every_survey(
        make_book, tmp_path):
    """First press: the folder is prepared with the contact cells and the button stops,
    saying what every survey will carry; nothing is distributed. Second press: surveys."""
    root = tmp_path / "R8_年度末"
    root.mkdir()
    book = make_book(作業フォルダ=str(root), 年度="令和8年度", 調査回="年度末", **CONTACT_CELLS)

    assert buttons.populate(book) is True

    wf = open_folder(root)
    s = wf.settings
    assert (s.fiscal_year, s.round_code, s.deadline) == ("R8", "FINAL", dt.date(2027, 5, 14))
    assert (s.contact, s.contact_extension, s.contact_email, s.submission) == (
        "デジタル変革課 DX推進担当", "2345", "dx@pref.example.lg.jp",
        "共有フォルダ「DX調査」に保存してください。")
    assert s.previous is None
    assert not list(wf.distribute.iterdir())  # nothing distributed yet
    with Ledger.open(wf) as led:
        assert led.surveys() == []
    status = status_text(book)
    assert status.startswith("調査票作成: 確認のため止めています。")
    assert "調査票はまだ作成していません" in status
    assert "・回答期限: 令和9年5月14日（金）" in status
    assert "・問い合わせ先: デジタル変革課 DX推進担当（内線 2345、dx@pref.example.lg.jp）" in status
    assert "・提出方法: 共有フォルダ「DX調査」に保存してください。" in status
    assert str(wf.settings_path) in status and str(wf.master_path) in status
    assert "もう一度「調査票作成」を押すと調査票を作成します" in status
    ((text, _title, _ok, mode, *_),) = alerts(book)  # a box the user cannot miss, not an error
    assert mode == "info" and "確認してください" in text
    assert outputs(book) == [str(wf.settings_path), str(wf.master_path)]
    assert board(book) == []
    assert_no_traceback(book)

    again = make_book(作業フォルダ=str(root), 年度="令和8年度", 調査回="年度末", **CONTACT_CELLS)
    assert buttons.populate(again) is True

    status = status_text(again)
    assert status.startswith("調査票作成が完了しました。")
    assert f"{DIVISIONS_IN_R8} 課の調査票を {wf.distribute} に作成しました" in status
    assert msg("excel_populate_contact", deadline="令和9年5月14日（金）",
               contact=s.contact_text) in status
    assert msg("excel_board_summary", received=0, expected=DIVISIONS_IN_R8,
               missing=DIVISIONS_IN_R8) in status
    assert not alerts(again)
    surveys = sorted(wf.distribute.glob("*.xlsx"))
    assert len(surveys) == DIVISIONS_IN_R8
    listed = outputs(again)  # surveys until the 10 rows are full
    assert listed[-1] == msg("excel_more_outputs", count=DIVISIONS_IN_R8 - 9)
    for shown in listed[:-1]:
        assert Path(shown).parent == wf.distribute and Path(shown).is_file()
    guide = load_workbook(next(p for p in surveys if "KIKAKU-DX" in p.name))
    texts = [str(c.value) for ws in guide for row in ws.iter_rows() for c in row if c.value]
    assert any("dx@pref.example.lg.jp" in t for t in texts)  # the survey carries the cells
    # 提出状況: every division, all 未回答, all shaded.
    rows = board(again)
    assert len(rows) == DIVISIONS_IN_R8
    assert {r[2] for r in rows} == {"未回答"}
    assert all(r[0] and r[1] for r in rows)  # department and division named
    assert {r[1] for r in rows} >= {"デジタル変革課", "人事課"}
    assert all(r[3:] == ["", "", "", ""] for r in rows)  # the remote engine sends None as ""
    assert shaded_rows(again) == list(range(1, DIVISIONS_IN_R8 + 1))
    assert_no_traceback(again)


def test_empty_contact_cells_give_the_defaults(make_book, tmp_path):
    book = make_book(作業フォルダ=str(tmp_path), 調査回="中間")
    assert buttons.populate(book) is True
    s = open_folder(tmp_path).settings
    assert (s.deadline, s.contact, s.contact_extension, s.contact_email) == (
        dt.date(2026, 10, 31), "デジタル変革課", "", "")
    assert s.submission == msg("wf_default_submission")
    assert "・回答期限: 令和8年10月31日（土）" in status_text(book)


@pytest.mark.parametrize("typed", ["来月末", "2027/13/1", "平成31.4.30"])
def test_unreadable_deadline_names_the_cell_and_writes_nothing(make_book, tmp_path, typed):
    book = make_book(作業フォルダ=str(tmp_path), 回答期限=typed)
    assert buttons.populate(book) is False
    _failed(book, msg("excel_bad_deadline", value=typed))
    assert list(tmp_path.iterdir()) == []


def test_cell_edited_after_preparing_stops_before_any_survey(make_book, tmp_path):
    """The surveys carry 設定.toml: a cell changed since the folder was prepared would be
    ignored silently, so the second press names both values and writes nothing."""
    assert buttons.populate(make_book(作業フォルダ=str(tmp_path), **CONTACT_CELLS))
    cells = {**CONTACT_CELLS, "問い合わせ先_内線": "2346", "回答期限": "2027-05-21"}
    book = make_book(作業フォルダ=str(tmp_path), **cells)

    assert buttons.populate(book) is False

    text = status_text(book)
    settings = tmp_path / "設定.toml"
    assert msg("excel_cell_differs", label="問い合わせ先（内線）", sheet="2346",
               file="2345") in text
    assert msg("excel_cell_differs", label="回答期限", sheet="令和9年5月21日（金）",
               file="令和9年5月14日（金）") in text
    assert "問い合わせ先（担当）" not in text  # the cells that agree are not listed
    assert str(settings) in text and "を中止しました" in text
    assert not list((tmp_path / "1_配布").iterdir())
    # Emptied cells agree with anything: 設定.toml decides.
    assert buttons.populate(make_book(作業フォルダ=str(tmp_path))) is True
    assert len(list((tmp_path / "1_配布").iterdir())) == DIVISIONS_IN_R8


def test_populate_again_shows_what_would_change_and_how_to_recreate(make_book, populated):
    """The surveys were already sent: the button stops with the stage's list (the same
    divisions the CLI lists) and points at 再作成する, not at a command; nothing changes."""
    before = {p.name: p.read_bytes() for p in (populated / "1_配布").iterdir()}
    book = make_book(作業フォルダ=str(populated), 年度=2026, 調査回="年度末実績")

    assert buttons.populate(book) is False

    text = status_text(book)
    assert "この調査回の調査票は既に配布済みです（68 課）" in text
    assert "・デジタル変革課（KIKAKU-DX）: " in text and "内容の変更なし" in text
    assert "「再作成する」を「はい」にして" in text and "--regenerate" not in text
    ((box, *_),) = alerts(book)  # 68 lines would push the OK button off the screen
    lines = box.splitlines()  # the refusal: a head line, 68 divisions, the way out
    assert len(lines) == adapter.ALERT_LINES
    assert lines[-4] == msg("excel_alert_more", count=1 + DIVISIONS_IN_R8 + 1 - 14)
    assert "「再作成する」を「はい」にして" in lines[-1]  # the way out is kept
    assert_no_traceback(book)
    assert {p.name: p.read_bytes() for p in (populated / "1_配布").iterdir()} == before
    with Ledger.open(open_folder(populated)) as led:
        assert len(led.operations("populate")) == 1


def test_recreate_cell_regenerates_and_is_set_back_to_no(make_book, populated):
    book = make_book(作業フォルダ=str(populated), 再作成する="はい")

    assert buttons.populate(book) is True

    status = status_text(book)
    assert msg("excel_regenerated", count=DIVISIONS_IN_R8) in status
    assert written(book, "excel_name_regenerate") == ["いいえ"]
    with Ledger.open(open_folder(populated)) as led:
        assert len(led.operations("populate")) == 2  # the first distribution is kept
    assert len(list((populated / "1_配布").glob("*.xlsx"))) == DIVISIONS_IN_R8
    assert_no_traceback(book)


def test_recreate_cell_with_another_value_names_the_choices(make_book, populated):
    book = make_book(作業フォルダ=str(populated), 再作成する="たぶん")
    assert buttons.populate(book) is False
    _failed(book, msg("excel_bad_choice", label="再作成する", value="たぶん",
                      choices="はい、いいえ"))


# ---------------------------------------------------------------- 前回の作業フォルダ
@pytest.fixture(scope="module")
def r8_final(tmp_path_factory) -> Path:
    """A prepared R8 年度末 round with its own contact (the previous round of the tests)."""
    root = tmp_path_factory.mktemp("chain") / "R8_年度末"
    Round.create(root, "R8", "年度末", contact="デジタル変革課 企画担当",
                 contact_extension="1111", contact_email="old@pref.example.lg.jp",
                 submission="前回の提出方法")
    return root


def test_previous_folder_carries_the_settings_over(make_book, r8_final, tmp_path):
    new = tmp_path / "R9_中間"
    new.mkdir()
    book = make_book(作業フォルダ=str(new), 年度="R9", 調査回="中間",
                     前回の作業フォルダ=f'"{r8_final}"', 問い合わせ先_内線="2222")

    assert buttons.populate(book) is True

    s = open_folder(new).settings
    assert (s.fiscal_year, s.round_code, s.deadline) == ("R9", "MID", dt.date(2027, 10, 31))
    assert (s.contact, s.contact_extension, s.contact_email, s.submission) == (
        "デジタル変革課 企画担当", "2222", "old@pref.example.lg.jp", "前回の提出方法")
    assert s.previous is not None and s.previous.round_code == "FINAL"
    status = status_text(book)
    assert msg("excel_prepared_previous", year="R8", round="年度末実績", path=r8_final) in status
    assert "確認のため止めています" in status
    assert not list((new / "1_配布").iterdir())
    # The same cell on the second press agrees with what 設定.toml recorded.
    again = make_book(作業フォルダ=str(new), 年度="R9", 調査回="中間",
                      前回の作業フォルダ=str(r8_final))
    with pytest.MonkeyPatch.context() as mp:  # no need to write 68 surveys to see it pass

        def reached(self, regenerate=False):
            raise UserError("populate reached")

        mp.setattr(Round, "populate", reached)
        assert buttons.populate(again) is False
    assert "populate reached" in status_text(again)


def test_previous_folder_that_does_not_exist(make_book, tmp_path):
    missing = tmp_path / "R8_年度末"
    book = make_book(作業フォルダ=str(tmp_path / "new"), 前回の作業フォルダ=str(missing))
    (tmp_path / "new").mkdir()
    assert buttons.populate(book) is False
    _failed(book, msg("excel_previous_missing", path=str(missing)))
    assert list((tmp_path / "new").iterdir()) == []


def test_previous_folder_never_prepared(make_book, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    book = make_book(作業フォルダ=str(tmp_path / "new"), 前回の作業フォルダ=str(tmp_path / "old"))
    assert buttons.populate(book) is False
    _failed(book, msg("excel_previous_not_prepared", path=tmp_path / "old"))


def test_chain_backwards_names_the_next_round(make_book, r8_final, tmp_path):
    """The cells still say R8 年度末 (last round's): the next round is named."""
    (tmp_path / "new").mkdir()
    book = make_book(作業フォルダ=str(tmp_path / "new"), 年度="R8", 調査回="年度末",
                     前回の作業フォルダ=str(r8_final))
    assert buttons.populate(book) is False
    _failed(book, msg("excel_previous_order", path=r8_final, previous="R8 年度末",
                      requested="R8 年度末", next="R9 中間"))
    assert list((tmp_path / "new").iterdir()) == []


def test_chain_that_skips_a_round_says_how_to_skip_on_purpose(make_book, r8_final, tmp_path):
    (tmp_path / "new").mkdir()
    book = make_book(作業フォルダ=str(tmp_path / "new"), 年度="R9", 調査回="年度末",
                     前回の作業フォルダ=str(r8_final))
    assert buttons.populate(book) is False
    text = status_text(book)
    assert msg("excel_previous_order", path=r8_final, previous="R8 年度末",
               requested="R9 年度末", next="R9 中間") in text
    assert "R9 中間 が抜けます" in text and "--allow-skip" in text
    assert list((tmp_path / "new").iterdir()) == []


def test_previous_cell_on_a_folder_prepared_without_it(make_book, populated, r8_final):
    book = make_book(作業フォルダ=str(populated), 前回の作業フォルダ=str(r8_final))
    assert buttons.populate(book) is False
    assert msg("excel_cell_differs", label="前回の作業フォルダ", sheet=str(r8_final),
               file=msg("excel_no_previous_recorded")) in status_text(book)


@pytest.mark.parametrize("entry", ["populate", "validate", "consolidate", "open_latest",
                                   "refresh_status"])
def test_year_of_another_folder_is_refused_naming_the_cell(make_book, populated, entry):
    before = sorted(p.stat().st_mtime_ns for p in (populated / "1_配布").iterdir())
    book = make_book(作業フォルダ=str(populated), 年度="R9", 調査回="年度末")

    assert getattr(buttons, entry)(book) is False

    _failed(book, msg("excel_year_mismatch", folder=populated, year="R9", folder_year="R8",
                      folder_round="年度末実績", settings=populated / "設定.toml"))
    assert "「年度」を R8 に直す" in status_text(book)
    assert sorted(p.stat().st_mtime_ns for p in (populated / "1_配布").iterdir()) == before


def test_round_of_another_folder_is_refused_naming_the_cell(make_book, populated):
    book = make_book(作業フォルダ=str(populated), 年度="R8", 調査回="中間")
    assert buttons.populate(book) is False
    _failed(book, msg("excel_round_mismatch", folder=populated, round="中間", folder_year="R8",
                      folder_round="年度末実績", settings=populated / "設定.toml"))


def test_unknown_round_on_an_empty_folder_writes_nothing(make_book, tmp_path):
    book = make_book(作業フォルダ=str(tmp_path), 調査回="第1回")
    assert buttons.populate(book) is False
    _failed(book, msg("excel_bad_round", value="第1回", known="年度末、中間"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("entry", ["validate", "consolidate", "open_latest", "refresh_status"])
def test_other_buttons_on_an_unprepared_folder_point_at_populate(make_book, tmp_path, entry):
    book = make_book(作業フォルダ=str(tmp_path))
    assert getattr(buttons, entry)(book) is False
    _failed(book, msg("excel_not_initialised", folder=tmp_path))


def test_survey_open_in_excel_is_named_and_nothing_is_written(make_book, tmp_path,
                                                              monkeypatch):
    """A survey of that name is open in Excel (Windows locks it): found before anything is
    recorded, so 1_配布 and the ledger stay as they were."""
    import builtins

    folder = tmp_path / "R8_年度末"
    locked = folder / "1_配布" / "R8_KIKAKU-DX_デジタル変革課.xlsx"
    locked.parent.mkdir(parents=True)
    assert buttons.populate(make_book(作業フォルダ=str(folder)))  # prepares, stops
    locked.write_bytes(b"an earlier copy, open in Excel")
    real_open = builtins.open

    def open_(file, mode="r", *args, **kwargs):
        if Path(str(file)) == locked and mode != "rb":
            raise PermissionError(13, "Access is denied", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", open_)
    book = make_book(作業フォルダ=str(folder))
    assert buttons.populate(book) is False
    _failed(book, msg("file_locked", path=locked) + msg("sv_populate_unchanged"))
    monkeypatch.undo()
    assert [p.name for p in (folder / "1_配布").iterdir()] == [locked.name]
    with Ledger.open(open_folder(folder)) as led:
        assert led.operations("populate") == [] and led.surveys() == []


# ---------------------------------------------------------------- 集約 / 開く / 提出状況
def _assert_answered_board(book) -> None:
    rows = board(book)
    assert [r[:3] for r in rows] == [
        ["企画調整部", "デジタル変革課", "受理"],
        ["教育庁", "義務教育課", "受理"],
        ["教育庁", "教育総務課", "受理"],
        ["総務部", "人事課", "受理（警告あり）"],
        ["総務部", "行政経営課", "受理"],
        ["総務部", "職員研修課", "未回答"],
    ]
    assert rows[3][3:] == ["2027-04-20 10:30", 0, 1, "回答_SOMU-JINJI.xlsx"]
    assert shaded_rows(book) == [6]  # 職員研修課 only, the 6th row below the header


def test_consolidate_writes_the_status_workbook_and_the_board(make_book, answered):
    book = make_book(作業フォルダ=str(answered))

    assert buttons.consolidate(book) is True

    wf = open_folder(answered)
    path = latest_output(wf)
    assert path is not None and path.name == "全庁DX進捗状況_R8_年度末実績_001.xlsx"
    assert outputs(book) == [str(path)]
    status = status_text(book)
    assert status.startswith("集約が完了しました。")
    assert str(path.relative_to(answered)) in status
    assert msg("cons_run_received", received=5, expected=6, superseded=0) in status
    _assert_answered_board(book)
    assert not alerts(book)
    assert_no_traceback(book)


def test_consolidate_with_no_surveys_says_there_is_nothing(make_book, tmp_path):
    Round.create(tmp_path / "f", "R8", "年度末")
    book = make_book(作業フォルダ=str(tmp_path / "f"))
    assert buttons.consolidate(book) is False
    _failed(book, msg("excel_nothing_to_consolidate", folder=tmp_path / "f"))
    assert not list((tmp_path / "f" / "5_集約").iterdir())


def test_open_latest_before_any_consolidation(make_book, answered):
    book = make_book(作業フォルダ=str(answered))
    assert buttons.open_latest(book) is False
    _failed(book, msg("excel_no_consolidation", path=answered / "5_集約", year="R8",
                      round="年度末実績"))


def test_open_latest_shows_the_newest_path_on_the_remote_engine(make_book, answered):
    assert buttons.consolidate(make_book(作業フォルダ=str(answered)))
    assert buttons.consolidate(make_book(作業フォルダ=str(answered)))  # a reprint: _002
    book = make_book(作業フォルダ=str(answered))

    assert buttons.open_latest(book) is True

    newest = answered / "5_集約" / "全庁DX進捗状況_R8_年度末実績_002.xlsx"
    assert newest.is_file()
    assert outputs(book) == [str(newest)]
    assert msg("excel_latest", path=newest) in status_text(book)
    assert msg("excel_open_elsewhere") in status_text(book)
    assert not alerts(book)
    assert_no_traceback(book)


def test_open_latest_opens_it_in_desktop_excel(answered):
    """On Windows (COM engine) the workbook is opened in the running Excel."""
    opened = []
    app = SimpleNamespace(engine=SimpleNamespace(name="excel"),
                          books=SimpleNamespace(open=opened.append))
    book = SimpleNamespace(app=app)
    path = answered / "5_集約" / "x.xlsx"
    assert adapter.open_workbook(book, path) is True
    assert opened == [str(path)]


def test_refresh_status_fills_the_board_from_the_ledger(make_book, answered):
    book = make_book(作業フォルダ=str(answered))
    assert buttons.refresh_status(book) is True
    assert msg("excel_board_summary", received=5, expected=6, missing=1) in status_text(book)
    assert outputs(book) == [msg("excel_no_outputs")]
    _assert_answered_board(book)
    assert not list((answered / "5_集約").iterdir())  # only reads
    assert_no_traceback(book)


# ---------------------------------------------------------------- 回収ファイル検証
def _answered_survey(folder: Path, division: str, actual=None) -> Path:
    """The division's generated survey with every 実績値 filled (the target, or `actual`), every
    answer row's 状況 set, saved into 2_回収 as the division would send it back."""
    wf = open_folder(folder)
    path = next(wf.distribute.glob(f"R8_{division}_*.xlsx"))
    wb = load_workbook(path)
    ret = read_survey(wb)
    with Ledger.open(wf) as led:
        carried = led.survey(ret.survey_id).carried
    kpis = {r["key"]: r for r in carried["kpi_rows"]}
    answers = {r["key"]: r["answer"] for r in carried["initiative_rows"]}

    def put(ref: str, value) -> None:
        sheet, _, cell = ref.rpartition("!")
        wb[sheet][cell] = value

    for row in ret.kpi_rows:
        target = kpis[row.key]["targets"].get("R8") or {}
        value = target.get("part_value") if target.get("part") else target.get("value")
        put(row.inputs["actual"].cell, actual if actual is not None else (value or 1))
        put(row.inputs["as_of"].cell, dt.datetime(2027, 3, 31))
        put(row.inputs["source"].cell, "業務システム集計")
    for row in ret.initiative_rows:
        if answers[row.key]:
            put(row.inputs["status"].cell, "順調")
            put(row.inputs["done"].cell, "計画どおり実施した")
    target = wf.returns / f"回答_{division}.xlsx"
    wb.save(target)
    return target


def test_validate_accepts_a_filled_return_and_updates_the_board(make_book, populated):
    returned = _answered_survey(populated, "KIKAKU-DX")
    book = make_book(作業フォルダ=str(populated))

    assert buttons.validate(book) is True

    status = status_text(book)
    assert status.startswith(
        "回収ファイル検証が完了しました。回答ファイル 1 件を検証しました（受理"
    )
    assert msg("excel_board_summary", received=1, expected=DIVISIONS_IN_R8,
               missing=DIVISIONS_IN_R8 - 1) in status
    findings = populated / msg("chk_findings_filename")
    assert outputs(book) == [str(findings)] and findings.is_file()
    rows = board(book)
    (dx,) = [r for r in rows if r[1] == "デジタル変革課"]
    assert dx[2] in ("受理", "受理（警告あり）") and dx[4] == 0 and dx[6] == returned.name
    assert len(shaded_rows(book)) == DIVISIONS_IN_R8 - 1
    assert rows.index(dx) + 1 not in shaded_rows(book)
    assert returned.is_file()  # the division's file is never moved or changed
    assert not alerts(book)
    assert_no_traceback(book)


def test_validate_lists_the_copy_to_send_back(make_book, populated):
    _answered_survey(populated, "KIKAKU-DX", actual="たくさん")
    book = make_book(作業フォルダ=str(populated))

    assert buttons.validate(book) is True

    assert "差し戻し 1" in status_text(book)
    listed = outputs(book)
    assert len(listed) == 2 and Path(listed[1]).parent == populated / "4_差し戻し"
    assert Path(listed[1]).is_file()
    (dx,) = [r for r in board(book) if r[1] == "デジタル変革課"]
    assert dx[2] == "差し戻し" and dx[4] > 0
    assert_no_traceback(book)


def test_validate_with_no_returns_says_where_to_put_them(make_book, populated):
    book = make_book(作業フォルダ=str(populated))
    assert buttons.validate(book) is True
    assert msg("excel_validate_none", path=populated / "2_回収") in status_text(book)
    assert outputs(book) == [msg("excel_no_outputs")]


# ---------------------------------------------------------------- メール下書き作成
def test_mail_button_writes_the_reminders_the_board_calls_for(make_book, answered):
    """督促 goes to the one division still 未回答; the status says where the drafts are and
    who has no address, as `dxreport mail` does; the list and the drafts are the outputs."""
    book = make_book(作業フォルダ=str(answered), メールの種類="督促")

    assert buttons.mail(book) is True

    (run_dir,) = (answered / "6_メール").iterdir()
    (draft,) = run_dir.glob("*.eml")
    assert draft.name.startswith("SOMU-KENSHU_")
    status = status_text(book)
    assert status.startswith("メール下書き作成が完了しました。")
    assert msg("mail_written", kind="督促", count=1, path=run_dir) in status
    assert msg("mail_list_written", path=run_dir / "メール一覧.xlsx") in status
    assert "メールアドレスが未登録の課 1 件" in status and "職員研修課（SOMU-KENSHU）" in status
    assert outputs(book) == [str(run_dir / "メール一覧.xlsx"), str(draft)]
    _assert_answered_board(book)
    assert not alerts(book)
    assert_no_traceback(book)


def test_mail_button_with_nobody_due(make_book, answered):
    book = make_book(作業フォルダ=str(answered), メールの種類="差し戻し")
    assert buttons.mail(book) is True
    assert msg("mail_none", kind="差し戻し") in status_text(book)
    assert outputs(book) == [msg("excel_no_outputs")]
    assert not (answered / "6_メール").exists() or not list((answered / "6_メール").iterdir())


@pytest.mark.parametrize(("typed", "expected"), [
    (None, msg("excel_setting_missing", label="メールの種類")),
    ("お礼", msg("excel_bad_choice", label="メールの種類", value="お礼",
                 choices="照会、督促、差し戻し")),
])
def test_mail_kind_cell_empty_or_unknown(make_book, answered, typed, expected):
    book = make_book(作業フォルダ=str(answered), メールの種類=typed)
    assert buttons.mail(book) is False
    _failed(book, expected)
    assert not (answered / "6_メール").exists()


def test_mail_before_any_survey_points_at_populate(make_book, tmp_path):
    Round.create(tmp_path, "R8", "年度末")
    book = make_book(作業フォルダ=str(tmp_path), メールの種類="照会")
    assert buttons.mail(book) is False
    _failed(book, msg("excel_board_empty"))
