"""The demo's status workbook as its readers use it: an auditor follows every figure to the
returned cell in one click. The demo then plays the next round from the first: its status
workbook carries both rounds in 推移, and its 督促 and 差し戻し mails are written."""

from __future__ import annotations

import email
import email.policy
import tomllib
from functools import cache
from pathlib import Path

import openpyxl
import pytest

from dxreport.api import Round
from dxreport.cli.main import main
from dxreport.rules.verdicts import Verdict
from tests.consolidate.trace_links import follow
from tests.sheet_rows import table_rows


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--no-progress", str(root / "demo")]) == 0
    return root / "demo"


@pytest.fixture(scope="module")
def status(demo) -> Path:
    (path,) = (demo / "R8_年度末" / "5_集約").glob("*.xlsx")
    return path


def test_the_second_round_follows_the_first_side_by_side(demo):
    assert sorted(p.name for p in demo.iterdir() if p.is_dir()) == ["R8_年度末", "R9_中間"]
    settings = tomllib.loads((demo / "R9_中間" / "設定.toml").read_text(encoding="utf-8"))
    assert settings["previous"]["folder"] == "../R8_年度末"
    assert Round.open(demo / "R9_中間").settings.fiscal_year == "R9"


def test_the_second_rounds_history_shows_both_rounds(demo):
    (path,) = (demo / "R9_中間" / "5_集約").glob("*.xlsx")
    rows = [r for r in table_rows(openpyxl.load_workbook(path)["推移"])
            if str(r["KPI ID"] or "").startswith("KPI-")]
    assert len(rows) >= 30
    for column in ("実績 R8 年度末", "評価 R8 年度末", "実績 R9 中間", "評価 R9 中間"):
        assert column in rows[0], column
    # both rounds' actuals are there, and they differ (another seed, another round)
    both = [r for r in rows if isinstance(r["実績 R8 年度末"], int | float)
            and isinstance(r["実績 R9 中間"], int | float)]
    assert len(both) >= 10
    assert any(r["実績 R8 年度末"] != r["実績 R9 中間"] for r in both)
    # the first round's own workbook has no later round
    first = table_rows(openpyxl.load_workbook(
        next((demo / "R8_年度末" / "5_集約").glob("*.xlsx")))["推移"])
    assert not any("R9 中間" in str(h) for h in first[0])


def _drafts(demo: Path, kind: str) -> dict[str, email.message.EmailMessage]:
    """The drafts of `kind` by division code (a draft is named `<課コード>_<課名>.eml`)."""
    (folder,) = (demo / "R9_中間" / "6_メール").glob(f"*_{kind}")
    assert (folder / "メール一覧.xlsx").is_file()
    return {p.stem.split("_")[0]: email.message_from_bytes(p.read_bytes(),
                                                           policy=email.policy.default)
            for p in sorted(folder.glob("*.eml"))}


def test_the_second_rounds_mails_are_written_for_the_boards_divisions(demo):
    board = Round.open(demo / "R9_中間").status()
    unanswered = {r.division_code for r in board.rows if r.verdict == Verdict.UNANSWERED}
    sent_back = {r.division_code for r in board.rows if r.verdict == Verdict.RETURNED}
    assert unanswered and sent_back
    reminders = _drafts(demo, "督促")
    assert set(reminders) == unanswered | sent_back
    returns = _drafts(demo, "差し戻し")
    assert set(returns) == sent_back
    for mail in [*reminders.values(), *returns.values()]:
        assert mail["X-Unsent"] == "1"
        assert "R9" in mail["Subject"] or "令和9" in mail["Subject"], mail["Subject"]
    for mail in returns.values():  # the return copy travels with its findings
        assert [a.get_filename() for a in mail.iter_attachments()]


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


def _texts(ws) -> list[str]:
    return [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]


def test_overview_reads_alone_for_an_executive(status):
    book = openpyxl.load_workbook(status)
    ws = book["概要"]
    texts = _texts(ws)
    joined = "\n".join(texts)
    for jargon in ("操作記録", "ledger", "sqlite", "SHA"):
        assert jargon not in joined, jargon
    # A–D among the rated KPIs sum to 100%; 未提出 and 評価対象外 are counts beside them
    kpis = table_rows(book["KPI一覧"])
    overall = {}
    for r in kpis:  # a KPI's rating: its 総合 row when it has parts
        if r["区分"] in ("全体",) or str(r["区分"]).startswith("総合"):
            overall[r["KPI ID"]] = r["評価(計算値)"]
    cells = {row[0].value: row for row in ws.iter_rows(min_col=1, max_col=3)
             if row[0].value is not None}
    bands = ["A（達成）", "B（概ね達成）", "C（進捗に遅れ）", "D（大幅な遅れ）"]
    counts = {label: cells[label][1].value for label in [*bands, "未提出", "評価対象外"]}
    assert counts == {label: sum(1 for v in overall.values() if v == label) for label in counts}
    assert sum(cells[b][2].value for b in bands) == pytest.approx(1.0)
    assert cells["評価したKPI"][1].value == sum(counts[b] for b in bands)
    assert cells["未提出"][2].value is None and cells["評価対象外"][2].value is None
    # by name: the divisions without an accepted answer, with the days to the deadline
    title = next(t for t in texts if t.startswith("受理した回答がない課"))
    n = int(title.split("（")[1].rstrip("課）"))
    facts = {row[0]: row[1] for row in ws.iter_rows(min_row=3, max_col=2, values_only=True)}
    assert n >= facts["受理済みの回答がない課"] > 0
    # dates as an executive reads them: 令和, not ISO
    assert facts["集約日時"].startswith("令和") and facts["回答期限"].startswith("令和9年"), facts
    standings = [t for t in texts if t in ("未回答", "差し戻し", "受付不可")]
    more = [t for t in texts if t.startswith("ほか") and "提出状況" in t]
    shown = min(n, 12)
    assert len(standings) >= shown and (more or n <= 12)
    assert any(t.startswith("あと") or t.startswith("期限を") or t == "本日が期限"
               for t in texts)
    worst = [k for k, v in overall.items() if v == "D（大幅な遅れ）"]
    assert all(k in texts for k in worst[:12])
    assert any(t.startswith("遅れ・未着手の取組") for t in texts)
    # one page
    assert ws.page_setup.fitToHeight == 1 and ws.sheet_properties.pageSetUpPr.fitToPage


