"""Untrusted returns: each hostile or broken file gets its exact code, nothing escapes,
and the input bytes are never changed."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxreport.checks.filesafety import Limits, SafeWorkbook, inspect_file
from dxreport.checks.findings import Finding, verdict
from dxreport.rules.verdicts import Verdict

from .corpus import make_cfb, rewrite_zip, sha, survey_like_xlsx

MB = 1024 * 1024


def rejected(path: Path, limits: Limits | None = None) -> list[Finding]:
    """Inspect `path`, insist the bytes are unchanged and the file is rejected."""
    before = sha(path)
    mtime = path.stat().st_mtime_ns
    listing = sorted(path.parent.iterdir())
    result = inspect_file(path, limits)
    assert sha(path) == before and path.stat().st_mtime_ns == mtime
    assert sorted(path.parent.iterdir()) == listing  # nothing written beside it either
    assert isinstance(result, list), "expected findings, got a loaded workbook"
    assert verdict(result) is Verdict.REJECTED
    assert all(f.severity == "error" and f.file == path.name for f in result)
    return result


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return survey_like_xlsx(tmp_path / "回答_企画課.xlsx")


def test_good_workbook_loads_with_formulas_as_formulas(tmp_path: Path) -> None:
    path = survey_like_xlsx(tmp_path / "ok.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["調査票"]["E2"] = "=C2*2"
    wb.save(path)
    before = sha(path)
    result = inspect_file(path)
    assert isinstance(result, SafeWorkbook)
    assert result.sha256 == before == sha(path)
    assert result.size == path.stat().st_size
    assert result.workbook["調査票"]["E2"].value == "=C2*2"  # seen, never evaluated
    assert result.workbook["調査票"]["E2"].data_type == "f"


def test_text_file_renamed_xlsx_is_not_excel(tmp_path: Path) -> None:
    path = tmp_path / "回答.xlsx"
    path.write_text("実績値は120件です。\n", encoding="utf-8")
    assert codes(rejected(path)) == ["F001"]


def test_empty_file_is_not_excel(tmp_path: Path) -> None:
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    [f] = rejected(path)
    assert f.code == "F001" and "空のファイル" in f.message


def test_truncated_xlsx_is_corrupt(good: Path, tmp_path: Path) -> None:
    path = tmp_path / "途中.xlsx"
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert codes(rejected(path)) == ["F002"]


def test_real_password_encrypted_xlsx(good: Path, tmp_path: Path) -> None:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    path = tmp_path / "暗号化.xlsx"
    with open(good, "rb") as src, open(path, "wb") as out:
        ooxml.OOXMLFile(src).encrypt("pass1234", out)
    [f] = rejected(path)
    assert (f.code, f.severity) == ("F003", "error")
    assert "パスワード" in f.message and "パスワード" in f.action


def test_hand_built_encrypted_package_is_encrypted_not_xls(tmp_path: Path) -> None:
    path = tmp_path / "enc.xlsx"
    path.write_bytes(make_cfb({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"x"}))
    assert codes(rejected(path)) == ["F003"]


def test_legacy_xls(tmp_path: Path) -> None:
    path = tmp_path / "回答.xls"
    path.write_bytes(make_cfb({"Workbook": b"\x09\x08" + b"\0" * 100,
                               "\x05SummaryInformation": b"\0" * 10}))
    [f] = rejected(path)
    assert f.code == "F004" and ".xls" in f.message


def test_ole_magic_with_garbage_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "broken.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00\xff" * 300)
    assert codes(rejected(path)) == ["F002"]


def _macro_enabled(good: Path, dst: Path) -> Path:
    with zipfile.ZipFile(good) as z:
        types = z.read("[Content_Types].xml").decode()
    types = types.replace("spreadsheetml.sheet.main+xml", "x").replace(
        "application/vnd.openxmlformats-officedocument.x",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    types = types.replace("</Types>", '<Default Extension="bin" '
                          'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    return rewrite_zip(good, dst, replace={"[Content_Types].xml": types.encode()},
                       add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 fake vba"})


def test_xlsm_with_vba_project(good: Path, tmp_path: Path) -> None:
    [f] = rejected(_macro_enabled(good, tmp_path / "回答.xlsm"))
    assert f.code == "F005" and "マクロ" in f.message


def test_vba_project_hidden_in_an_xlsx_name(good: Path, tmp_path: Path) -> None:
    path = rewrite_zip(good, tmp_path / "回答.xlsx", add={"xl/vbaProject.bin": b"vba"})
    assert codes(rejected(path)) == ["F005"]


def test_macro_extension_alone(good: Path, tmp_path: Path) -> None:
    path = tmp_path / "回答.xlsm"
    path.write_bytes(good.read_bytes())
    [f] = rejected(path)
    assert f.code == "F005" and ".xlsm" in f.message


def test_oversize_file(good: Path) -> None:
    [f] = rejected(good, Limits(max_file_bytes=1000))
    assert f.code == "F006"


def test_zip_bomb_is_refused_without_inflating(good: Path, tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    rewrite_zip(good, path, add={"xl/media/image1.png": bytes(60 * MB)})
    assert path.stat().st_size < 200_000  # small on disk
    start = time.perf_counter()
    found = rejected(path)
    assert time.perf_counter() - start < 2
    assert codes(found) == ["F007", "F008"]
    assert found[1].message.startswith("ブック内の部品「xl/media/image1.png」")


def test_compression_ratio(good: Path, tmp_path: Path) -> None:
    path = rewrite_zip(good, tmp_path / "ratio.xlsx", add={"xl/media/x.bin": bytes(2 * MB)})
    [f] = rejected(path)
    assert f.code == "F009" and "xl/media/x.bin" in f.message


def test_too_many_entries(good: Path, tmp_path: Path) -> None:
    path = rewrite_zip(good, tmp_path / "many.xlsx",
                       add={f"xl/media/p{i}.bin": b"x" for i in range(2001)})
    assert codes(rejected(path)) == ["F010"]


def _lying_zip(tmp_path: Path) -> Path:
    """Central directory says 100 bytes; the deflate stream inflates to ~8 MB."""
    path = tmp_path / "lying.xlsx"
    name = "xl/worksheets/sheet1.xml"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(name, b"<a>" + b"<b/>" * 2_000_000 + b"</a>")
    data = bytearray(buf.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name)
    data[info.header_offset + 22: info.header_offset + 26] = (100).to_bytes(4, "little")
    cd = data.index(b"PK\x01\x02")
    data[cd + 24: cd + 28] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def test_lying_declared_size_is_caught_not_inflated(tmp_path: Path) -> None:
    assert codes(rejected(_lying_zip(tmp_path))) == ["F002"]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><t>&lol9;</t></si></sst>"""


