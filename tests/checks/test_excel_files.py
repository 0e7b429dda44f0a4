"""Files as real Excel writes them, and hostile parts added to a valid return (issue 11).

Each return is a real generated survey, filled with openpyxl and then rewritten the way Excel
stores it (tests/checks/excel_xml.py edits the zip); hostile parts are added with proper
content types and relationships in places other than the usual folders. 2_回収 stays
byte-identical throughout."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from dxreport.checks.filesafety import inspect_file
from dxreport.checks.return_copy import write_return_copy
from dxreport.checks.validate import validate
from dxreport.survey.reader import read_survey
from dxreport.survey.writer import DATE_FORMAT
from dxreport.xlsx.read import XlsxReader
from tests.checks import excel_xml as X
from tests.checks.returns import drop, filled, put, row_cells, tree_hash


def outcome_of(wf, path: Path):
    """Validate the one return `path` (in 2_回収); 2_回収 must be left byte-identical."""
    before = tree_hash(wf.returns)
    run = validate(wf)
    assert tree_hash(wf.returns) == before
    [o] = [o for o in run.files if o.file == path.name]
    return o


def excel_style(wf, name: str, *edits, wb=None, strings=X.shared_strings) -> Path:
    """A filled return rewritten as Excel saves it (shared strings), plus `edits`."""
    raw = drop(wf, wb or filled(wf), "_openpyxl.xlsx")
    out = X.edited(raw, wf.returns / name, strings, *edits)
    raw.unlink()
    return out


def codes(o) -> list[str]:
    return sorted(f.code for f in o.findings)


# ---------------------------------------------------------------------------- item 8
@pytest.mark.parametrize("runs_in_phonetic", [False, True])
def test_furigana_is_not_part_of_the_text(wf, runs_in_phonetic) -> None:
    """「順調」 typed through the IME carries its reading ジュンチョウ: never glued on (V016)."""
    path = excel_style(wf, "ふりがな.xlsx", strings=lambda p: X.shared_strings(
        p, {"順調": "ジュンチョウ", "計画どおり実施した": "ケイカクドオリジッシシタ"},
        runs_in_phonetic=runs_in_phonetic))
    assert b"<rPh" in zipfile.ZipFile(path).read("xl/sharedStrings.xml")
    o = outcome_of(wf, path)
    assert o.verdict == "accepted" and codes(o) == []
    with XlsxReader(path) as r:
        values = {c.value for c in r.cells("取組状況")}
    assert "順調" in values and not any("ジュンチョウ" in str(v) for v in values)


def test_conditional_format_number_formats_are_not_the_cells_formats(wf) -> None:
    """`<dxfs>` formats reuse the ids of the cells' own formats: dates stay dates, a percent
    KPI's literal `%` format is not taken for Excel's ×100 percent (no V003/V004/V006)."""
    path = excel_style(wf, "条件付き書式.xlsx", X.conditional_number_formats)
    assert b"<dxfs" in zipfile.ZipFile(path).read("xl/styles.xml")
    o = outcome_of(wf, path)
    assert o.verdict == "accepted" and codes(o) == []
    with XlsxReader(path) as r:
        formats = {c.number_format for c in r.cells("KPI実績")}
    assert DATE_FORMAT in formats and "0%" not in formats  # 基準日 keeps its 令和 date format


def test_1904_date_system(wf) -> None:
    """A workbook saved with the 1904 date system: 2027/3/31 is inside the year (no V008),
    also when typed as a serial into a cell that is not date-formatted."""
    wb = filled(wf)
    wb.epoch = CALENDAR_MAC_1904
    ret = read_survey(wb)
    serial_cell = row_cells(wb, ret.kpi_rows[0].key)["as_of"]
    put(wb, serial_cell, 46477 - 1462)  # 2027/3/31 counted from 1904-01-01
    sheet, _, ref = serial_cell.rpartition("!")
    wb[sheet][ref].number_format = "General"
    path = excel_style(wf, "1904.xlsx", wb=wb)
    assert b'date1904="1"' in zipfile.ZipFile(path).read("xl/workbook.xml")
    o = outcome_of(wf, path)
    # read from 1900 the serial would be 2023/3/31: V008
    assert "V008" not in codes(o) and o.verdict == "accepted", o.findings


def test_escaped_carriage_return_is_shown_as_excel_shows_it(wf) -> None:
    wb = filled(wf)
    ret = read_survey(wb)
    done = next(row_cells(wb, r.key)["done"] for r in ret.initiative_rows
                if wb[row_cells(wb, r.key)["done"].split("!")[0]][
                    row_cells(wb, r.key)["done"].split("!")[1]].value)
    put(wb, done, "前半は計画どおり\n後半は_x000D_を含む")
    path = excel_style(wf, "改行.xlsx", lambda p: X.escaped_carriage_returns(
        p, "前半は計画どおり\n後半は_x000D_を含む"), wb=wb)
    raw = zipfile.ZipFile(path).read("xl/sharedStrings.xml").decode()
    # Excel's escapes: the CR as _x000D_, the literal "_x000D_" typed by the clerk escaped
    raw = raw.replace("後半は_x000D_を含む", "後半は_x005F_x000D_を含む")
    X.write_parts({**X.read_parts(path), "xl/sharedStrings.xml": raw.encode()}, path)
    with XlsxReader(path) as r:
        texts = [c.value for c in r.cells("取組状況") if isinstance(c.value, str)]
    assert "前半は計画どおり\r\n後半は_x000D_を含む" in texts
    assert outcome_of(wf, path).verdict == "accepted"


def test_strict_open_xml_is_asked_to_be_saved_as_xlsx(wf) -> None:
    path = excel_style(wf, "strict.xlsx", X.strict_open_xml)
    o = outcome_of(wf, path)
    assert o.verdict == "rejected" and codes(o) == ["F014"]
    [f] = o.findings
    assert "通常の Excel ブック (.xlsx) として保存し直してください" in f.action


def _style_openpyxl_rejects(parts: X.Parts) -> None:
    """A colour openpyxl refuses (it insists on 8 hex digits); Excel and our reader read on."""
    parts["xl/styles.xml"] = re.sub(rb'rgb="00FFFFFF"', b'rgb="FFFFFFFFFF"',
                                    parts["xl/styles.xml"], count=1)


def test_return_copy_when_openpyxl_cannot_load_the_file(wf) -> None:
    wb = filled(wf)
    ret = read_survey(wb)
    actual = row_cells(wb, ret.kpi_rows[0].key)["actual"]
    put(wb, actual, "約")  # an error, so the file is returned
    path = excel_style(wf, "書式.xlsx", _style_openpyxl_rejects, wb=wb)
    with pytest.raises(ValueError):
        openpyxl.load_workbook(path)
    o = outcome_of(wf, path)
    assert o.verdict == "returned" and o.return_copy is not None, o.return_copy_problem
    copy = openpyxl.load_workbook(o.return_copy)
    assert "値だけ" in copy["検証結果"]["A5"].value
    sheet, _, ref = actual.rpartition("!")
    assert copy[sheet][ref].value == "約" and copy[sheet][ref].comment is not None
    assert copy["_meta"].sheet_state == "veryHidden"


# ---------------------------------------------------------------------------- item 9
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
DDE_LINK = (b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<ddeLink ddeService="cmd" ddeTopic="/C calc"><ddeItems><ddeItem name="A0"/>'
            b"</ddeItems></ddeLink></externalLink>")


def _add_part(part: str, content_type: str, rel_type: str, data: bytes,
              source_rels: str = "xl/_rels/workbook.xml.rels", target: str | None = None):
    def edit(parts: X.Parts) -> None:
        parts[part] = data
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", f'<Override PartName="/{part}" ContentType="{content_type}"/>'
            "</Types>".encode())
        parts[source_rels] = parts[source_rels].replace(
            b"</Relationships>", f'<Relationship Id="rIdX9" Type="{rel_type}" '
            f'Target="{target or "/" + part}"/></Relationships>'.encode())
    return edit


REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MS_REL = "http://schemas.microsoft.com/office/2006/relationships/"


@pytest.mark.parametrize(("code", "edit"), [
    ("F012", _add_part(  # a DDE link stored outside xl/externalLinks/
        "xl/media/data1.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml",
        REL + "externalLink", DDE_LINK)),
    ("F015", _add_part(  # an Excel 4.0 macro sheet
        "xl/macrosheets/sheet1.xml", "application/vnd.ms-excel.macrosheet+xml",
        MS_REL + "xlMacrosheet",
        b'<xm:macrosheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>')),
    ("F016", _add_part(  # an ActiveX control on a worksheet
        "xl/activeX/activeX1.xml", "application/vnd.ms-office.activeX+xml",
        REL + "control", b'<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/'
        b'activeX" ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}"/>',
        source_rels="xl/worksheets/_rels/sheet2.xml.rels", target="../activeX/activeX1.xml")),
    ("F017", _add_part(  # an embedded OLE object, named like a picture
        "xl/media/image9.bin", "application/vnd.openxmlformats-officedocument.oleObject",
        REL + "oleObject", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
        source_rels="xl/worksheets/_rels/sheet2.xml.rels", target="../media/image9.bin")),
])
def test_hostile_parts_are_known_by_type_not_path(wf, code, edit) -> None:
    def with_sheet_rels(parts: X.Parts) -> None:
        parts.setdefault("xl/worksheets/_rels/sheet2.xml.rels", (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"></Relationships>'))

    path = excel_style(wf, f"{code}.xlsx", with_sheet_rels, edit)
    o = outcome_of(wf, path)
    assert o.verdict == "rejected" and codes(o) == [code], o.findings
    assert o.findings[0].message and o.findings[0].action


def test_input_cell_formula_is_inert_text_in_the_return_copy(wf) -> None:
    wb = filled(wf)
    ret = read_survey(wb)
    actual = row_cells(wb, ret.kpi_rows[0].key)["actual"]
    put(wb, actual, "=cmd|' /C calc'!A0")
    path = drop(wf, wb, "dde.xlsx")
    o = outcome_of(wf, path)
    assert "V013" in codes(o) and o.return_copy is not None
    sheet, _, ref = actual.rpartition("!")
    with zipfile.ZipFile(o.return_copy) as zf:
        sheets = [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any(re.search(rb"<f>[^<]*cmd\|", s) for s in sheets)  # no live formula
    cell = openpyxl.load_workbook(o.return_copy)[sheet][ref]
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s" and cell.quotePrefix


def test_comments_on_two_sheets_get_unique_vml_shape_ids(wf, tmp_path) -> None:
    wb = filled(wf)
    ret = read_survey(wb)
    kpi = row_cells(wb, ret.kpi_rows[0].key)["actual"]
    ini = row_cells(wb, ret.initiative_rows[0].key)["status"]
    put(wb, kpi, "約")
    put(wb, ini, "たぶん順調")
    path = drop(wf, wb, "二枚.xlsx")
    o = outcome_of(wf, path)
    assert {f.sheet for f in o.findings if f.cell} >= {kpi.split("!")[0], ini.split("!")[0]}
    with zipfile.ZipFile(o.return_copy) as zf:
        drawings = [zf.read(n).decode() for n in zf.namelist() if n.endswith(".vml")]
    assert len(drawings) >= 2
    ids = [i for d in drawings for i in re.findall(r'id="_x0000_s(\d+)"', d)]
    assert len(ids) == len(set(ids)), ids
    idmaps = [re.search(r'idmap[^>]*data="(\d+)"', d).group(1) for d in drawings]
    assert len(set(idmaps)) == len(idmaps)
    for d, block in zip(drawings, idmaps, strict=True):  # each block within its own 1024
        assert all(int(block) * 1024 < int(i) < (int(block) + 1) * 1024
                   for i in re.findall(r'id="_x0000_s(\d+)"', d))
    # the copy still opens and re-copies cleanly
    assert not isinstance(inspect_file(o.return_copy), list)
    write_return_copy(o.return_copy, o.findings, tmp_path / "again.xlsx")


def test_strict_workbook_part_alone_is_recognised(wf) -> None:
    """Strict is known by the workbook's own namespace too, not only by its relationships."""
    def strict_workbook(parts: X.Parts) -> None:
        for old, new in X.STRICT.items():
            parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(old, new)

    o = outcome_of(wf, excel_style(wf, "strict2.xlsx", strict_workbook))
    assert codes(o) == ["F014"]


