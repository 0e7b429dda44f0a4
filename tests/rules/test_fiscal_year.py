"""The one grammar of a year a person types: the CLI, the 年度 cell and 設定.toml use it."""

from __future__ import annotations

import pytest

from dxreport.errors import UsageError
from dxreport.rules.fiscal_year import FiscalYearError, fiscal_year_start, parse_fiscal_year


@pytest.mark.parametrize("typed", [
    "R8", "r8", "Ｒ８", " R8 ", "R08", 8, 8.0, "8", "８", "令和8", "令和8年", "令和8年度",
    "令和８年度", 2026, 2026.0, "2026", "2026年度", "２０２６",
])
def test_every_usual_way_of_writing_reiwa_8(typed):
    assert parse_fiscal_year(typed) == "R8"


@pytest.mark.parametrize(("typed", "label"), [("R12", "R12"), ("令和12年度", "R12"),
                                               (2030, "R12"), ("R9", "R9"), (9, "R9")])
def test_the_plans_other_years(typed, label):
    assert parse_fiscal_year(typed) == label


@pytest.mark.parametrize("typed", ["H30", "平成30", "0", "R", "令和", "2026-04", "abc", "", True])
def test_unreadable_years_say_how_to_write_one(typed):
    with pytest.raises(FiscalYearError) as err:
        parse_fiscal_year(typed)
    assert "R8" in err.value.message and "2026" in err.value.message


@pytest.mark.parametrize(("typed", "label"), [("R13", "R13"), (2018, None), ("令和元年度", "R1"),
                                               (2031, "R13"), ("R7", "R7")])
def test_years_outside_the_plan_are_refused_naming_its_years(typed, label):
    with pytest.raises(FiscalYearError) as err:
        parse_fiscal_year(typed)
    assert "R8〜R12" in err.value.message or "読めません" in err.value.message
    if label:
        assert label in err.value.message


def test_the_error_is_a_usage_error_and_a_value_error():
    # a CLI typo exits 2; a pydantic validator that calls the rule reports the same sentence
    assert issubclass(FiscalYearError, UsageError) and issubclass(FiscalYearError, ValueError)


def test_the_label_means_the_fiscal_year_that_starts_in_april():
    assert fiscal_year_start(parse_fiscal_year("令和8年度")) == 2026