def test_billion_laughs_in_shared_strings(good: Path, tmp_path: Path) -> None:
    # openpyxl writes inline strings, so wire a shared-strings part in as Excel would.
    with zipfile.ZipFile(good) as z:
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    types = types.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType='
                          '"application/vnd.openxmlformats-officedocument.spreadsheetml.'
                          'sharedStrings+xml"/></Types>')
    rels = rels.replace("</Relationships>", '<Relationship Id="rIdSST" Type="http://schemas.'
                        'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                        'Target="sharedStrings.xml"/></Relationships>')
    path = rewrite_zip(good, tmp_path / "laughs.xlsx",
                       replace={"[Content_Types].xml": types.encode(),
                                "xl/_rels/workbook.xml.rels": rels.encode()},
                       add={"xl/sharedStrings.xml": BILLION_LAUGHS})
    [f] = rejected(path)
    assert (f.code, f.severity) == ("F011", "error")
    assert "xl/sharedStrings.xml" in f.message


def test_external_entity_in_a_part(good: Path, tmp_path: Path) -> None:
    xxe = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           b"&x;</Relationships>")
    path = rewrite_zip(good, tmp_path / "xxe.xlsx", replace={"_rels/.rels": xxe})
    assert codes(rejected(path)) == ["F011"]


