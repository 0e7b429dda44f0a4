"""The master workbook opens cleanly in LibreOffice (the Excel alternative on the test machine)."""

from __future__ import annotations

import shutil
import subprocess

import pytest


@pytest.mark.libreoffice
def test_master_opens_in_libreoffice(master_file, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
         "--outdir", str(tmp_path), str(master_file)],
        check=True, capture_output=True, timeout=180,
    )
    sheets = sorted(tmp_path.glob("*.csv"))
    assert len(sheets) == 9  # one CSV per sheet: every sheet was readable
    first = next(p for p in sheets if "行政_KPI" in p.name).read_text(encoding="utf-8")
    assert first.splitlines()[0].startswith("ID,区分,表,事業番号")
    assert len(first.splitlines()) == 32
