"""Fuzz: mutated bytes of a real survey and random cell values never crash validation, every
file gets a verdict, and `2_回収` stays byte-identical (seeded, bounded to a few seconds)."""

from __future__ import annotations

import random
import zipfile

from dxreport.checks.validate import validate
from dxreport.rules.verdicts import FILE_VERDICTS
from dxreport.survey.reader import read_survey
from tests.checks.returns import drop, filled, make_populated, put, row_cells, tree_hash

JUNK = [None, "", " ", "=1/0", "='[x.xlsx]S'!A1", "約", "１２，３４５", "0.5%", "▲3", "1e309",
        "NaN", True, -0.0, 1e308, "遅れ", "=HYPERLINK(\"http://x\")", "R9.3.31",
        "2027年13月1日", "x" * 40000, 3.5, 10**30, "—", "#N/A", "完了 "]


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
    before = tree_hash(wf.returns)
    run = validate(wf)
    assert len(run.files) == 22  # base + 12 damaged + 1 cut XML + 8 random values
    assert all(o.verdict in {v.value for v in FILE_VERDICTS} for o in run.files)
    assert not any(f.code == "F013" for o in run.files for f in o.findings), [
        (o.file, o.findings) for o in run.files if any(f.code == "F013" for f in o.findings)]
    assert tree_hash(wf.returns) == before