def test_malformed_sheet_xml_is_corrupt(good: Path, tmp_path: Path) -> None:
    path = rewrite_zip(good, tmp_path / "bad.xlsx",
                       replace={"xl/worksheets/sheet1.xml": b"<worksheet><sheetData>"})
    [f] = rejected(path)
    assert f.code == "F002" and "xl/worksheets/sheet1.xml" in f.message


def test_external_link_part(good: Path, tmp_path: Path) -> None:
    link = (b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<externalBook r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships"/></externalLink>')
    path = rewrite_zip(good, tmp_path / "links.xlsx",
                       add={"xl/externalLinks/externalLink1.xml": link})
    [f] = rejected(path)
    assert f.code == "F012" and "リンクの解除" in f.action


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "docs.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", b'<Types xmlns="http://schemas.openxmlformats.org/'
                   b'package/2006/content-types"><Override PartName="/word/document.xml" '
                   b'ContentType="application/vnd.openxmlformats-officedocument.'
                   b'wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", b"<document/>")
    assert codes(rejected(path)) == ["F001"]
    plain = tmp_path / "plain.xlsx"
    with zipfile.ZipFile(plain, "w") as z:
        z.writestr("readme.txt", "hello")
    assert codes(rejected(plain)) == ["F001"]


def test_missing_file_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    result = inspect_file(tmp_path / "nowhere.xlsx")
    assert isinstance(result, list) and codes(result) == ["F002"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_bytes_never_escape(tmp_path: Path, data: st.DataObject) -> None:
    base = tmp_path / "base.xlsx"
    if not base.exists():
        survey_like_xlsx(base)
    raw = bytearray(base.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    path = tmp_path / "mutant.xlsx"
    path.write_bytes(bytes(raw))
    before = sha(path)
    result = inspect_file(path)
    assert sha(path) == before
    if isinstance(result, list):
        assert result and all(f.code.startswith("F") for f in result)
    else:
        assert isinstance(result, SafeWorkbook)


def test_every_sheet_is_read_inside_the_guard(tmp_path: Path) -> None:
    # a sheet no check reads (the instructions) that cannot be read is still F002 in the
    # snapshot validation takes, never an exception later (e.g. in the return copy)
    wb = openpyxl.Workbook()
    wb.active.title = "KPI実績"
    wb.create_sheet("記入要領")["A1"] = "記入の仕方"
    src = tmp_path / "src.xlsx"
    wb.save(src)
    broken = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<sheetData><row r="1"><c r="A1" t="s"><v>999</v></c></row></sheetData>'
              b'</worksheet>')
    path = rewrite_zip(src, tmp_path / "回答.xlsx", replace={"xl/worksheets/sheet2.xml": broken})
    before = sha(path)
    result = inspect_file(path, read_only=True)
    assert isinstance(result, list) and codes(result) == ["F002"]
    assert sha(path) == before


def test_entity_in_a_sheet_part_not_named_xml(good: Path, tmp_path: Path) -> None:
    # the pre-scan reads parts named .xml/.rels; a sheet stored under another name is still
    # parsed with the same guards when the workbook is read: F011, never expanded
    with zipfile.ZipFile(good) as z:
        rels = z.read("xl/_rels/workbook.xml.rels").replace(b"sheet1.xml", b"sheet1.dat")
        types = z.read("[Content_Types].xml").replace(b"sheet1.xml", b"sheet1.dat")
    bomb = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row>'
            b'</sheetData></worksheet>')
    path = rewrite_zip(good, tmp_path / "回答.xlsx", drop={"xl/worksheets/sheet1.xml"},
                       replace={"xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": types},
                       add={"xl/worksheets/sheet1.dat": bomb})
    result = inspect_file(path, read_only=True)
    assert isinstance(result, list) and codes(result) == ["F011"]
    assert "xl/worksheets/sheet1.dat" in result[0].message
