"""A round that follows another shows each division its previous accepted answers, read-only,
beside each input: 前回実績 beside 実績値 and 前回の進捗状況 beside 進捗状況, the previous round
named in the header. Played through `Round` with real files: R8 中間 (デジタル変革課 answers,
人事課 does not), then R8 年度末 made from it.

The columns are locked reference cells: a return that leaves them alone is accepted, one that
changes them is sent back with S007 like any other locked value. A first round has none.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

import tests.checks.returns as returns
from dxreport.api import Round
from dxreport.survey import layout as L
from dxreport.survey.reader import read_survey

from .helpers import DIVISION, KPI, SILENT, drop, saved

DELAYED = "A1-004"  # an initiative デジタル変革課 answers (KPI-A04's)
PREVIOUS_HEADER = "前回実績\n（令和8年度 中間）"
PREVIOUS_STATUS_HEADER = "前回の進捗状況\n（令和8年度 中間）"


def _survey(rnd: Round, division: str) -> Path:
    return next(rnd.folder.distribute.glob(f"*_{division}_*"))


@pytest.fixture(autouse=True)
def any_round_survey(monkeypatch):
    monkeypatch.setattr(returns, "survey_path",
                        lambda wf, division=DIVISION: _survey(Round.open(wf.root), division))


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> tuple[Round, Round]:
    """R8 中間 answered by デジタル変革課 (KPI-A04 56.0, A1-004 遅れ); R8 年度末 populated."""
    parent = tmp_path_factory.mktemp("previous")
    mp = pytest.MonkeyPatch()
    mp.setattr(returns, "survey_path",
               lambda wf, division=DIVISION: _survey(Round.open(wf.root), division))
    try:
        first = Round.create(parent / "R8中間", round="中間")
        first.populate([DIVISION, SILENT])
        wb = returns.filled(first.folder, DIVISION)
        survey = read_survey(wb)
        for row in survey.kpi_rows:
            returns.put(wb, row.inputs["as_of"].cell, dt.datetime(2026, 9, 30))
        returns.put(wb, survey.kpi(KPI).inputs["actual"].cell, 56.0)
        returns.put(wb, survey.kpi(KPI).inputs["note"].cell, "年度後半に伸びる見込み")
        ini = survey.initiative(DELAYED)
        returns.put(wb, ini.inputs["status"].cell, "遅れ")
        returns.put(wb, ini.inputs["issues"].cell, "改修の遅れ")
        returns.put(wb, ini.inputs["next_steps"].cell, "下期に集中して対応")
        drop(first, wb, "回答.xlsx", saved(10))
        first.validate()
        assert first.status().count("accepted") == 1, first.findings().to_string()
        second = Round.create(parent / "R8年度末", previous=first.root)
        second.populate([DIVISION, SILENT])
    finally:
        mp.undo()
    return first, second


def _column(ws, header: str) -> dict[str, object]:
    """Row key -> value of the column headed `header` (header row 4, key in column A)."""
    col = next(c.column for c in ws[4] if c.value == header)
    return {ws.cell(r, 1).value: ws.cell(r, col).value for r in range(5, ws.max_row + 1)
            if ws.cell(r, 1).value}


def test_the_second_round_shows_the_previous_answers_beside_the_inputs(rounds):
    _first, second = rounds
    wb = load_workbook(_survey(second, DIVISION))
    kpi, ini = wb[L.SHEET_KPI], wb[L.SHEET_INITIATIVE]
    headers = [c.value for c in kpi[4]]
    assert headers[headers.index(PREVIOUS_HEADER) + 1] == "実績値"  # right beside the input
    previous = _column(kpi, PREVIOUS_HEADER)
    assert previous[KPI] == 56.0
    assert previous["KPI-A10"] == 8100  # `filled` answered the R8 target
    # KPI-R07 is asked as KPI-A24 (the same indicator): its one answer, last time as now
    assert previous["KPI-R07"] == previous["KPI-A24"] == 850000
    status_headers = [c.value for c in ini[4]]
    assert status_headers[status_headers.index(PREVIOUS_STATUS_HEADER) + 1] == "進捗状況"
    statuses = _column(ini, PREVIOUS_STATUS_HEADER)
    assert statuses[DELAYED] == "遅れ"
    assert statuses["A1-010"] == "順調"
    assert statuses["A1-009"] == "前回回答なし"  # a reference row: 復興・総合計画課 never answered
    # locked and grey like the other locked values; the sheet is protected
    col = headers.index(PREVIOUS_HEADER) + 1
    cell = kpi.cell(5, col)
    assert cell.protection.locked and kpi.protection.sheet
    assert cell.fill.fgColor.rgb.endswith("F2F2F2")
    assert "令和8年度 中間" in str(kpi["A3"].value)


def test_a_division_without_an_accepted_return_last_time_sees_none(rounds):
    _first, second = rounds
    wb = load_workbook(_survey(second, SILENT))
    previous = _column(wb[L.SHEET_KPI], PREVIOUS_HEADER)
    assert previous and set(previous.values()) == {"前回回答なし"}


def test_a_first_round_has_no_previous_columns(rounds):
    first, _second = rounds
    wb = load_workbook(_survey(first, DIVISION))
    for table in L.TABLES:
        assert not any(str(c.value or "").startswith("前回") for c in wb[table.sheet][4])
        assert wb[table.sheet]["A3"].value is None


def test_an_untouched_return_is_accepted_and_reads_no_previous_value_as_input(rounds, tmp_path):
    _first, second = rounds
    rnd = Round.open(_copy(second, tmp_path))
    wb = returns.filled(rnd.folder, DIVISION)
    drop(rnd, wb, "回答.xlsx", saved(12))
    rnd.validate()
    assert rnd.status().count("accepted") == 1, rnd.findings()[["code", "message"]].to_string()
    result = rnd.consolidate()
    kpis = {r["KPI ID"]: r for r in _rows(result.path, "KPI一覧")}
    assert kpis[KPI]["実績値"] != 56.0  # this round's answer, not the previous one


@pytest.mark.parametrize("key", [KPI, DELAYED])
def test_a_changed_previous_answer_is_sent_back_with_s007(rounds, tmp_path, key):
    _first, second = rounds
    rnd = Round.open(_copy(second, tmp_path))
    wb = returns.filled(rnd.folder, DIVISION)
    row = read_survey(wb).kpi(key) or read_survey(wb).initiative(key)
    field = "previous_actual" if key == KPI else "previous_status"
    returns.put(wb, row.master[field].cell, 99 if key == KPI else "順調")
    drop(rnd, wb, "回答.xlsx", saved(12))
    rnd.validate()
    found = rnd.findings()
    s007 = found[found.code == "S007"]
    assert len(s007) == 1, found[["code", "message"]].to_string()
    assert ("前回実績" if key == KPI else "前回の進捗状況") in s007.iloc[0]["message"]
    assert rnd.status().count("returned") == 1


def _copy(rnd: Round, tmp_path: Path) -> Path:
    import shutil

    shutil.copytree(rnd.root.parent, tmp_path / "年度")
    return tmp_path / "年度" / rnd.root.name


def _rows(path: Path, sheet: str) -> list[dict]:
    from .helpers import rows

    return rows(load_workbook(path)[sheet])


def test_a_missing_predecessor_leaves_the_columns_out_and_says_so(tmp_path):
    import shutil

    first = Round.create(tmp_path / "R8中間", round="中間")
    second = Round.create(tmp_path / "R8年度末", previous=first.root)
    shutil.rmtree(first.root)
    result = second.populate([DIVISION])
    assert len(result.notes) == 1 and "R8 中間" in result.notes[0]
    wb = load_workbook(result.paths[0])
    for table in L.TABLES:
        assert not any(str(c.value or "").startswith("前回") for c in wb[table.sheet][4])


def test_a_deleted_previous_column_is_reported(rounds, tmp_path):
    _first, second = rounds
    rnd = Round.open(_copy(second, tmp_path))
    wb = returns.filled(rnd.folder, DIVISION)
    ws = wb[L.SHEET_KPI]
    col = next(c.column for c in ws[4] if c.value == PREVIOUS_HEADER)
    ws.delete_cols(col)
    drop(rnd, wb, "回答.xlsx", saved(12))
    rnd.validate()
    found = rnd.findings()
    s003 = found[(found.code == "S003") & found.message.str.contains("前回実績")]
    assert len(s003) == 1, found[["code", "message"]].to_string()
    assert rnd.status().count("returned") == 1
