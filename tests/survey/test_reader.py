from openpyxl import load_workbook
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName

from dxreport.survey import layout as L
from dxreport.survey.anchors import defined_range
from dxreport.survey.populate import populate
from dxreport.survey.reader import read_survey
from dxreport.survey.template import load_template
from dxreport.survey.template_build import DEFAULT_TEMPLATE


def _dx_survey(folder):
    result = populate(folder, ["KIKAKU-DX"])
    return result.paths[0]


def _col(ws, header, row=4):
    return next(c.column_letter for c in ws[row] if c.value == header)


def _insert_rows_keeping_names(wb, sheet, at, count):
    """What Excel does on 'insert rows': openpyxl moves cells but not names, so move them."""
    wb[sheet].insert_rows(at, count)
    for name in list(wb.defined_names):
        found = defined_range(wb, name)
        if found and found[0] == sheet:
            c1, r1, c2, r2 = found[1]
            shift = lambda r: r + count if r >= at else r  # noqa: E731
            from openpyxl.utils import get_column_letter as gl
            ref = f"'{sheet}'!${gl(c1)}${shift(r1)}:${gl(c2)}${shift(r2)}"
            wb.defined_names[name] = DefinedName(name, attr_text=ref)


def test_typed_values_come_back_raw_with_their_cells(folder):
    path = _dx_survey(folder)
    wb = load_workbook(path)
    ws = wb[L.SHEET_KPI]
    actual = _col(ws, "実績値")
    ws[f"{actual}5"] = 57.4
    ws[f"{actual}6"] = "１２万"  # typed as text: the reader keeps it, validation judges it
    wb.save(path)
    back = read_survey(path)
    assert back.kpi("KPI-A01").inputs["actual"].value == 57.4
    assert back.kpi("KPI-A01").inputs["actual"].cell == f"KPI実績!{actual}5"
    assert back.kpi("KPI-A03").inputs["actual"].value == "１２万"
    assert back.kpi("KPI-A01").master["baseline"].value == 52.79
    assert back.kpi("KPI-A01").check.value.startswith("=IF(")  # formula text, not evaluated


def test_inserted_rows_resorted_rows_and_hidden_columns_still_read(folder):
    path = _dx_survey(folder)
    wb = load_workbook(path)
    ws = wb[L.SHEET_KPI]
    _insert_rows_keeping_names(wb, L.SHEET_KPI, 1, 3)  # header now on row 7
    # re-sort: swap the two data rows completely
    for c in range(1, ws.max_column + 1):
        a, b = ws.cell(8, c), ws.cell(9, c)
        a.value, b.value = b.value, a.value
    actual = _col(ws, "実績値", 7)
    ws[f"{actual}9"] = 61.2  # row 9 now holds KPI-A01
    ws.column_dimensions[_col(ws, "区分", 7)].hidden = True
    wb.save(path)
    back = read_survey(path)
    assert back.issues == []
    assert [r.key for r in back.kpi_rows] == ["KPI-A03", "KPI-A01"]
    assert back.kpi("KPI-A01").inputs["actual"].value == 61.2
    assert back.kpi("KPI-A01").row == 9


def test_lost_defined_name_falls_back_to_header_text(folder):
    wb = load_workbook(_dx_survey(folder))
    del wb.defined_names[L.NAME_KPI_TABLE]
    back = read_survey(wb)
    assert back.issues == [] and len(back.kpi_rows) == 2


def test_structural_problems_are_reported_as_data(folder):
    wb = load_workbook(_dx_survey(folder))
    wb[L.SHEET_INITIATIVE].title = "取組"
    ws = wb[L.SHEET_KPI]
    ws[f"{_col(ws, '出典')}4"] = "データの出典"
    key = _col(ws, "KPI ID")
    ws[f"{key}6"] = "KPI-A01"  # duplicate
    ws[f"{key}7"] = "メモ"  # not a key
    ws[f"{_col(ws, '実績値')}8"] = 5  # input on a row without key
    before = {s.title: len(s._cells) for s in wb.worksheets}
    back = read_survey(wb)
    assert {s.title: len(s._cells) for s in wb.worksheets} == before  # reading adds nothing
    codes = {(i.code, i.sheet, i.cell) for i in back.issues}
    assert ("sheet_missing", "取組状況", None) in codes
    assert ("header_missing", "KPI実績", "4:4") in codes
    assert ("duplicate_key", "KPI実績", f"{key}6") in codes
    assert ("bad_key", "KPI実績", f"{key}7") in codes
    assert ("missing_key", "KPI実績", f"{key}8") in codes
    dup = next(i for i in back.issues if i.code == "duplicate_key")
    assert "KPI-A01" in dup.message and f"{key}5" in dup.message
    assert back.extra_headers == {"KPI実績": ["データの出典"]}


