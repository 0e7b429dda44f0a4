"""LibreOffice opens the status workbook, recalculates every 達成率 and 評価 formula, and gets
Python's values; formula-like comments stay text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from dxreport.consolidate.inputs import KpiActual
from dxreport.consolidate.summary import summarise
from dxreport.consolidate.workbook import write_status_workbook
from dxreport.rules.rating import RatingSettings
from tests.sheet_rows import header, header_row, table_rows

from .conftest import make_input, trace

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed"),
]


def recalculated_copy(src: Path, out_dir: Path) -> Path:
    """Round-trip through headless LibreOffice, which computes formulas lacking cached values."""
    profile = out_dir / "lo-profile"
    out_dir.mkdir(exist_ok=True)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out_dir / "lo"),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out_dir / "lo" / src.name


def test_libreoffice_recalculation_equals_python(tmp_path):
    # Every rate kind, including the 小/中 parts (overall = MIN formula) and a 100.0% boundary.
    actuals = [a for a in make_input().kpi_actuals if a.kpi_id != "KPI-TH"]
    actuals += [
        KpiActual(kpi_id="KPI-TH", value=3.999, trace=trace("SOMU-JINJI", "H5")),
        KpiActual(kpi_id="KPI-SM", part="小", value=96, trace=trace("KYOIKU-GIMU", "H5")),
        KpiActual(kpi_id="KPI-SM", part="中", value=94, trace=trace("KYOIKU-GIMU", "H6")),
    ]
    inp = make_input(kpi_actuals=actuals)
    settings = RatingSettings()
    src = tmp_path / "status.xlsx"
    write_status_workbook(inp, settings, src)
    summary = summarise(inp, settings)
    expected: dict[tuple[str, str], tuple[float | None, str]] = {}
    for kpi_id, ev in summary.evaluations.items():
        if ev.parts:
            for p in ev.parts:
                expected[(kpi_id, p.part or "")] = (p.rate, p.rating_label)
            expected[(kpi_id, "総合（小・中）")] = (ev.overall.rate, ev.overall.rating_label)
        else:
            expected[(kpi_id, "全体")] = (ev.overall.rate, ev.overall.rating_label)

    lo = openpyxl.load_workbook(recalculated_copy(src, tmp_path), data_only=True)
    ws = lo["KPI一覧"]
    seen = 0
    for r in table_rows(ws):
        rate, label = expected[(r["KPI ID"], r["区分"])]
        assert r["評価"] == label == r["評価(計算値)"], r
        if rate is None:
            assert r["達成率"] is None  # blank: a pivot still sums the column
        else:
            assert isinstance(r["達成率"], int | float), r
            assert r["達成率"] == pytest.approx(rate, rel=1e-12, abs=1e-15)
            seen += 1
    assert seen >= 7
    # the trace links compute to the file name the division sent
    names = [r["元ファイル名"] for r in table_rows(ws) if r["元ファイル名"] not in (None, "—")]
    assert names and all(n.endswith(".xlsx") and not n.startswith("=") for n in names)

    ini = lo["取組一覧"]
    texts = table_rows(ini)
    a1 = next(t for t in texts if t["取組ID"] == "A1-001")
    assert a1["課題"] == '=HYPERLINK("http://x","y")'
    assert a1["今後の対応"] == "+cmd|' /C calc'!A0"
    reloaded = openpyxl.load_workbook(tmp_path / "lo" / src.name)
    sheet = reloaded["取組一覧"]
    cell = sheet.cell(row=header_row(sheet) + 1 + texts.index(a1),
                      column=header(sheet).index("課題") + 1)
    assert cell.data_type == "s"
