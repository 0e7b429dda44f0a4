"""Achievement rate (達成率) and rating (評価) of a KPI for one round: pure functions.

Rules (the 計算方法 sheet explains the same in Japanese; the workbook writes the same
arithmetic as Excel formulas, so the two must change together):

* The round's year (e.g. `R8`) selects the target. No target for that year (`—`, or the year
  missing) -> 評価対象外. No actual -> 未提出.
* Threshold targets (`4以上`, comparator 以上/以下): achieved when actual >= bound (以下: <=).
  Rate for display: actual / bound (以下: bound / actual). Achieved -> the top rating.
* Otherwise, with a baseline that differs from the target: rate = (actual - baseline) /
  (target - baseline). This one formula serves both directions: when lower is better the
  numerator and denominator are both negative. Moving away from the target gives a negative
  rate (the lowest rating).
* Without a baseline, or when baseline == target (a "keep at least" target): higher is better
  -> actual / target; lower is better -> target / actual.
* A rate that would divide by zero is not computed: 評価対象外 with the reason.
* The rate is displayed rounded to `RATE_PERCENT_DECIMALS` decimals of a percent (0.1%), half
  up. Everything is decided on that displayed figure, never on the raw quotient:
  - **behind target** (`is_behind_target`) means the displayed rate is below 100.0%, for every
    method; a reader who sees 100.0% never hears "behind". The validator (V011), the survey's
    in-sheet check (`behind_target_formula`), the demo's simulator and the rating all ask it.
  - the rating band is chosen on the displayed rate; a threshold KPI (`以上`/`以下`) is
    achieved, and takes the top band, exactly when it is not behind.
  Only when no rate can be computed (a threshold target of 0, an actual of 0 against a
  `以下` or lower-is-better target) is "behind" the plain comparison of actual and target.
* Composite KPIs (`小 95% 中 91%`) are rated per part; the overall rating is the lowest part
  rating (both school levels must reach the target for 達成), the overall rate the lowest
  part rate. A part without an actual makes the overall 未提出.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from dxreport.messages import msg
from dxreport.rules.plan_model import YEARS, Direction, Kpi, Quantity
from dxreport.rules.rating import NOT_RATED, NOT_SUBMITTED, RatingSettings

RATE_PERCENT_DECIMALS = 1
"""Display precision of a rate: decimals of a percent (1 -> 99.9%). The one copy of the number:
KPI一覧, the ratings, the validator and the survey's in-sheet check all round to it."""
RATE_DECIMALS = RATE_PERCENT_DECIMALS + 2
"""The same precision for a rate held as a fraction (1.0 = 100%), as `ROUND(rate, 3)` takes it."""
RATE_QUANTUM = Decimal(1).scaleb(-RATE_DECIMALS)
"""One unit of the displayed rate as a fraction: 0.001 (0.1%)."""
FULL_RATE = Decimal(1)
"""100%: a displayed rate below it is behind target."""
RATE_NUMBER_FORMAT = "0." + "0" * RATE_PERCENT_DECIMALS + "%"
"""Excel number format that shows a rate (a fraction) as displayed: `0.0%`."""


class Method(StrEnum):
    PROGRESS = "progress"  # (実績値 − 基準値) ÷ (目標値 − 基準値)
    RATIO = "ratio"  # 実績値 ÷ 目標値
    INVERSE = "inverse"  # 目標値 ÷ 実績値
    AT_LEAST = "at_least"  # 実績値 ÷ 目標値; achieved when 実績値 ≥ 目標値
    AT_MOST = "at_most"  # 目標値 ÷ 実績値; achieved when 実績値 ≤ 目標値
    WORST_PART = "worst_part"  # composite: lowest part


class Achievement(BaseModel):
    """The result for one KPI (or one part `小`/`中` of a composite KPI) in one round."""

    model_config = ConfigDict(frozen=True)

    part: str | None = None  # "小" / "中", None for a simple KPI or the overall of a composite
    baseline: float | None = None
    target: float | None = None
    actual: float | None = None
    method: Method | None = None
    rate: float | None = None  # unrounded fraction (1.0 = 100%)
    rate_display: Decimal | None = None  # rounded to RATE_QUANTUM (0.1%), half up
    achieved: bool | None = None  # threshold KPIs only: not behind target
    rating_code: str  # band code (A, B, ...), NOT_RATED or NOT_SUBMITTED
    rating_label: str
    note: str | None = None  # why 評価対象外 / how it was derived

    @property
    def is_rated(self) -> bool:
        return self.rating_code not in (NOT_RATED, NOT_SUBMITTED)


