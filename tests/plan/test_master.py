"""The master workbook: round trip, edits in Excel picked up, broken edits reported by cell."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dxreport.errors import UserError
from dxreport.plan.master import load_divisions, load_master


def _edit(src: Path, tmp_path: Path, sheet: str, row_id: str, header: str, value) -> Path:
    """Set `header` of the row whose first-column ID is `row_id`; returns the edited copy."""
    path = tmp_path / "edited.xlsx"
    shutil.copy(src, path)
    wb = load_workbook(path)
    ws = wb[sheet]
    headers = {c.value: c.column for c in ws[1]}
    for row in ws.iter_rows(min_row=2):
        if row[0].value == row_id:
            ws.cell(row=row[0].row, column=headers[header]).value = value
            break
    else:
        raise AssertionError(row_id)
    wb.save(path)
    return path


def test_round_trip_gives_an_equal_plan(imported, master_file):
    loaded = load_master(master_file)
    assert loaded == imported.plan
    assert loaded.digest() == imported.plan.digest()


def test_divisions_alone_equal_the_whole_plans(imported, master_file, tmp_path):
    # the status board reads only the 担当課 sheet: same names, same order, same checks
    divisions, departments = load_divisions(master_file)
    assert (divisions, departments) == (imported.plan.divisions, imported.plan.departments)
    path = _edit(master_file, tmp_path, "担当課", "KIKAKU-DX", "部局名", "別の部")
    with pytest.raises(UserError) as whole:
        load_master(path)
    with pytest.raises(UserError) as alone:
        load_divisions(path)
    assert alone.value.message == whole.value.message and "担当課!" in alone.value.message


def test_workbook_layout(master_file):
    wb = load_workbook(master_file)
    assert wb.sheetnames == ["行政_KPI事業", "行政_KGI等事業", "地域_KPI事業", "地域_KGI等事業",
                             "指標", "担当課", "正規化一覧", "表記の確認", "目標値一覧"]
    counts = {name: wb[name].max_row - 1 for name in wb.sheetnames[:4]}
    assert list(counts.values()) == [31, 36, 69, 54]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "B2"
        assert ws.auto_filter.ref.startswith("A1:")
        assert ws.page_setup.orientation == "landscape"
        # the wide sheets on A3 (over several pages, the ID column repeated), the rest on A4,
        # or A3 where A4 would shrink the text below 75 % (print_layout.fit_page)
        wide = ws.title in wb.sheetnames[:5]
        paper = str(ws.page_setup.paperSize)
        assert paper == ws.PAPERSIZE_A3 if wide else paper in (ws.PAPERSIZE_A4, ws.PAPERSIZE_A3)
        assert ws.print_title_rows == "$1:$1"
        assert ws.print_title_cols == ("$A:$A" if wide else None)
        assert not ws.merged_cells.ranges
    kpis = wb["指標"]
    headers = [c.value for c in kpis[1]]
    assert headers[:7] == ["ID", "区分", "KPI番号", "指標名", "単位", "方向", "基準値"]
    assert "目標値R12" in headers and "主担当課コード" in headers


def test_edited_target_and_name_are_picked_up(master_file, tmp_path):
    path = _edit(master_file, tmp_path, "指標", "KPI-A03", "目標値R8", "70件")
    wb = load_workbook(path)
    ws = wb["担当課"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "KIKAKU-DX":
            row[1].value = "デジタル変革推進課"
    wb.save(path)
    plan = load_master(path)
    target = plan.kpi("KPI-A03").targets["R8"]
    assert (target.text, target.value, target.unit) == ("70件", 70, "件")
    assert plan.division("KIKAKU-DX").name == "デジタル変革推進課"


def test_numeric_cell_typed_in_excel_is_read(master_file, tmp_path):
    path = _edit(master_file, tmp_path, "指標", "KPI-A09", "目標値R9", 850)
    assert load_master(path).kpi("KPI-A09").targets["R9"].value == 850


def test_columns_found_by_header_not_position(imported, master_file, tmp_path):
    path = tmp_path / "moved.xlsx"
    shutil.copy(master_file, path)
    wb = load_workbook(path)
    for ws in wb.worksheets:
        ws.insert_cols(1)
        ws.cell(row=1, column=1).value = "メモ"
    wb.save(path)
    assert load_master(path) == imported.plan


@pytest.mark.parametrize("sheet,row_id,header,value,expected", [
    ("指標", "KPI-A03", "目標値R8", "たくさん", "指標!I4"),
    ("指標", "KPI-R36", "方向", "よい", "指標!F"),
    ("行政_KPI事業", "A1-003", "指標ID", "KPI-A99", "行政_KPI事業!J4"),
    ("地域_KGI等事業", "R2-040", "主担当課コード", "NO-SUCH", "地域_KGI等事業!N"),
    ("地域_KGI等事業", "R2-040", "共管課コード1", "NO-SUCH", "地域_KGI等事業!Q"),
    ("行政_KGI等事業", "A2-002", "ID", "A2-001", "行政_KGI等事業!A3"),
    ("地域_KPI事業", "R1-001", "表", "一", "地域_KPI事業!C2"),
])
def test_broken_edits_are_reported_with_sheet_and_cell(master_file, tmp_path, sheet, row_id,
                                                       header, value, expected):
    path = _edit(master_file, tmp_path, sheet, row_id, header, value)
    with pytest.raises(UserError) as info:
        load_master(path)
    assert expected in info.value.message
    assert str(value) in info.value.message or "重複" in info.value.message


def test_deleted_kpi_row_is_reported(master_file, tmp_path):
    path = tmp_path / "deleted.xlsx"
    shutil.copy(master_file, path)
    wb = load_workbook(path)
    wb["指標"].delete_rows(2)  # KPI-A01
    wb.save(path)
    with pytest.raises(UserError, match=r"行政_KPI事業!J2.*KPI-A01"):
        load_master(path)


def test_missing_sheet_and_header(master_file, tmp_path):
    path = tmp_path / "renamed.xlsx"
    shutil.copy(master_file, path)
    wb = load_workbook(path)
    wb["指標"]["F1"] = "向き"
    wb.save(path)
    with pytest.raises(UserError, match=r"「指標」.*「方向」"):
        load_master(path)
    del wb["担当課"]
    wb.save(path)
    with pytest.raises(UserError, match=r"シート「担当課」"):
        load_master(path)


def test_missing_master_says_what_to_do(tmp_path):
    with pytest.raises(UserError, match=r"dxreport plan import"):
        load_master(tmp_path / "none.xlsx")


def test_not_a_workbook_is_a_user_error(tmp_path):
    path = tmp_path / "master.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(UserError, match=r"開けません: Excel ブック（\.xlsx）ではありません"):
        load_master(path)


def test_broken_sheet_xml_is_a_user_error(master_file, tmp_path):
    """A sheet whose XML is cut off: the same message as a file that does not open."""
    import zipfile

    path = tmp_path / "壊れ.xlsx"
    with zipfile.ZipFile(master_file) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    with pytest.raises(UserError, match="開けません"):
        load_master(path)


def test_a_stale_sheet_size_hides_no_row(imported, master_file, tmp_path):
    # some tools save a <dimension> smaller than the data; every row is still read
    path = tmp_path / "寸法.xlsx"
    with zipfile.ZipFile(master_file) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:B2"/>', data)
            dst.writestr(info, data)
    assert load_master(path) == imported.plan


def test_text_cells_keep_what_is_typed_over_them(master_file):
    # Excel turns a retyped "70%" into 0.7 in a General cell (read back as 0.7 %), but keeps
    # it as typed in a text-formatted one
    ws = load_workbook(master_file)["指標"]
    headers = {c.value: c.column for c in ws[1]}
    for header in ("基準値", "目標値R8", "単位"):
        cells = [r[headers[header] - 1] for r in ws.iter_rows(min_row=2)]
        assert all(c.number_format == "@" for c in cells if isinstance(c.value, str)), header
        assert any(isinstance(c.value, str) for c in cells)
