"""Spot checks of specific rows, chosen for the quirks of the source (DESIGN.md §2 and beyond)."""

from __future__ import annotations

import pytest


def _init(imported, iid):
    return imported.plan.initiative(iid)


def _kpi(imported, kid):
    return imported.plan.kpi(kid)


def test_a1_001_absent_baseline_and_percent_targets(imported):
    i = _init(imported, "A1-001")
    assert (i.division_code, i.kpi_id, i.source_line) == ("SOMU-KENSHU", "KPI-A01", 9)
    k = _kpi(imported, "KPI-A01")
    assert k.baseline.is_absent and k.baseline.text == "—"
    assert k.targets["R8"].value == 70 and k.unit == "%"


def test_a1_002_threshold_4ijo(imported):
    k = _kpi(imported, "KPI-A02")
    assert k.targets["R12"].comparator == "以上" and k.targets["R12"].value == 4
    assert k.direction == "threshold"


def test_a1_005_fukuoka_and_spaced_latin_noise_fixed(imported):
    i = _init(imported, "A1-005")
    assert i.plan_text == "福島県自動車納税確認システム (F-JNKS) の運用。"
    k = _kpi(imported, "KPI-A05")
    assert "(F-JNKS)" in k.name
    assert (k.baseline.value, k.baseline.unit) == (120000, "件")


def test_a1_009_several_divisions_first_is_lead(imported):
    i = _init(imported, "A1-009")
    assert i.division_code == "KIKAKU-FUKKO"
    assert i.co_division_codes == ["KIKAKU-TOKEI", "KIKAKU-DX"]
    k = _kpi(imported, "KPI-A09")
    assert k.unit is None and k.targets["R8"].value == 300 and k.baseline.is_absent


def test_a1_012_senmai_kept_and_lower_is_better(imported):
    k = _kpi(imported, "KPI-A12")
    assert (k.baseline.value, k.unit) == (87615, "千枚")
    assert k.direction == "lower"


def test_a1_015_police_division_and_fukuoka_in_project(imported):
    i = _init(imported, "A1-015")
    assert i.division_code == "KEISATSU-KEIMU"
    assert i.project_name.startswith("福島県警察DX推進事業")


def test_a1_018_web_kaigi(imported):
    i = _init(imported, "A1-018")
    assert i.category.name == "Web会議の拡充"
    assert _kpi(imported, "KPI-A18").name == "Web会議接続時間"


def test_a1_019_relisted_without_number_matched_by_name(imported):
    i = _init(imported, "A1-019")
    assert i.relisted and i.kpi_id == "KPI-A02"
    assert _kpi(imported, "KPI-A02").initiative_ids == ["A1-002", "A1-019"]


def test_a1_025_man_pv(imported):
    k = _kpi(imported, "KPI-A24")
    assert (k.baseline.text, k.baseline.value, k.baseline.unit) == ("73万PV", 730000, "PV")
    assert k.targets["R12"].value == 1550000


def test_a1_027_ai_not_a1(imported):
    assert _init(imported, "A1-027").category.name == "AI等を活用するデジタル人材の確保・育成"


def test_a1_030_and_031_relisted_without_number(imported):
    assert _init(imported, "A1-030").kpi_id == "KPI-A04"
    assert _init(imported, "A1-031").kpi_id == "KPI-A26"  # by the corrections file
    assert _kpi(imported, "KPI-A26").initiative_ids == ["A1-027", "A1-028", "A1-031"]


def test_a2_same_division_name_in_two_departments(imported):
    assert _init(imported, "A2-012").division_code == "SOMU-SOMU"
    assert _init(imported, "A2-027").division_code == "GIKAI-SOMU"


def test_a2_005_no_indicator_and_a2_036_kgi_relist(imported):
    i = _init(imported, "A2-005")
    assert i.indicator_type == "none" and i.goal_text is None and i.indicator_name is None
    j = _init(imported, "A2-036")
    assert j.indicator_type == "KGI" and j.relisted and j.kpi_id is None
    assert j.goal_text == "市町村職員の意識改革・行動変容"
    assert j.category.group == "市町村に求められるDX支援等"  # leading "6 " stripped


def test_r1_001_department_and_division_merged(imported):
    i = _init(imported, "R1-001")
    assert i.division_code == "KIKAKU-KURASHI"
    assert i.project_name.startswith("福島に住んで。移住・定住促進事業")
    assert i.plan_text.startswith("多様なイベントやセミナー")


def test_r1_002_bureau_only_owner(imported):
    i = _init(imported, "R1-002")
    assert i.division_code == "KIKAKU-HINAN"
    assert i.project_name == "避難地域への移住促進事業"


