"""`consolidate(folder)` on the real R8 plan and a ledger filled as validation fills it."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest

from dxreport.cli.main import main
from dxreport.consolidate.run import consolidate, latest_output
from dxreport.errors import UserError
from dxreport.round.folder import open_folder
from dxreport.round.ledger import Ledger, folder_lock
from tests.consolidate.trace_links import follow
from tests.sheet_rows import table_rows

from .real_ledger import (
    Return,
    ini,
    kpi,
    make_folder,
    populate,
    receive,
    standard_returns,
)


@pytest.fixture(scope="session")
def master_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("master")


@pytest.fixture
def folder(tmp_path, master_cache):
    wf = make_folder(tmp_path / "R8_年度末", master_cache)
    populate(wf)
    return wf


@pytest.fixture
def filled(folder):
    for r in standard_returns():
        receive(folder, r)
    return folder


def rows(ws) -> list[dict]:
    return table_rows(ws)


def kpi_rows(path) -> dict[tuple[str, str], dict]:
    ws = openpyxl.load_workbook(path)["KPI一覧"]
    return {(r["KPI ID"], r["区分"]): r for r in rows(ws)}


def sheet_values(path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


def test_hand_computed_rates_and_ratings_on_the_real_plan(filled):
    result = consolidate(filled)
    assert result.path.name == "全庁DX進捗状況_R8_年度末実績_001.xlsx"
    assert result.path.parent == filled.consolidated
    k = kpi_rows(result.path)
    expect = {
        # increasing: 57件 -> 69件, actual 66: (66-57)/(69-57) = 0.75 -> C
        ("KPI-A03", "全体"): (0.75, "C（進捗に遅れ）", 66),
        # decreasing: 87,615千枚 -> 69,540千枚, actual 72,000: -15,615 / -18,075 = 0.8639 -> B
        ("KPI-A12", "全体"): ((72000 - 87615) / (69540 - 87615), "B（概ね達成）", 72000),
        # threshold 4以上, actual 3.8: 3.8/4 = 0.95, bound not met -> B (not A)
        ("KPI-A02", "全体"): (0.95, "B（概ね達成）", 3.8),
        # percent 52.79% -> 57.4%, actual 55.1: 2.31/4.61 = 0.5011 -> C
        ("KPI-A04", "全体"): ((55.1 - 52.79) / (57.4 - 52.79), "C（進捗に遅れ）", 55.1),
        # 小/中: 小 95 -> 97 actual 96 = 0.5 (C); 中 91 -> 94 actual 94 = 1.0 (A); overall worst
        ("KPI-R16", "小"): (0.5, "C（進捗に遅れ）", 96),
        ("KPI-R16", "中"): (1.0, "A（達成）", 94),
        ("KPI-R16", "総合（小・中）"): (0.5, "C（進捗に遅れ）", None),
    }
    for key, (rate, label, actual) in expect.items():
        r = k[key]
        assert r["達成率(計算値)"] == pytest.approx(round(rate, 3), abs=1e-12), key  # shown 0.1%
        assert r["評価(計算値)"] == label, key
        assert str(r["達成率"]).startswith("="), key  # the auditor's recomputation
        if actual is not None:
            assert r["実績値"] == actual
    assert k[("KPI-A12", "全体")]["達成率(計算値)"] == pytest.approx(0.864)
    assert k[("KPI-A04", "全体")]["達成率(計算値)"] == pytest.approx(0.501)
    # no R8 target (—): 評価対象外 even with an actual
    assert k[("KPI-R22", "全体")]["評価(計算値)"] == "評価対象外"
    assert k[("KPI-R22", "全体")]["実績値"] == 3
    # trace of a value: file hash prefix, sheet!cell, received time from the ledger
    assert k[("KPI-A03", "全体")]["シート!セル"] == "KPI実績!H5"
    # not answered (SOMU-KENSHU): 未提出; every plan KPI is listed once
    assert k[("KPI-A01", "全体")]["評価(計算値)"] == "未提出"
    assert len({kid for kid, _ in k}) == 81

    assert (result.expected, result.received) == (6, 5)
    assert result.rating_counts["A（達成）"] == 0
    assert result.rating_counts["B（概ね達成）"] == 2
    assert result.rating_counts["C（進捗に遅れ）"] == 3
    assert sum(result.rating_counts.values()) == 81  # re-listed KPIs counted once
    assert result.status_counts["完了"] == 1 and result.status_counts["遅れ"] == 1


def test_missing_divisions_other_division_copies_and_warnings(filled):
    path = consolidate(filled).path
    wb = openpyxl.load_workbook(path)
    subs = {r["課コード"]: r for r in rows(wb["提出状況"])}
    assert subs["SOMU-KENSHU"]["提出状況"] == "未回答"
    assert subs["SOMU-JINJI"]["判定"] == "受理（警告あり）"
    assert len(subs) == 6  # expected = surveys in the ledger, not every plan division
    inis = {r["取組ID"]: r for r in rows(wb["取組一覧"])}
    assert inis["A1-001"]["進捗状況"] == "未回答"
    assert inis["A1-004"]["進捗状況"] == "完了"
    review = rows(wb["要確認"])
    codes = [r["コード"] for r in review]
    assert "W012" in codes  # the accepted warning
    c04 = [r for r in review if r["コード"] == "C04"]
    assert len(c04) == 1 and "KPI-A03" in c04[0]["内容"] and "57" in c04[0]["内容"]
    # the KPI-A03 actual is SOMU-KEIEI's 66, not KIKAKU-DX's 57
    assert kpi_rows(path)[("KPI-A03", "全体")]["実績値"] == 66


def test_formula_like_comments_arrive_as_text(filled):
    path = consolidate(filled).path
    ws = openpyxl.load_workbook(path)["取組一覧"]
    row = next(r for r in table_rows(ws, values_only=False) if r["取組ID"].value == "A1-003")
    issues, nxt = row["課題"], row["今後の対応"]
    assert issues.value == '=HYPERLINK("http://x","y")' and issues.data_type == "s"
    assert nxt.value == "+cmd|' /C calc'!A0" and nxt.data_type == "s"


def test_superseding_resubmission_and_rejected_newer_version(filled):
    # SOMU-KEIEI resubmits (accepted, 68件), then sends a broken file (rejected).
    receive(filled, Return("SOMU-KEIEI", kpis=[kpi("KPI-A03", 68, 5), kpi("KPI-A12", 72000, 6)],
                           initiatives=[ini("A1-003", "順調", 5)], name="回答_経営_v2.xlsx",
                           minutes=60))
    receive(filled, Return("SOMU-KEIEI", kpis=[kpi("KPI-A03", 1, 5)], verdict="rejected",
                           name="回答_経営_v3.xlsx", minutes=90))
    result = consolidate(filled)
    wb = openpyxl.load_workbook(result.path)
    keiei = next(r for r in rows(wb["提出状況"]) if r["課コード"] == "SOMU-KEIEI")
    assert keiei["元ファイル名"] == "回答_経営_v2.xlsx"
    assert keiei["差し替え回数"] == 1 and "回答_SOMU-KEIEI.xlsx" in keiei["差し替え前の版"]
    assert kpi_rows(result.path)[("KPI-A03", "全体")]["実績値"] == 68
    assert result.superseded == 1
    c01 = [r for r in rows(wb["要確認"]) if r["コード"] == "C01"]
    assert len(c01) == 1 and "回答_経営_v3.xlsx" in c01[0]["内容"]
    # consolidated_at comes from the used returns (v2 at +60 min), not the rejected v3, not now
    facts = {r[0]: r[1] for r in wb["概要"].iter_rows(min_row=3, max_col=2, values_only=True)}
    assert facts["集約日時"] == "令和9年4月20日 11:00"  # in 令和, as an executive reads it


def test_same_ledger_same_workbook_and_previous_comparison(filled):
    first = consolidate(filled)
    second = consolidate(filled)
    assert (first.sequence, second.sequence) == (1, 2)
    assert second.path.name.endswith("_002.xlsx") and first.path.exists()
    assert second.reprint_of == first.operation_id
    assert sheet_values(first.path) == sheet_values(second.path)
    assert first.path.read_bytes() == second.path.read_bytes()

    # A new accepted value: the third consolidation compares with the second's file.
    receive(filled, Return("SOMU-KEIEI", kpis=[kpi("KPI-A03", 69, 5), kpi("KPI-A12", 72000, 6)],
                           initiatives=[ini("A1-003", "完了", 5)], name="回答_経営_修正.xlsx",
                           minutes=120))
    third = consolidate(filled)
    assert third.reprint_of is None
    wb = openpyxl.load_workbook(third.path)
    compare = {(r["ID"], r["種別"]): r for r in rows(wb["前回比較"])}
    a03 = compare[("KPI-A03", "KPI実績値")]
    assert (a03["前回値"], a03["今回値"], a03["変化"]) == (66, 69, "変更")
    assert a03["元ファイル名"] == "回答_経営_修正.xlsx"
    st = compare[("A1-003", "進捗状況")]
    assert (st["前回状態"], st["今回状態"], st["変化"]) == ("順調", "完了", "変更")
    assert (st["前回値"], st["今回値"]) == (None, None)  # the number columns hold no text
    assert ("KPI-A12", "KPI実績値") not in compare  # unchanged: 前回比較 lists changes only
    facts = {r[0]: r[1] for r in wb["概要"].iter_rows(min_row=3, max_col=2, values_only=True)}
    assert facts["前回の集約"] == second.path.name
    changed = sum(r["変化"] == "変更" for r in rows(wb["前回比較"]))
    assert facts["前回からの変化"].startswith(f"変更 {changed}件・")
    assert any(r["コード"] == "K03" and "KPI-A03" in r["内容"] for r in rows(wb["要確認"]))
    assert kpi_rows(third.path)[("KPI-A03", "全体")]["評価(計算値)"] == "A（達成）"
    assert latest_output(filled) == third.path

    with Ledger.open(filled) as led:
        ops = led.operations("consolidate")
        light = led.operations("consolidate", omit=("snapshot",))

        def no_json(*_args):
            raise ValueError("SQLite without JSON functions")

        led._conn.create_function("json_remove", -1, no_json)  # as such a build behaves
        assert led.operations("consolidate", omit=("snapshot",)) == light
    # each run's snapshot (every value shown) is read only for the run compared against
    assert [o.id for o in light] == [o.id for o in ops]
    assert all("snapshot" not in o.counts and o.counts["digest"] for o in light)
    assert ops[2].counts["snapshot"]["file_name"] == third.path.name
    assert [o.outputs for o in ops] == [
        [f"5_集約/{p.path.name}"] for p in (first, second, third)
    ]
    assert ops[0].counts["received"] == 5 and ops[0].counts["expected"] == 6


def test_a_number_once_issued_is_never_issued_again(filled, tmp_path):
    first, second = consolidate(filled), consolidate(filled)
    archive = tmp_path / "保管"
    archive.mkdir()
    for r in (first, second):  # the folder tidied by hand: the workbooks moved elsewhere
        shutil.move(r.path, archive / r.path.name)
    third = consolidate(filled)
    assert third.sequence == 3 and third.path.name.endswith("_003.xlsx")
    assert latest_output(filled) == third.path


def test_lock_held_gives_the_busy_error(filled):
    with folder_lock(filled, "検証"), pytest.raises(UserError, match=r"検証.*実行中"):
        consolidate(filled)
    assert not list(filled.consolidated.glob("*.xlsx"))


def test_nothing_populated_is_a_user_error(tmp_path, master_cache):
    wf = make_folder(tmp_path / "empty", master_cache)
    with pytest.raises(UserError, match=r"集約するものがありません.*populate"):
        consolidate(wf)


def test_no_accepted_returns_still_writes_everything_missing(folder, capsys):
    receive(folder, Return("SOMU-JINJI", kpis=[kpi("KPI-A02", 9, 5)], verdict="returned"))
    assert main(["consolidate", str(folder.root)]) == 0
    out = capsys.readouterr().out
    assert "全庁DX進捗状況_R8_年度末実績_001.xlsx" in out
    assert "受理した回答がまだ 1 件もない" in out
    assert "0 / 6 課" in out
    k = kpi_rows(folder.consolidated / "全庁DX進捗状況_R8_年度末実績_001.xlsx")
    assert k[("KPI-A02", "全体")]["評価(計算値)"] == "未提出"


def test_cli_prints_path_and_summary(filled, capsys):
    assert main(["consolidate", str(filled.root)]) == 0
    out = capsys.readouterr().out
    assert "集約結果を出力しました" in out and "_001.xlsx" in out
    assert "提出（受理）: 5 / 6 課" in out
    assert "KPI 81 件" in out and "C（進捗に遅れ） 3" in out
    assert "取組 190 件" in out and "完了 1" in out


def test_bad_rating_setting_names_the_key(filled):
    text = filled.settings_path.read_text(encoding="utf-8")
    filled.settings_path.write_text(text + "review_high_percent = 50\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"設定\.toml(.|\n)*rating\.review_high_percent: 値「50」"):
        open_folder(filled.root)  # found when the folder opens, by any command


def test_settings_thresholds_change_the_rating(filled):
    text = filled.settings_path.read_text(encoding="utf-8")
    bands = (
        'bands = [{code = "A", label = "A（達成）", min_percent = 100},'
        ' {code = "B", label = "B（概ね達成）", min_percent = 70},'
        ' {code = "D", label = "D（遅れ）"}]\n'
    )
    filled.settings_path.write_text(text + bands, encoding="utf-8")
    path = consolidate(open_folder(filled.root)).path
    assert kpi_rows(path)[("KPI-A03", "全体")]["評価(計算値)"] == "B（概ね達成）"  # 75% >= 70


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_recalculation_of_the_consolidated_workbook(filled, tmp_path):
    from .test_libreoffice_recalc import recalculated_copy

    path = consolidate(filled).path
    python = kpi_rows(path)
    lo = openpyxl.load_workbook(recalculated_copy(path, tmp_path / "lo-run"), data_only=True)
    checked = 0
    for r in rows(lo["KPI一覧"]):
        py = python[(r["KPI ID"], r["区分"])]
        assert r["評価"] == py["評価(計算値)"], r["KPI ID"]
        if isinstance(py["達成率(計算値)"], float | int):
            assert round(r["達成率"], 3) == pytest.approx(py["達成率(計算値)"], abs=1e-12)
            checked += 1
    assert checked >= 7
    a12 = next(r for r in rows(lo["KPI一覧"]) if r["KPI ID"] == "KPI-A12")
    assert a12["達成率"] == pytest.approx((72000 - 87615) / (69540 - 87615), rel=1e-12)


def test_what_the_clerk_typed_reaches_kpi_list_and_audit_trail(filled):
    """基準日, 出典, 備考 and the cell's own text of a converted value are the evidence an
    auditor cites: they reach KPI一覧 and 監査証跡, apart from the tool's own notes."""
    typed = kpi("KPI-A03", 66, 5).model_copy(update={
        "raw": "約66件", "as_of": dt.date(2027, 3, 31), "source": "業務改善報告（3月末）",
        "note": "年度末に2件が翌年度へ延期"})
    receive(filled, Return("SOMU-KEIEI", kpis=[typed, kpi("KPI-A12", 72000, 6)],
                           name="回答_経営_v2.xlsx", minutes=60))
    path = consolidate(filled).path
    row = kpi_rows(path)[("KPI-A03", "全体")]
    assert row["実績値"] == 66 and row["実績値（記入どおり）"] == "約66件"
    assert row["基準日"] == dt.datetime(2027, 3, 31)
    assert row["出典"] == "業務改善報告（3月末）"
    assert row["備考（回答）"] == "年度末に2件が翌年度へ延期"
    assert row["集約時の注記"] in (None, "")  # the tool's notes stay in their own column
    # the file name is a link to the intake copy's cell the value was read from
    # (this ledger is written by hand, without intake copies: the demo's test opens them)
    copy, sheet, cell, shown = follow(path, row["元ファイル名"])
    assert shown == "回答_経営_v2.xlsx"
    assert copy == (path.parent.parent / "3_受付" / copy.name).resolve()
    assert (sheet, cell) == ("KPI実績", "H5") and copy.suffix == ".xlsx"
    other = kpi_rows(path)[("KPI-A12", "全体")]
    assert other["基準日"] is None and other["出典"] in (None, "")
    audit = rows(openpyxl.load_workbook(path)["監査証跡"])
    (a03,) = [r for r in audit if r["ID"] == "KPI-A03"]
    assert (a03["数値"], a03["実績値（記入どおり）"], a03["出典"], a03["備考（回答）"]) == (
        66, "約66件", "業務改善報告（3月末）", "年度末に2件が翌年度へ延期")
    assert a03["基準日"] == dt.datetime(2027, 3, 31) and a03["セル"] == "H5"