class KpiEvaluation(BaseModel):
    model_config = ConfigDict(frozen=True)

    kpi_id: str
    year: str
    parts: list[Achievement]  # [] for a simple KPI
    overall: Achievement


def quantity_value(q: Quantity | None, part: str | None) -> float | None:
    """The number a quantity holds for `part` (`小`/`中`), or its value for a simple KPI."""
    if q is None:
        return None
    if part is None:
        return q.value
    for p in q.parts or ():
        if p.label == part:
            return p.value
    return None


def choose_method(
    direction: Direction,
    comparator: str | None,
    baseline: float | None,
    target: float,
) -> Method:
    """Which formula applies, from the direction, the target's comparator and the baseline."""
    if comparator == "以下":
        return Method.AT_MOST
    if comparator == "以上" or direction is Direction.THRESHOLD:
        return Method.AT_LEAST
    if baseline is not None and baseline != target:
        return Method.PROGRESS
    return Method.INVERSE if direction is Direction.LOWER else Method.RATIO


def compute_rate(
    method: Method, baseline: float | None, target: float, actual: float
) -> float | None:
    """The unrounded rate; None when it would divide by zero (or by a non-positive actual).

    The arithmetic is exactly the workbook formula's, in the same order, so that a
    spreadsheet's recalculation gives the same double.
    """
    if method is Method.PROGRESS:
        assert baseline is not None
        return (actual - baseline) / (target - baseline)
    if method in (Method.RATIO, Method.AT_LEAST):
        return actual / target if target > 0 else None
    if method in (Method.INVERSE, Method.AT_MOST):
        return target / actual if actual > 0 else None
    raise ValueError(method)


THRESHOLD_METHODS = frozenset({Method.AT_LEAST, Method.AT_MOST})


def display_rate(rate: float) -> Decimal:
    """The rate as displayed: rounded to `RATE_QUANTUM` half up, as Excel's ROUND(x, 3) does.

    `repr` gives the shortest decimal that round-trips, the same decimal a spreadsheet shows,
    so 0.8245 rounds to 0.825 although its binary value is a hair below. A rate beyond any
    float (an absurd actual over a tiny target) stays infinite; a huge finite one is rounded
    with enough digits (a float has at most 309) instead of failing in the default context.
    """
    exact = Decimal(repr(rate))
    if not exact.is_finite():
        return exact
    with localcontext() as ctx:
        ctx.prec = 330
        return exact.quantize(RATE_QUANTUM, rounding=ROUND_HALF_UP)


def format_rate(rate_display: Decimal) -> str:
    """A displayed rate as text, as the workbooks show it: `99.9%`."""
    return f"{rate_display * 100:.{RATE_PERCENT_DECIMALS}f}%"


def _behind(method: Method, target: float, actual: float, shown: Decimal | None) -> bool:
    """Behind target, given the displayed rate (`None` when no rate can be computed)."""
    if shown is not None:
        return shown < FULL_RATE
    # No rate to show (a zero divisor): the plain comparison in the method's direction.
    if method in (Method.RATIO, Method.AT_LEAST):
        return actual < target
    return actual > target


def is_behind_target(
    *,
    direction: Direction,
    comparator: str | None,
    baseline: float | None,
    target: float,
    actual: float,
) -> bool:
    """Whether `actual` falls short of `target` as a reader of KPI一覧 sees it.

    Decided on the displayed rate (below 100.0% is behind), whatever the direction: higher or
    lower is better, a `以上`/`以下` threshold, or one part (`小`/`中`) of a composite KPI
    (pass that part's baseline and target). 69.97 against 70 shows 100.0%: not behind.
    """
    method = choose_method(direction, comparator, baseline, target)
    rate = compute_rate(method, baseline, target, actual)
    return _behind(method, target, actual, display_rate(rate) if rate is not None else None)


def kpi_behind_target(kpi: Kpi, year: str, part: str | None, actual: float) -> bool:
    """`is_behind_target` for a plan KPI (or its part) in the round's `year`; no target: False."""
    target_q = kpi.targets.get(year)
    target = quantity_value(target_q, part)
    if target_q is None or target is None:
        return False
    return is_behind_target(
        direction=kpi.direction,
        comparator=target_q.comparator,
        baseline=quantity_value(kpi.baseline, part),
        target=target,
        actual=actual,
    )


