"""The built control workbook, checked by independent readers (olefile, olevba, LibreOffice)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import olefile
import openpyxl
import pytest
from oletools.olevba import VBA_Parser

from dxreport.cli.main import main
from dxreport.errors import UserError
from dxreport.excel.xlsm_build import (
    BUTTONS,
    DEFAULT_OUT,
    INPUT_CELLS,
    MACROS_DIR,
    NEW_ROUND,
    XLWINGS_BAS,
    build,
    build_workbook_bytes,
)
from dxreport.messages import msg
from dxreport.xlsx.cfb_writer import build_compound_file
from dxreport.xlsx.ovba_compression import decompress

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

HERE = Path(__file__).parent


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _vba_bin(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("xl/vbaProject.bin")


def test_olefile_parses_the_vba_project_strictly(built):
    ole = olefile.OleFileIO(io.BytesIO(_vba_bin(built[0])), raise_defects=olefile.DEFECT_INCORRECT)
    streams = sorted("/".join(e) for e in ole.listdir())
    assert streams == [
        "PROJECT",
        "PROJECTwm",
        "VBA/DxReport",
        "VBA/Sheet1",
        "VBA/Sheet2",
        "VBA/Sheet3",
        "VBA/ThisWorkbook",
        "VBA/_VBA_PROJECT",
        "VBA/dir",
        "VBA/xlwings",
    ]
    for path in streams:
        assert len(ole.openstream(path).read()) == ole.get_size(path)
    # Source only: version 0xFFFF and no p-code, so Excel compiles from the source.
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("cc61ffff000100")
    dir_stream = decompress(ole.openstream("VBA/dir").read())
    assert dir_stream[:10] == bytes.fromhex("01000400000001000000")  # PROJECTSYSKIND Win32
    assert bytes.fromhex("030002000000a403") in dir_stream  # PROJECTCODEPAGE 932
    project = ole.openstream("PROJECT").read().decode("ascii")
    assert "Document=ThisWorkbook/&H00000000\r\n" in project
    assert "Module=DxReport\r\nModule=xlwings\r\n" in project
    assert 'CMG="' in project and "[Host Extender Info]" in project


def test_olevba_lists_every_module_with_its_exact_source(built):
    parser = VBA_Parser("dxreport.xlsm", data=built[0])
    found = {vba_filename: code for _, _, vba_filename, code in parser.extract_macros()}
    parser.close()
    expected_bas = {
        "DxReport.bas": (MACROS_DIR / "dxreport.bas").read_bytes().decode("ascii"),
        "xlwings.bas": XLWINGS_BAS.read_bytes().decode("ascii"),
    }
    assert set(found) == {
        "ThisWorkbook.cls",
        "Sheet1.cls",
        "Sheet2.cls",
        "Sheet3.cls",
        *expected_bas,
    }
    for name, source in expected_bas.items():
        assert found[name] == _crlf(source), name
    assert 'Attribute VB_Base = "0{00020819-0000-0000-C000-000000000046}"' in found[
        "ThisWorkbook.cls"
    ]
    assert "Attribute VB_PredeclaredId = True" in found["Sheet2.cls"]


def test_document_modules_match_the_workbook_code_names(built):
    with zipfile.ZipFile(io.BytesIO(built[0])) as z:
        workbook = z.read("xl/workbook.xml").decode()
        sheet_codes = [
            re.search(r'codeName="([^"]+)"', z.read(f"xl/worksheets/sheet{i}.xml").decode())[1]
            for i in (1, 2, 3)
        ]
    assert '<workbookPr codeName="ThisWorkbook"' in workbook
    modules = [m.name for m in built[1] if m.kind.value == "document"]
    assert modules == ["ThisWorkbook", *sheet_codes]


def test_macro_enabled_package_parts(built):
    with zipfile.ZipFile(io.BytesIO(built[0])) as z:
        assert z.testzip() is None
        assert z.namelist()[0] == "[Content_Types].xml"
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        vml_bytes = z.read("xl/drawings/vmlDrawing1.vml")
        vml = vml_bytes.decode("ascii")  # captions as character references: no raw UTF-8
        sheet_rels = z.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    vba_type = 'ContentType="application/vnd.ms-office.vbaProject"'
    assert f'PartName="/xl/vbaProject.bin" {vba_type}' in types
    assert "spreadsheetml.sheet.main+xml" not in types
    assert 'relationships/vbaProject" Target="vbaProject.bin"' in rels
    assert '<legacyDrawing r:id="rIdVml1"/>' in sheet and 'Id="rIdVml1"' in sheet_rels
    subs = re.findall(r"^Public Sub (\w+)\(\)", (MACROS_DIR / "dxreport.bas").read_text(), re.M)
    bound = re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml)
    assert sorted(bound) == sorted(subs) == sorted(b.macro for b in BUTTONS)
    assert vml.startswith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')
    captions = [f.text for f in ElementTree.fromstring(vml_bytes).iter("font")]
    assert captions == [msg(b.caption_key) for b in BUTTONS]
    assert "&#35519;&#26619;&#31080;&#20316;&#25104;" in vml  # 調査票作成


def test_sheets_names_and_xlwings_conf(built):
    wb = openpyxl.load_workbook(io.BytesIO(built[0]))
    assert wb.sheetnames == ["操作", "提出状況", "xlwings.conf"]
    assert wb["xlwings.conf"].sheet_state == "hidden"
    conf = {r[0]: r[1] for r in wb["xlwings.conf"].iter_rows(values_only=True)}
    assert {"Interpreter_Win", "PYTHONPATH", "UDF Modules", "Show Console"} <= set(conf)
    for name in ("作業フォルダ", "年度", "調査回", "状態", "出力ファイル"):
        ((sheet, _),) = wb.defined_names[name].destinations
        assert sheet == "操作"
    header = [c.value for c in wb["提出状況"][1]]
    assert header == [
        "部局", "課・室", "判定", "受付日時", "エラー件数", "警告件数", "回答ファイル"
    ]
    # The defaults are what the folder settings use: the 令和 label and a known round.
    assert (wb["操作"]["B4"].value, wb["操作"]["B5"].value) == ("R8", "年度末")


def test_every_input_cell_is_named_labelled_and_the_choices_are_lists(built):
    ws = openpyxl.load_workbook(io.BytesIO(built[0]))["操作"]
    wb = ws.parent
    for field in INPUT_CELLS:
        ((sheet, ref),) = wb.defined_names[msg(field.name_key)].destinations
        assert (sheet, ref) == ("操作", f"$B${field.row}")
        assert ws[f"A{field.row}"].value == msg(field.label_key)
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists == {"B5": '"年度末,中間"', "B16": '"はい,いいえ"', "B17": '"照会,督促,差し戻し"'}
    # 調査回 offers the two rounds but still takes 年度末実績, FINAL… (a suggestion list)
    (round_list,) = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref) == "B5"]
    assert not round_list.showErrorMessage
    assert (ws["B16"].value, ws["B17"].value) == ("いいえ", "照会")
    # The cells 調査票作成 writes into 設定.toml start empty: empty means the default (or
    # the previous round's value), never a stale one from last year.
    assert all(ws[f.cell].value is None for f in NEW_ROUND)
    rows = [f.row for f in INPUT_CELLS]
    assert rows == sorted(set(rows))  # one cell a row, top to bottom


def test_building_twice_gives_identical_bytes(built):
    assert build_workbook_bytes()[0] == built[0]


def test_committed_workbook_matches_its_sources(built):
    assert DEFAULT_OUT.read_bytes() == built[0], "run: dxreport excel build"


def test_cli_build_writes_the_workbook(tmp_path, capsys, built):
    out = tmp_path / "sub" / "操作.xlsm"
    assert main(["excel", "build", "--out", str(out)]) == 0
    assert out.read_bytes() == built[0]
    assert "操作ブックを作成しました" in capsys.readouterr().out
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".tmp-")]


def test_bad_macro_sources_give_japanese_errors(tmp_path, capsys):
    assert main(["excel", "build", "--out", str(tmp_path / "x.xlsm")]) == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(UserError, match="VBA ソースが見つかりません"):
        build(tmp_path / "y.xlsm", macros_dir=empty)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "m.bas").write_text('Attribute VB_Name = "M"\nSub A()\n  MsgBox "完了"\nEnd Sub\n')
    with pytest.raises(UserError, match=r"m\.bas の 3 行目に ASCII 以外"):
        build(tmp_path / "y.xlsm", macros_dir=bad)
    (bad / "m.bas").write_text("Sub A()\nEnd Sub\n")
    with pytest.raises(UserError, match="Attribute VB_Name"):
        build(tmp_path / "y.xlsm", macros_dir=bad)
    assert not (tmp_path / "y.xlsm").exists()


def test_cfb_directory_tree_is_sorted_and_red_black():
    names = [f"S{i}" for i in range(12)] + ["a", "BB", "ccc"]
    data = build_compound_file({f"VBA/{n}": n.encode() * 10 for n in names} | {"PROJECT": b"p"})
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    vba = ole.direntries[ole.root.kids_dict["vba"].sid]

    def walk(sid, blacks=0):  # in-order names and the black height of every leaf path
        if sid == olefile.NOSTREAM:
            return [], {blacks}
        e = ole.direntries[sid]
        left, lh = walk(e.sid_left, blacks + e.color)
        right, rh = walk(e.sid_right, blacks + e.color)
        return [*left, e.name, *right], lh | rh

    order, heights = walk(vba.sid_child)
    assert order == sorted(names, key=lambda n: (len(n), n.upper()))
    assert len(heights) == 1
    for n in names:
        assert ole.openstream(f"VBA/{n}").read() == n.encode() * 10


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
@pytest.mark.skipif(not Path("/usr/bin/python3").exists(), reason="no system python for UNO")
def test_libreoffice_sees_the_modules_and_button_bindings(built_path, tmp_path):
    result = subprocess.run(
        ["/usr/bin/python3", str(HERE / "lo_inspect.py"), str(built_path), str(tmp_path / "lo")],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    seen = json.loads(result.stdout)
    assert seen["sheets"] == ["操作", "提出状況", "xlwings.conf"]
    modules = seen["modules"]["VBAProject"]
    assert set(modules) == {"ThisWorkbook", "Sheet1", "Sheet2", "Sheet3", "DxReport", "xlwings"}
    assert 'RunPython "import dxreport.excel.buttons as b; b.populate()"' in modules["DxReport"]
    assert "Function GetConfig(" in modules["xlwings"]
    bindings = {
        b["label"]: [e["code"] for e in b["events"] if e["method"] == "actionPerformed"]
        for b in seen["buttons"]
    }
    assert bindings == {
        msg(b.caption_key): [
            f"vnd.sun.star.script:VBAProject.DxReport.{b.macro}?language=Basic&location=document"
        ]
        for b in BUTTONS
    }
