"""The 回答者 block: typed on 記入要領, read back by validate, shown in 検証結果.xlsx and in the
status workbook's 提出状況, so the DX division knows whom to call about a return. A return of
a survey distributed before the block existed is still valid."""

from __future__ import annotations

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from dxreport.api import Round
from dxreport.checks.validate import validate
from dxreport.consolidate.run import consolidate
from dxreport.messages import msg
from dxreport.survey import layout as L
from dxreport.survey.anchors import defined_range
from dxreport.survey.reader import read_survey
from tests.checks.returns import drop, filled, put, row_cells
from tests.sheet_rows import table_rows

WHO = {"affiliation": "DX推進担当", "name": "福島 太郎", "extension": 1234,
       "email": "taro.fukushima@pref.example.jp"}
SHOWN = "DX推進担当 福島 太郎（内線 1234、taro.fukushima@pref.example.jp）"


def answer_cells(wb: Workbook) -> dict[str, str]:
    """field -> the unlocked answer cell of the 回答者 block, found as the reader finds it."""
    found = defined_range(wb, L.NAME_RESPONDENT)
    assert found is not None
    sheet, (min_col, min_row, _, max_row) = found
    ws = wb[sheet]
    by_label = {v: f for f, v in L.RESPONDENT_LABELS.items()}
    return {by_label[ws.cell(r, min_col).value]: ws.cell(r, min_col + 1).coordinate
            for r in range(min_row, max_row + 1)}


def sign(wb: Workbook) -> Workbook:
    cells = answer_cells(wb)
    for fld, value in WHO.items():
        wb[L.SHEET_GUIDE][cells[fld]] = value
    return wb


def test_the_block_is_on_the_guide_unlocked_and_empty(wf):
    wb = filled(wf)
    cells = answer_cells(wb)
    assert list(cells) == list(L.RESPONDENT_FIELDS)
    guide = wb[L.SHEET_GUIDE]
    assert guide.protection.sheet
    for ref in cells.values():
        assert not guide[ref].protection.locked and guide[ref].value is None
        assert guide[ref].fill.fgColor.rgb.endswith("FFF2CC")  # the yellow of every input
    assert read_survey(wb).respondent == {}


def test_respondent_is_shown_in_findings_and_status_workbooks(wf):
    drop(wf, sign(filled(wf)))
    run = validate(wf)
    [o] = run.files
    assert o.verdict == "accepted" and o.respondent == SHOWN
    [summary] = table_rows(load_workbook(run.findings_workbook)[msg("chk_sheet_summary")])
    assert summary["回答者"] == SHOWN
    subs = table_rows(load_workbook(consolidate(wf).path)["提出状況"])
    assert next(r for r in subs if r["課コード"] == "KIKAKU-DX")["回答者"] == SHOWN


def test_a_returned_file_still_says_who_to_call(wf):
    wb = sign(filled(wf))
    put(wb, row_cells(wb, "KPI-A04")["actual"], None)  # V001: sent back
    put(wb, row_cells(wb, "KPI-A04")["note"], None)
    drop(wf, wb)
    [o] = validate(wf).files
    assert o.verdict == "returned" and o.respondent == SHOWN
    [again] = validate(wf).files  # the same file in the next run: seen before, still named
    assert again.seen_before and again.respondent == SHOWN


def test_a_return_of_a_survey_without_the_block_is_still_valid(wf):
    wb = filled(wf)
    # as distributed before the block existed: no name, no rows
    del wb.defined_names[L.NAME_RESPONDENT]
    for ref in answer_cells_from_labels(wb):
        wb[L.SHEET_GUIDE][ref] = None
    drop(wf, wb)
    [o] = validate(wf).files
    assert o.verdict == "accepted" and o.findings == [] and o.respondent is None


def answer_cells_from_labels(wb: Workbook) -> list[str]:
    guide = wb[L.SHEET_GUIDE]
    labels = set(L.RESPONDENT_LABELS.values())
    return [c.coordinate for row in guide.iter_rows() for c in row
            if guide.cell(c.row, 1).value in labels]


def test_contact_and_submission_settings_reach_the_guide(tmp_path):
    wf = Round.create(tmp_path / "作業", "R8", "年度末", "2027-04-30", "デジタル変革課 DX推進担当",
                      contact_extension="1234", contact_email="dx@pref.example.jp",
                      submission="庁内メールで dx@pref.example.jp へ返送してください。").folder
    settings = Round.open(wf.root).folder.settings  # read back from 設定.toml
    assert settings.contact_text == "デジタル変革課 DX推進担当（内線 1234、dx@pref.example.jp）"
    path = Round.open(wf.root).populate(["KIKAKU-DX"]).paths[0]
    guide = load_workbook(path)[L.SHEET_GUIDE]
    text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    assert "回答期限: 令和9年4月30日（金）" in text
    assert "問い合わせ先: デジタル変革課 DX推進担当（内線 1234、dx@pref.example.jp）" in text
    assert "提出方法: 庁内メールで dx@pref.example.jp へ返送してください。" in text
    assert "{" not in text  # every placeholder filled
