"""The annotated copy sent back to a division; the original is never touched."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from dxreport.checks.findings import CATALOGUE, Finding, finding
from dxreport.checks.return_copy import ReturnGuide, write_return_copy
from dxreport.checks.validate import validate
from dxreport.errors import UserError
from dxreport.messages import msg
from dxreport.rules.fiscal_year import reiwa_date
from dxreport.survey.reader import read_survey
from dxreport.xlsx import palette
from dxreport.xlsx.palette import ERROR_FILL, ERROR_TEXT, WARNING_FILL
from dxreport.xlsx.sheet_table import FONT_NAME
from tests.checks.returns import drop, filled, make_populated, put

from .corpus import SHEET, sha, survey_like_xlsx


def _f(code: str, sheet: str | None = None, cell: str | None = None) -> Finding:
    return finding(code, sheet=sheet, cell=cell, **{k: "値" for k in CATALOGUE[code].fields})


FINDINGS = [
    _f("V002", SHEET, "E2"),
    _f("V003", SHEET, "E3"),
    _f("V007", SHEET, "E3"),  # two findings on one cell: one comment holding both
    _f("S007", SHEET, "B2"),  # a cell that already carries a comment
    _f("S001"),  # whole file
    _f("V001", "存在しないシート", "A1"),
]


@pytest.fixture
def returned(tmp_path: Path) -> Path:
    (tmp_path / "2_回収").mkdir()
    return survey_like_xlsx(tmp_path / "2_回収" / "回答.xlsx")


def test_cells_are_marked_and_commented(returned: Path, tmp_path: Path) -> None:
    before = sha(returned)
    target = tmp_path / "4_差し戻し" / "回答.xlsx"
    write_return_copy(returned, FINDINGS, target)
    assert sha(returned) == before
    wb = openpyxl.load_workbook(target)
    ws = wb[SHEET]
    assert ws["E2"].fill.fgColor.rgb.endswith(ERROR_FILL)  # error: red, white text
    assert ws["E2"].font.color.rgb.endswith(ERROR_TEXT)
    assert ws["E3"].fill.fgColor.rgb.endswith(WARNING_FILL)  # warnings only: yellow
    assert ws["B2"].fill.fgColor.rgb.endswith(ERROR_FILL)
    e2 = ws["E2"].comment.text
    assert "[V002 エラー]" in e2 and FINDINGS[0].message in e2 and FINDINGS[0].action in e2
    e3 = ws["E3"].comment.text
    assert "V003" in e3 and "V007" in e3
    b2 = ws["B2"].comment.text
    assert b2.startswith("配布時のメモ") and "S007" in b2  # the division's own note is kept
    assert ws["C2"].comment is None and ws["C2"].fill.fgColor.rgb in (None, "00000000")


def test_findings_sheet_lists_every_finding(returned: Path, tmp_path: Path) -> None:
    target = write_return_copy(returned, FINDINGS, tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["検証結果", SHEET, "_meta"]
    ws = wb["検証結果"]
    assert "差し戻し" in ws["A1"].value and "エラー 4 件・警告 2 件" in ws["A1"].value
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=7)]
    assert [r[3:6] for r in rows] == [
        [f"{SHEET}!E2", "V002", "エラー"], [f"{SHEET}!E3", "V003", "警告"],
        [f"{SHEET}!E3", "V007", "警告"], [f"{SHEET}!B2", "S007", "エラー"],
        ["（ファイル全体）", "S001", "エラー"], ["存在しないシート!A1", "V001", "エラー"],
    ]
    assert ws["D7"].hyperlink.location == f"'{SHEET}'!E2"
    assert ws["D12"].hyperlink is None  # that sheet does not exist
    assert ws.protection.sheet
    assert wb.active.title == "検証結果"
    assert [s.title for s in wb.worksheets if s.sheet_view.tabSelected] == ["検証結果"]


def test_protection_and_features_survive(returned: Path, tmp_path: Path) -> None:
    original = openpyxl.load_workbook(returned)
    wb = openpyxl.load_workbook(write_return_copy(returned, FINDINGS, tmp_path / "out.xlsx"))
    ws, ows = wb[SHEET], original[SHEET]
    assert ws.protection.sheet and ws.protection.password == ows.protection.password
    assert ws.protection.password  # the hash is carried over, not dropped
    assert wb.security is not None and wb.security.lockStructure
    for ref in ("E2", "F2", "G3"):
        assert ws[ref].protection.locked is False  # input cells stay editable
    for ref in ("A2", "B2", "C2", "D3"):
        assert ws[ref].protection.locked is True  # nothing new is unlocked
    assert len(ws.data_validations.dataValidation) == 1
    assert ws.data_validations.dataValidation[0].formula1 == '"順調,遅れ,完了"'
    assert len(list(ws.conditional_formatting)) == 1
    assert "調査票ID" in wb.defined_names and "入力範囲" in ws.defined_names
    assert ws.column_dimensions["A"].hidden
    assert ws["E3"].number_format == '0.0"%"'
    assert wb["_meta"].sheet_state == "hidden" and wb["_meta"]["B1"].value == "R8-1-0001"


def test_resubmitted_copy_replaces_old_findings_sheet(returned: Path, tmp_path: Path) -> None:
    first = write_return_copy(returned, FINDINGS, tmp_path / "first.xlsx")
    second = write_return_copy(first, FINDINGS[:1], tmp_path / "second.xlsx")
    wb = openpyxl.load_workbook(second)
    assert wb.sheetnames.count("検証結果") == 1
    assert wb["検証結果"].max_row == 7


def test_refuses_to_overwrite_the_original(returned: Path) -> None:
    before = sha(returned)
    with pytest.raises(UserError, match="元のファイル"):
        write_return_copy(returned, FINDINGS, returned)
    assert sha(returned) == before


def test_unsafe_source_is_a_user_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(UserError, match="F001"):
        write_return_copy(bad, [], tmp_path / "copy.xlsx")
    assert not (tmp_path / "copy.xlsx").exists()


# UTF-8 (76), every sheet to its own file (-1: LibreOffice 7.2+)
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


@pytest.mark.libreoffice
def test_libreoffice_opens_outputs(returned: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice not installed")
    from dxreport.checks.findings_workbook import FileResult, write_findings_workbook

    copy = write_return_copy(returned, FINDINGS, tmp_path / "copy.xlsx")
    report = write_findings_workbook(tmp_path / "検証結果.xlsx",
                                     [FileResult.of("=1+1.xlsx", FINDINGS, return_copy=copy)])
    out = tmp_path / "csv"
    for path in (copy, report):
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp_path}/lo_profile", "--headless",
             "--convert-to", CSV_ALL_SHEETS,
             "--outdir", str(out), str(path)],
            check=True, capture_output=True, timeout=120,
        )
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.csv")}
    assert any("V002" in t for t in texts.values()), texts.keys()
    summary = next(t for n, t in texts.items() if "受付状況" in n)
    assert "=1+1.xlsx" in summary  # shown as text, not evaluated to 2


def test_known_loss_data_validation_extension(returned: Path, tmp_path: Path) -> None:
    """openpyxl drops `x14:dataValidations` (Excel's extension list); plain ones survive.

    Surveys must therefore use plain data validations (lists as literals or same-workbook
    ranges written as ordinary `dataValidation`), which is what openpyxl writes itself.
    """
    import zipfile

    from .corpus import rewrite_zip

    with zipfile.ZipFile(returned) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    ext = ('<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://'
           'schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations '
           'count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
           '<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>_meta!$A$1:$A$3'
           "</xm:f></x14:formula1><xm:sqref>G2:G3</xm:sqref></x14:dataValidation>"
           "</x14:dataValidations></ext></extLst>")
    src = rewrite_zip(returned, tmp_path / "ext.xlsx", replace={
        "xl/worksheets/sheet1.xml": sheet.replace("</worksheet>", ext + "</worksheet>").encode()})
    copy = write_return_copy(src, FINDINGS, tmp_path / "copy.xlsx")
    with zipfile.ZipFile(copy) as z:
        names = z.namelist()
        out = "".join(z.read(n).decode() for n in names if n.startswith("xl/worksheets/sheet"))
    assert "x14:dataValidation" not in out
    assert out.count("<dataValidation ") == 1


# -- a real return copy, through validation: it guides the clerk -------------------------------
def _colour_distance(a: str, b: str) -> float:
    ra, rb = (tuple(int(x[i:i + 2], 16) for i in (0, 2, 4)) for x in (a[-6:], b[-6:]))
    return sum((p - q) ** 2 for p, q in zip(ra, rb, strict=True)) ** 0.5


def returned_with_mistakes(tmp_path: Path):
    """A return with a blank actual (V001), a changed 基準値 (S007) and 遅れ without 課題 or
    今後の対応 (V017), validated: (work folder, outcome, the rows that were edited)."""
    wf = make_populated(tmp_path / "作業")
    wb = filled(wf)
    ret = read_survey(wb)
    kpi, ini = ret.kpi_rows[0], next(r for r in ret.initiative_rows if "status" in r.inputs)
    put(wb, kpi.inputs["actual"].cell, None)
    put(wb, kpi.inputs["note"].cell, None)
    put(wb, kpi.master["baseline"].cell, 1)
    put(wb, ini.inputs["status"].cell, "遅れ")
    drop(wf, wb, "回答.xlsx")
    (outcome,) = validate(wf).files
    assert outcome.return_copy is not None
    return wf, outcome, kpi, ini


def test_a_return_copy_names_the_item_says_how_to_restore_and_when_to_resend(tmp_path):
    wf, outcome, kpi, ini = returned_with_mistakes(tmp_path)
    wb = openpyxl.load_workbook(outcome.return_copy)
    ws = wb["検証結果"]
    header = [c.value for c in ws[6]]
    assert header[:4] == ["ID", "指標名・事業名", "列", "シート!セル"]
    rows = {r[4]: r for r in ws.iter_rows(min_row=7, values_only=True)}
    kpi_name = kpi.master["name"].value
    assert rows["V001"][:4] == (kpi.key, kpi_name, "実績値", kpi.inputs["actual"].cell)
    assert rows["S007"][:3] == (kpi.key, kpi_name, "基準値")
    assert rows["V017"][0] == ini.key and rows["V017"][2] in ("課題", "今後の対応")
    assert rows["V017"][1] == ini.master["project_name"].value
    # S007: the value that was sent, and how to get past the sheet's protection
    sent = str(kpi.master["baseline"].value)
    action = rows["S007"][7]
    assert f"「{sent}」" in action and "校閲" in action and "シートの保護の解除" in action
    # what to do with the file, by when (the round's 回答期限, in 令和), and how to send it
    deadline = reiwa_date(wf.settings.deadline)
    assert ws["A2"].value == msg("chk_return_resubmit", deadline=deadline)
    assert deadline.startswith("令和") and "修正後はこのファイルを保存して" in ws["A2"].value
    assert wf.settings.submission in ws["A3"].value
    assert wf.settings.contact_text in ws["A3"].value
    # the survey's font, and an error red far from the 入力チェック pink
    used = [c for r in ws.iter_rows() for c in r if c.value is not None]
    assert {c.font.name for c in used} == {FONT_NAME}
    severity = ws.cell(row=7, column=6)
    assert severity.value == "エラー"
    assert severity.fill.fgColor.rgb.endswith(palette.ERROR_FILL)
    assert _colour_distance(palette.ERROR_FILL, palette.CHECK_TODO_FILL) > 200
    sheet, _, ref = kpi.inputs["actual"].cell.rpartition("!")
    assert wb[sheet][ref].fill.fgColor.rgb.endswith(palette.ERROR_FILL)
    # the comment on the cell itself says the same
    assert "V001" in wb[sheet][ref].comment.text


def test_the_resubmission_line_follows_the_deadline() -> None:
    due = dt.date(2027, 4, 30)
    line, how = ReturnGuide(deadline=due, submission="メールで", contact="DX課",
                            today=dt.date(2027, 4, 12)).lines()
    assert line == ("修正後はこのファイルを保存して返送してください"
                    "（再提出期限: 令和9年4月30日（金））。")
    assert how == "提出方法: メールで　問い合わせ先: DX課"
    late, _ = ReturnGuide(deadline=due, today=dt.date(2027, 5, 7)).lines()
    assert "至急" in late and "令和9年4月30日" in late
    plain, nothing = ReturnGuide().lines()
    assert plain == "修正後はこのファイルを保存して返送してください。" and nothing == ""