# -- the same rules as spreadsheet formulas ----------------------------------------------------
# Workbooks recompute what Python decides (KPI一覧's 達成率/評価, the survey's 入力チェック), so
# their formula text is generated here, next to the arithmetic and precision it must match.


def rate_formula(method: Method, baseline: str, target: str, actual: str) -> str:
    """Excel expression (no leading `=`) of `compute_rate` over cell references, same order."""
    if method is Method.PROGRESS:
        return f"({actual}-{baseline})/({target}-{baseline})"
    if method in (Method.RATIO, Method.AT_LEAST):
        return f"{actual}/{target}"
    if method in (Method.INVERSE, Method.AT_MOST):
        return f"{target}/{actual}"
    raise ValueError(method)


def displayed_rate_formula(rate: str) -> str:
    """Excel expression of `display_rate` applied to the rate expression `rate`."""
    return f"ROUND({rate},{RATE_DECIMALS})"


def behind_target_formula(method: Method, baseline: str, target: str, actual: str) -> str:
    """Excel condition (TRUE when behind) equal to `is_behind_target` for a numeric actual.

    The guards are those of `compute_rate`, so a zero divisor never shows #DIV/0!.
    """
    shown = displayed_rate_formula(rate_formula(method, baseline, target, actual))
    behind = f"{shown}<{FULL_RATE}"
    if method is Method.PROGRESS:
        return behind
    if method in (Method.RATIO, Method.AT_LEAST):
        return f"IF({target}>0,{behind},{actual}<{target})"
    if method in (Method.INVERSE, Method.AT_MOST):
        return f"IF({actual}>0,{behind},{actual}>{target})"
    raise ValueError(method)


def evaluate(
    *,
    direction: Direction,
    baseline: float | None,
    target: float | None,
    comparator: str | None,
    actual: float | None,
    settings: RatingSettings,
    part: str | None = None,
    year: str = "R8",
) -> Achievement:
    """Rate and rating of one value. See the module docstring for the rules."""
    common: dict[str, Any] = {
        "part": part, "baseline": baseline, "target": target, "actual": actual
    }
    if target is None:
        return Achievement(
            **common,
            rating_code=NOT_RATED,
            rating_label=settings.label(NOT_RATED),
            note=msg("cons_note_no_target", year=year),
        )
    method = choose_method(direction, comparator, baseline, target)
    if actual is None:
        return Achievement(
            **common,
            method=method,
            rating_code=NOT_SUBMITTED,
            rating_label=settings.label(NOT_SUBMITTED),
        )
    rate = compute_rate(method, baseline, target, actual)
    shown = display_rate(rate) if rate is not None else None
    achieved = (
        not _behind(method, target, actual, shown) if method in THRESHOLD_METHODS else None
    )
    if rate is None or shown is None:
        if achieved is None:
            return Achievement(
                **common,
                method=method,
                rating_code=NOT_RATED,
                rating_label=settings.label(NOT_RATED),
                note=msg("cons_note_not_computable"),
            )
        band = settings.bands[0] if achieved else settings.bands[-1]
        return Achievement(
            **common,
            method=method,
            achieved=achieved,
            rating_code=band.code,
            rating_label=band.label,
            note=msg("cons_note_threshold_no_rate"),
        )
    band = settings.band_for(shown, achieved=achieved)
    return Achievement(
        **common,
        method=method,
        rate=rate,
        rate_display=shown,
        achieved=achieved,
        rating_code=band.code,
        rating_label=band.label,
    )


def evaluate_kpi(
    kpi: Kpi,
    year: str,
    actuals: Mapping[str | None, float | None],
    settings: RatingSettings,
) -> KpiEvaluation:
    """Evaluate a KPI for the round's `year`; `actuals`: part label (None if simple) -> value."""
    target_q = kpi.targets.get(year)
    if target_q is not None and target_q.is_absent:
        target_q = None
    comparator = target_q.comparator if target_q is not None else None
    labels = kpi.part_labels

    def one(part: str | None) -> Achievement:
        return evaluate(
            direction=kpi.direction,
            baseline=quantity_value(kpi.baseline, part),
            target=quantity_value(target_q, part),
            comparator=comparator,
            actual=actuals.get(part),
            settings=settings,
            part=part,
            year=year,
        )

    if not labels:
        return KpiEvaluation(kpi_id=kpi.id, year=year, parts=[], overall=one(None))
    parts = [one(label) for label in labels]
    return KpiEvaluation(
        kpi_id=kpi.id, year=year, parts=parts, overall=combine_parts(parts, settings)
    )