def test_missing_metadata_sheet_is_an_issue(folder):
    wb = load_workbook(_dx_survey(folder))
    del wb[L.SHEET_META]
    back = read_survey(wb)
    assert back.metadata == {} and back.issues[0].code == "meta_missing"


def test_restyled_template_populates_and_reads_back(folder, tmp_path):
    """The DX division rewords 記入要領, recolours, and inserts three rows above the tables."""
    wb = load_workbook(DEFAULT_TEMPLATE)
    wb[L.SHEET_GUIDE]["B5"] = "締切は {締切} 厳守でお願いします。"
    for sheet in (L.SHEET_KPI, L.SHEET_INITIATIVE):
        _insert_rows_keeping_names(wb, sheet, 1, 3)
        wb[sheet]["A1"] = "○○県 デジタル変革課"
        header = defined_range(wb, L.NAME_KPI_TABLE if sheet == L.SHEET_KPI
                               else L.NAME_INITIATIVE_TABLE)[1][1]
        for c in wb[sheet][header + 1]:
            if c.fill.fgColor.rgb and c.fill.fgColor.rgb.endswith("FFF2CC"):
                c.fill = PatternFill("solid", fgColor="DDEBF7")  # inputs now light blue
    restyled = tmp_path / "様式_改.xlsx"
    wb.save(restyled)
    load_template(restyled)  # accepted
    text = folder.settings_path.read_text(encoding="utf-8")
    folder.settings_path.write_text(text.replace('template = ""', f'template = "{restyled}"'),
                                    encoding="utf-8")
    from dxreport.round.folder import open_folder

    wf = open_folder(folder.root)
    result = populate(wf)
    path = next(p for p in result.paths if "KIKAKU-DX" in p.name)
    out = load_workbook(path)
    assert out[L.SHEET_GUIDE]["B5"].value == "締切は 令和9年4月30日（金） 厳守でお願いします。"
    ws = out[L.SHEET_KPI]
    actual = _col(ws, "実績値", 7)
    assert ws[f"{actual}8"].fill.fgColor.rgb.endswith("DDEBF7")
    assert ws.print_title_rows == "$7:$7" and ws.freeze_panes.endswith("8")
    ws[f"{actual}8"] = 70
    out.save(path)
    back = read_survey(path)
    assert back.issues == []
    assert back.kpi("KPI-A01").inputs["actual"].value == 70
    assert back.kpi("KPI-A01").inputs["actual"].cell == f"KPI実績!{actual}8"
    assert [r.key for r in back.initiative_rows] == ["A1-001", "A1-003"]


def test_reads_a_workbook_opened_read_only_by_the_validator(folder):
    path = _dx_survey(folder)
    wb = load_workbook(path)
    wb[L.SHEET_KPI][f"{_col(wb[L.SHEET_KPI], '実績値')}5"] = 12.5
    wb.save(path)
    ro = load_workbook(path, read_only=True)
    back = read_survey(ro)
    assert back.issues == []
    assert back.kpi("KPI-A01").inputs["actual"].value == 12.5
    assert back == read_survey(path)


def test_a_logo_pasted_into_the_template_reaches_every_survey(folder, tmp_path):
    from openpyxl.drawing.image import Image
    from PIL import Image as PILImage

    logo = tmp_path / "logo.png"
    PILImage.new("RGB", (120, 40), (31, 78, 120)).save(logo)
    wb = load_workbook(DEFAULT_TEMPLATE)
    wb[L.SHEET_GUIDE].add_image(Image(str(logo)), "D1")
    restyled = tmp_path / "様式_ロゴ.xlsx"
    wb.save(restyled)
    text = folder.settings_path.read_text(encoding="utf-8")
    folder.settings_path.write_text(text.replace('template = ""', f'template = "{restyled}"'),
                                    encoding="utf-8")
    from dxreport.round.folder import open_folder

    for path in populate(open_folder(folder.root)).paths:
        assert len(load_workbook(path)[L.SHEET_GUIDE]._images) == 1, path.name