def _fill_checks(path, wanted: dict[str, tuple[str, str]]) -> None:
    """Type 確認結果/確認者 beside the 要確認 rows whose code is in `wanted`, and save (as the
    DX division does in Excel)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["要確認"]
    head = next(r for r in ws.iter_rows() if any(c.value == "コード" for c in r))
    col = {c.value: c.column for c in head}
    for r in range(head[0].row + 1, ws.max_row + 1):
        code = ws.cell(row=r, column=col["コード"]).value
        if code in wanted:
            result, by = wanted.pop(code)
            ws.cell(row=r, column=col["確認結果"], value=result)
            ws.cell(row=r, column=col["確認者"], value=by)
    assert not wanted, wanted
    wb.save(path)


def test_checks_written_in_review_are_kept_by_the_next_run(filled):
    """Old behaviour: every consolidation wrote an empty 要確認, and what the DX division had
    checked in the last workbook was left behind in it."""
    first = consolidate(filled)
    _fill_checks(first.path, {"C04": ("担当課に電話で確認済み", "山田"),
                              "W012": ("問題なし", "佐藤")})
    before = first.path.read_bytes()
    receive(filled, Return("SOMU-KEIEI", kpis=[kpi("KPI-A03", 66, 5), kpi("KPI-A12", 73000, 6)],
                           initiatives=[ini("A1-003", "完了", 5)], name="回答_経営_修正.xlsx",
                           minutes=120))
    second = consolidate(filled)
    assert first.path.read_bytes() == before  # the user's file is only read
    wb = openpyxl.load_workbook(second.path)
    review = rows(wb["要確認"])
    w012 = next(r for r in review if r["コード"] == "W012")
    assert (w012["確認結果"], w012["確認者"]) == ("問題なし", "佐藤")
    # C04 names the owner's file, replaced since: a new question, not carried (and counted)
    c04 = next(r for r in review if r["コード"] == "C04")
    assert "回答_経営_修正.xlsx" in c04["内容"] and c04["確認結果"] is None
    assert sum(r["確認結果"] is not None for r in review) == 1
    assert (f"{first.path.name} から 1件を引き継ぎました（内容が変わって引き継げなかったもの 1件"
            in wb["要確認"]["A1"].value)


def test_a_previous_workbook_that_is_gone_is_said_not_guessed(filled):
    first = consolidate(filled)
    _fill_checks(first.path, {"C04": ("確認済み", "山田")})
    first.path.unlink()  # moved away by hand
    receive(filled, Return("SOMU-KEIEI", kpis=[kpi("KPI-A03", 69, 5)], name="回答_経営_2.xlsx",
                           minutes=120))
    wb = openpyxl.load_workbook(consolidate(filled).path)
    assert all(r["確認結果"] is None for r in rows(wb["要確認"]))
    note = wb["要確認"]["A1"].value
    assert first.path.name in note and "読めなかった" in note and "5_集約 にありません" in note
