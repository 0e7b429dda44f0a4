"""Three rounds in a chain (R8 中間 → R8 年度末 → R9 中間), played through `Round` with real
files: each made from the last with `create(previous=...)`, populated, answered, validated and
consolidated. The 推移 sheet and `Round.history()` show every round's actual and rating and the
on-path judgement; a moved predecessor is found by its round ID, a missing one is reported,
and a chain that goes backwards or skips a round is refused.

KPI-A04 (higher is better): baseline 52.79, targets R8 57.4, R9 61.8 … R12 80. Its path is
55.095 at R8 中間 (half-way from the baseline), 57.4 at R8 年度末, 59.6 at R9 中間.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

import tests.checks.returns as returns
from dxreport.api import Round
from dxreport.cli.main import main
from dxreport.errors import UserError
from dxreport.round.ledger import Ledger
from dxreport.rules.fiscal_year import fiscal_year_range
from dxreport.survey.reader import read_survey

from .helpers import DIVISION, KPI, SILENT, drop, rows, saved

# (folder, year, round, KPI-A04's actual, rating against the year's target, on the path?)
ROUNDS = [
    ("R8中間", "R8", "MID", 56.0, "C（進捗に遅れ）", True),  # 69.6% of R8; path 55.095
    ("R8年度末", "R8", "FINAL", 57.4, "A（達成）", True),  # the R8 target itself
    ("R9中間", "R9", "MID", 58.0, "C（進捗に遅れ）", False),  # 57.8% of R9; path 59.6
]
LABELS = ["R8 中間", "R8 年度末", "R9 中間"]


@pytest.fixture(autouse=True)
def any_year_survey(monkeypatch):
    """`returns.filled` looks for the R8 survey; these rounds have R9 ones too."""
    monkeypatch.setattr(returns, "survey_path",
                        lambda wf, division=DIVISION: next(wf.distribute.glob(f"*_{division}_*")))


def play(rnd: Round, value: float) -> None:
    rnd.populate([DIVISION, SILENT], progress=False)
    wb = returns.filled(rnd.folder, DIVISION)
    start, _end = fiscal_year_range(rnd.settings.fiscal_year)
    survey = read_survey(wb)
    for kpi_row in survey.kpi_rows:  # 基準日 within the round's year
        returns.put(wb, kpi_row.inputs["as_of"].cell, dt.datetime(start.year, 9, 30))
    row = survey.kpi(KPI)
    assert row is not None
    returns.put(wb, row.inputs["actual"].cell, value)
    drop(rnd, wb, "回答.xlsx", saved(10))
    rnd.validate()
    assert rnd.status().count("accepted") == 1, rnd.findings()[["code", "message"]].to_string()


@pytest.fixture(scope="module")
def chain(tmp_path_factory) -> Path:
    """The three rounds, each consolidated once, side by side in one parent folder."""
    parent = tmp_path_factory.mktemp("chain")
    mp = pytest.MonkeyPatch()
    mp.setattr(returns, "survey_path",
               lambda wf, division=DIVISION: next(wf.distribute.glob(f"*_{division}_*")))
    try:
        prev: Round | None = None
        for name, _year, _code, value, _rating, _on in ROUNDS:
            if prev is None:
                rnd = Round.create(parent / name, round="中間", contact="DX課 内線1234")
                # the DX division edits its master and a mail text: both carry over
                wb = openpyxl.load_workbook(rnd.folder.master_path)
                wb.properties.keywords = "edited"
                wb.save(rnd.folder.master_path)
                rnd.folder.mail_templates.mkdir()
                (rnd.folder.mail_templates / "照会.txt").write_text("件名: 照会\n\n本文", "utf-8")
            else:
                rnd = Round.create(parent / name, previous=prev.root)
            play(rnd, value)
            rnd.consolidate()
            prev = rnd
    finally:
        mp.undo()
    return parent


@pytest.fixture
def parent(chain, tmp_path) -> Path:
    shutil.copytree(chain, tmp_path / "年度")
    return tmp_path / "年度"


def history_sheet(path: Path) -> list[dict]:
    return rows(openpyxl.load_workbook(path)["推移"])


def test_each_round_follows_the_last_with_the_settings_carried(parent):
    first, second, third = (Round.open(parent / r[0]) for r in ROUNDS)
    for rnd, (_name, year, code, *_rest) in zip((first, second, third), ROUNDS, strict=True):
        assert (rnd.settings.fiscal_year, rnd.settings.round_code) == (year, code)
        assert rnd.settings.contact == "DX課 内線1234"
        # the master as edited, a copy of its own in each folder
        assert rnd.folder.master_path.parent == rnd.root
        assert rnd.folder.master_path.read_bytes() == first.folder.master_path.read_bytes()
        assert (rnd.folder.mail_templates / "照会.txt").read_text("utf-8") == "件名: 照会\n\n本文"
    assert first.settings.previous is None
    with Ledger.open(first.folder) as led:
        first_id = led.round_id()
    assert second.settings.previous is not None
    assert (second.settings.previous.folder, second.settings.previous.round_id) == (
        "../R8中間", first_id)
    assert third.settings.previous.round_code == "FINAL"
    assert "[previous]" in third.folder.settings_path.read_text("utf-8")


def test_history_sheet_shows_every_round_rating_and_the_path(parent):
    third = Round.open(parent / "R9中間")
    result = third.consolidate()
    row = next(r for r in history_sheet(result.path) if r["KPI ID"] == KPI)
    for label, (_n, _y, _c, value, rating, _on) in zip(LABELS, ROUNDS, strict=True):
        assert row[f"実績 {label}"] == value
        assert row[f"評価 {label}"] == rating
    assert (row["基準値"], row["目標 R8"], row["目標 R9"], row["目標 R12"]) == (
        52.79, 57.4, 61.8, 80.0)
    assert row["判定に用いた回"] == "R9 中間"
    assert row["経路上の値"] == pytest.approx(59.6)
    assert row["経路判定"] == "遅れ"
    method = rows(openpyxl.load_workbook(result.path)["計算方法"])
    assert any("経路" in str(r["説明"]) for r in method)


def test_history_frame_per_kpi_and_round(parent):
    h = Round.open(parent / "R9中間").history()
    mine = h[h.kpi_id == KPI]
    assert list(mine["round"]) == LABELS
    assert list(mine["actual"]) == [r[3] for r in ROUNDS]
    assert list(mine["rating"]) == [r[4] for r in ROUNDS]
    assert list(mine["on_path"]) == [r[5] for r in ROUNDS]
    assert list(mine["path_value"]) == pytest.approx([55.095, 57.4, 59.6])
    assert list(mine["target"]) == [57.4, 57.4, 61.8]
    assert list(mine["current"]) == [False, False, True]


def test_first_run_of_a_round_compares_with_the_previous_round(parent):
    book = openpyxl.load_workbook(Round.open(parent / "R8年度末").latest_consolidation())
    kpi = next(r for r in rows(book["前回比較"]) if r["ID"] == KPI)
    assert (kpi["前回値"], kpi["今回値"], kpi["変化"]) == (56.0, 57.4, "変更")
    # a new round's values are its news, not something to check: no K03 in 要確認
    assert not [r for r in rows(book["要確認"]) if r["コード"] == "K03"]
    overview = {r[0]: r[1] for r in book["概要"].iter_rows(values_only=True) if r[0]}
    assert "R8 中間" in overview["前回の集約"]


def test_a_change_within_the_round_is_listed_for_review(parent):
    """After the round's own first run, a changed value is a K03 again."""
    rnd = Round.open(parent / "R8年度末")
    wb = returns.filled(rnd.folder, DIVISION)
    start, _end = fiscal_year_range(rnd.settings.fiscal_year)
    survey = read_survey(wb)
    for kpi_row in survey.kpi_rows:
        returns.put(wb, kpi_row.inputs["as_of"].cell, dt.datetime(start.year, 9, 30))
    row = survey.kpi(KPI)
    assert row is not None
    returns.put(wb, row.inputs["actual"].cell, 57.0)
    drop(rnd, wb, "回答_修正.xlsx", saved(20))
    rnd.validate()
    book = openpyxl.load_workbook(rnd.consolidate().path)
    k03 = [r["内容"] for r in rows(book["要確認"]) if r["コード"] == "K03"]
    assert len(k03) == 1 and KPI in k03[0] and "57.4" in k03[0]


