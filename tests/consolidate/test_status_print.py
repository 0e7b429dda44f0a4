"""The demo's status workbook (and its 検証結果.xlsx) as an auditor prints them: rendered to
PDF by LibreOffice and measured. Every page names the plan, the sheet and the 集約日時 (令和)
and counts "n / N"; wide sheets go to A3; the body text prints at 7 pt or more; trace hashes
stay off the paper."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook

from dxreport.cli.main import main
from dxreport.xlsx.sheet_table import Column, finish_sheet, write_table
from tests.libreoffice import convert, needs_libreoffice

pytestmark = [
    pytest.mark.libreoffice,
    needs_libreoffice,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext がありません"),
]

BODY_POINTS = 10  # the tables' body font
MIN_PRINTED_POINTS = 7.0
A3_LANDSCAPE = (1190.55, 841.89)
A4_LANDSCAPE = (841.89, 595.30)
WIDE_SHEETS = {"概要", "KPI一覧", "推移", "取組一覧", "部局別", "分野別", "提出状況", "要確認",
               "監査証跡"}
CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


@dataclass
class Page:
    width: float
    height: float
    words: list[tuple[float, float, float, float, str]]

    def band(self, top: float, bottom: float) -> list[str]:
        return [w[4] for w in self.words if w[1] >= top and w[3] <= bottom]

    @property
    def header(self) -> str:
        return " ".join(self.band(0, 40))

    @property
    def footer(self) -> str:
        return " ".join(self.band(self.height - 35, self.height))

    def body_heights(self) -> list[float]:
        """Heights of the words in the body (between the running header and footer) that
        hold Japanese text: one font, so one ratio of box height to point size."""
        return [w[3] - w[1] for w in self.words
                if w[1] > 45 and w[3] < self.height - 35 and CJK.search(w[4])]


def pages_of(pdf: Path) -> list[Page]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    out = []
    for w, h, body in PAGE.findall(html):
        words = [(float(a), float(b), float(c), float(d), t)
                 for a, b, c, d, t in WORD.findall(body)]
        out.append(Page(float(w), float(h), words))
    return out


def reference_workbook(path: Path) -> Path:
    """One narrow table, printed at 100 %: the box height of 10 pt Japanese text."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    rows = [["総務部行政経営課", "デジタル変革課"] for _ in range(20)]
    _, last = write_table(ws, [Column("部局", 20), Column("担当課", 20)], rows)
    finish_sheet(ws, header_row=1, last_row=last, n_cols=2)
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[list[Page], list[Page], float]:
    """(status workbook pages, 検証結果.xlsx pages, box height of 10 pt text at 100 %)."""
    root = tmp_path_factory.mktemp("print")
    assert main(["demo", "--no-progress", str(root / "demo")]) == 0
    first = root / "demo" / "R8_年度末"  # the demo's first round
    (status,) = (first / "5_集約").glob("*.xlsx")
    ref = reference_workbook(root / "reference.xlsx")
    status_pdf, findings_pdf, ref_pdf = convert(
        [status, first / "検証結果.xlsx", ref], "pdf", root / "pdf")
    reference = statistics.median(h for p in pages_of(ref_pdf) for h in p.body_heights())
    return pages_of(status_pdf), pages_of(findings_pdf), reference


@pytest.fixture(scope="module")
def printed(rendered) -> tuple[list[Page], float]:
    return rendered[0], rendered[2]


def by_sheet(pages: list[Page]) -> dict[str, list[Page]]:
    sheets = ["概要", "KPI一覧", "推移", "推移グラフ", "取組一覧", "部局別", "分野別", "提出状況",
              "要確認", "前回比較", "計算方法", "監査証跡"]
    out: dict[str, list[Page]] = {}
    for page in pages:
        words = page.band(0, 40)
        (name,) = [s for s in sheets if s in words]
        out.setdefault(name, []).append(page)
    return out


def test_every_page_has_title_sheet_time_and_page_n_of_n(printed):
    pages, _ = printed
    total = len(pages)
    for n, page in enumerate(pages, start=1):
        assert "全庁DX進捗状況" in page.header, n
        assert re.search(r"集約日時 令和\d+年\d+月\d+日 \d+:\d\d", page.header), page.header
        assert f"{n} / {total}" in page.footer, (n, page.footer)
        assert ".xlsx" in page.footer  # the file's name
    assert set(by_sheet(pages)) == {"概要", "KPI一覧", "推移", "推移グラフ", "取組一覧", "部局別",
                                    "分野別", "提出状況", "要確認", "前回比較", "計算方法",
                                    "監査証跡"}


def test_body_text_prints_at_seven_points_or_more(printed):
    pages, reference = printed
    sizes = {}
    for name, sheet_pages in by_sheet(pages).items():
        heights = [h for p in sheet_pages for h in p.body_heights()]
        sizes[name] = BODY_POINTS * statistics.median(heights) / reference
        size = (sheet_pages[0].width, sheet_pages[0].height)
        expected = A3_LANDSCAPE if name in WIDE_SHEETS else A4_LANDSCAPE
        assert size == pytest.approx(expected, abs=1), name
    print({name: round(pt, 2) for name, pt in sizes.items()})
    small = {name: round(pt, 1) for name, pt in sizes.items() if pt < MIN_PRINTED_POINTS}
    assert not small, sizes


def test_no_hash_on_paper_and_no_row_wrapped_by_one(printed):
    """The full SHA-256 lives in the columns after the print area (on screen, filterable)."""
    pages, _ = printed
    sheets = by_sheet(pages)
    for name in ("提出状況", "監査証跡", "KPI一覧", "取組一覧"):
        text = " ".join(w[4] for p in sheets[name] for w in p.words)
        assert not re.search(r"\b[0-9a-f]{12,}\b", text), name
    assert len(sheets["提出状況"]) <= 3  # 68 divisions, one line each


def test_findings_list_prints_with_title_and_pages_at_seven_points(rendered):
    _, pages, reference = rendered
    total = len(pages)
    heights = [h for p in pages for h in p.body_heights()]
    assert BODY_POINTS * statistics.median(heights) / reference >= MIN_PRINTED_POINTS
    for n, page in enumerate(pages, start=1):
        assert "検証結果" in page.header and "検証日時 令和" in page.header, page.header
        assert f"{n} / {total}" in page.footer, (n, page.footer)
    text = " ".join(w[4] for w in pages[0].words)
    assert "要対応" in text