def _overview_counts(book) -> dict[str, int]:
    return {row[0]: row[1] for row in book["概要"].iter_rows(min_col=1, max_col=2,
                                                             values_only=True)
            if isinstance(row[0], str) and isinstance(row[1], int)}


def test_by_area_follows_the_plan_with_subtotals_and_a_total_that_ticks(status):
    book = openpyxl.load_workbook(status)
    ws = book["分野別"]
    top = []
    for row in ws.iter_rows(min_row=2, values_only=True):
        if row[0] is None:
            break
        top.append(row)
    header = [c.value for c in ws[1]]
    assert header[:4] == ["分類", "項目名称", "項目数", "KPI数"]
    assert 5 <= len(top) <= 20  # 分類 × 項目: about a dozen rows, not a hundred
    total = top[-1]
    assert total[0] == "合計"
    overview = _overview_counts(book)
    assert total[3] == overview["KPI数（再掲を除く）"]
    for c, head in enumerate(header):
        if head in overview and head not in ("KPI数",):
            assert total[c] == overview[head], head
    subtotals = [r for r in top if str(r[1]).endswith("小計")]
    assert [r[0] for r in subtotals] == ["行政", "地域"]
    for sub in subtotals:  # a 小計 is the sum of its 分類's rows
        rows = [r for r in top if r[0] == sub[0] and r is not sub]
        assert sub[3] == sum(r[3] for r in rows)
    assert sum(s[3] for s in subtotals) == total[3]
    # the item table follows below, with its own header
    assert any(c.value == "名称" for row in ws.iter_rows(min_row=len(top) + 2) for c in row)


def test_by_department_has_a_total_and_a_share_chart(status):
    book = openpyxl.load_workbook(status)
    rows = table_rows(book["部局別"])
    total = rows[-1]
    assert total["担当部局"] == "合計"
    assert total["KPI数"] == sum(r["KPI数"] for r in rows[:-1])
    assert total["KPI数"] == _overview_counts(book)["KPI数（再掲を除く）"]
    (chart,) = book["部局別"]._charts
    assert chart.grouping == "percentStacked"


def test_every_table_is_a_named_list_object_with_numeric_columns(status):
    from openpyxl.utils.cell import range_boundaries

    book = openpyxl.load_workbook(status)
    seen = set()
    for ws in book.worksheets:
        for table in ws.tables.values():
            assert table.displayName not in seen
            seen.add(table.displayName)
            c0, r0, c1, _r1 = range_boundaries(table.ref)
            heads = [ws.cell(row=r0, column=c).value for c in range(c0, c1 + 1)]
            assert [c.name for c in table.tableColumns] == heads, table.displayName
            # pivot-able: a column with numbers holds numbers or blanks only
            for c in range(c0, c1 + 1):
                values = [ws.cell(row=r, column=c).value for r in range(r0 + 1, _r1 + 1)]
                if any(type(v) in (int, float) for v in values):
                    text = {v for v in values if isinstance(v, str) and v}
                    assert not text, (ws.title, ws.cell(row=r0, column=c).value, text)
    assert len(seen) >= 10


def test_review_is_a_worklist_with_empty_editable_check_columns(status):
    """要確認 is worked through as a list: 確認結果 and 確認者 are empty and unlocked (typed into
    even if a reader protects the sheet), every other column is locked."""
    from openpyxl.utils.cell import range_boundaries

    ws = openpyxl.load_workbook(status)["要確認"]
    rows = table_rows(ws)
    assert rows and all(r["確認結果"] is None and r["確認者"] is None for r in rows)
    (table,) = ws.tables.values()
    heads = [c.name for c in table.tableColumns]
    editable = {heads.index("確認結果") + 1, heads.index("確認者") + 1}
    _c0, r0, _c1, r1 = range_boundaries(table.ref)
    for r in range(r0 + 1, r1 + 1):
        for c in range(1, len(heads) + 1):
            locked = ws.cell(row=r, column=c).protection.locked
            assert locked is (c not in editable), (r, heads[c - 1])


def test_overview_counts_the_changes_since_the_previous_run(status):
    facts = {row[0]: row[1] for row in openpyxl.load_workbook(status)["概要"].iter_rows(
        min_row=3, max_col=2, values_only=True)}
    assert "前回からの変化" in facts  # — at a first consolidation, else the counts by kind
