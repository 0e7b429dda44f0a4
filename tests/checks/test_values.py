"""What a clerk types into a numeric cell, and what we read from it."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dxreport.checks.values import (
    ParseStatus,
    is_real_percent_format,
    parse_actual,
    parse_date,
    text_too_long,
)
from dxreport.rules.fiscal_year import (
    fiscal_year_label,
    reiwa_fiscal_year,
    western_fiscal_year_range,
)

OK, NORM, AMB, INV, EMPTY = (ParseStatus.OK, ParseStatus.NORMALISED, ParseStatus.AMBIGUOUS,
                             ParseStatus.INVALID, ParseStatus.EMPTY)
OUR_PCT = '0.0"%"'  # the survey's percent format: literal %, value stored as typed


@pytest.mark.parametrize(
    ("raw", "kw", "status", "value"),
    [
        (120, {}, OK, 120),
        (57.4, {"unit": "%", "number_format": OUR_PCT}, OK, 57.4),
        ("120", {}, OK, 120),
        ("１２０", {}, NORM, 120),
        ("１，２００", {}, NORM, 1200),
        ("1,200", {}, NORM, 1200),
        ("－５", {}, NORM, -5),
        ("▲5", {}, NORM, -5),
        ("120件", {"unit": "件"}, NORM, 120),
        ("１２０件", {"unit": "件"}, NORM, 120),
        ("57.4%", {"unit": "%"}, NORM, 57.4),
        ("57.4％", {"percent": True, "unit": "%"}, NORM, 57.4),
        ("0.5%", {"unit": "%"}, NORM, 0.5),  # the % sign makes it explicit
        ("約120件", {"unit": "件"}, NORM, 120),
        ("120程度", {}, NORM, 120),
        ("120位", {}, NORM, 120),
        ("120件くらい", {"unit": "件"}, NORM, 120),
        ("73万", {"unit": "PV"}, NORM, 730000),
        ("73万PV", {"unit": "PV"}, NORM, 730000),
        ("87,615千枚", {"unit": "枚"}, NORM, 87_615_000),
        ("87,615千枚", {"unit": "千枚"}, NORM, 87_615),
        ("160.5h/月", {"unit": "h/月"}, NORM, 160.5),
        ("4件", {}, NORM, 4),  # a KPI without a unit: read the number, say so
        # issue 11: 万/千/割 and exponents, for every unit including none
        ("3万", {}, NORM, 30_000),
        ("73万件", {}, NORM, 730_000),  # was read as 73
        ("約73万PV程度", {}, NORM, 730_000),  # was read as 73
        ("3万", {"unit": "万人"}, NORM, 3),  # the unit's own 万
        ("3万人", {"unit": "万人"}, NORM, 3),
        ("3千", {"unit": "万人"}, AMB, None),  # would need a conversion nobody stated
        ("3万5千", {}, NORM, 35_000),
        ("3億5000万円", {}, NORM, 350_000_000),
        ("1万2,500", {"unit": "件"}, NORM, 12_500),
        ("3万12000", {}, AMB, None),  # places overlap
        ("5割", {"unit": "%"}, NORM, 50),
        ("5.5割", {"percent": True}, NORM, 55),
        ("5割", {}, AMB, None),  # was read as 5
        ("5割", {"unit": "件"}, AMB, None),
        ("1.2e3", {}, NORM, 1200),  # was called 「複数の数値」
        ("1.2E+3件", {"unit": "件"}, NORM, 1200),
        ("5e-1", {"unit": "%"}, AMB, None),  # still a fraction in a percent KPI
        ("1e999", {}, INV, None),
        (1e307, {"unit": "%", "number_format": "0.0%"}, INV, None),  # ×100 overflows
        (0.574, {"unit": "%", "number_format": "0.0%"}, NORM, 57.4),  # Excel percent storage
        (0.574, {"percent": True, "number_format": "0%"}, NORM, 57.4),
        (0.5, {"unit": "%", "number_format": OUR_PCT, "reference": 0.8}, OK, 0.5),
        (0.574, {"unit": "%", "number_format": OUR_PCT}, AMB, None),
        ("0.574", {"unit": "%"}, AMB, None),
        ("120～130", {}, AMB, None),
        ("120〜130", {}, AMB, None),
        ("120-130", {}, AMB, None),
        ("120から130", {}, AMB, None),
        ("120/130", {}, AMB, None),
        ("1,20", {}, AMB, None),
        ("120人", {"unit": "件"}, AMB, None),
        ("57.4%", {"unit": "件"}, AMB, None),
        ("小 95% 中 91%", {"unit": "%"}, AMB, None),
        ("120未満", {}, AMB, None),
        ("未集計", {}, INV, None),
        ("集計中です", {}, INV, None),
        ("-", {}, INV, None),
        ("―", {}, INV, None),
        ("#DIV/0!", {}, INV, None),
        ("abc", {}, INV, None),
        ("2027/3/31", {}, INV, None),
        ("R9.3.31", {}, INV, None),
        (dt.datetime(2027, 3, 31), {}, INV, None),
        (dt.date(2027, 3, 31), {}, INV, None),
        (46477, {"number_format": "yyyy/m/d"}, INV, None),  # a date serial in a date format
        (True, {}, INV, None),
        (float("nan"), {}, INV, None),
        (float("inf"), {}, INV, None),
        (None, {}, EMPTY, None),
        ("", {}, EMPTY, None),
        ("　 ", {}, EMPTY, None),
    ],
)
def test_examples(raw: object, kw: dict, status: ParseStatus, value: float | None) -> None:
    p = parse_actual(raw, **kw)
    assert p.status is status, p
    if value is None:
        assert p.value is None and p.read_as == ""
    else:
        assert p.value == pytest.approx(value, rel=1e-12)
    if status in (NORM, AMB, INV):
        assert p.reason, "every warning or error says why"


def test_messages_say_what_was_read() -> None:
    p = parse_actual("約73万PV", unit="PV")
    assert p.read_as == "730,000"
    assert "約" in p.reason and "万" in p.reason and "PV" in p.reason
    amb = parse_actual(0.574, unit="%", number_format=OUR_PCT)
    assert "0.574%" in amb.reason and "57.4%" in amb.reason
    pct = parse_actual(0.574, unit="%", number_format="0.0%")
    assert pct.read_as == "57.4" and "0.0%" in pct.reason


@pytest.mark.parametrize(
    ("fmt", "real"),
    [("0.0%", True), ("0%", True), ('0.0"%"', False), ("0.0\\%", False), ("General", False),
     ('[Red]0.0%;-0.0%', True), ('#,##0"件"', False), (None, False)],
)
def test_real_percent_format(fmt: str | None, real: bool) -> None:
    assert is_real_percent_format(fmt) is real


# ---------------------------------------------------------------------------- properties
FULL = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")
STYLES = {
    "plain": (lambda s: s, 1),
    "thousands": (lambda s: s, 1),
    "fullwidth": (lambda s: s.translate(FULL), 1),
    "unit": (lambda s: s + "件", 1),
    "spaced_unit": (lambda s: f"  {s} 件 ", 1),
    "approx": (lambda s: "約" + s + "件", 1),
    "about": (lambda s: s + "程度", 1),
    "man": (lambda s: s + "万", 10_000),
}
decimals = st.integers(0, 4).flatmap(
    lambda places: st.decimals(min_value=-(10**12), max_value=10**12, places=places,
                               allow_nan=False, allow_infinity=False))


@settings(max_examples=300)
@given(d=decimals, style=st.sampled_from(sorted(STYLES)))
def test_formatted_numbers_parse_back(d: Decimal, style: str) -> None:
    text = f"{d:,f}" if style in ("thousands", "fullwidth") else f"{d:f}"
    render, factor = STYLES[style]
    p = parse_actual(render(text), unit="件")
    assert p.status in (OK, NORM), (render(text), p)
    assert p.value == float(d * factor)


@settings(max_examples=200)
@given(x=st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_read_exactly(x: float) -> None:
    p = parse_actual(x, unit="件", number_format="General")
    assert p.status is OK and p.value == x


anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.decimals(),
    st.datetimes(), st.dates(), st.times(), st.binary(), st.lists(st.integers(), max_size=3),
    st.text(alphabet="0123456789,.-+~/%約万千件程度▲ 　１２３，．", max_size=12),
)
formats = st.one_of(st.none(), st.text(max_size=10),
                    st.sampled_from(["0.0%", OUR_PCT, "General", "yyyy/m/d", "@"]))


@settings(max_examples=500)
@given(raw=anything, unit=st.one_of(st.none(), st.text(max_size=3)), percent=st.booleans(),
       fmt=formats, ref=st.one_of(st.none(), st.floats()))
def test_parse_actual_never_raises(raw: object, unit: str | None, percent: bool,
                                   fmt: str | None, ref: float | None) -> None:
    p = parse_actual(raw, unit=unit, percent=percent, number_format=fmt, reference=ref)
    if p.status in (OK, NORM):
        assert p.value is not None and math.isfinite(p.value)
    else:
        assert p.value is None


UNITS = [None, "", "件", "%", "PV", "万人", "千円", "h/月"]


@settings(max_examples=400)
@given(n=st.integers(1, 99_999), word=st.sampled_from(["万", "千", "億", "割"]),
       unit=st.sampled_from(UNITS), tail=st.sampled_from(["", "件", "人", "程度", "PV"]),
       approx=st.booleans())
def test_multipliers_are_never_dropped(n: int, word: str, unit: str | None, tail: str,
                                       approx: bool) -> None:
    """`73万件` is 730,000 or refused — never 73 (a value 10,000 times too small)."""
    text = ("約" if approx else "") + f"{n}{word}{tail}"
    p = parse_actual(text, unit=unit)
    if p.status not in (OK, NORM):
        assert p.value is None and p.reason
        return
    assert p.value is not None
    factor = {"万": 10_000, "千": 1_000, "億": 100_000_000, "割": 10}[word]
    if unit and unit.startswith(word):  # the KPI counts in 万人: 3万 is 3 of its units
        assert p.value == n
    else:
        assert p.value == n * factor, (text, unit, p)


def test_huge_percent_cell_is_refused_not_infinite() -> None:
    """The flaky fuzz case: 1e307 in a `0%` cell became infinity after ×100."""
    p = parse_actual(1.7976931348623157e308, percent=True, number_format="0.0%")
    assert p.status is INV and p.value is None and p.reason


@settings(max_examples=300)
@given(raw=anything, fy=st.integers(2019, 2040))
def test_parse_date_never_raises(raw: object, fy: int) -> None:
    p = parse_date(raw, fy)
    assert (p.value is None) == (p.in_fiscal_year is None)


# ---------------------------------------------------------------------------- dates
R8 = reiwa_fiscal_year(8)


@pytest.mark.parametrize(
    ("raw", "status", "day"),
    [
        (dt.datetime(2027, 3, 31, 0, 0), OK, dt.date(2027, 3, 31)),
        (dt.date(2026, 4, 1), OK, dt.date(2026, 4, 1)),
        (46477, NORM, dt.date(2027, 3, 31)),  # Excel serial
        ("2027/3/31", NORM, dt.date(2027, 3, 31)),
        ("2027-03-31", NORM, dt.date(2027, 3, 31)),
        ("２０２７／３／３１", NORM, dt.date(2027, 3, 31)),
        ("2027年3月31日", NORM, dt.date(2027, 3, 31)),
        ("R9.3.31", NORM, dt.date(2027, 3, 31)),
        ("r9/3/31", NORM, dt.date(2027, 3, 31)),
        ("令和9年3月31日", NORM, dt.date(2027, 3, 31)),
        ("令和元年5月1日", NORM, dt.date(2019, 5, 1)),
        ("H31.4.30", NORM, dt.date(2019, 4, 30)),
        ("2027/2/30", INV, None),
        ("年度末", INV, None),
        (-5, INV, None),
        (True, INV, None),
        (None, EMPTY, None),
        ("", EMPTY, None),
    ],
)
def test_parse_date(raw: object, status: ParseStatus, day: dt.date | None) -> None:
    p = parse_date(raw, R8)
    assert p.status is status and p.value == day


def test_fiscal_year_range_for_any_reiwa_year() -> None:
    assert R8 == 2026
    assert western_fiscal_year_range(R8) == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
    assert fiscal_year_label(R8) == "令和8年度" and fiscal_year_label(2019) == "令和元年度"
    inside = [parse_date(s, R8).in_fiscal_year for s in ("2026/4/1", "R9.3.31", "R8.12.1")]
    outside = [parse_date(s, R8).in_fiscal_year for s in ("2026/3/31", "R9.4.1", "2028/1/1")]
    assert inside == [True, True, True] and outside == [False, False, False]
    for n in range(1, 30):
        fy = reiwa_fiscal_year(n)
        assert parse_date(f"令和{n}年4月1日", fy).in_fiscal_year is True
        assert parse_date(f"R{n + 1}.3.31", fy).in_fiscal_year is True
        assert parse_date(f"R{n + 1}.4.1", fy).in_fiscal_year is False


# ---------------------------------------------------------------------------- text
def test_text_too_long() -> None:
    assert not text_too_long("あ" * 200, 200)
    assert text_too_long("あ" * 201, 200)
    assert not text_too_long(None, 1)
