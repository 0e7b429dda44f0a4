"""The Japanese fiscal year (April–March) and 令和 year labels, in one place."""

from __future__ import annotations

import datetime as dt
import re

REIWA_OFFSET = 2018  # 令和1年 = 2019


def reiwa_fiscal_year(reiwa: int) -> int:
    """令和8年度 -> 2026 (the western year in which the fiscal year starts)."""
    return REIWA_OFFSET + reiwa


def fiscal_year_start(label: str) -> int:
    """"R8" -> 2026; ValueError for anything but R<n>."""
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
