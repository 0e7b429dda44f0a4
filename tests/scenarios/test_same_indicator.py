"""An indicator the plan lists in both parts is asked once (the real R8 plan: ふくしまポータル
PV is KPI-A24 and KPI-R07, its active users KPI-A25 and KPI-R08, all デジタル変革課's).

In the survey the second ID (plan order) is a reference row: its 実績値 is a locked formula
showing the first row's answer, 入力チェック says why nothing is to be typed, and no input
prompt or 入力チェック colouring asks for input. Validation reads the one answer and records it
for both IDs; the status workbook shows both KPIs with that value and rating. When the two IDs
belong to two divisions, only the first ID's division answers; the other's row says who does,
and consolidation takes the value from that division's return.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

import tests.checks.returns as returns
from dxreport.api import Round
from dxreport.messages import msg
from dxreport.round.ledger import Ledger
from dxreport.round.submitted import values_of
from dxreport.survey import layout as L
from dxreport.survey.reader import read_survey
from tests.libreoffice import LibreOffice, needs_libreoffice

from .helpers import DIVISION, drop, rows, saved

PAIRS = {"KPI-R07": "KPI-A24", "KPI-R08": "KPI-A25"}
PV, USERS = 1_234_567, 16_000


def _answer(rnd: Round, divisions: tuple[str, ...] = (DIVISION,)) -> None:
    for n, division in enumerate(divisions):
        wb = returns.filled(rnd.folder, division)
        survey = read_survey(wb)
        if division == DIVISION:
            returns.put(wb, survey.kpi("KPI-A24").inputs["actual"].cell, PV)
            returns.put(wb, survey.kpi("KPI-A25").inputs["actual"].cell, USERS)
        drop(rnd, wb, f"回答{n}.xlsx", saved(10))
    rnd.validate()
    assert rnd.status().count("accepted") == len(divisions), \
        rnd.findings()[["code", "message"]].to_string()


def _kpi_rows(path: Path) -> dict[str, dict]:
    return {r["KPI ID"]: r for r in rows(load_workbook(path)["KPI一覧"])}


def test_the_second_id_is_a_reference_row_showing_the_first_answer(tmp_path):
    rnd = Round.create(tmp_path / "作業")
    rnd.populate([DIVISION])
    wb = load_workbook(returns.survey_path(rnd.folder))
    ws = wb[L.SHEET_KPI]
    survey = read_survey(wb)
    for second, first in PAIRS.items():
        row, answered = survey.kpi(second), survey.kpi(first)
        actual = row.inputs["actual"].cell.rpartition("!")[2]
        source = answered.inputs["actual"].cell.rpartition("!")[2]
        assert ws[actual].value == f'=IF({source}="","",{source})'
        assert ws[actual].protection.locked
        for fld in ("as_of", "source", "note"):  # nothing to type on the row
            assert ws[row.inputs[fld].cell.rpartition("!")[2]].protection.locked
        assert row.check.value == f"{first} と同一指標のため入力不要"
        assert str(answered.check.value).startswith("=")  # the first row is asked as ever
        # no input prompt and no 入力チェック colouring on the reference row
        assert not any(actual in str(dv.sqref) for dv in ws.data_validations.dataValidation)
        assert any(source in str(dv.sqref) for dv in ws.data_validations.dataValidation)
        check = row.check.cell.rpartition("!")[2]
        for rng in ws.conditional_formatting:
            assert check not in {c for r in rng.sqref.ranges for c in _cells(r.coord)}


def _cells(coord: str) -> set[str]:
    from openpyxl.utils import range_boundaries
    from openpyxl.utils.cell import get_column_letter

    c0, r0, c1, r1 = range_boundaries(coord)
    return {f"{get_column_letter(c)}{r}" for c in range(c0, c1 + 1) for r in range(r0, r1 + 1)}


def test_one_answer_is_recorded_and_consolidated_for_both_ids(tmp_path):
    rnd = Round.create(tmp_path / "作業")
    rnd.populate([DIVISION])
    _answer(rnd)
    with Ledger.open(rnd.folder) as led:
        [sub] = [s for s in led.submissions() if s.duplicate_of is None]
    recorded = {k.kpi_id: k for k in values_of(sub).kpis}
    for second, first in PAIRS.items():
        assert recorded[second].value == recorded[first].value
        assert recorded[second].trace == recorded[first].trace  # the one cell answered
    assert recorded["KPI-R07"].value == PV and recorded["KPI-R08"].value == USERS
    result = rnd.consolidate()
    kpis = _kpi_rows(result.path)
    for second, first in PAIRS.items():
        assert kpis[second]["実績値"] == kpis[first]["実績値"]
        assert kpis[second]["元ファイル名"] == kpis[first]["元ファイル名"]
    assert kpis["KPI-R07"]["実績値"] == PV
    # 概要 counts every KPI of the plan once by its ID: both IDs rated, none left 未提出
    summary = result.summary
    assert sum(summary.rating_counts.values()) == len(summary.evaluations)
    for second, first in PAIRS.items():
        assert summary.evaluations[second].overall.rating_code == \
            summary.evaluations[first].overall.rating_code != "none"
    # and says so where the counts are read
    facts = {r[0]: r[1] for r in load_workbook(result.path)["概要"].iter_rows(
        min_row=3, max_col=2, values_only=True)}
    same = facts["同一指標"]
    assert same.startswith(f"{len(PAIRS)}組（") and "それぞれのIDを1件と数えます" in same
    for second, first in PAIRS.items():
        assert f"{first}={second}" in same


def _move_kpi(rnd: Round, kpi_id: str, code: str, name: str) -> None:
    """Edit the folder's master: `kpi_id` is led by another division."""
    wb = load_workbook(rnd.folder.master_path)
    ws = wb[msg("plan_sheet_kpis")]
    header = [c.value for c in ws[1]]
    code_col = header.index(msg("plan_col_lead_division_code")) + 1
    name_col = header.index(msg("plan_col_lead_division_name")) + 1
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == kpi_id)
    ws.cell(row, code_col, code)
    ws.cell(row, name_col, name)
    wb.save(rnd.folder.master_path)


