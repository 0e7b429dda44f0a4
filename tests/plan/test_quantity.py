"""Values as written in the plan: parsing, and the format -> parse round trip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dxreport.plan.quantity import (
    QuantityError,
    format_quantity,
    infer_direction,
    parse_quantity,
    with_unit,
)
from dxreport.rules.plan_model import Quantity, QuantityPart


@pytest.mark.parametrize("text,value,unit,comparator", [
    ("120,000件", 120000, "件", None),
    ("52.79%", 52.79, "%", None),
    ("4以上", 4, None, "以上"),
    ("143隻以上", 143, "隻", "以上"),
    ("73万PV", 730000, "PV", None),
    ("87,615千枚", 87615, "千枚", None),
    ("160.5h/月", 160.5, "h/月", None),
    ("2,341,280PV", 2341280, "PV", None),
    ("289,160人泊", 289160, "人泊", None),
    ("1000", 1000, None, None),
    ("0件", 0, "件", None),
    ("100,000ユーザー", 100000, "ユーザー", None),
])
def test_parse_simple(text, value, unit, comparator):
    q = parse_quantity(text)
    assert (q.text, q.value, q.unit, q.comparator, q.parts) == (text, value, unit, comparator,
                                                                None)


@pytest.mark.parametrize("text", ["—", "-", "―", " — "])
def test_absent(text):
    q = parse_quantity(text)
    assert q.is_absent and q.value is None and q.unit is None


def test_parts_with_and_without_unit():
    q = parse_quantity("小 95% 中 91%")
    assert q.parts == [QuantityPart(label="小", value=95), QuantityPart(label="中", value=91)]
    assert q.unit == "%" and q.value is None and not q.is_absent
    q = parse_quantity("小 3.0 中 2.9")
    assert [p.value for p in q.parts] == [3.0, 2.9] and q.unit is None


@pytest.mark.parametrize("text", ["たくさん", "約100件", "100件 200件", "小 95% 中 91件", "1,00件",
                                  "12..5%"])
def test_unparseable(text):
    with pytest.raises(QuantityError):
        parse_quantity(text)


def test_unit_inherited_but_text_kept():
    q = with_unit(parse_quantity("300"), "件")
    assert (q.text, q.value, q.unit) == ("300", 300, "件")
    assert with_unit(parse_quantity("—"), "件").unit is None


def test_direction():
    p = parse_quantity
    assert infer_direction(p("160.5h/月"), [p("158h/月"), p("—")]) == "lower"
    assert infer_direction(p("—"), [p("4以上")]) == "threshold"
    assert infer_direction(p("19%"), [p("30%"), p("100%"), p("—")]) == "higher"
    assert infer_direction(p("100%"), [p("100%")]) == "higher"


units = st.sampled_from([None, "件", "%", "PV", "千枚", "h/月", "人泊", "ユーザー", "隻", "DL"])
values = st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False).map(float)


@given(value=values, unit=units, comparator=st.sampled_from([None, "以上", "以下"]))
def test_format_parse_round_trip(value, unit, comparator):
    q = Quantity(text=format_quantity(value, unit, comparator), value=value, unit=unit,
                 comparator=comparator)
    assert parse_quantity(q.text) == q


@given(labels=st.lists(st.sampled_from(["小", "中", "高"]), min_size=2, max_size=3, unique=True),
       data=st.data(), unit=st.sampled_from([None, "%", "点"]))
def test_parts_round_trip(labels, data, unit):
    parts = [QuantityPart(label=lbl, value=data.draw(values)) for lbl in labels]
    q = Quantity(text=format_quantity(None, unit, parts=parts), unit=unit, parts=parts)
    assert parse_quantity(q.text) == q


@pytest.mark.parametrize("text", ["120,000件", "52.79%", "4以上", "143隻以上", "160.5h/月",
                                  "小 95% 中 91%", "—"])
def test_parse_format_parse_keeps_meaning(text):
    q = parse_quantity(text)
    again = parse_quantity(format_quantity(q.value, q.unit, q.comparator, q.parts))
    assert (again.value, again.unit, again.comparator, again.parts) == (
        q.value, q.unit, q.comparator, q.parts)
