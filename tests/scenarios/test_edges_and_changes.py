"""Whole rounds at the edges: an actual on the rounding edge of its target, and a value that
changes between two consolidations. Every face gives the same answer: the validator, the
status board, KPI一覧, the library's tables, 要確認 and 前回比較."""

from __future__ import annotations

import openpyxl

from dxreport.api import Round
from dxreport.rules.achievement import kpi_behind_target
from dxreport.survey.reader import read_survey
from tests.checks.returns import put

from .helpers import DIVISION, KPI, answer, drop, faces, rows, saved, target_value


def without_reason(rnd: Round, value: float):
    """The division's answer with `value` as the KPI's actual and 備考 left empty."""
    wb = answer(rnd, value)
    row = read_survey(wb).kpi(KPI)
    assert row is not None
    put(wb, row.inputs["note"].cell, None)
    return wb


def _edge(rnd: Round) -> tuple[float, float]:
    """(lowest actual shown as 100.0%, the next one down) for KPI, on a 0.001 grid below its
    target: the raw actual is below target for both."""
    kpi = next(k for k in rnd.plan().kpis if k.id == KPI)
    year = rnd.settings.fiscal_year
    t = target_value(rnd)
    grid = [round(t - i * 0.001, 3) for i in range(0, 100_000)]
    first_behind = next(v for v in grid if kpi_behind_target(kpi, year, None, v))
    return round(first_behind + 0.001, 3), first_behind


def test_an_actual_shown_as_100_percent_is_on_target_everywhere(rnd, capsys):
    on, _behind = _edge(rnd)
    assert on < target_value(rnd)  # below the target before rounding: the old V011 sent it back
    drop(rnd, without_reason(rnd, on), "回答.xlsx", saved(5))
    run = rnd.validate()
    assert [o.verdict for o in run.files] == ["accepted"]  # no V011: 備考 is not asked for

    f = faces(rnd, capsys)
    assert f.status_json[DIVISION].label == "受理"
    assert f.kpi["実績値"] == on
    assert f.kpi["達成率(計算値)"] == 1.0  # KPI一覧 shows 100.0%
    assert not f.api_kpi["behind_target"]  # the library says the same
    assert f.api_kpi["rating"] == f.kpi["評価(計算値)"]


def test_an_actual_shown_below_100_percent_needs_a_reason_everywhere(rnd, capsys):
    _on, behind = _edge(rnd)
    drop(rnd, without_reason(rnd, behind), "回答.xlsx", saved(5))
    run = rnd.validate()
    assert [o.verdict for o in run.files] == ["returned"]
    f = faces(rnd, capsys)
    assert f.status_json[DIVISION].label == f.excel_board[DIVISION].label == "差し戻し"
    assert "V011" in f.findings_codes["回答.xlsx"]
    found = rnd.findings()
    assert "V011" in set(found[found["file"] == "回答.xlsx"]["code"])


def test_a_changed_value_is_listed_once_by_both_comparisons(rnd, capsys):
    t = target_value(rnd)
    drop(rnd, answer(rnd, t), "回答.xlsx", saved(1))
    rnd.validate()
    rnd.consolidate()
    drop(rnd, answer(rnd, t + 1), "回答_差し替え.xlsx", saved(9))
    rnd.validate()
    f = faces(rnd, capsys)  # the second consolidation
    assert f.kpi["実績値"] == t + 1 and f.api_kpi["actual"] == t + 1

    wb = openpyxl.load_workbook(rnd.latest_consolidation())
    review = [r for r in rows(wb["要確認"]) if r["コード"] == "K03"]
    compare = [r for r in rows(wb["前回比較"])
               if r["前回値"] != r["今回値"] and r.get("ID", r.get("KPI ID")) is not None]
    assert len(review) == 1 and KPI in str(review[0].values())
    changed = [r for r in compare if KPI in map(str, r.values())]
    assert len(changed) == 1
    assert (changed[0]["前回値"], changed[0]["今回値"]) == (t, t + 1)
