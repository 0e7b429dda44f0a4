"""Fuzz: mutated bytes of a real survey and random cell values never crash validation, every
file gets a verdict, and `2_回収` stays byte-identical (seeded, bounded to a few seconds)."""

from __future__ import annotations

import random
import zipfile

from dxreport.checks.validate import validate
from dxreport.rules.verdicts import FILE_VERDICTS
from dxreport.survey.reader import read_survey
from tests.checks import excel_xml as X
from tests.checks.returns import drop, filled, make_populated, put, row_cells, tree_hash

JUNK = [None, "", " ", "=1/0", "='[x.xlsx]S'!A1", "約", "１２，３４５", "0.5%", "▲3", "1e309",
        "NaN", True, -0.0, 1e308, "遅れ", "=HYPERLINK(\"http://x\")", "R9.3.31",
        "2027年13月1日", "x" * 40000, 3.5, 10**30, "—", "#N/A", "完了 ",
        # issue 11: numbers as clerks type them
        "3万", "73万件", "約73万PV程度", "5割", "1.2e3", "3万5千", "3億5000万円", "1e999",
        1.7976931348623157e308, "3万12000", "5.5割", "=cmd|' /C calc'!A0"]

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
# hostile or Excel-specific parts, each declared the way Excel finds it (content type and
# relationship), stored under names that do not give it away
NEW_PARTS = [
    ("xl/media/a.xml",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml",
     REL + "externalLink", b'<externalLink xmlns="http://schemas.openxmlformats.org/'
     b'spreadsheetml/2006/main"><ddeLink ddeService="cmd" ddeTopic="/C calc"/></externalLink>'),
    ("xl/media/b.xml", "application/vnd.ms-excel.macrosheet+xml",
     "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet", b"<macrosheet/>"),
    ("xl/media/c.xml", "application/vnd.ms-office.activeX+xml", REL + "control", b"<ocx/>"),
    ("xl/media/d.bin", "application/vnd.openxmlformats-officedocument.oleObject",
     REL + "oleObject", b"\xd0\xcf\x11\xe0" + bytes(60)),
]


def _excel_variant(rng: random.Random, parts: X.Parts) -> None:
    """Shared strings with furigana, conditional formats, sometimes Strict namespaces, and
    one hostile part declared properly: what real Excel (or an attacker) writes."""
    X.shared_strings(parts, {"順調": "ジュンチョウ"}, runs_in_phonetic=rng.random() < 0.5)
    X.conditional_number_formats(parts)
    if rng.random() < 0.15:
        X.strict_open_xml(parts)
    if rng.random() < 0.4:
        part, ctype, rel, data = rng.choice(NEW_PARTS)
        parts[part] = data
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", f'<Override PartName="/{part}" ContentType="{ctype}"/></Types>'.encode())
        rels = "xl/_rels/workbook.xml.rels"
        parts[rels] = parts[rels].replace(b"</Relationships>", f'<Relationship Id="rIdZ" '
                                          f'Type="{rel}" Target="/{part}"/></Relationships>'
                                          .encode())


def test_mutated_bytes_and_random_values(tmp_path):
    rng = random.Random(20261128)
    wf = make_populated(tmp_path / "作業")
    base = drop(wf, filled(wf), "base.xlsx")
    data = base.read_bytes()
    for i in range(12):  # byte-level damage: flips, truncation, spliced garbage
        b = bytearray(data)
        for _ in range(rng.randint(1, 40)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        if i % 3 == 0:
            b = b[: rng.randrange(len(b))]
        (wf.returns / f"bytes_{i}.xlsx").write_bytes(bytes(b))
    with zipfile.ZipFile(base) as zf:  # a valid zip whose sheet XML is damaged
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[sheet] = parts[sheet][: len(parts[sheet]) // 2]
    with zipfile.ZipFile(wf.returns / "xml_cut.xlsx", "w") as zf:
        for n, d in parts.items():
            zf.writestr(n, d)
    for i in range(8):  # well-formed workbooks with random values in input and master cells
        wb = filled(wf, rng.choice(["KIKAKU-DX", "SOMU-JINJI"]))
        ret = read_survey(wb)
        for row in rng.sample(ret.kpi_rows + ret.initiative_rows, 4):
            cells = row_cells(wb, row.key)
            for fld in rng.sample(sorted(cells), 3):
                put(wb, cells[fld], rng.choice(JUNK))
        drop(wf, wb, f"values_{i}.xlsx")
    for i in range(8):  # Excel-style packages with new parts, some of them then damaged
        wb = filled(wf, rng.choice(["KIKAKU-DX", "SOMU-JINJI"]))
        ret = read_survey(wb)
        for row in rng.sample(ret.kpi_rows + ret.initiative_rows, 3):
            cells = row_cells(wb, row.key)
            put(wb, cells[rng.choice(sorted(cells))], rng.choice(JUNK))
        raw = drop(wf, wb, f"_raw_{i}.xlsx")
        parts = X.read_parts(raw)
        raw.unlink()
        _excel_variant(rng, parts)
        if i % 3 == 2:
            name = rng.choice(sorted(parts))
            b = bytearray(parts[name])
            for _ in range(rng.randint(1, 8)):
                if b:
                    b[rng.randrange(len(b))] = rng.randrange(256)
            parts[name] = bytes(b)
        X.write_parts(parts, wf.returns / f"excel_{i}.xlsx")
    before = tree_hash(wf.returns)
    run = validate(wf)
    # base + 12 damaged + 1 cut XML + 8 random values + 8 Excel-style variants
    assert len(run.files) == 30
    assert all(o.verdict in {v.value for v in FILE_VERDICTS} for o in run.files)
    assert not any(f.code == "F013" for o in run.files for f in o.findings), [
        (o.file, o.findings) for o in run.files if any(f.code == "F013" for f in o.findings)]
    assert tree_hash(wf.returns) == before
    for o in run.files:  # every returned file got its annotated copy
        if o.verdict == "returned":
            assert o.return_copy is not None, (o.file, o.return_copy_problem)
