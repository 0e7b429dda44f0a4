"""The annotated copy sent back to a division; the original is never touched."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from dxreport.checks.findings import CATALOGUE, Finding, finding
from dxreport.checks.return_copy import write_return_copy
from dxreport.errors import UserError
from dxreport.xlsx.palette import RATING_STEPS

from .corpus import SHEET, sha, survey_like_xlsx

_, _, AMBER, RED = RATING_STEPS


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
    assert ws["E2"].fill.fgColor.rgb.endswith(RED)  # error: red
    assert ws["E3"].fill.fgColor.rgb.endswith(AMBER)  # warnings only: amber
    assert ws["B2"].fill.fgColor.rgb.endswith(RED)
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
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
    assert [r[:3] for r in rows] == [
        [f"{SHEET}!E2", "V002", "エラー"], [f"{SHEET}!E3", "V003", "警告"],
        [f"{SHEET}!E3", "V007", "警告"], [f"{SHEET}!B2", "S007", "エラー"],
        ["（ファイル全体）", "S001", "エラー"], ["存在しないシート!A1", "V001", "エラー"],
    ]
    assert ws["A5"].hyperlink.location == f"'{SHEET}'!E2"
    assert ws["A10"].hyperlink is None  # that sheet does not exist
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
    assert wb["検証結果"].max_row == 5


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
