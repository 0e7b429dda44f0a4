"""Surveys in LibreOffice: they open and print, a clerk's typing comes back through the reader,
and a template restyled in an office suite still works."""

import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from dxreport.checks.validate import validate
from dxreport.messages import msg
from dxreport.round.folder import open_folder
from dxreport.survey import layout as L
from dxreport.survey.anchors import defined_range
from dxreport.survey.populate import populate
from dxreport.survey.reader import read_survey
from dxreport.survey.template_build import DEFAULT_TEMPLATE
from tests.libreoffice import LibreOffice, convert, needs_libreoffice

pytestmark = [pytest.mark.libreoffice, needs_libreoffice]


@pytest.fixture(scope="module")
def office():
    with LibreOffice() as lo:
        yield lo


def _col(ws, header, row=4):
    return next(c.column_letter for c in ws[row] if c.value == header)


def test_every_survey_converts_to_pdf_in_one_session(folder, tmp_path):
    result = populate(folder)
    pdfs = convert(result.paths, "pdf", tmp_path / "pdf")
    for pdf, sid in zip(pdfs, result.survey_ids, strict=True):
        assert pdf.stat().st_size > 5000
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                  text=True, check=True).stdout
            assert "進捗状況の定義" in text and sid in text and "入力チェック" in text


def test_values_typed_in_libreoffice_are_read_back(folder, tmp_path, office):
    path = populate(folder, ["KIKAKU-DX"]).paths[0]
    ws = load_workbook(path)[L.SHEET_KPI]
    act, as_of, src, chk = (_col(ws, h) for h in ("実績値", "基準日", "出典", "入力チェック"))
    wi = load_workbook(path)[L.SHEET_INITIATIVE]
    st, done, ichk = (_col(wi, h) for h in ("進捗状況", "実施内容・実績", "入力チェック"))
    saved = tmp_path / "returned.xlsx"
    [res] = office.run([{
        "open": str(path), "save": str(saved),
        "ops": [
            {"op": "set", "sheet": "KPI実績", "cell": f"{act}5", "value": 57.4},
            {"op": "set", "sheet": "KPI実績", "cell": f"{as_of}5", "value": 46477},  # 2027-03-31
            {"op": "set_text", "sheet": "KPI実績", "cell": f"{src}5", "value": "申請システム集計"},
            {"op": "set_text", "sheet": "KPI実績", "cell": f"{act}6", "value": "１２５０００"},
            {"op": "set_text", "sheet": "取組状況", "cell": f"{st}5", "value": "遅れ"},
            {"op": "set_text", "sheet": "取組状況", "cell": f"{done}5", "value": "要件定義を実施"},
            # a clerk inserts a row inside the KPI table (needs the sheet unprotected)
            {"op": "unprotect", "sheet": "KPI実績"},
            {"op": "insert_rows", "sheet": "KPI実績", "row": 6, "count": 1},
            {"op": "protect", "sheet": "KPI実績"},
            {"op": "get", "sheet": "KPI実績", "cell": f"{chk}5"},
            {"op": "get", "sheet": "KPI実績", "cell": f"{chk}7"},
            {"op": "get", "sheet": "取組状況", "cell": f"{ichk}5"},
        ],
    }])
    got = res["get"]
    # the live check, computed by Calc: 57.4 is behind the R8 target 60 and 備考 is empty
    assert got[f"KPI実績!{chk}5"]["string"] == "要記入：目標未達のため備考に理由"
    assert got[f"KPI実績!{chk}7"]["string"] == "要記入：実績値は半角数値で"
    assert got[f"取組状況!{ichk}5"]["string"] == "要記入：課題・今後の対応を記入"
    back = read_survey(saved)
    assert back.issues == []
    a01, a03 = back.kpi("KPI-A01"), back.kpi("KPI-A03")
    assert a01.inputs["actual"].value == 57.4
    assert a01.inputs["as_of"].value.date().isoformat() == "2027-03-31"
    assert a01.inputs["source"].value == "申請システム集計"
    assert a03.row == 7 and a03.inputs["actual"].value == "１２５０００"  # raw text, as typed
    assert a03.inputs["actual"].cell == f"KPI実績!{act}7"
    assert a01.master["baseline"].value == 52.79
    assert back.initiative("A1-001").inputs["status"].value == "遅れ"
    assert back.metadata["survey_id"] == "R8-FINAL-KIKAKU-DX"