def test_ole_object_known_by_its_default_content_type(wf) -> None:
    """An OLE object typed through a `<Default Extension>` entry, no override, odd folder."""
    def ole(parts: X.Parts) -> None:
        parts["xl/printerSettings/p1.qqq"] = b"\xd0\xcf\x11\xe0" + bytes(60)
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", b'<Default Extension="qqq" ContentType="application/vnd.'
            b'openxmlformats-officedocument.oleObject"/></Types>')

    o = outcome_of(wf, excel_style(wf, "ole.xlsx", ole))
    assert codes(o) == ["F017"]


def test_copy_falls_back_to_values_when_writing_the_full_copy_fails(wf, tmp_path,
                                                                    monkeypatch) -> None:
    import dxreport.checks.return_copy as rc

    wb = filled(wf)
    ret = read_survey(wb)
    put(wb, row_cells(wb, ret.kpi_rows[0].key)["actual"], "約")
    path = drop(wf, wb, "保存失敗.xlsx")
    found = validate(wf).files[0].findings
    real, calls = rc._saved, []

    def failing_once(book):
        calls.append(book)
        if len(calls) == 1:
            raise ValueError("openpyxl could not serialise a part")
        return real(book)

    monkeypatch.setattr(rc, "_saved", failing_once)
    copy = write_return_copy(path, found, tmp_path / "copy.xlsx")
    assert len(calls) == 2
    assert "値だけ" in openpyxl.load_workbook(copy)["検証結果"]["A5"].value
