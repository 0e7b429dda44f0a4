"""The printed survey is readable without a magnifier: a large survey (デジタル変革課, the real
plan) rendered to PDF by LibreOffice has no word smaller than 8 pt text printed at 100 %,
measured on `pdftotext -bbox` word boxes against a reference sheet rendered the same way; each
page carries the division, the survey ID and its page number."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from dxreport.api import Round
from dxreport.survey.populate import populate
from dxreport.survey.template_build import FONT
from tests.libreoffice import convert, needs_libreoffice

pytestmark = [pytest.mark.libreoffice, needs_libreoffice,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")]

WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<')


def _pages(pdf: Path) -> list[tuple[float, float, list[tuple[float, str]]]]:
    """(width, height, [(word box height, word)]) per page, in points."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        w, h = (float(x) for x in re.search(r'width="([\d.]+)" height="([\d.]+)"',
                                             page).groups())
        words = [(float(y1) - float(y0), text) for y0, y1, text in WORD.findall(page)]
        pages.append((w, h, words))
    return pages


def _eight_point_box(tmp_path: Path) -> float:
    """The word-box height of 8 pt text printed at 100 % (same renderer, same fonts)."""
    wb = Workbook()
    cell = wb.active.cell(1, 1, "計画内容")
    cell.font = Font(name=FONT, size=8)
    wb.save(tmp_path / "ref.xlsx")
    [pdf] = convert([tmp_path / "ref.xlsx"], "pdf", tmp_path / "ref")
    [(_, _, [(height, _)])] = _pages(pdf)
    return height


@pytest.mark.parametrize("following", [False, True], ids=["first round", "next round"])
def test_a_large_survey_prints_at_8_pt_or_more_with_header_and_footer(tmp_path, following):
    """A round that follows another has a 前回 column more on each table: still legible."""
    first = Round.create(tmp_path / "作業", round="中間" if following else None)
    wf = (Round.create(tmp_path / "次", previous=first.root) if following else first).folder
    path = populate(wf, ["KIKAKU-DX"]).paths[0]
    [pdf] = convert([path], "pdf", tmp_path / "pdf")
    pages = _pages(pdf)
    eight = _eight_point_box(tmp_path)
    a4_portrait, a3_landscape = (595, 842), (1191, 842)
    sizes = [(round(w), round(h)) for w, h, _ in pages]
    # as 記入要領 says: itself on A4 portrait (two pages: what to send and who answered, then
    # how to fill in), the tables on A3 landscape
    assert sizes[:2] == [a4_portrait] * 2 and set(sizes[2:]) == {a3_landscape}
    for n, (_, _, words) in enumerate(pages, start=1):
        smallest = min(h for h, _ in words)
        assert smallest >= eight * 0.99, (n, smallest / eight * 8)
        text = " ".join(w for _, w in words)
        # header: the division and the sheet; footer: the survey ID and "page / pages"
        assert "デジタル変革課" in text and "R8-FINAL-KIKAKU-DX" in text, n
        if following and n > 1:
            assert "前回" in text, n  # the 前回 column is printed
        assert re.search(r"\d+ / \d+ ページ", text), n



def test_a_long_answer_grows_its_row(tmp_path):
    """Rows keep an automatic height: a 300-character 実施内容・実績 typed in Calc (sheet still
    protected: the cell is an input) makes the row taller instead of hiding the text; the plan
    text's height is where the row starts."""
    from openpyxl import load_workbook

    from dxreport.survey import layout as L
    from tests.libreoffice import LibreOffice

    wf = Round.create(tmp_path / "作業").folder
    path = populate(wf, ["KIKAKU-DX"]).paths[0]
    ws = load_workbook(path)[L.SHEET_INITIATIVE]
    done = next(c.column_letter for c in ws[4] if c.value == "実施内容・実績")
    written = ws.row_dimensions[5].height
    answer = "庁内の申請手続のオンライン化を進め、利用者アンケートを実施した。" * 10
    assert len(answer) >= 300
    measure = {"op": "row_height", "sheet": L.SHEET_INITIATIVE, "row": 5}
    key = f"{L.SHEET_INITIATIVE}!row5"
    with LibreOffice() as office:
        untouched, typed = office.run([
            {"open": str(path), "ops": [measure]},
            {"open": str(path), "ops": [
                {"op": "set_text", "sheet": L.SHEET_INITIATIVE, "cell": f"{done}5",
                 "value": answer}, measure]},
        ])
    before, after = untouched["get"][key], typed["get"][key]
    assert before >= written * 2540 / 72 * 0.9  # opened at the plan text's height (1/100 mm)
    assert after > before * 1.5, (before, after)