def test_template_restyled_in_libreoffice_still_populates_and_reads(folder, tmp_path, office):
    restyled = tmp_path / "様式_改.xlsx"
    ops = [{"op": "set_text", "sheet": "記入要領", "cell": "B5",
            "value": "提出期限 {締切} を必ず守ってください。"},
           {"op": "fill", "sheet": "記入要領", "range": "A1:B1", "color": 0xDDEBF7}]
    for sheet in ("KPI実績", "取組状況"):
        ops += [{"op": "unprotect", "sheet": sheet},
                {"op": "insert_rows", "sheet": sheet, "row": 1, "count": 3},
                {"op": "set_text", "sheet": sheet, "cell": "A1", "value": "○○県 デジタル変革課"},
                {"op": "fill", "sheet": sheet, "range": "A7:O7", "color": 0xC00000},
                {"op": "protect", "sheet": sheet}]
    office.run([{"open": str(DEFAULT_TEMPLATE), "save": str(restyled), "ops": ops}])
    text = folder.settings_path.read_text(encoding="utf-8")
    folder.settings_path.write_text(text.replace('template = ""', f'template = "{restyled}"'),
                                    encoding="utf-8")
    result = populate(open_folder(folder.root))
    assert result.count == 4
    path = next(p for p in result.paths if "KIKAKU-DX" in p.name)
    wb = load_workbook(path)
    assert wb[L.SHEET_GUIDE]["B5"].value == "提出期限 令和9年4月30日（金） を必ず守ってください。"
    ws = wb[L.SHEET_KPI]
    assert ws["A8"].value == "KPI-A01"  # header moved to row 7
    assert ws["A7"].fill.fgColor.rgb.endswith("C00000")
    act = _col(ws, "実績値", 7)
    saved = tmp_path / "returned.xlsx"
    office.run([{"open": str(path), "save": str(saved), "ops": [
        {"op": "set", "sheet": "KPI実績", "cell": f"{act}8", "value": 63.5}]}])
    back = read_survey(saved)
    assert back.issues == []
    assert back.kpi("KPI-A01").inputs["actual"].value == 63.5
    assert [r.key for r in back.initiative_rows] == ["A1-001", "A1-003"]
    convert([path], "pdf", tmp_path / "pdf")


