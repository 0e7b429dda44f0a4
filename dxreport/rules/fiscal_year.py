"""The Japanese fiscal year (April–March) and 令和 year labels, in one place."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence

from dxreport.errors import UsageError
from dxreport.messages import msg
from dxreport.rules.plan_model import YEARS

REIWA_OFFSET = 2018  # 令和1年 = 2019


class FiscalYearError(UsageError, ValueError):
    """A year that is not one of the plan's. A `ValueError` too, so a pydantic validator that
    calls `parse_fiscal_year` reports the same Japanese sentence."""


def parse_fiscal_year(value: object, years: Sequence[str] = YEARS) -> str:
    """The one grammar of a year typed by a person -> its label, e.g. "R8".

    Accepted, in the CLI, the control workbook's 年度 cell and 設定.toml alike: `R8`, `8`,
    `令和8`, `令和8年度`, `令和元年`, `2026` (a Western year from 2019 on), full-width digits
    and letters (IME input), and Excel's float `8.0`. The label must be one of the plan's
    `years` (R8–R12), so a typo is caught at `init`, not at year-end consolidation.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().upper().replace(" ", "")
    text = text.removesuffix("年度").removesuffix("年").replace("令和元", "令和1")
    m = re.fullmatch(r"(R|令和)?(\d{1,4})", text)
    label = None
    if m is not None and not isinstance(value, bool):
        n = int(m.group(2))
        if m.group(1) is None and 2019 <= n <= 2099:
            n -= REIWA_OFFSET
        if 1 <= n <= 99:
            label = f"R{n}"
    if label is None:
        raise FiscalYearError(msg("fy_bad_year", value=value, first=years[0]))
    if label not in years:
        raise FiscalYearError(msg("fy_outside_plan", value=value, label=label,
                                  first=years[0], last=years[-1]))
    return label


def reiwa_fiscal_year(reiwa: int) -> int:
    """令和8年度 -> 2026 (the western year in which the fiscal year starts)."""
    return REIWA_OFFSET + reiwa


def fiscal_year_start(label: str) -> int:
    """"R8" -> 2026, for a label `parse_fiscal_year` returned; ValueError for anything else."""
    m = re.fullmatch(r"R(\d{1,2})", label)
    if not m:
        raise ValueError(label)
    return reiwa_fiscal_year(int(m.group(1)))


def western_fiscal_year_range(start_year: int) -> tuple[dt.date, dt.date]:
    """2026 -> 2026-04-01 .. 2027-03-31."""
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


def fiscal_year_range(label: str) -> tuple[dt.date, dt.date]:
    """"R8" -> 2026-04-01 .. 2027-03-31."""
    return western_fiscal_year_range(fiscal_year_start(label))


def fiscal_year_label(start_year: int) -> str:
    """2026 -> 令和8年度 (2019 -> 令和元年度)."""
    if start_year > REIWA_OFFSET:
        n = start_year - REIWA_OFFSET
        return f"令和{'元' if n == 1 else n}年度"
    return f"{start_year}年度"


def reiwa_datetime(when: dt.datetime) -> str:
    """`when` as people write it in a 令和 document: 令和8年10月1日 9:05 (元年 for year 1),
    in the time zone it carries."""
    year = when.year - REIWA_OFFSET
    label = msg("fy_reiwa_first_year") if year == 1 else str(year)
    return msg("fy_reiwa_datetime", year=label, month=when.month, day=when.day,
               hour=when.hour, minute=when.minute)


def reiwa_date(day: dt.date, weekday: bool = True) -> str:
    """2027-04-30 -> 令和9年4月30日（金）, as the survey's own 令和 titles write dates
    (2019-05-01 -> 令和元年5月1日)."""
    n = day.year - REIWA_OFFSET
    text = msg("fy_reiwa_date", year="元" if n == 1 else n, month=day.month, day=day.day)
    if weekday:
        text += msg("fy_weekday", weekday=msg("fy_weekdays")[day.weekday()])
    return text
