"""The demo's status workbook as its readers use it: an auditor follows every figure to the
returned cell in one click."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import openpyxl
import pytest

from dxreport.cli.main import main
from tests.consolidate.trace_links import follow
from tests.sheet_rows import table_rows


@pytest.fixture(scope="module")
def status(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--no-progress", str(root / "demo")]) == 0
    (path,) = (root / "demo" / "5_集約").glob("*.xlsx")
    return path


@cache
def _book(path: Path):
    return openpyxl.load_workbook(path, read_only=False)


def test_every_kpi_value_opens_its_returned_cell_with_the_same_value(status):
    rows = table_rows(openpyxl.load_workbook(status)["KPI一覧"])
    followed = 0
    for row in rows:
        link = row["元ファイル名"]
        if not (isinstance(link, str) and link.startswith("=HYPERLINK(")):
            continue
        copy, sheet, cell, shown = follow(status, link)
        assert copy.parent.name == "3_受付" and copy.is_file(), copy
        assert shown.endswith(".xlsx") and shown != copy.name  # the name the division sent
        assert f"{sheet}!{cell}" == row["シート!セル"]
        there = _book(copy)[sheet][cell].value
        if isinstance(there, str):  # a converted value: the text the clerk typed
            assert there == row["実績値（記入どおり）"], (row["KPI ID"], there)
        else:
            assert there == row["実績値"], (row["KPI ID"], there)
        followed += 1
    assert followed >= 30


def test_every_audit_trail_row_links_to_its_cell(status):
    rows = table_rows(openpyxl.load_workbook(status)["監査証跡"])
    assert rows
    for row in rows:
        copy, sheet, cell, _shown = follow(status, row["元ファイル名"])
        assert (sheet, cell) == (row["シート"], row["セル"])
        assert copy.name.startswith(row["ファイルSHA-256"])
        assert sheet in _book(copy).sheetnames


def test_kpi_numbers_are_numbers_with_formats_that_end_in_a_digit(status):
    ws = openpyxl.load_workbook(status)["KPI一覧"]
    rows = table_rows(ws, values_only=False)
    target = next(h for h in rows[0] if str(h).endswith("目標値"))
    numeric = ("基準値", target, "実績値", "達成率(計算値)")
    for row in rows:
        for head in numeric:
            cell = row[head]
            assert cell.value is None or isinstance(cell.value, int | float), (head, cell.value)
            # Excel shows `#,##0.###` as `69.`: a format per value, no trailing period
            assert "#" not in cell.number_format.replace("#,##0", ""), cell.number_format
        if row["達成率(計算値)"].value is None:  # no rate: 状態 says why
            assert row["状態"].value in ("未提出", "評価対象外"), row["状態"].value
    integral = [r["実績値"] for r in rows if isinstance(r["実績値"].value, int | float)
                and float(r["実績値"].value).is_integer()]
    assert integral and all(c.number_format == "#,##0" for c in integral)