def test_a_moved_predecessor_is_found_by_its_round_id(parent, capsys):
    (parent / "R8年度末").rename(parent / "R8年度末_確定")
    capsys.readouterr()
    assert main(["consolidate", str(parent / "R9中間")]) == 0
    out = capsys.readouterr().out
    assert "R8年度末_確定" in out and "[previous]" in out
    rnd = Round.open(parent / "R9中間")
    row = next(r for r in history_sheet(rnd.latest_consolidation()) if r["KPI ID"] == KPI)
    assert [row[f"実績 {label}"] for label in LABELS] == [56.0, 57.4, 58.0]


def test_a_missing_predecessor_is_reported_and_the_history_starts_after_it(parent, tmp_path):
    shutil.move(parent / "R8年度末", tmp_path / "書庫")  # out of reach
    result = Round.open(parent / "R9中間").consolidate()
    assert any("見つかりません" in n and "R8 年度末" in n for n in result.history_notes)
    book = openpyxl.load_workbook(result.path)
    ws = book["推移"]
    assert "見つかりません" in ws["A1"].value
    row = next(r for r in rows(ws) if r["KPI ID"] == KPI)
    assert "実績 R8 中間" not in row and row["実績 R9 中間"] == 58.0


def test_a_chain_backwards_or_skipping_is_refused(parent, tmp_path):
    third = parent / "R9中間"
    with pytest.raises(UserError, match="前回（R9 中間）より後"):
        Round.create(tmp_path / "戻る", previous=third, year="R8", round="年度末")
    with pytest.raises(UserError, match="前回（R9 中間）より後"):
        Round.create(tmp_path / "同じ", previous=third, round="中間", year="R9")
    with pytest.raises(UserError, match="R9 年度末 が抜けます"):
        Round.create(tmp_path / "飛ばす", previous=third, year="R10")
    assert not (tmp_path / "戻る").exists() and not (tmp_path / "飛ばす").exists()
    skipped = Round.create(tmp_path / "飛ばす", previous=third, year="R10", allow_skip=True)
    assert (skipped.settings.fiscal_year, skipped.settings.round_code) == ("R10", "MID")
    # the year alone: the first round of that year after the predecessor
    nxt = Round.create(tmp_path / "次", previous=third, year="R9")
    assert (nxt.settings.fiscal_year, nxt.settings.round_code) == ("R9", "FINAL")