def test_ids_of_two_divisions_are_answered_by_the_first_ids_division(tmp_path):
    rnd = Round.create(tmp_path / "作業")
    _move_kpi(rnd, "KPI-R07", "SOMU-JINJI", "人事課")
    rnd.populate([DIVISION, "SOMU-JINJI"])
    other = load_workbook(returns.survey_path(rnd.folder, "SOMU-JINJI"))
    row = read_survey(other).kpi("KPI-R07")
    assert row.check.value == "KPI-A24 と同一指標のため入力不要（デジタル変革課が回答）"
    ws = other[L.SHEET_KPI]
    actual = row.inputs["actual"].cell.rpartition("!")[2]
    assert ws[actual].value is None and ws[actual].protection.locked
    _answer(rnd, (DIVISION, "SOMU-JINJI"))  # 人事課 accepted without typing KPI-R07
    kpis = _kpi_rows(rnd.consolidate().path)
    assert kpis["KPI-R07"]["実績値"] == kpis["KPI-A24"]["実績値"] == PV
    assert kpis["KPI-R07"]["元ファイル名"] == kpis["KPI-A24"]["元ファイル名"]  # the one cell
    assert "回答0.xlsx" in kpis["KPI-R07"]["元ファイル名"]


@pytest.mark.parametrize("value", [None, 5])
def test_typing_into_the_reference_row_changes_nothing(tmp_path, value):
    """A clerk who unprotects the sheet and overwrites the formula is not read: the one
    answer still fills both IDs, and a value typed there is named in a warning (V022)
    instead of being dropped unsaid."""
    rnd = Round.create(tmp_path / "作業")
    rnd.populate([DIVISION])
    wb = returns.filled(rnd.folder)
    survey = read_survey(wb)
    returns.put(wb, survey.kpi("KPI-A24").inputs["actual"].cell, PV)
    returns.put(wb, survey.kpi("KPI-R07").inputs["actual"].cell, value)
    drop(rnd, wb, "回答.xlsx", saved(10))
    rnd.validate()
    assert rnd.status().count("accepted" if value is None else "accepted_with_warnings") == 1
    warned = rnd.findings()
    warned = warned[warned.code == "V022"]
    if value is None:
        assert warned.empty
    else:
        (message,) = warned.message
        assert "KPI-A24 と同一指標" in message and "（5）" in message
    assert _kpi_rows(rnd.consolidate().path)["KPI-R07"]["実績値"] == PV


@pytest.mark.libreoffice
@needs_libreoffice
def test_calc_shows_the_first_answer_on_the_reference_row(tmp_path):
    """Typed in Calc and recalculated: the reference row's 実績値 shows the first row's answer
    (blank while it is blank), and its 入力チェック asks for nothing."""
    rnd = Round.create(tmp_path / "作業")
    rnd.populate([DIVISION])
    path = returns.survey_path(rnd.folder)
    survey = read_survey(load_workbook(path))
    first, second = survey.kpi("KPI-A24"), survey.kpi("KPI-R07")

    def cell(read) -> str:
        return read.cell.rpartition("!")[2]

    get = [{"op": "get", "sheet": L.SHEET_KPI, "cell": cell(second.inputs["actual"])},
           {"op": "get", "sheet": L.SHEET_KPI, "cell": cell(second.check)}]
    with LibreOffice() as office:
        blank, typed = office.run([
            {"open": str(path), "ops": get},
            {"open": str(path), "ops": [{"op": "set", "sheet": L.SHEET_KPI,
                                         "cell": cell(first.inputs["actual"]), "value": PV},
                                        *get]}])
    actual = f"{L.SHEET_KPI}!{cell(second.inputs['actual'])}"
    check = f"{L.SHEET_KPI}!{cell(second.check)}"
    assert blank["get"][actual]["string"] == ""
    assert typed["get"][actual]["string"].replace(",", "").startswith(str(PV))
    assert typed["get"][check] == "KPI-A24 と同一指標のため入力不要"