def test_r1_004_bureau_between_department_and_division(imported):
    assert _init(imported, "R1-004").division_code == "SHOKO-KENSAN"


def test_r1_007_numbered_relist(imported):
    i = _init(imported, "R1-007")
    assert i.relisted and i.kpi_id == "KPI-R06"
    k = _kpi(imported, "KPI-R06")
    assert k.initiative_ids == ["R1-006", "R1-007"] and k.unit == "人泊"


def test_r1_008_division_and_project_merged(imported):
    i = _init(imported, "R1-008")
    assert i.division_code == "KIKAKU-DX"
    assert i.project_name == "デジタル変革(DX)推進事業 ふくしま情報発信高度化事業"
    assert i.plan_text.startswith("ポイントサービス")


def test_r1_012_missing_division_from_corrections(imported):
    i = _init(imported, "R1-012")
    assert i.division_code == "KIKAKU-DX"
    assert i.project_name.startswith("デジタル変革(DX)推進事業")


def test_r1_017_small_middle_parts(imported):
    k = _kpi(imported, "KPI-R16")
    assert [(p.label, p.value) for p in k.baseline.parts] == [("小", 95), ("中", 91)]
    assert k.baseline.unit == "%" and k.baseline.value is None
    assert k.targets["R10"].is_absent
    assert k.part_labels == ["小", "中"]


def test_r1_016_dash_years(imported):
    k = _kpi(imported, "KPI-R15")
    assert k.targets["R8"].value == 10800
    assert all(k.targets[y].is_absent for y in ("R9", "R10", "R11", "R12"))


def test_r1_043_ijo_in_last_year_only(imported):
    k = _kpi(imported, "KPI-R35")
    assert k.targets["R8"].is_absent and k.targets["R9"].value == 46
    assert (k.targets["R12"].value, k.targets["R12"].unit, k.targets["R12"].comparator) == (
        143, "隻", "以上")


def test_r1_044_hours_per_month_lower_and_relisted_by_other_division(imported):
    k = _kpi(imported, "KPI-R36")
    assert (k.baseline.value, k.unit, k.direction) == (160.5, "h/月", "lower")
    assert k.initiative_ids == ["R1-044", "R1-045", "R1-047", "R1-048", "R1-049", "R1-050"]
    assert k.division_code == "DOBOKU-GIJUTSU"
    assert _init(imported, "R1-048").division_code == "DOBOKU-KIKAKU"


@pytest.mark.parametrize("iid,code", [("R1-051", "HOKEN-KENKO"), ("R1-033", "SHOKO-KENSAN"),
                                      ("R1-034", "SHOKO-IRYO")])
def test_stray_spaces_inside_division_names(imported, iid, code):
    assert _init(imported, iid).division_code == code


def test_r1_033_katakana_noise_in_no(imported):
    assert _init(imported, "R1-033").category.no == "(1)ウ"
    assert _init(imported, "R1-015").category.no == "(1)イ"  # "(1) イ"


def test_r1_069_hyphen_is_absent(imported):
    k = _kpi(imported, "KPI-R54")
    assert k.targets["R9"].value == 5 and k.targets["R10"].is_absent


def test_r1_kpi_name_spaces_removed(imported):
    assert _kpi(imported, "KPI-R33").name == "スマート農業技術等導入経営体数"
    assert _kpi(imported, "KPI-R10").name.startswith("市町村域内交通路線のGTFSデータ")


def test_r2_003_goal_text_in_department_column(imported):
    i = _init(imported, "R2-003")
    assert i.indicator_type == "KGI"
    assert i.indicator_name == "子育て応援パスポートカードの申請推進"
    assert i.goal_text.startswith("各教育機関、市町村")
    assert i.division_code == "HOKEN-KODOMO"
    assert i.project_name.startswith("やさしさあふれるふくしま子育て応援事業")


def test_r2_028a_added_row(imported):
    i = _init(imported, "R2-028A")
    assert i.number == "追加" and i.division_code == "DOBOKU-MACHI"
    ids = [x.id for x in imported.plan.initiatives]
    assert ids.index("R2-028A") == ids.index("R2-028") + 1


def test_r2_040_two_departments_two_divisions(imported):
    i = _init(imported, "R2-040")
    assert i.division_code == "HOKEN-KOKUHO" and i.co_division_codes == ["KIKAKU-DX"]


def test_r2_053_category_no_corrected_and_group_unified(imported):
    i = _init(imported, "R2-053")
    assert i.category.no == "(1)コ"
    assert i.category.group == "安全・安心・環境"
    assert _init(imported, "R2-054").division_code == "SEIKATSU-SHIZEN"
    assert _init(imported, "R2-006").number == "6"  # numbering skips 5
