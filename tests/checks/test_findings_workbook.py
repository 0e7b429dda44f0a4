"""検証結果.xlsx as the DX division opens it."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl

from dxreport.checks.findings import CATALOGUE, Finding, finding
from dxreport.checks.findings_workbook import (
    LINK_LIMIT,
    FileResult,
    copy_link,
    relative_link,
    write_findings_workbook,
)
from dxreport.rules.verdicts import Verdict
from dxreport.xlsx import palette
from dxreport.xlsx.sheet_table import FONT_NAME


def _f(code: str, sheet: str | None = None, cell: str | None = None) -> Finding:
    return finding(code, sheet=sheet, cell=cell, **{k: "x" for k in CATALOGUE[code].fields})


def _results(tmp_path: Path) -> list[FileResult]:
    copy = tmp_path / "4_差し戻し" / "企画課 回答.xlsx"
    return [
        FileResult.of("企画課 回答.xlsx", [_f("V002", "調査票", "E5"), _f("V003", "調査票", "E6")],
                      division="企画調整課", sha256="ab" * 32, return_copy=copy),
        FileResult.of("=HYPERLINK(\"http://evil\").xlsx", [_f("F003")], division=None),
        FileResult.of("統計課.xlsx", [], division="統計課"),
    ]


def test_rows_summary_and_layout(tmp_path: Path) -> None:
    target = tmp_path / "検証結果.xlsx"
    write_findings_workbook(target, _results(tmp_path), year="R8", round_name="年度末実績",
                            run_at=dt.datetime(2027, 4, 12, 9, 5, tzinfo=dt.UTC))
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["受付状況", "指摘一覧"]
    detail = wb["指摘一覧"]
    rows = [[c.value for c in r] for r in detail.iter_rows()]
    # row 1: the title line (year, round, when validation ran); row 2: the header
    assert rows[0][0] == "検証結果 R8 年度末実績　検証日時 令和9年4月12日 9:05"
    assert rows[1] == ["ファイル名", "担当課", "ID", "指標名・事業名", "列", "シート!セル",
                       "コード", "重大度", "内容", "対応方法"]
    # findings made here have no survey row (subject): ID, name and column stay blank
    assert [r[:2] + r[5:8] for r in rows[2:]] == [
        ["企画課 回答.xlsx", "企画調整課", "調査票!E5", "V002", "エラー"],
        ["企画課 回答.xlsx", "企画調整課", "調査票!E6", "V003", "警告"],
        ['=HYPERLINK("http://evil").xlsx', None, "（ファイル全体）", "F003", "エラー"],
    ]
    assert detail.freeze_panes == "A3" and detail.auto_filter.ref == "A2:J5"
    assert detail.page_setup.orientation == "landscape"
    assert detail["I3"].alignment.wrap_text
    # error: the palette's error red with white text (not the survey's 入力チェック pink)
    assert detail["H3"].fill.fgColor.rgb.endswith(palette.ERROR_FILL)
    assert detail["H3"].font.color.rgb.endswith(palette.ERROR_TEXT)
    assert detail["H4"].fill.fgColor.rgb.endswith(palette.WARNING_FILL)  # warning: yellow
    assert detail["I3"].font.name == FONT_NAME  # the status workbook's font
    link = detail["F3"].hyperlink
    assert link.location == "'調査票'!E5"
    assert link.target.startswith("4_") and link.target.endswith(".xlsx")  # relative, encoded
    assert "%20" in link.target  # the space in the file name
    assert detail["F5"].hyperlink is None  # whole-file finding: nowhere to jump
    for ws in wb.worksheets:  # every printed page: title, sheet, time, page n / N
        assert ws.oddHeader.left.text == "検証結果 R8 年度末実績"
        assert ws.oddHeader.right.text == "検証日時 令和9年4月12日 9:05"
        assert ws.oddFooter.center.text == "&P / &N"

    summary = wb["受付状況"]
    srows = [[c.value for c in r][:6] for r in summary.iter_rows(min_row=2)]
    assert srows == [
        ["担当課", "ファイル名", "判定", "エラー件数", "警告件数", "要対応"],
        ["企画調整課", "企画課 回答.xlsx", "差し戻し", 1, 1, "要対応"],
        [None, '=HYPERLINK("http://evil").xlsx', "受付不可", 1, 0, "要対応"],
        ["統計課", "統計課.xlsx", "受理", 0, 0, None],
    ]
    assert [c.value for c in summary[2]][5:] == ["要対応", "部局", "受付日時", "ファイルの保存日時",
                                                 "回答者", "SHA-256"]
    assert summary.freeze_panes == "A3" and summary.auto_filter.ref == "A2:K5"
    assert summary.print_area is not None and "$J$" in summary.print_area  # SHA-256 off paper
    assert summary["D3"].alignment.vertical == "top"  # numbers level with their row's text
    # a hostile file name stays text: no formula anywhere in the workbook
    with zipfile.ZipFile(target) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets"))
    assert summary["B4"].data_type == "s"


def test_files_needing_action_come_first(tmp_path: Path) -> None:
    """要対応 sorts to the top; a return replaced by a newer accepted one is done, a
    duplicate is marked as such."""
    results = [
        FileResult.of("統計課.xlsx", [], division="統計課"),
        FileResult.of("旧版.xlsx", [_f("V002", "調査票", "E5")], division="企画調整課",
                      superseded=True),
        FileResult.of("同じ.xlsx", [], division="統計課", duplicate=True),
        FileResult.of("差し戻し.xlsx", [_f("V002", "調査票", "E5")], division="人事課"),
    ]
    target = write_findings_workbook(tmp_path / "検証結果.xlsx", results)
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(target)["受付状況"]
            .iter_rows(min_row=3)]
    assert [(r[1], r[5]) for r in rows] == [
        ("差し戻し.xlsx", "要対応"),
        ("統計課.xlsx", None),
        ("旧版.xlsx", "対応済み（新しい回答を受理）"),
        ("同じ.xlsx", "重複"),
    ]


def test_verdict_is_derived_when_built_with_of(tmp_path: Path) -> None:
    r = _results(tmp_path)
    assert [x.verdict for x in r] == [Verdict.RETURNED, Verdict.REJECTED, Verdict.ACCEPTED]


def test_empty_run_still_writes_headers(tmp_path: Path) -> None:
    target = write_findings_workbook(tmp_path / "out" / "検証結果.xlsx", [])
    wb = openpyxl.load_workbook(target)
    assert wb["指摘一覧"].max_row == 2  # the title line and the header
    assert not list((tmp_path / "out").glob(".tmp-*"))  # atomic: no temp file left behind


def test_copy_links_are_relative_in_the_shortest_form_up_to_excels_limit(tmp_path: Path) -> None:
    folder = tmp_path / "4_差し戻し"
    # only what a URI path cannot hold is encoded: the space and the Japanese, not "(" or "&"
    assert relative_link(folder / "A&B (2).xlsx", tmp_path) == "4_%E5%B7%AE%E3%81%97%E6%88%BB" \
        "%E3%81%97/A&B%20(2).xlsx"
    prefix = len(relative_link(folder / "x", tmp_path)) - 1
    fits = folder / ("a" * (LINK_LIMIT - prefix - 5) + ".xlsx")
    assert len(relative_link(fits, tmp_path)) == LINK_LIMIT
    assert copy_link(fits, tmp_path) == relative_link(fits, tmp_path)
    assert copy_link(fits.with_name("b" + fits.name), tmp_path) is None  # 256: Excel refuses
