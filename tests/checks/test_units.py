"""Units at the point of entry: each row's 実績値 prompt names the row's unit, the actual shows
thousands separators like the targets beside it, and a raw count typed into a 千-unit row
(about 1,000× the baseline and target) is flagged as that mistake (V019), not as a vague V007."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from dxreport.api import Round
from dxreport.checks.validate import validate
from dxreport.survey import layout as L
from dxreport.survey.populate import populate
from dxreport.survey.reader import read_survey
from tests.checks.returns import clone, drop, filled, put, row_cells, survey_path

DIVISION = "SOMU-KEIEI"  # answers KPI-A12 紙の使用量: 87,615千枚 -> R8 target 69,540千枚


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("units") / "作業"
    populate(Round.create(root).folder, [DIVISION, "KIKAKU-DX"])
    return root


@pytest.fixture
def wf(template, tmp_path):
    return clone(template, tmp_path / "作業")


def prompt_of(ws: Worksheet, ref: str) -> str:
    return next(dv.prompt for dv in ws.data_validations.dataValidation if ref in dv.sqref)


def test_each_actual_prompt_names_the_rows_unit(wf):
    wb = load_workbook(survey_path(wf, DIVISION))
    a12 = row_cells(wb, "KPI-A12")["actual"].rpartition("!")[2]
    assert prompt_of(wb[L.SHEET_KPI], a12).startswith("千枚単位で入力")
    assert wb[L.SHEET_KPI][a12].number_format == '[>=1000]#,##0"千枚";General"千枚"'
    for division in (DIVISION, "KIKAKU-DX"):  # every row answered says its own unit
        wb = load_workbook(survey_path(wf, division))
        for row in read_survey(wb).kpi_rows:
            if not str(row.check.value).startswith("="):
                continue  # KPI-R07, R08: the same indicator as A24, A25, nothing to type
            unit = row.master["unit"].value
            prompt = prompt_of(wb[L.SHEET_KPI], row.inputs["actual"].cell.rpartition("!")[2])
            assert prompt.startswith(f"{unit}単位で入力" if unit else "半角の数値"), row.key
    assert prompt_of(load_workbook(survey_path(wf, "KIKAKU-DX"))[L.SHEET_KPI], "K5") \
        .startswith("%単位で入力")  # KPI-A04, 57.4% なら 57.4


def _run(wf, value):
    wb = filled(wf, DIVISION)
    put(wb, row_cells(wb, "KPI-A12")["actual"], value)
    drop(wf, wb)
    [o] = validate(wf).files
    return [(f.code, f.severity, f.params) for f in o.findings]


def test_a_raw_count_in_a_thousand_unit_row_is_named_as_such(wf):
    [(code, severity, params)] = _run(wf, 72_000_000)  # 72,000千枚 typed as sheets
    assert (code, severity) == ("V019", "warning")
    assert params["unit"] == "千枚" and params["suggested"] == "72,000"


def test_the_count_in_thousands_passes(wf):
    assert _run(wf, 72_000) == []


def test_far_off_but_not_a_thousandfold_is_still_v007(wf):
    [(code, _, _)] = _run(wf, 72_000 * 20)
    assert code == "V007"
