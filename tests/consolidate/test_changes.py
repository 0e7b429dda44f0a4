"""The one comparison with the previous consolidation (`consolidate/changes.py`), and the two
sheets that show it: 要確認 (K03 rows) and 前回比較 list exactly the same changes."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from dxreport.api import Round
from dxreport.consolidate.changes import (
    Change,
    ChangeKind,
    Subject,
    changes_since,
    comparison,
    is_change,
)
from dxreport.consolidate.inputs import (
    ConsolidationInput,
    InitiativeReport,
    KpiActual,
    PreviousConsolidation,
    PreviousDivision,
    PreviousKpiValue,
    PreviousStatus,
)
from dxreport.consolidate.workbook import write_status_workbook
from dxreport.rules.rating import RatingSettings
from tests.checks.returns import clone, drop, filled, make_populated, put, row_cells
from tests.sheet_rows import table_rows

from .conftest import AT, SHA, make_input, trace

K, S, D = Subject.KPI, Subject.STATUS, Subject.DIVISION
CHANGED, NEW, GONE, MISSING = (ChangeKind.CHANGED, ChangeKind.NEW, ChangeKind.GONE,
                               ChangeKind.MISSING)


def diffs(inp: ConsolidationInput, previous: PreviousConsolidation) -> list[Change]:
    """The differences only (what K03 lists): the comparison without its still-missing entries."""
    return [c for c in changes_since(inp, previous) if is_change(c)]


def snapshot_of(inp: ConsolidationInput, *, divisions: bool = True) -> PreviousConsolidation:
    """What `inp` would leave for the next run (as consolidate/run.py's `snapshot` does)."""
    return PreviousConsolidation(
        file_name="全庁DX進捗状況_R8_第1回_001.xlsx",
        consolidated_at=AT,
        kpi_values=[
            PreviousKpiValue(kpi_id=a.kpi_id, part=a.part, value=a.value, sha256=a.trace.sha256)
            for a in inp.kpi_actuals
        ],
        statuses=[
            PreviousStatus(initiative_id=r.initiative_id, status=r.status,
                           sha256=r.status_trace.sha256 if r.status_trace else None)
            for r in inp.initiative_reports
        ],
        divisions=[
            PreviousDivision(division_code=s.division_code, sha256=s.sha256,
                             file_name=s.file_name)
            for s in inp.submissions
        ] if divisions else None,
    )


def with_actual(inp: ConsolidationInput, kpi_id: str, value: float | None,
                part: str | None = None) -> ConsolidationInput:
    division = inp.plan.kpi(kpi_id).division_code
    kept = [a for a in inp.kpi_actuals if (a.kpi_id, a.part) != (kpi_id, part)]
    new = KpiActual(kpi_id=kpi_id, part=part, value=value, trace=trace(division, "H9"))
    return inp.model_copy(update={"kpi_actuals": [*kept, new]})


def with_status(inp: ConsolidationInput, initiative_id: str,
                status: str | None) -> ConsolidationInput:
    division = inp.plan.initiative(initiative_id).division_code
    kept = [r for r in inp.initiative_reports if r.initiative_id != initiative_id]
    new = InitiativeReport(initiative_id=initiative_id, status=status,
                           status_trace=trace(division, "J9") if status else None)
    return inp.model_copy(update={"initiative_reports": [*kept, new]})


def without_division(inp: ConsolidationInput, code: str) -> ConsolidationInput:
    """`inp` as if `code`'s return were not counted: none of its values, no submission."""
    plan = inp.plan
    return inp.model_copy(update={
        "submissions": [s for s in inp.submissions if s.division_code != code],
        "kpi_actuals": [a for a in inp.kpi_actuals if plan.kpi(a.kpi_id).division_code != code],
        "initiative_reports": [r for r in inp.initiative_reports
                               if plan.initiative(r.initiative_id).division_code != code],
    })


# ------------------------------------------------------------------ the comparison
def test_first_consolidation_has_nothing_to_compare():
    assert comparison(make_input()) is None


def test_same_values_are_no_change_even_from_another_file():
    inp = make_input()
    prev = snapshot_of(inp)
    assert diffs(inp, prev) == []
    # a resubmitted file with the same values: its values did not change
    other = prev.model_copy(update={
        "kpi_values": [v.model_copy(update={"sha256": "f" * 64}) for v in prev.kpi_values],
        "divisions": [d.model_copy(update={"sha256": "f" * 64, "file_name": "旧版.xlsx"})
                      for d in prev.divisions or []],
    })
    assert diffs(inp, other) == []


def test_kpi_actual_changed_new_and_gone():
    before = make_input()
    before = with_actual(before, "KPI-DOWN", None)  # left blank last time
    now = with_actual(make_input(), "KPI-PCT", 56.2)
    now = with_actual(now, "KPI-NOTGT", None)  # blanked this time
    assert diffs(now, snapshot_of(before)) == [
        Change(K, NEW, "KPI-DOWN", None, None, 75000.0),
        Change(K, CHANGED, "KPI-PCT", None, 55.1, 56.2),
        Change(K, GONE, "KPI-NOTGT", None, 22.0, None),
    ]


def test_a_kpi_missing_from_the_snapshot_is_new_and_blank_both_times_is_still_missing():
    before = make_input()
    # KPI-SM (小/中): not in the snapshot at all; now 小 answered, 中 left blank
    now = with_actual(with_actual(before, "KPI-SM", 96, "小"), "KPI-SM", None, "中")
    assert diffs(now, snapshot_of(before)) == [Change(K, NEW, "KPI-SM", "小", None, 96.0)]
    # 中 had no value either time: listed as still missing, not as a change
    sm = [c for c in changes_since(now, snapshot_of(before)) if c.key == "KPI-SM"]
    assert sm == [Change(K, NEW, "KPI-SM", "小", None, 96.0),
                  Change(K, MISSING, "KPI-SM", "中", None, None)]


def test_status_changed_new_and_gone():
    before = with_status(make_input(), "A1-005", None)
    now = with_status(make_input(), "A1-001", "遅れ")
    now = with_status(now, "A2-001", None)
    assert diffs(now, snapshot_of(before)) == [
        Change(S, CHANGED, "A1-001", None, "順調", "遅れ"),
        Change(S, NEW, "A1-005", None, None, "概ね順調"),
        Change(S, GONE, "A2-001", None, "完了", None),
    ]


def test_division_newly_counted_and_no_longer_counted():
    full = make_input()
    before = without_division(full, "SOMU-JINJI")
    now = without_division(full, "SOMU-GYOKEI")
    got = diffs(now, snapshot_of(before))
    # order: KPIs, statuses, divisions, each in plan order
    assert got == [
        Change(K, GONE, "KPI-UP", None, 66.0, None),
        Change(K, GONE, "KPI-DOWN", None, 75000.0, None),
        Change(K, NEW, "KPI-TH", None, None, 3.8),
        Change(S, GONE, "A1-001", None, "順調", None),
        Change(S, NEW, "A1-003", None, None, "遅れ"),
        Change(D, GONE, "SOMU-GYOKEI", None, "調査票_SOMU-GYOKEI.xlsx", None),
        Change(D, NEW, "SOMU-JINJI", None, None, "調査票_SOMU-JINJI.xlsx"),
    ]
    # a snapshot from before divisions were recorded: values only
    old_style = diffs(now, snapshot_of(before, divisions=False))
    assert old_style == [c for c in got if c.subject is not D]


def test_ids_the_plan_no_longer_has_are_not_compared():
    inp = make_input()
    prev = snapshot_of(inp)
    prev = prev.model_copy(update={
        "kpi_values": [*prev.kpi_values, PreviousKpiValue(kpi_id="KPI-OLD", value=1.0)],
        "statuses": [*prev.statuses, PreviousStatus(initiative_id="Z9-999", status="完了")],
        "divisions": [*(prev.divisions or []),
                      PreviousDivision(division_code="OLD-DIV", sha256=SHA["SOMU-JINJI"],
                                       file_name="x.xlsx")],
    })
    assert diffs(inp, prev) == []


# ------------------------------------------------------------------ both sheets, one list
def table(ws) -> list[dict]:
    return table_rows(ws)


def listed_changes(path: Path) -> list[tuple[str, str, str, str, str, str]]:
    """The changes 前回比較 marks, each matched to its own K03 row of 要確認 (and none left)."""
    book = openpyxl.load_workbook(path)
    k03 = [r["内容"] for r in table(book["要確認"]) if r["コード"] == "K03"]
    marked = []
    for r in table(book["前回比較"]):
        if r["変化"] == "引き続き未提出" or r["種別"] == "—":  # not a change, or the first run
            continue
        before, after = shown(r, "前回"), shown(r, "今回")
        key = f"{r['ID']}{' ' + r['区分'] if r['区分'] else ''} "
        fromto = f"（前回 {before} → 今回 {after}）"
        match = [t for t in k03 if t.startswith(key) and t.endswith(fromto)]
        assert len(match) == 1, (r, k03)
        k03.remove(match[0])
        marked.append((r["種別"], r["ID"], r["区分"] or "", before, after, r["変化"]))
    assert k03 == [], "K03 rows without a 前回比較 change"
    return marked


def shown(row: dict, when: str) -> str:
    """A 前回比較 value as K03 words it: the number, else the state (— for 未提出)."""
    number, state = row[f"{when}値"], row[f"{when}状態"]
    if number is not None:
        return str(number)
    return "—" if state == "未提出" else state


def write(inp: ConsolidationInput, path: Path) -> Path:
    write_status_workbook(inp, RatingSettings(), path)
    return path


def test_both_sheets_list_what_the_old_loops_disagreed_on(tmp_path):
    """Old behaviour: K03 compared KPI values only, and only those the snapshot held, so a
    status change, a division's first answer and its values reached 前回比較 but not 要確認."""
    full = make_input()
    before = with_status(without_division(full, "SOMU-JINJI"), "A1-005", "遅れ")
    now = with_actual(full, "KPI-PCT", 56.2)
    path = write(now.model_copy(update={"previous": snapshot_of(before)}), tmp_path / "b.xlsx")
    assert listed_changes(path) == [  # by 部局 (総務部, then 企画調整部), plan order within
        ("KPI実績値", "KPI-TH", "", "—", "3.8", "今回から"),
        ("進捗状況", "A1-003", "", "—", "遅れ", "今回から"),
        ("集計対象の回答", "SOMU-JINJI", "", "—", "調査票_SOMU-JINJI.xlsx", "今回から"),
        ("KPI実績値", "KPI-PCT", "", "55.1", "56.2", "変更"),
        ("進捗状況", "A1-005", "", "遅れ", "概ね順調", "変更"),
    ]
    compare = table(openpyxl.load_workbook(path)["前回比較"])
    departments = [r["担当部局"] for r in compare]
    assert departments == sorted(departments, key=["総務部", "企画調整部", "教育庁"].index)
    # numbers only in the value columns; texts (a status, a file, 未提出) in the state columns
    assert all(isinstance(r[c], (int, float, type(None))) for r in compare
               for c in ("前回値", "今回値"))
    a1_005 = next(r for r in compare if r["ID"] == "A1-005")
    assert (a1_005["前回状態"], a1_005["今回状態"]) == ("遅れ", "概ね順調")
    review = table(openpyxl.load_workbook(path)["要確認"])
    jinji = next(r for r in review if r["コード"] == "K03" and r["内容"].startswith("SOMU-JINJI"))
    assert jinji["内容"] == (
        "SOMU-JINJI 人事課: 前回の集約から集計対象の回答が変わりました"
        "（前回 — → 今回 調査票_SOMU-JINJI.xlsx）"
    )
    assert (jinji["担当課"], jinji["元ファイル名"]) == ("人事課", "調査票_SOMU-JINJI.xlsx")
    status = next(r for r in review if r["コード"] == "K03" and r["内容"].startswith("A1-005"))
    assert status["内容"].endswith("進捗状況が変わりました（前回 遅れ → 今回 概ね順調）")
    assert (status["シート"], status["セル"]) == ("実績", "J5")


def test_no_change_lists_nothing_in_either_sheet_but_what_is_still_missing(tmp_path):
    inp = make_input()
    path = write(inp.model_copy(update={"previous": snapshot_of(inp)}), tmp_path / "b.xlsx")
    assert listed_changes(path) == []
    compare = table(openpyxl.load_workbook(path)["前回比較"])
    assert all(r["ID"] != "KPI-PCT" for r in compare)  # unchanged: not listed
    assert compare and all(r["変化"] == "引き続き未提出" for r in compare)
    missing = next(r for r in compare if r["ID"] == "KPI-SM")
    assert (missing["前回値"], missing["今回値"]) == (None, None)  # blanks, not text
    assert (missing["前回状態"], missing["今回状態"]) == ("未提出", "未提出")


# ------------------------------------------------------------------ two real consolidations
@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tpl") / "作業"
    make_populated(root)
    return root


def verdicts(rnd: Round) -> dict[str, str]:
    return {f.file: f.verdict for f in rnd.validate().files}


def test_consolidating_twice_lists_a_changed_actual_once_in_both_sheets(template, tmp_path):
    wf = clone(template, tmp_path / "作業")
    rnd = Round(wf)
    first_return = filled(wf, "KIKAKU-DX")
    drop(wf, first_return, "回答_DX.xlsx")
    assert verdicts(rnd) == {"回答_DX.xlsx": "accepted"}
    first = rnd.consolidate()
    assert listed_changes(first.path) == []  # the first run: nothing to compare

    wb = filled(wf, "KIKAKU-DX")
    put(wb, row_cells(wb, "KPI-A04")["actual"], 58.0)  # was the target, 57.4
    drop(wf, wb, "回答_DX_修正.xlsx")
    assert verdicts(rnd)["回答_DX_修正.xlsx"] == "accepted"
    second = rnd.consolidate()
    assert listed_changes(second.path) == [
        ("KPI実績値", "KPI-A04", "", "57.4", "58", "変更"),
    ]


def test_a_division_answering_later_is_listed_in_both_sheets(template, tmp_path):
    wf = clone(template, tmp_path / "作業")
    rnd = Round(wf)
    drop(wf, filled(wf, "KIKAKU-DX"), "回答_DX.xlsx")
    rnd.validate()
    rnd.consolidate()
    drop(wf, filled(wf, "SOMU-JINJI"), "回答_人事.xlsx")
    assert verdicts(rnd)["回答_人事.xlsx"] == "accepted"
    second = rnd.consolidate()
    listed = listed_changes(second.path)
    assert listed[-1] == ("集計対象の回答", "SOMU-JINJI", "", "—", "回答_人事.xlsx", "今回から")
    new_kinds = {kind for kind, *_ in listed[:-1]}
    assert new_kinds == {"KPI実績値", "進捗状況"}
    assert all(change == "今回から" for *_, change in listed)
