"""Rating thresholds are configurable; bad settings give a Japanese error naming the key."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dxreport.errors import UserError
from dxreport.rules.achievement import evaluate
from dxreport.rules.plan_model import Direction
from dxreport.rules.rating import RatingSettings


def test_defaults_are_documented_bands():
    s = RatingSettings()
    assert [(b.code, b.label, b.min_percent) for b in s.bands] == [
        ("A", "A（達成）", Decimal(100)),
        ("B", "B（概ね達成）", Decimal(80)),
        ("C", "C（進捗に遅れ）", Decimal(50)),
        ("D", "D（大幅な遅れ）", None),
    ]


def test_custom_thresholds_change_the_rating():
    s = RatingSettings.from_mapping(
        {
            "bands": [
                {"code": "A", "label": "達成", "min_percent": 100},
                {"code": "B", "label": "順調", "min_percent": 70},
                {"code": "C", "label": "遅れ", "min_percent": None},
            ]
        },
        source="設定.toml",
    )
    ev = evaluate(
        direction=Direction.HIGHER,
        baseline=None,
        target=100,
        comparator=None,
        actual=75,
        settings=s,
    )
    assert ev.rating_label == "順調"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (
            {
                "bands": [
                    {"code": "A", "label": "A", "min_percent": 80},
                    {"code": "B", "label": "B", "min_percent": 90},
                    {"code": "C", "label": "C", "min_percent": None},
                ]
            },
            "bands",
        ),
        (
            {
                "bands": [
                    {"code": "A", "label": "A", "min_percent": "abc"},
                    {"code": "B", "label": "B", "min_percent": None},
                ]
            },
            "bands[1].min_percent",
        ),
        ({"review_high_percent": 50}, "review_high_percent"),
        ({"not_rated_label": "未提出"}, "not_rated_label"),
        ({"unknown_key": 1}, "unknown_key"),
    ],
)
def test_bad_settings_name_the_key(data, key):
    with pytest.raises(UserError) as err:
        RatingSettings.from_mapping(data, source="設定.toml")
    text = str(err.value)
    assert "設定.toml" in text and key in text
    assert "正しくありません" in text
