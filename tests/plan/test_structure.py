"""Issue 15: the structure inside the plan's cells recovered, and one indicator one identity.

Every example is an assertion on the import of the real plan (`import_plan()`), on the master
written from it, and on the committed `workbooks/master_plan_R8.xlsx`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dxreport.errors import UserError
from dxreport.plan import registry
from dxreport.plan.corrections import DEFAULT_CORRECTIONS
from dxreport.plan.export import plan_to_export_json
from dxreport.plan.importer import import_plan
from dxreport.plan.master import load_master, report_path_for, write_master
from dxreport.plan.names import expected_subgroup
from dxreport.plan.report import render_report
from dxreport.rules.plan_model import IndicatorType, Part

ROOT = Path(__file__).resolve().parents[2]
COMMITTED_MASTER = ROOT / "workbooks" / "master_plan_R8.xlsx"
LABELS = sorted({lbl for labels in registry.SUBGROUPS.values() for lbl in labels}, key=len)


def _sheet_rows(path: Path, sheet: str) -> list[dict]:
    ws = load_workbook(path)[sheet]
    headers = [c.value for c in ws[1]]
    return [dict(zip(headers, (c.value for c in row), strict=False))
            for row in ws.iter_rows(min_row=2)]


# ------------------------------------------------------------------ 中分類
@pytest.mark.parametrize("iid,subgroup,name", [
    ("R1-025", "人材育成", "会津大学と連携したデジタル専門人材育成"),
    ("R1-066", "安全・安心", "携帯電話等不通話地区の解消"),
    ("R1-013", "教育", "情報モラル教育の推進"),  # glued without a space in the source
    ("R2-054", "環境", "デジタル技術を活用した鳥獣被害の軽減対策"),
    ("R1-033", "商工業", "E-Cサイト立ち上げによる販路拡大支援"),
    ("R1-035", "農林水産業", "福島イノベーション・コースト構想に基づく農業先端技術の展開"),
    ("R2-026", "土木・建設業", "各業務段階における3次元モデルの導入推進"),
    ("R1-001", None, "移住・定住の促進に向けたデジタル情報発信の推進"),
    ("A1-004", None, "行政手続のオンライン化"),
])
def test_subgroup_is_its_own_field(imported, iid, subgroup, name):
    category = imported.plan.initiative(iid).category
    assert (category.subgroup, category.name) == (subgroup, name)


def test_no_item_name_carries_a_fused_subgroup(imported):
    for i in imported.plan.initiatives:
        c = i.category
        assert not any(c.name.startswith(label) for label in LABELS), (i.id, c.name)
        # the label agrees with the item number: (1) of 教育・人材育成 is 教育, (2) 人材育成
        assert c.subgroup == expected_subgroup(c.group, c.no), i.id
    with_subgroup = [i for i in imported.plan.initiatives if i.category.subgroup]
    assert len(with_subgroup) == 84 and all(i.part is Part.REGION for i in with_subgroup)
    assert not [w for w in imported.warnings if "中分類" in w]


def test_subgroup_taken_off_is_listed_as_a_normalisation(imported):
    assert any(n.line == 127 and n.field == "category_name" and "中分類「人材育成」" in n.reason
               and n.source.startswith("人材育成 会津大学") for n in imported.normalisations)


# ------------------------------------------------------------------ 事業名
@pytest.mark.parametrize("iid,major,minor,activity", [
    ("A1-004", "デジタル変革(DX)推進事業", ["オールふくしまスマートシティ推進事業"],
     ["オンライン申請サービス"]),
    ("A1-024", "デジタル変革(DX)推進事業", ["オールふくしまスマートシティ推進事業"],
     ["データ連携基盤"]),
    ("A1-030", "デジタル変革(DX)推進事業", ["オールふくしまスマートシティ推進事業"],
     ["オンライン申請サービス"]),  # 【】 where A1-004 has []: the same 取組名
    ("R1-012", "デジタル変革(DX)推進事業", ["マイナンバーカード普及活用促進事業"], []),
    ("R2-053", "刑事警察支援経費", ["刑事警察支援経費"], []),  # the plan names it twice
    ("R1-027", "教育研修事業", ["新規就農者等研修事業", "現役農業者研修事業"], []),  # bullets
    ("R1-044", "建設DX推進事業(0予算)", [], ["デジタル技術を活用した工事の推進"]),
    ("R2-026", "建設DX推進事業(0予算)", [], ["3次元モデルの導入推進"]),  # `建設DX推進事業 (0予算)`
    ("R2-052", "交番・駐在所等経費", [], []),
    ("A1-011", "物品調達効率化(電子化)推進事業", ["物品調達効率化(電子化)推進事業"], []),
    ("R1-030", "デジタル技術を活用したものづくり企業のスマート化支援事業",
     ["デジタル技術導入支援事業"], []),  # `支 援事業`: a line break of the PDF
    ("R1-005", "チャレンジふくしま戦略の情報発信事業", ["メディアミックスふくしま発信プロジェクト"],
     ["ふくしまエリヤジャックプロモーション事業",
      "ひとつ、ひとつ、実現するふくしま情報発信プラットフォーム事業"]),
    ("A2-008", None, ["児童入所施設(県立施設を除く)措置費(0予算)",
                      "事務費(母子父子寡婦福祉資金貸付金特別会計)"], []),
])
def test_project_name_split(imported, iid, major, minor, activity):
    i = imported.plan.initiative(iid)
    assert (i.project_major, i.project_minor, i.project_activity) == (major, minor, activity)


def test_joined_project_name_is_kept(imported):
    i = imported.plan.initiative("A1-004")
    assert i.project_name == ("デジタル変革 (DX) 推進事業 オールふくしまスマートシティ推進事業 "
                              "[オンライン申請サービス]")


def _spelling_key(name: str) -> str:
    return re.sub(r"\s", "", name.replace("（", "(").replace("）", ")"))


def test_one_spelling_per_project_name(imported):
    names = {n for i in imported.plan.initiatives
             for n in (i.project_major or "", *i.project_minor, *i.project_activity) if n}
    by_key: dict[str, set[str]] = {}
    for n in names:
        by_key.setdefault(_spelling_key(n), set()).add(n)
    assert not {k: v for k, v in by_key.items() if len(v) > 1}
    assert not [n for n in names if "（" in n or "）" in n or " (" in n or ") " in n]
    dx = {i.id for i in imported.plan.initiatives if i.project_major == "デジタル変革(DX)推進事業"}
    assert len(dx) == 15  # 行政 (DX) and （DX）, 地域 (DX): one filter finds them all
    # each respelling is listed for the auditors
    assert any(n.field == "project_major" and n.source == "デジタル変革（DX）推進事業"
               and n.result == "デジタル変革(DX)推進事業" for n in imported.normalisations)


# ------------------------------------------------------------------ one indicator
def test_indicators_in_both_parts_are_linked(imported):
    linked = {k.id: k.same_as for k in imported.plan.kpis if k.same_as}
    assert linked == {"KPI-A24": ["KPI-R07"], "KPI-A25": ["KPI-R08"],
                      "KPI-R07": ["KPI-A24"], "KPI-R08": ["KPI-A25"]}
    # 73万PV and 730,000PV: the same value, linked by the reviewed correction entry
    a24, r07 = imported.plan.kpi("KPI-A24"), imported.plan.kpi("KPI-R07")
    assert (a24.baseline.text, r07.baseline.text) == ("73万PV", "730,000PV")
    assert a24.baseline.value == r07.baseline.value == 730000
    applied = [c for c in imported.corrections if c.field == "same_indicator"]
    assert [(c.value, c.initiative_id) for c in applied] == [("KPI-A24・KPI-R07", "R1-008")]
    assert "73万PV = 730,000PV" in applied[0].reason
    # identical figures written alike: linked without an entry, and said so
    assert imported.same_links == [
        "KPI-A24 と KPI-R07「ふくしまポータルPV（ページビュー）数」: 数値の表記が異なるため"
        "（基準値 73万PV / 730,000PV）、訂正ファイルの判断により同一指標としました。",
        "KPI-A25 と KPI-R08「ふくしまポータルの月平均アクティブユーザー数」: "
        "指標名と基準値・目標値が同じため同一指標としました。"]


def test_a_linked_indicator_is_answered_as_its_first_id(imported):
    """Asked once: the first ID in plan order answers; the others take its answer."""
    plan = imported.plan
    answered = {k.id: plan.answered_as(k).id for k in plan.kpis if plan.answered_as(k)}
    assert answered == {"KPI-R07": "KPI-A24", "KPI-R08": "KPI-A25"}
    import pickle

    again = pickle.loads(pickle.dumps(plan))  # worker processes: the order cache stays out
    assert again.answered_as(again.kpi("KPI-R07")).id == "KPI-A24"
    assert "_kpi_order" not in again.__dict__ or again.__dict__["_kpi_order"][0] is again.kpis


def test_different_notation_without_an_entry_is_only_a_candidate(tmp_path):
    text = DEFAULT_CORRECTIONS.read_text(encoding="utf-8")
    path = tmp_path / "corrections.toml"
    path.write_text(text[:text.index("[[same_indicator]]")], encoding="utf-8")
    result = import_plan(corrections=path)
    assert not result.plan.kpi("KPI-A24").same_as
    assert result.plan.kpi("KPI-A25").same_as == ["KPI-R08"]
    assert [w for w in result.warnings if "KPI-A24" in w and "[[same_indicator]]" in w]


def test_a_decision_the_figures_do_not_support_is_kept_and_questioned(tmp_path):
    path = tmp_path / "corrections.toml"
    path.write_text(DEFAULT_CORRECTIONS.read_text(encoding="utf-8") + """
