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
def test_populate_prepares_an_empty_folder_then_writes_every_survey(make_book, tmp_path):
    root = tmp_path / "R8_年度末"
    root.mkdir()
    book = make_book(作業フォルダ=str(root), 年度="令和8年度", 調査回="年度末")

    assert buttons.populate(book) is True

    wf = open_folder(root)
    assert (wf.settings.fiscal_year, wf.settings.round_code) == ("R8", "FINAL")
    status = status_text(book)
    assert status.startswith("調査票作成が完了しました。")
    assert msg("excel_initialised", year="R8", round="年度末実績",
               settings=wf.settings_path) in status
    assert f"{DIVISIONS_IN_R8} 課の調査票を {wf.distribute} に作成しました" in status
    assert msg("excel_board_summary", received=0, expected=DIVISIONS_IN_R8,
               missing=DIVISIONS_IN_R8) in status
    assert not alerts(book)
    # 出力ファイル: the settings, the master, then surveys until the 10 rows are full.
    listed = outputs(book)
    assert listed[:2] == [str(wf.settings_path), str(wf.master_path)]
    assert listed[-1] == msg("excel_more_outputs", count=DIVISIONS_IN_R8 + 2 - 9)
    surveys = sorted(wf.distribute.glob("*.xlsx"))
    assert len(surveys) == DIVISIONS_IN_R8
    for shown in listed[2:-1]:
        assert Path(shown).parent == wf.distribute and Path(shown).is_file()
    # 提出状況: every division, all 未回答, all shaded.
    rows = board(book)
    assert len(rows) == DIVISIONS_IN_R8
    assert {r[2] for r in rows} == {"未回答"}
    assert all(r[0] and r[1] for r in rows)  # department and division named
    assert {r[1] for r in rows} >= {"デジタル変革課", "人事課"}
    assert all(r[3:] == ["", "", "", ""] for r in rows)  # the remote engine sends None as ""
    assert shaded_rows(book) == list(range(1, DIVISIONS_IN_R8 + 1))
    assert_no_traceback(book)


def test_populate_again_on_a_prepared_folder_is_refused_as_the_cli_refuses(
        make_book, populated, capsys):
    """The surveys were already sent: the button stops with the refusal the CLI and the
    library give (the same text), and 1_配布 and the ledger stay as they were."""
    from dxreport.cli.main import main

    before = {p.name: p.read_bytes() for p in (populated / "1_配布").iterdir()}
    book = make_book(作業フォルダ=str(populated), 年度=2026, 調査回="年度末実績")
    assert buttons.populate(book) is False
    text = status_text(book)
    assert "この調査回の調査票は既に配布済みです（68 課）" in text
    assert "--regenerate" in text and "を中止しました" in text
    assert_no_traceback(book)
    capsys.readouterr()
    assert main(["populate", str(populated), "--no-progress"]) != 0
    cli = capsys.readouterr().err
    refusal = cli[cli.index("この調査回"):].strip()
    assert refusal.splitlines()[0] in text and refusal.splitlines()[-1] in text
    assert {p.name: p.read_bytes() for p in (populated / "1_配布").iterdir()} == before
    with Ledger.open(open_folder(populated)) as led:
        assert len(led.operations("populate")) == 1


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
