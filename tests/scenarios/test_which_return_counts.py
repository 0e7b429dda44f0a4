"""Whole rounds played through `Round`: every face names the same return and the same value.

The rule (round/counting.py): the return that counts is the newest by the file's saved time,
then by order received, among non-rejected submissions; consolidation reads the newest
accepted one. `dxreport status --json`, the Excel 提出状況 rows, the status workbook's
提出状況 / KPI一覧 / 取組一覧 / 要確認 and 検証結果.xlsx must all agree.
"""

from __future__ import annotations

import pytest

from dxreport.api import Round

from .helpers import (
    DIVISION,
    answer,
    assert_agree,
    drop,
    faces,
    saved,
    sent_back,
    target_value,
)

ACCEPTED, RETURNED = "受理", "差し戻し"


@pytest.fixture
def v(rnd) -> tuple[float, float]:
    """Two actuals the division might report, both accepted."""
    t = target_value(rnd)
    return t, t + 1


def c01(f) -> list[str]:
    return [r["内容"] for r in f.review if r["コード"] == "C01"]


def test_stale_draft_arriving_in_a_later_run_does_not_replace_the_newer_version(rnd, v, capsys):
    drop(rnd, answer(rnd, v[1]), "回答_A.xlsx", saved(10))
    rnd.validate()
    drop(rnd, answer(rnd, v[0]), "回答_B.xlsx", saved(1))  # older draft, mailed late
    run = rnd.validate()
    stale = next(o for o in run.files if o.file == "回答_B.xlsx")
    assert stale.verdict == "accepted" and stale.superseded

    f = faces(rnd, capsys)
    assert_agree(f, ACCEPTED, "回答_A.xlsx", v[1], "回答_A.xlsx")
    assert f.workbook_board[DIVISION].label == ACCEPTED
    assert "I006" in f.findings_codes["回答_B.xlsx"]  # 検証結果.xlsx: B was replaced
    assert f.findings["回答_B.xlsx"]["判定"] == ACCEPTED
    assert c01(f) == []  # nothing newer went unused


def test_names_sorting_old_after_new_in_one_run(rnd, v, capsys):
    drop(rnd, answer(rnd, v[1]), "回答_1.xlsx", saved(10))  # checked first, saved last
    drop(rnd, answer(rnd, v[0]), "回答_2.xlsx", saved(1))
    rnd.validate()

    f = faces(rnd, capsys)
    assert_agree(f, ACCEPTED, "回答_1.xlsx", v[1], "回答_1.xlsx")
    assert "I006" in f.findings_codes["回答_2.xlsx"]
    assert "I006" not in f.findings_codes.get("回答_1.xlsx", [])
    assert c01(f) == []


def test_sent_back_then_fixed(rnd, v, capsys):
    drop(rnd, sent_back(rnd), "回答_初回.xlsx", saved(1))
    rnd.validate()
    f = faces(rnd, capsys)
    # it answered, so it is 差し戻し everywhere (not 未回答), and no value is used
    assert_agree(f, RETURNED, "回答_初回.xlsx", None, None)
    assert f.findings["回答_初回.xlsx"]["判定"] == RETURNED

    drop(rnd, answer(rnd, v[0]), "回答_修正版.xlsx", saved(10))  # sorts before 初回
    rnd.validate()
    f = faces(rnd, capsys)
    assert_agree(f, ACCEPTED, "回答_修正版.xlsx", v[0], "回答_修正版.xlsx")
    assert c01(f) == []  # the older 初回 is not called 「新しい回答」
    assert "回答_初回.xlsx" in next(
        r for r in _board(rnd) if r["課コード"] == DIVISION)["差し替え前の版"]


def test_accepted_then_superseded_by_a_newer_accepted_version(rnd, v, capsys):
    drop(rnd, answer(rnd, v[0]), "回答.xlsx", saved(1))
    rnd.validate()
    f = faces(rnd, capsys)
    assert_agree(f, ACCEPTED, "回答.xlsx", v[0], "回答.xlsx")

    drop(rnd, answer(rnd, v[1]), "回答_差し替え.xlsx", saved(10))
    rnd.validate()
    f = faces(rnd, capsys)
    assert_agree(f, ACCEPTED, "回答_差し替え.xlsx", v[1], "回答_差し替え.xlsx")
    row = next(r for r in _board(rnd) if r["課コード"] == DIVISION)
    assert row["差し替え回数"] == 1 and "回答.xlsx" in row["差し替え前の版"]


def test_accepted_then_a_newer_version_sent_back(rnd, v, capsys):
    """The decision of round/counting.py: the division stands 差し戻し everywhere; the older
    accepted return's values are the only checked evidence, so they are consolidated, and
    要確認 says so (C01, naming the newer file)."""
    drop(rnd, answer(rnd, v[0]), "回答.xlsx", saved(1))
    rnd.validate()
    drop(rnd, sent_back(rnd), "回答_修正.xlsx", saved(10))
    rnd.validate()

    f = faces(rnd, capsys)
    for face in (f.status_json, f.excel_board, f.workbook_board):
        assert (face[DIVISION].label, face[DIVISION].file) == (RETURNED, "回答_修正.xlsx")
    assert f.kpi["実績値"] == v[0]
    sha = f.status_json[DIVISION].values_sha
    assert sha is not None and f.kpi["ファイルSHA-256(先頭12桁)"] == sha[:12]
    notes = c01(f)
    assert len(notes) == 1 and "回答_修正.xlsx" in notes[0] and "回答.xlsx" in notes[0]


def _board(rnd: Round) -> list[dict]:
    import openpyxl

    from .helpers import rows

    path = rnd.latest_consolidation()
    assert path is not None
    return rows(openpyxl.load_workbook(path)["提出状況"])