[[same_indicator]]
kpis = ["KPI-A01", "KPI-R12"]
reason = "テスト"

[[same_indicator]]
kpis = ["KPI-A01", "KPI-R99"]
reason = "テスト"
""", encoding="utf-8")
    result = import_plan(corrections=path)
    assert result.plan.kpi("KPI-R12").same_as == ["KPI-A01"]
    assert [w for w in result.warnings if "KPI-A01" in w and "一致しません" in w]
    assert [w for w in result.warnings if "KPI-R99" in w and "ありません" in w]


def test_export_gives_structure_and_same_as(imported):
    data = plan_to_export_json(imported.plan)
    i = next(x for x in data["initiatives"] if x["id"] == "R1-025")
    assert i["category"] == {"group": "教育・人材育成", "no": "(2)ア", "subgroup": "人材育成",
                             "name": "会津大学と連携したデジタル専門人材育成"}
    a = next(x for x in data["initiatives"] if x["id"] == "A1-004")
    assert a["project"] == {"name": a["project_name"], "major": "デジタル変革(DX)推進事業",
                            "minor": ["オールふくしまスマートシティ推進事業"],
                            "activity": ["オンライン申請サービス"]}
    assert "project_name" in a and "category" in a  # the existing keys stay
    same = {k["id"]: k["same_as"] for k in data["kpis"]}
    assert same["KPI-A24"] == ["KPI-R07"] and same["KPI-A01"] == []


# ------------------------------------------------------------------ the master
def test_master_columns_and_labels(master_file):
    rows = _sheet_rows(master_file, "地域_KPI事業")
    r1_025 = next(r for r in rows if r["ID"] == "R1-025")
    assert (r1_025["中分類"], r1_025["項目名"]) == ("人材育成",
                                                "会津大学と連携したデジタル専門人材育成")
    r1_027 = next(r for r in rows if r["ID"] == "R1-027")
    assert (r1_027["大事業名"], r1_027["小事業名"]) == ("教育研修事業",
                                                      "新規就農者等研修事業\n現役農業者研修事業")
    assert r1_027["事業名（原文）"].startswith("教育研修事業 ・新規就農者等研修事業")
    # no item name in any initiative sheet carries a fused label
    for sheet in ("行政_KPI事業", "行政_KGI等事業", "地域_KPI事業", "地域_KGI等事業"):
        for r in _sheet_rows(master_file, sheet):
            assert not any(r["項目名"].startswith(label) for label in LABELS), r["ID"]
    kpis = {r["ID"]: r for r in _sheet_rows(master_file, "指標")}
    assert kpis["KPI-A24"]["同一指標"] == "KPI-R07" and kpis["KPI-A01"]["同一指標"] is None
    kinds = {r["指標種別"] for r in _sheet_rows(master_file, "地域_KGI等事業")}
    assert kinds == {"KGI", "なし"}
    fields = {r["項目"] for r in _sheet_rows(master_file, "正規化一覧")}
    assert {"事業名（原文）", "事業計画", "大事業名", "項目名", "指標名"} <= fields
    assert not {f for f in fields if re.fullmatch(r"[a-z_]+", f)}


def test_master_round_trip_keeps_the_structure(imported, master_file):
    loaded = load_master(master_file)
    assert loaded == imported.plan
    assert loaded.initiative("R1-027").project_minor == ["新規就農者等研修事業",
                                                         "現役農業者研修事業"]
    assert loaded.kpi("KPI-R08").same_as == ["KPI-A25"]
    assert loaded.initiatives[0].indicator_type is IndicatorType.KPI
    assert {n.field for n in loaded.normalisations} >= {"project_name", "project_major"}


def _edit(src: Path, tmp_path: Path, edits: list[tuple[str, str, str, object]]) -> Path:
    path = tmp_path / "edited.xlsx"
    shutil.copy(src, path)
    wb = load_workbook(path)
    for sheet, row_id, header, value in edits:
        ws = wb[sheet]
        column = next(c.column for c in ws[1] if c.value == header)
        row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == row_id)
        ws.cell(row=row, column=column).value = value
    wb.save(path)
    return path


def test_edits_in_excel_round_trip(master_file, tmp_path):
    path = _edit(master_file, tmp_path, [
        ("指標", "KPI-A01", "同一指標", "KPI-R12"),
        ("指標", "KPI-R12", "同一指標", "KPI-A01"),
        ("地域_KGI等事業", "R2-052", "小事業名", "地域安全活動経費\n交番運営経費"),
        ("地域_KGI等事業", "R2-052", "中分類", "安全"),
        ("行政_KGI等事業", "A2-002", "指標種別", "none"),  # a master written before
    ])
    plan = load_master(path)
    assert plan.kpi("KPI-A01").same_as == ["KPI-R12"]
    assert plan.initiative("R2-052").project_minor == ["地域安全活動経費", "交番運営経費"]
    assert plan.initiative("R2-052").category.subgroup == "安全"
    assert plan.initiative("A2-002").indicator_type is IndicatorType.NONE
    again = tmp_path / "again.xlsx"
    write_master(plan, again)
    assert load_master(again) == plan


@pytest.mark.parametrize("edits,expected", [
    ([("指標", "KPI-A01", "同一指標", "KPI-R12")], "指標!"),  # one way only
    ([("指標", "KPI-A01", "同一指標", "KPI-X99")], "KPI-X99"),
    ([("指標", "KPI-A01", "同一指標", "KPI-A01")], "KPI-A01"),
])
def test_broken_same_as_is_reported_by_cell(master_file, tmp_path, edits, expected):
    path = _edit(master_file, tmp_path, edits)
    with pytest.raises(UserError) as info:
        load_master(path)
    assert expected in info.value.message and "同一指標" in info.value.message


# ------------------------------------------------------------------ committed files
def test_committed_master_and_report_are_the_import(imported):
    assert load_master(COMMITTED_MASTER) == imported.plan
    report = report_path_for(COMMITTED_MASTER).read_text(encoding="utf-8")
    assert report == render_report(imported, COMMITTED_MASTER)
