"""The finding lists a clerk prints (検証結果.xlsx, the list in a return copy) show every
message and instruction whole: the rows are as tall as their wrapped text, since neither Excel
nor LibreOffice fits a written row's height on opening."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from dxreport.checks.validate import validate
from dxreport.messages import msg
from tests.checks.returns import drop, filled, make_populated, put, row_cells
from tests.libreoffice import convert, needs_libreoffice

pytestmark = [pytest.mark.libreoffice, needs_libreoffice]


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext がありません")
def test_printed_findings_show_the_whole_instruction(tmp_path):
    wf = make_populated(tmp_path / "作業")
    wb = filled(wf)
    cells = row_cells(wb, "KPI-A10")
    put(wb, cells["actual"], None)  # V001 (no reason given): its instruction is two lines
    put(wb, cells["note"], None)
    drop(wf, wb, "回答.xlsx")
    run = validate(wf)
    (outcome,) = run.files
    assert "V001" in {f.code for f in outcome.findings} and outcome.return_copy is not None

    pdfs = convert([wf.root / "検証結果.xlsx", outcome.return_copy], "pdf", tmp_path / "pdf")
    action = _flat(msg("chk_V001_action"))
    assert len(action) > 50  # longer than one line of its 60-character column
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert action in _flat(text), pdf.name


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext がありません")
def test_a_return_copys_findings_print_at_8_pt_or_more_on_a4(tmp_path):
    """The findings sheet of a real return copy, printed alone through LibreOffice: A4
    landscape, no word smaller than 8 pt text at 100 % (pdftotext -bbox word boxes against a
    reference rendered the same way), and the guiding lines and item names are on the page."""
    import openpyxl

    from tests.checks.test_return_copy import returned_with_mistakes
    from tests.survey.test_print import _eight_point_box, _pages

    _wf, outcome, kpi, _ini = returned_with_mistakes(tmp_path)
    wb = openpyxl.load_workbook(outcome.return_copy)
    for ws in wb.worksheets[1:]:
        ws.sheet_state = "hidden"  # print the findings sheet only
    alone = tmp_path / "findings.xlsx"
    wb.save(alone)
    [pdf] = convert([alone], "pdf", tmp_path / "pdf")
    pages = _pages(pdf)
    eight = _eight_point_box(tmp_path)
    assert [(round(w), round(h)) for w, h, _ in pages] == [(842, 595)]  # one A4 landscape
    (_, _, words), = pages
    smallest = min(h for h, _ in words)  # measured: 8.2 pt
    assert smallest >= eight * 0.99, smallest / eight * 8
    text = _flat("".join(w for _, w in words))
    assert _flat(kpi.key) in text and "再提出期限" in text and "シートの保護の解除" in text
