"""Hand-computed achievement rates and ratings for representative KPIs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dxreport.consolidate.summary import summarise
from dxreport.rules.achievement import (
    FULL_RATE,
    RATE_DECIMALS,
    RATE_NUMBER_FORMAT,
    RATE_PERCENT_DECIMALS,
    RATE_QUANTUM,
    Method,
    behind_target_formula,
    display_rate,
    evaluate,
    evaluate_kpi,
    format_rate,
    is_behind_target,
    kpi_behind_target,
)
from dxreport.rules.plan_model import Direction
from dxreport.rules.rating import NOT_RATED, NOT_SUBMITTED, RatingSettings
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
    # 3.999 / 4 shows as 100.0%: not behind target, so achieved and the top rating (the one
    # rule on the displayed rate; before, the raw bound decided and KPI一覧 showed 100.0% / B)
    almost = rate_of("KPI-TH", 3.999).overall
    assert almost.rate_display == Decimal("1.000")
    assert (almost.achieved, almost.rating_code) == (True, "A")
    short = rate_of("KPI-TH", 3.997).overall  # 99.925% -> 99.9%: behind
    assert (short.rate_display, short.achieved, short.rating_code) == (
        Decimal("0.999"), False, "B")


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


# -- the one "behind target" rule ------------------------------------------------------------
def behind(direction, target, actual, *, baseline=None, comparator=None) -> bool:
    return is_behind_target(direction=direction, comparator=comparator, baseline=baseline,
                            target=target, actual=actual)


def test_behind_target_is_decided_on_the_displayed_rate():
    # 69.97 / 70 = 99.957% -> shown 100.0%: not behind, and rated A (issue 10's edge)
    assert not behind(Direction.HIGHER, 70, 69.97)
    ev = evaluate(direction=Direction.HIGHER, baseline=None, target=70, comparator=None,
                  actual=69.97, settings=S)
    assert (ev.rate_display, ev.rating_code) == (Decimal("1.000"), "A")
    # 69.96 / 70 = 99.943% -> 99.9%: behind, and B
    assert behind(Direction.HIGHER, 70, 69.96)
    assert evaluate(direction=Direction.HIGHER, baseline=None, target=70, comparator=None,
                    actual=69.96, settings=S).rating_code == "B"
    # exactly half a step below 100%: 0.9995 rounds half up to 100.0%
    assert not behind(Direction.HIGHER, 2000, 1999)
    assert behind(Direction.HIGHER, 2000, 1998.9)  # 0.99945 -> 99.9%
    # progress from a baseline: (57.4-52.79)/(57.41-52.79) = 99.78% -> behind
    assert behind(Direction.HIGHER, 57.41, 57.4, baseline=52.79)
    assert not behind(Direction.HIGHER, 57.4, 57.4, baseline=52.79)
    assert not behind(Direction.HIGHER, 57.4, 80, baseline=52.79)  # beyond the target
    assert behind(Direction.HIGHER, 57.4, 50, baseline=52.79)  # negative progress


def test_behind_target_lower_is_better():
    # from a baseline (paper use 87,615 -> 69,540): 69,549 is 99.95% of the way -> 100.0%
    assert not behind(Direction.LOWER, 69540, 69549, baseline=87615)
    assert behind(Direction.LOWER, 69540, 69560, baseline=87615)  # 99.89% -> 99.9%
    assert not behind(Direction.LOWER, 69540, 60000, baseline=87615)  # beyond: below
    assert behind(Direction.LOWER, 69540, 90000, baseline=87615)  # went the wrong way
    # without a baseline: target / actual. 10 / 10.004 = 99.96% -> 100.0%; 10 / 10.006 -> 99.9%
    assert not behind(Direction.LOWER, 10, 10.004)
    assert behind(Direction.LOWER, 10, 10.006)
    assert not behind(Direction.LOWER, 10, 9)
    # an actual of 0 has no rate (評価対象外) but is plainly not above the target
    assert not behind(Direction.LOWER, 10, 0)


def test_behind_target_thresholds():
    # 以上: 94.96 / 95 = 99.958% -> 100.0%: met as displayed; 94.9 / 95 -> 99.9%: behind
    assert not behind(Direction.THRESHOLD, 95, 94.96, comparator="以上")
    assert behind(Direction.THRESHOLD, 95, 94.9, comparator="以上")
    assert not behind(Direction.HIGHER, 4, 4, comparator="以上")
    # 以下: 10 / 10.004 -> 100.0% met; 10 / 12.5 = 80% behind; 0 has no rate, plainly met
    assert not behind(Direction.THRESHOLD, 10, 10.004, comparator="以下")
    assert behind(Direction.THRESHOLD, 10, 12.5, comparator="以下")
    assert not behind(Direction.THRESHOLD, 10, 0, comparator="以下")
    # a bound of 0 (no rate): the plain comparison
    assert not behind(Direction.THRESHOLD, 0, 0, comparator="以上")
    assert behind(Direction.THRESHOLD, 0, -1, comparator="以上")


def test_behind_target_for_composite_parts():
    kpi = KPIS["KPI-SM"]  # 小 95 -> 97, 中 91 -> 94
    assert not kpi_behind_target(kpi, "R8", "小", 96.9992)  # 1.9992 / 2 = 99.96% -> 100.0%
    assert kpi_behind_target(kpi, "R8", "小", 96.99)  # 99.5%
    assert not kpi_behind_target(kpi, "R8", "中", 94)
    assert not kpi_behind_target(kpi, "R10", "小", 0)  # no target that year
    ev = evaluate_kpi(kpi, "R8", {"小": 96.9992, "中": 93.99}, S)
    assert [p.rating_code for p in ev.parts] == ["A", "B"]  # 中: 99.67% -> B, behind
    assert kpi_behind_target(kpi, "R8", "中", 93.99)
    assert ev.overall.rating_code == "B"


def test_rating_top_band_exactly_when_not_behind():
    """Over a sweep of actuals around each kind of target, A ⇔ not behind (default bands)."""
    cases = [
        (Direction.HIGHER, None, 70, None),
        (Direction.HIGHER, 52.79, 57.4, None),
        (Direction.LOWER, 87615, 69540, None),
        (Direction.LOWER, None, 10, None),
        (Direction.HIGHER, 100, 100, None),
        (Direction.THRESHOLD, None, 4, "以上"),
        (Direction.THRESHOLD, None, 10, "以下"),
    ]
    for direction, baseline, target, comparator in cases:
        for step in range(-40, 41):
            actual = round(target * (1 + step / 20000), 6)
            ev = evaluate(direction=direction, baseline=baseline, target=target,
                          comparator=comparator, actual=actual, settings=S)
            is_behind = behind(direction, target, actual, baseline=baseline,
                               comparator=comparator)
            assert (ev.rating_code == "A") is (not is_behind), (direction, target, actual)
            if ev.rate_display is not None:
                assert is_behind is (ev.rate_display < FULL_RATE)


def test_display_precision_has_one_home():
    precision = (RATE_PERCENT_DECIMALS, RATE_DECIMALS, RATE_QUANTUM)
    assert precision == (1, 3, Decimal("0.001"))
    assert RATE_NUMBER_FORMAT == "0.0%"
    assert format_rate(Decimal("0.999")) == "99.9%"
    assert format_rate(FULL_RATE) == "100.0%"


def test_behind_target_formula_text():
    f = behind_target_formula(Method.PROGRESS, "F5", "G5", "K5")
    assert f == "ROUND((K5-F5)/(G5-F5),3)<1"
    assert behind_target_formula(Method.RATIO, "F5", "G5", "K5") == (
        "IF(G5>0,ROUND(K5/G5,3)<1,K5<G5)")
    assert behind_target_formula(Method.AT_MOST, "F5", "G5", "K5") == (
        "IF(K5>0,ROUND(G5/K5,3)<1,K5>G5)")