def combine_parts(parts: list[Achievement], settings: RatingSettings) -> Achievement:
    """Overall result of a composite KPI: the lowest part rating and the lowest part rate."""
    if any(p.rating_code == NOT_SUBMITTED for p in parts):
        code = NOT_SUBMITTED
        rated: list[Achievement] = []
    else:
        rated = [p for p in parts if p.is_rated]
        if not rated:
            return Achievement(
                method=Method.WORST_PART,
                rating_code=NOT_RATED,
                rating_label=settings.label(NOT_RATED),
                note=parts[0].note if parts else None,
            )
        code = max((p.rating_code for p in rated), key=settings.rank)
    rates = [p.rate for p in rated]
    rate = min(rates) if rated and all(r is not None for r in rates) else None  # type: ignore[type-var]
    achieved_flags = [p.achieved for p in rated]
    achieved = all(achieved_flags) if rated and all(a is not None for a in achieved_flags) else None
    return Achievement(
        method=Method.WORST_PART,
        rate=rate,
        rate_display=display_rate(rate) if rate is not None else None,
        achieved=achieved,
        rating_code=code,
        rating_label=settings.label(code),
    )


# -- on the path to the plan's last target ------------------------------------------------------
class PathJudgement(BaseModel):
    """Whether an actual of one round is on the plan's path to its last target (R12)."""

    model_config = ConfigDict(frozen=True)

    on_path: bool | None  # None: not judged (`note` says why)
    expected: dict[str | None, float | None]  # the path's value at that round, per part
    note: str | None = None


def path_value(kpi: Kpi, year: str, mid_year: bool, part: str | None,
               years: tuple[str, ...] = YEARS) -> float | None:
    """The value the plan's path reaches at a round: the year's target at 年度末, half-way from
    the previous year's target (the baseline before the first year) at 中間; a year without a
    target lies on the straight line between the nearest points that have one. None where the
    path is not defined (no earlier point, or no later target)."""
    points: dict[int, float] = {}
    base = quantity_value(kpi.baseline, part)
    if base is not None:
        points[0] = base
    for i, y in enumerate(years):
        v = quantity_value(kpi.targets.get(y), part)
        if v is not None:
            points[2 * i + 2] = v
    t = 2 * years.index(year) + (1 if mid_year else 2)
    if t in points:
        return points[t]
    before = [p for p in points if p < t]
    after = [p for p in points if p > t]
    if not before or not after:
        return None
    a, b = max(before), min(after)
    return points[a] + (points[b] - points[a]) * (t - a) / (b - a)


def on_path(kpi: Kpi, year: str, mid_year: bool, actuals: Mapping[str | None, float | None],
            years: tuple[str, ...] = YEARS) -> PathJudgement:
    """Is the actual of the round (`year`, 中間 when `mid_year`) on the path to the target of
    the plan's last year? The one rule the 推移 sheet and `Round.history()` use.

    The path's value at the round (`path_value`) is taken as that round's target and judged
    by the one "behind target" rule (`is_behind_target`, on the displayed rate, with the
    KPI's baseline and direction and the comparator of the last year's target): on the path
    when not behind. A composite KPI is on the path when every part is. Not judged: no target
    for the last year, no actual, or no path value at that round."""
    labels: list[str | None] = [*kpi.part_labels] or [None]
    final = kpi.targets.get(years[-1])
    expected = {p: path_value(kpi, year, mid_year, p, years) for p in labels}
    if final is None or final.is_absent:
        return PathJudgement(on_path=None, expected=expected,
                             note=msg("path_no_final", last=years[-1]))
    if any(actuals.get(p) is None for p in labels):
        return PathJudgement(on_path=None, expected=expected, note=msg("path_no_actual"))
    if any(v is None for v in expected.values()):
        return PathJudgement(on_path=None, expected=expected, note=msg("path_no_point"))
    behind = [
        is_behind_target(direction=kpi.direction, comparator=final.comparator,
                         baseline=quantity_value(kpi.baseline, p),
                         target=expected[p], actual=actuals[p])  # type: ignore[arg-type]
        for p in labels
    ]
    return PathJudgement(on_path=not any(behind), expected=expected)