def test_init_from_on_the_command_line(parent, capsys):
    assert main(["init", str(parent / "R9年度末"), "--from", str(parent / "R9中間")]) == 0
    assert "前回の調査回: R9 中間" in capsys.readouterr().out
    rnd = Round.open(parent / "R9年度末")
    assert (rnd.settings.fiscal_year, rnd.settings.round_code) == ("R9", "FINAL")
    assert main(["init", str(parent / "逆"), "--from", str(parent / "R9中間"),
                 "--year", "R8"]) != 0
    assert "より後の調査回ではありません" in capsys.readouterr().err


def test_kpis_behind_the_path_get_a_line_chart_of_their_rounds(parent):
    """推移グラフ: a chart per KPI behind the path, drawn from a table of its rounds."""
    book = openpyxl.load_workbook(Round.open(parent / "R9中間").consolidate().path)
    ws = book["推移グラフ"]
    history = {r["KPI ID"]: r for r in rows(book["推移"])}
    behind = [k for k, r in history.items() if r["経路判定"] == "遅れ"]
    titles = [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("KPI")]
    assert [t.split()[0] for t in titles] == behind and KPI in behind
    assert len(ws._charts) == len(behind)
    title_row = next(c.row for c in ws["A"] if c.value == titles[behind.index(KPI)])
    table = [[c.value for c in r] for r in ws.iter_rows(min_row=title_row + 2, max_col=4,
                                                         max_row=title_row + 5)]
    assert table[0] == ["調査回", "実績", "経路上の値", "年度目標"]
    assert [r[0] for r in table[1:]] == LABELS
    assert [r[1] for r in table[1:]] == [r[3] for r in ROUNDS]
    assert [r[2] for r in table[1:]] == pytest.approx([55.095, 57.4, 59.6])
    assert [r[3] for r in table[1:]] == [57.4, 57.4, 61.8]
    chart = ws._charts[behind.index(KPI)]
    assert len(chart.series) == 3


def test_no_kpi_behind_says_so(parent):
    book = openpyxl.load_workbook(Round.open(parent / "R8年度末").latest_consolidation())
    assert all(r["経路判定"] != "遅れ" for r in rows(book["推移"]))  # A04 met its R8 target
    ws = book["推移グラフ"]
    assert ws._charts == []
    assert ws["A2"].value.startswith("R12目標への経路より遅れている指標はありません")


def test_contact_and_submission_given_replace_the_carried_ones(parent, tmp_path):
    """`init --from --contact-email …` (and the control workbook's cells): what is given
    replaces the previous round's value, what is not given is carried over."""
    rnd = Round.create(tmp_path / "次", previous=parent / "R9中間", year="R9",
                       contact_email="dx@pref.example.lg.jp", submission="共有フォルダに保存")
    s = rnd.settings
    assert (s.contact, s.contact_email, s.submission) == (
        "DX課 内線1234", "dx@pref.example.lg.jp", "共有フォルダに保存")


def test_charts_stop_at_a_readable_number_and_say_where_the_rest_are(parent, monkeypatch):
    """A plan of thousands of KPIs would get thousands of charts (a 1,000-division plan:
    minutes of writing, pages nobody reads): the first ones are drawn, the rest counted."""
    from dxreport.consolidate import history_charts

    monkeypatch.setattr(history_charts, "MAX_CHARTS", 1)
    book = openpyxl.load_workbook(Round.open(parent / "R9中間").consolidate().path)
    behind = [r for r in rows(book["推移"]) if r["経路判定"] == "遅れ"]
    ws = book["推移グラフ"]
    assert len(behind) > 1 and len(ws._charts) == 1
    assert f"ほか {len(behind) - 1}件は推移シート" in ws["A2"].value
