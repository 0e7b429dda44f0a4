"""The on-path judgement (`achievement.on_path`) on hand-computed cases.

The path: the baseline before R8, each year's target at its 年度末, half-way at 中間, a
straight line across years without a target; judged by the displayed-rate rule."""

from __future__ import annotations

import pytest

from dxreport.rules.achievement import on_path, path_value
from dxreport.rules.plan_model import Direction, Kpi, Part, Quantity, QuantityPart


def kpi(baseline: float | None, targets: dict[str, float | None],
        direction: Direction = Direction.HIGHER) -> Kpi:
    def q(v: float | None) -> Quantity:
        return Quantity(text="—" if v is None else str(v), value=v)

    return Kpi(id="KPI-T", part=Part.ADMIN, number="1", name="試験", direction=direction,
               baseline=q(baseline), targets={y: q(v) for y, v in targets.items()},
               initiative_ids=[], division_code="D")


HIGHER = kpi(50, {"R8": 60, "R9": 70, "R10": None, "R11": None, "R12": 100})


@pytest.mark.parametrize(("year", "mid", "expected"), [
    ("R8", True, 55.0),  # half-way from the baseline 50 to the R8 target 60
    ("R8", False, 60.0),
    ("R9", True, 65.0),
    ("R10", True, 75.0),  # R9 70 → R12 100 over six half-years: 5 a half-year
    ("R10", False, 80.0),
    ("R11", False, 90.0),
    ("R12", False, 100.0),
])
def test_path_values(year, mid, expected):
    assert path_value(HIGHER, year, mid, None) == pytest.approx(expected)


@pytest.mark.parametrize(("actual", "on"), [
    (55.0, True),
    (54.99, False),  # (54.99 - 50) / (55 - 50) = 99.8%
    (54.998, True),  # 99.96% shows as 100.0%: on the path, as KPI一覧 would say
    (40.0, False),  # moving away from the target
])
def test_higher_is_better_at_r8_mid(actual, on):
    assert on_path(HIGHER, "R8", True, {None: actual}).on_path is on


def test_lower_is_better_with_only_the_last_target():
    k = kpi(100, {"R8": None, "R9": None, "R10": None, "R11": None, "R12": 60},
            Direction.LOWER)
    # R8 中間 is 1 of 10 half-years: 100 - 40 / 10 = 96
    assert path_value(k, "R8", True, None) == pytest.approx(96.0)
    assert on_path(k, "R8", True, {None: 95.0}).on_path is True
    assert on_path(k, "R8", True, {None: 97.0}).on_path is False
    # R10 年度末: 6 of 10: 76
    assert path_value(k, "R10", False, None) == pytest.approx(76.0)


def test_not_judged_without_last_target_actual_or_path_point():
    no_final = kpi(50, {"R8": 60, "R9": 70, "R10": 80, "R11": 90, "R12": None})
    j = on_path(no_final, "R8", False, {None: 60.0})
    assert j.on_path is None and "R12の目標値がない" in (j.note or "")
    assert on_path(HIGHER, "R8", False, {None: None}).on_path is None
    no_base = kpi(None, {"R8": None, "R9": 80, "R10": None, "R11": None, "R12": 100})
    j = on_path(no_base, "R8", True, {None: 90.0})
    assert j.on_path is None and "基準値がなく" in (j.note or "")
    assert on_path(no_base, "R9", False, {None: 80.0}).on_path is True


def test_a_composite_kpi_is_on_the_path_when_every_part_is():
    def parts(s: float, m: float) -> Quantity:
        return Quantity(text=f"小 {s} 中 {m}", parts=[QuantityPart(label="小", value=s),
                                                     QuantityPart(label="中", value=m)])

    k = Kpi(id="KPI-P", part=Part.REGION, number="2", name="複合", direction=Direction.HIGHER,
            baseline=parts(80, 70),
            targets={"R8": parts(84, 74), "R9": parts(88, 78), "R10": parts(92, 82),
                     "R11": parts(96, 86), "R12": parts(100, 90)},
            initiative_ids=[], division_code="D")
    j = on_path(k, "R8", False, {"小": 84.0, "中": 74.0})
    assert j.on_path is True and j.expected == {"小": 84.0, "中": 74.0}
    assert on_path(k, "R8", False, {"小": 90.0, "中": 73.0}).on_path is False
