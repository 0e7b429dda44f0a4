"""Hand-computed achievement rates and ratings for representative KPIs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dxreport.consolidate.summary import summarise
from dxreport.rules.achievement import Method, evaluate, evaluate_kpi
from dxreport.rules.plan_model import Direction
from dxreport.rules.rating import NOT_RATED, NOT_SUBMITTED, RatingSettings, display_rate
from tests.consolidate.conftest import make_input, make_kpis

S = RatingSettings()
KPIS = {k.id: k for k in make_kpis()}


def rate_of(kpi_id: str, actual: float | None, part: str | None = None):
    return evaluate_kpi(KPIS[kpi_id], "R8", {part: actual}, S)


def test_increasing_kpi_progress_from_baseline():
    # 57件 -> 69件, actual 66: (66-57)/(69-57) = 9/12 = 75.0% -> C
    ev = rate_of("KPI-UP", 66).overall
    assert ev.method is Method.PROGRESS
    assert ev.rate == 0.75
    assert ev.rate_display == Decimal("0.750")
    assert ev.rating_label == "C（進捗に遅れ）"


def test_decreasing_kpi_uses_same_progress_formula():
    # 87,615千枚 -> 69,540千枚, actual 75,000: (75000-87615)/(69540-87615) = 12615/18075 = 69.79%
    ev = rate_of("KPI-DOWN", 75000).overall
    assert ev.rate == pytest.approx(12615 / 18075)
    assert ev.rate_display == Decimal("0.698")
    assert ev.rating_code == "C"
    # below the target is better: 60,000 is beyond it -> A
    assert rate_of("KPI-DOWN", 60000).overall.rating_code == "A"
    # paper use went up: negative progress -> lowest rating
    worse = rate_of("KPI-DOWN", 90000).overall
    assert worse.rate is not None and worse.rate < 0
    assert worse.rating_label == "D（大幅な遅れ）"


def test_threshold_at_least():
    below = rate_of("KPI-TH", 3.8).overall  # 3.8 / 4 = 95.0%, not met -> B
    assert (below.method, below.achieved, below.rate_display) == (
        Method.AT_LEAST,
        False,
        Decimal("0.950"),
    )
    assert below.rating_code == "B"
    met = rate_of("KPI-TH", 4).overall
    assert (met.achieved, met.rating_code, met.rate) == (True, "A", 1.0)
    # 3.999 / 4 shows as 100.0%, but the bound is not met: never the top rating
    almost = rate_of("KPI-TH", 3.999).overall
    assert almost.rate_display == Decimal("1.000")
    assert (almost.achieved, almost.rating_code) == (False, "B")


def test_threshold_at_most():
    ev = evaluate(
        direction=Direction.THRESHOLD,
        baseline=None,
        target=10,
        comparator="以下",
        actual=12.5,
        settings=S,
    )
    assert (ev.method, ev.achieved, ev.rate, ev.rating_code) == (Method.AT_MOST, False, 0.8, "B")
    ok = evaluate(
        direction=Direction.THRESHOLD,
        baseline=None,
        target=10,
        comparator="以下",
        actual=0,
        settings=S,
    )
    assert (ok.achieved, ok.rate, ok.rating_code) == (True, None, "A")


def test_percent_kpi():
    # 52.79% -> 57.4%, actual 55.1%: 2.31 / 4.61 = 50.1% -> C
    ev = rate_of("KPI-PCT", 55.1).overall
    assert ev.rate_display == Decimal("0.501")
    assert ev.rating_code == "C"
    assert rate_of("KPI-PCT", 52.0).overall.rating_code == "D"  # below the baseline


def test_no_baseline_ratio_and_boundaries():
    assert rate_of("KPI-NOBASE", 84).overall.rate == pytest.approx(1.2)
    b = rate_of("KPI-NOBASE", 56).overall  # 56 / 70 = 80.0% exactly -> B
    assert (b.method, b.rate_display, b.rating_code) == (Method.RATIO, Decimal("0.800"), "B")
    c = rate_of("KPI-NOBASE", 34.9).overall  # 49.857% -> 49.9% -> D
    assert (c.rate_display, c.rating_code) == (Decimal("0.499"), "D")


def test_rating_uses_displayed_rate_half_up():
    # 1599/2000 = 0.7995 -> displayed 80.0% -> B (what the reader sees decides)
    ev = evaluate(
        direction=Direction.HIGHER,
        baseline=0,
        target=2000,
        comparator=None,
        actual=1599,
        settings=S,
    )
    assert (ev.rate_display, ev.rating_code) == (Decimal("0.800"), "B")
    ev = evaluate(
        direction=Direction.HIGHER,
        baseline=0,
        target=2000,
        comparator=None,
        actual=1598.8,
        settings=S,
    )  # 0.7994 -> 79.9% -> C
    assert (ev.rate_display, ev.rating_code) == (Decimal("0.799"), "C")
    assert display_rate(0.8245) == Decimal("0.825")  # binary 0.82449999... still rounds up


def test_baseline_equal_to_target_and_lower_without_baseline():
    keep = evaluate(
        direction=Direction.HIGHER, baseline=100, target=100, comparator=None, actual=98, settings=S
    )
    assert (keep.method, keep.rate, keep.rating_code) == (Method.RATIO, 0.98, "B")
    low = evaluate(
        direction=Direction.LOWER,
        baseline=None,
        target=10,
        comparator=None,
        actual=12.5,
        settings=S,
    )
    assert (low.method, low.rate, low.rating_code) == (Method.INVERSE, 0.8, "B")
    zero = evaluate(
        direction=Direction.LOWER, baseline=None, target=10, comparator=None, actual=0, settings=S
    )
    assert zero.rating_code == NOT_RATED and zero.note


def test_composite_kpi_rated_per_part_and_overall_is_the_worst():
    kpi = KPIS["KPI-SM"]
    # 小 95 -> 97, actual 96: 50% C; 中 91 -> 94, actual 94: 100% A
    ev = evaluate_kpi(kpi, "R8", {"小": 96, "中": 94}, S)
    assert [(p.part, p.rate, p.rating_code) for p in ev.parts] == [
        ("小", 0.5, "C"),
        ("中", 1.0, "A"),
    ]
    assert (ev.overall.rate, ev.overall.rating_code) == (0.5, "C")
    half = evaluate_kpi(kpi, "R8", {"小": 97}, S)
    assert [p.rating_code for p in half.parts] == ["A", NOT_SUBMITTED]
    assert half.overall.rating_code == NOT_SUBMITTED
    # R10 has no target (—) for either part
    assert evaluate_kpi(kpi, "R10", {"小": 97, "中": 95}, S).overall.rating_code == NOT_RATED


def test_no_target_for_the_rounds_year_is_not_rated():
    ev = rate_of("KPI-NOTGT", 22).overall
    assert ev.rating_label == "評価対象外"
    assert ev.note == "R8目標値なし"
    later = evaluate_kpi(KPIS["KPI-NOTGT"], "R9", {None: 22}, S).overall  # 19 -> 30: 3/11
    assert later.rate_display == Decimal("0.273")


def test_missing_actual_is_not_submitted():
    assert rate_of("KPI-UP", None).overall.rating_label == "未提出"
    assert evaluate_kpi(KPIS["KPI-UP"], "R8", {}, S).overall.rating_code == NOT_SUBMITTED


def test_relisted_kpi_counted_once_in_summaries():
    inp = make_input()
    summary = summarise(inp, S)
    assert sum(summary.rating_counts.values()) == len(inp.plan.kpis) == 7
    # KPI-TH is re-listed under A1-004 (SOMU-JINJI, other category): still one KPI for 総務部
    somu = summary.by_department["SOMU"]
    assert somu.kpis == 3  # KPI-UP, KPI-DOWN, KPI-TH
    cat_b = summary.by_category[("公務効率の向上に向けた取組", "(2)", "ペーパーレス化の推進")]
    assert cat_b.ratings.get("B", 0) == 0  # KPI-TH (B) belongs to its original row's area
    assert summary.rating_counts == {"A": 1, "B": 1, "C": 3, NOT_RATED: 1, NOT_SUBMITTED: 1}
    assert summary.status_counts["未回答"] == 5
    assert (summary.received, summary.expected) == (3, 4)