def test_in_sheet_check_says_behind_target_exactly_where_the_validator_does(folder, tmp_path,
                                                                           office):
    """Values at the 0.1% edge typed in Calc: 入力チェック (recalculated by Calc) and the
    validator's V011 give the same verdict. KPI-A01 52.79 -> 60%: 59.997 is 99.958% (shown
    100.0%), 59.9964 is 99.950% (half up: 100.0%), 59.9963 / 59.996 are 99.9%. KPI-A03
    120,000 -> 130,000件: 129,995 is exactly 99.95% (100.0%), 129,994 is 99.94%."""
    path = populate(folder, ["KIKAKU-DX"]).paths[0]
    ws = load_workbook(path)[L.SHEET_KPI]
    act, as_of, src, note, chk = (_col(ws, h) for h in ("実績値", "基準日", "出典", "備考",
                                                         "入力チェック"))
    cases = {"ahead": (59.997, 129995), "half": (59.9964, 129995),
             "behind": (59.9963, 129994), "short": (59.996, 129994)}
    jobs = []
    for name, values in cases.items():
        ops: list[dict] = []
        for row, value in zip((5, 6), values, strict=True):
            ops += [{"op": "set", "sheet": "KPI実績", "cell": f"{act}{row}", "value": value},
                    {"op": "set", "sheet": "KPI実績", "cell": f"{as_of}{row}", "value": 46477},
                    {"op": "set_text", "sheet": "KPI実績", "cell": f"{src}{row}",
                     "value": "業務集計"},
                    {"op": "get", "sheet": "KPI実績", "cell": f"{chk}{row}"}]
        jobs.append({"open": str(path), "save": str(tmp_path / f"{name}.xlsx"), "ops": ops})
    results = office.run(jobs)
    behind_text = f'{msg("sv_check_todo")}：{msg("sv_check_behind_reason")}'
    for (name, _), res in zip(cases.items(), results, strict=True):
        in_sheet = {row: res["get"][f"KPI実績!{chk}{row}"]["string"] for row in (5, 6)}
        assert set(in_sheet.values()) <= {msg("sv_check_ok"), behind_text}, in_sheet
        target = folder.returns / f"{name}.xlsx"
        shutil.copy(tmp_path / f"{name}.xlsx", target)
        [outcome] = [f for f in validate(folder).files if f.file == target.name]
        v011 = {f.cell for f in outcome.findings if f.code == "V011"}
        validator = {row: f"{note}{row}" in v011 for row in (5, 6)}
        assert {row: text == behind_text for row, text in in_sheet.items()} == validator, name
        expected = name in ("behind", "short")
        assert validator == {5: expected, 6: expected}, name


def test_respondent_typed_in_libreoffice_and_actuals_shown_with_separators(folder, tmp_path,
                                                                            office):
    """A clerk types the 回答者 block on 記入要領 (the sheet stays protected) and actuals;
    the reader gets the respondent back, and Calc shows 871,018件 beside 130,000件 while a
    percent keeps the decimals typed."""
    path = populate(folder, ["KIKAKU-DX"]).paths[0]
    wb = load_workbook(path)
    _sheet, (_min_col, min_row, _c, _r) = defined_range(wb, L.NAME_RESPONDENT)
    answer = [f"B{min_row + i}" for i in range(len(L.RESPONDENT_FIELDS))]
    act, as_of = _col(wb[L.SHEET_KPI], "実績値"), _col(wb[L.SHEET_KPI], "基準日")
    saved = tmp_path / "returned.xlsx"
    typed = ["DX推進担当", "福島 太郎", "1234", "taro@pref.example.jp"]
    ops = [{"op": "set_text", "sheet": "記入要領", "cell": c, "value": v}
           for c, v in zip(answer, typed, strict=True)]
    ops += [{"op": "set", "sheet": "KPI実績", "cell": f"{act}5", "value": 57.45},
            {"op": "set", "sheet": "KPI実績", "cell": f"{act}6", "value": 871018},
            {"op": "shown", "sheet": "KPI実績", "cell": f"{act}5"},
            {"op": "shown", "sheet": "KPI実績", "cell": f"{act}6"},
            {"op": "set", "sheet": "KPI実績", "cell": f"{as_of}5", "value": 46477},
            {"op": "shown", "sheet": "KPI実績", "cell": f"{as_of}5"}]
    [res] = office.run([{"open": str(path), "save": str(saved), "ops": ops}])
    assert res["get"][f"KPI実績!{act}5"] == "57.45%"
    assert res["get"][f"KPI実績!{act}6"] == "871,018件"
    assert res["get"][f"KPI実績!{as_of}5"] == "令和9年3月31日"  # typed 2027/3/31
    back = read_survey(saved)
    assert back.kpi("KPI-A01").inputs["as_of"].value.date().isoformat() == "2027-03-31"
    assert back.respondent == dict(zip(L.RESPONDENT_FIELDS, typed, strict=True))
    assert load_workbook(saved)[L.SHEET_GUIDE].protection.sheet
