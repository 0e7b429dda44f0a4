"""Read what a division typed into an actual (実績値) or as-of date (基準日) cell.

People type `１２０`, `1,200`, `約120件`, `57.4%`, `73万`, `R9.3.31`. We read what is
unambiguous and say exactly what we read (status `normalised` → warning V003); we refuse to
guess when two readings are plausible (`ambiguous` → error V004) and reject what is not a
number (`invalid` → error V002). The parser never raises.

Percent KPIs and Excel's percent storage. Our surveys format percent inputs as `0.0"%"`: the
`%` is a quoted literal, so a typed `57.4` is stored as 57.4 and shown as `57.4%`. If someone
changes the cell to a real percent format (`0.0%`, `0%`), Excel stores the typed `57.4%` as
0.574; a number cell whose format has an unquoted, unescaped `%` is therefore read as
value × 100 (with a warning). A bare `0.574` in a percent KPI without such a format is
ambiguous (0.574% or 57.4%?) unless the KPI's own reference values (baseline/target) are
below 1, in which case small percentages are normal for it and the value is taken as typed.
A `%` typed as text (`0.5%`) is explicit and never ambiguous.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from openpyxl.styles.numbers import is_date_format
from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel
from pydantic import BaseModel, ConfigDict

from dxreport.messages import msg
from dxreport.rules.entry import fraction_ambiguous
from dxreport.rules.fiscal_year import western_fiscal_year_range


class ParseStatus(StrEnum):
    OK = "ok"
    NORMALISED = "normalised"  # read unambiguously after cleaning: warn, saying what was read
    AMBIGUOUS = "ambiguous"  # two or more plausible readings: error
    INVALID = "invalid"  # not a number: error
    EMPTY = "empty"


class ParsedValue(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: float | None
    status: ParseStatus
    read_as: str  # the value as we read it, for messages ('' when nothing was read)
    raw: str  # the input as text, for messages
    reason: str | None = None  # Japanese: what was normalised, or why it could not be read


class ParsedDate(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: dt.date | None
    status: ParseStatus
    read_as: str
    raw: str
    reason: str | None = None
    in_fiscal_year: bool | None = None  # None when no date was read


# ---------------------------------------------------------------------------- vocabulary
MINUS_LIKE = str.maketrans({c: "-" for c in "\u2212\u2010\u2011\u2012\u2013\ufe63"})
DASH_ONLY = {"-", "--", "—", "―", "ー", "─", "‐", "…", "・", "x", "X", "×"}
ERROR_VALUES = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!",
                "#SPILL!", "#CALC!", "#GETTING_DATA"}
NOT_AVAILABLE = ("未集計", "集計中", "調査中", "未定", "未確定", "不明", "なし", "無し",
                 "該当なし", "未把握", "未実施", "算出中", "確認中", "N/A", "NA", "n/a")
APPROX_PREFIX = ("およそ", "凡そ", "おおむね", "概ね", "だいたい", "大体", "ほぼ", "約")
APPROX_SUFFIX = ("くらい", "ぐらい", "程度", "前後", "ほど", "以上", "余り", "あまり", "位",
                 "強", "弱", "余")
BOUND_SUFFIX = ("を超える", "超え", "以下", "未満", "超")
MULTIPLIERS = (("千万", 10_000_000), ("百万", 1_000_000), ("十万", 100_000),
               ("億", 100_000_000), ("万", 10_000), ("千", 1_000))
NEGATIVE_MARKS = ("▲", "△")

WARI = "割"  # 5割 = 50%: a ratio word, meaningful only for a percent KPI
EXPONENT_RE = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))[eE]([+-]?\d{1,3})")
COMPOUND_RE = re.compile(  # 3億5000万, 3万5千, 1万2,500: kanji place words with digits between
    r"(?:(\d+(?:\.\d+)?)億)?(?:(\d{1,4}|\d(?:,\d{3})?)万)?(?:(\d)千)?(\d{1,3}(?:,\d{3})?|\d{1,4})?")
TRAILING_WORD_RE = re.compile(r"(.*?[\d万千億])([^\d万千億,.]+)")
NUMBER_RE = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|[+-]?\.\d+")
BAD_COMMA_RE = re.compile(r"[+-]?\d[\d,]*(?:\.\d*)?")
RANGE_RE = re.compile(r"\d\s*(?:[~〜]|から|-)\s*[+-]?\d")
SLASH_RE = re.compile(r"\d\s*/\s*\d")
DIGITS_RE = re.compile(r"\d+(?:[.,]\d+)*")
DATE_LIKE_RE = re.compile(  # a date needs a day (2026.5 is a number), or 年, or an era
    r"^(?:(?:19|20|21)\d{2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,2}"
    r"|(?:19|20|21)\d{2}\s*年.*"
    r"|(?:令和|平成|昭和|[RrHhSs])\s*(?:元|\d{1,2})\s*[/.\-年].*)$"
)


def _show(raw: Any) -> str:
    try:
        return raw if isinstance(raw, str) else str(raw)
    except Exception:
        return type(raw).__name__


def _fmt(d: Decimal) -> str:
    """1234.50 -> '1,234.5' (no exponent, no trailing zeros)."""
    text = f"{d.normalize():,f}"
    return "0" if text in ("-0", "0") else text


def _result(status: ParseStatus, raw: Any, value: Decimal | None = None,
            notes: list[str] | None = None) -> ParsedValue:
    reason = "、".join(notes) if notes else None
    return ParsedValue(
        value=None if value is None else float(value),
        status=status,
        read_as="" if value is None else _fmt(value),
        raw=_show(raw),
        reason=reason,
    )


def is_real_percent_format(number_format: str | None) -> bool:
    """True when the format makes Excel store percentages as fractions (`0.0%`, not `0.0"%"`)."""
    if not number_format:
        return False
    plain = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format)
    return "%" in plain


def _norm_unit(unit: str | None) -> str:
    return unicodedata.normalize("NFKC", unit or "").replace(" ", "").casefold()


# ---------------------------------------------------------------------------- actuals
def parse_actual(
    raw: Any,
    *,
    unit: str | None = None,
    percent: bool = False,
    number_format: str | None = None,
    reference: float | None = None,
) -> ParsedValue:
    """Read an actual typed by a division. Never raises.

    `unit` is the KPI's unit (`件`, `%`, `h/月`); `percent` marks a percentage KPI (also implied
    by unit `%`); `number_format` is the cell's Excel format; `reference` is a baseline or
    target of the KPI, used only to decide whether a fraction below 1 is plausible as typed.
    """
    try:
        return _parse_actual(raw, unit, percent or _norm_unit(unit) == "%", number_format,
                             reference)
    except Exception:  # defensive: arbitrary objects from a hostile file
        return _result(ParseStatus.INVALID, raw, notes=[msg("chk_why_not_number")])


def _parse_actual(raw: Any, unit: str | None, pct: bool, number_format: str | None,
                  reference: float | None) -> ParsedValue:
    if raw is None:
        return _result(ParseStatus.EMPTY, "")
    if isinstance(raw, bool):
        return _result(ParseStatus.INVALID, raw, notes=[msg("chk_why_bool")])
    if isinstance(raw, dt.date | dt.datetime | dt.time | dt.timedelta):
        return _result(ParseStatus.INVALID, raw, notes=[msg("chk_why_date")])
    if isinstance(raw, int | float | Decimal):
        if isinstance(raw, float) and not math.isfinite(raw):
            return _result(ParseStatus.INVALID, raw, notes=[msg("chk_why_not_finite")])
        d = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        if not d.is_finite():
            return _result(ParseStatus.INVALID, raw, notes=[msg("chk_why_not_finite")])
        if number_format and is_date_format(number_format):
            return _result(ParseStatus.INVALID, raw, notes=[msg("chk_why_date")])
        notes: list[str] = []
        if pct and is_real_percent_format(number_format):
            d *= 100
            if not math.isfinite(float(d)):  # a huge number becomes infinity after ×100
                return _result(ParseStatus.INVALID, raw, notes=[msg("chk_why_not_finite")])
            notes.append(msg("chk_note_excel_percent", number_format=number_format))
            return _result(ParseStatus.NORMALISED, raw, d, notes)
        return _finish(raw, d, notes, pct, reference, explicit_percent=False)
    if isinstance(raw, str):
        return _parse_text(raw, unit, pct, reference)
    return _result(ParseStatus.INVALID, raw, notes=[msg("chk_why_not_number")])


def _finish(raw: Any, d: Decimal, notes: list[str], pct: bool, reference: float | None,
            *, explicit_percent: bool) -> ParsedValue:
    if not math.isfinite(float(d)):  # 400-digit numbers overflow a float
        return _result(ParseStatus.INVALID, raw, notes=[msg("chk_why_not_finite")])
    if pct and not explicit_percent and 0 < abs(d) < 1 and fraction_ambiguous("%", reference):
        return _result(ParseStatus.AMBIGUOUS, raw, notes=[
            msg("chk_why_percent_fraction", value=_fmt(d), percent=_fmt(d * 100))])
    return _result(ParseStatus.NORMALISED if notes else ParseStatus.OK, raw, d, notes)


def _parse_text(raw: str, unit: str | None, pct: bool, reference: float | None) -> ParsedValue:
    notes: list[str] = []
    t = unicodedata.normalize("NFKC", raw).translate(MINUS_LIKE)
    t = t.strip()
    if t != raw.strip():
        notes.append(msg("chk_note_fullwidth"))
    if not t:
        return _result(ParseStatus.EMPTY, raw)
    if t in DASH_ONLY:
        return _result(ParseStatus.INVALID, raw, notes=[msg("chk_why_dash", word=t)])
    if t.upper() in ERROR_VALUES:
        return _result(ParseStatus.INVALID, raw, notes=[msg("chk_why_error_value", word=t)])
    if not any(c.isdigit() for c in t):
        word = next((w for w in NOT_AVAILABLE if w in t), None)
        if word:
            return _result(ParseStatus.INVALID, raw,
                           notes=[msg("chk_why_not_available", word=word)])
        return _result(ParseStatus.INVALID, raw, notes=[msg("chk_why_not_number")])
    if DATE_LIKE_RE.match(t):
        return _result(ParseStatus.INVALID, raw, notes=[msg("chk_why_date")])

    negative = False
    for mark in NEGATIVE_MARKS:
        if t.startswith(mark):
            t = t[len(mark):].strip()
            negative = True
            notes.append(msg("chk_note_negative_mark", mark=mark))
            break
    for word in APPROX_PREFIX:
        if t.startswith(word):
            t = t[len(word):].strip()
            notes.append(msg("chk_note_approx", word=word))
            break

    unit_n = _norm_unit(unit)
    factor = 1
    explicit_percent = False
    done: set[str] = set()
    changed = True
    while changed:  # strip trailing words in any order: 約73万PV程度, 120件くらい
        changed = False
        if "approx" not in done:
            for word in APPROX_SUFFIX:
                if t.endswith(word) and len(t) > len(word):
                    t = t[: -len(word)].strip()
                    notes.append(msg("chk_note_approx", word=word))
                    done.add("approx")
                    changed = True
                    break
        if "bound" not in done:
            for word in BOUND_SUFFIX:
                if t.endswith(word) and len(t) > len(word):
                    return _result(ParseStatus.AMBIGUOUS, raw,
                                   notes=[msg("chk_why_bound", word=word)])
        if unit_n and "unit" not in done and t.casefold().endswith(unit_n) \
                and len(t) > len(unit_n):
            t = t[: -len(unit_n)].strip()
            notes.append(msg("chk_note_unit", unit=unit))
            done.add("unit")
            explicit_percent = explicit_percent or unit_n == "%"
            changed = True
        if pct and "percent" not in done and "unit" not in done and t.endswith("%"):
            t = t[:-1].strip()
            notes.append(msg("chk_note_unit", unit="%"))
            done.add("percent")
            explicit_percent = True
            changed = True
        if "mult" not in done:
            for word, mult in MULTIPLIERS:
                head = t[: -len(word)]
                if t.endswith(word) and head.rstrip()[-1:].isdigit() \
                        and not any(w in head for w, _ in MULTIPLIERS):  # 3万5千: compound
                    refused = _multiplier_against_unit(raw, word, unit, unit_n)
                    if refused is not None:
                        return refused
                    t = t[: -len(word)].strip()
                    factor = 1 if _unit_multiplier(unit_n) == word else mult
                    if factor == 1:  # 3万 for a KPI counted in 万人: the unit's own 万
                        notes.append(msg("chk_note_unit", unit=word))
                    else:
                        notes.append(msg("chk_note_multiplier", word=word, factor=f"{mult:,}"))
                    done.add("mult")
                    changed = True
                    break
        if "mult" not in done and t.endswith(WARI) and t[:-1].rstrip()[-1:].isdigit():
            if not pct:  # 5割 of a count or an amount has no single reading
                return _result(ParseStatus.AMBIGUOUS, raw, notes=[_why_wari(unit)])
            t = t[:-1].strip()
            factor = 10
            explicit_percent = True
            notes.append(msg("chk_note_wari"))
            done.add("mult")
            changed = True

    if RANGE_RE.search(t):
        return _result(ParseStatus.AMBIGUOUS, raw, notes=[msg("chk_why_range", word=t)])
    if SLASH_RE.search(t):
        return _result(ParseStatus.AMBIGUOUS, raw, notes=[msg("chk_why_slash")])
    core = re.sub(r"^([+-])\s+", r"\1", t)
    if m := EXPONENT_RE.fullmatch(core):  # 1.2e3: Excel shows big numbers this way
        d = Decimal(m.group(1)) * Decimal(10) ** int(m.group(2))
        notes.append(msg("chk_note_exponent", word=core))
        return _finish(raw, (-d if negative else d) * factor, notes, pct, reference,
                       explicit_percent=explicit_percent)
    number, trailing = core, ""
    if not unit_n and (split := TRAILING_WORD_RE.fullmatch(core)):  # 3億5000万円, no unit
        number, trailing = split.group(1), split.group(2).strip()
    if factor == 1 and (compound := _compound(number)) is not None:
        refused = _compound_against_unit(raw, number, unit, unit_n)
        if refused is not None:
            return refused
        notes.append(msg("chk_note_compound", word=number, value=_fmt(compound)))
        if trailing:
            notes.append(msg("chk_note_unit", unit=trailing))
        return _finish(raw, -compound if negative else compound, notes, pct, reference,
                       explicit_percent=explicit_percent)
    if NUMBER_RE.fullmatch(core):
        if "," in core:
            notes.append(msg("chk_note_thousands"))
        try:
            d = Decimal(core.replace(",", ""))
        except InvalidOperation:
            return _result(ParseStatus.INVALID, raw, notes=[msg("chk_why_not_number")])
        if negative:
            d = -d
        return _finish(raw, d * factor, notes, pct, reference, explicit_percent=explicit_percent)
    if BAD_COMMA_RE.fullmatch(core):
        return _result(ParseStatus.AMBIGUOUS, raw, notes=[msg("chk_why_comma")])
    numbers = DIGITS_RE.findall(core)
    if len(numbers) >= 2:
        return _result(ParseStatus.AMBIGUOUS, raw, notes=[msg("chk_why_multiple")])
    lead = re.match(r"([+-]?(?:\d[\d,]*)(?:\.\d+)?)\s*(\D+)$", core)
    if lead:  # a number followed by a word that is not this KPI's unit
        found = lead.group(2).strip()
        if not unit_n:  # the KPI has no unit to contradict: read the number, say so
            try:
                d = Decimal(lead.group(1).replace(",", ""))
            except InvalidOperation:
                return _result(ParseStatus.INVALID, raw, notes=[msg("chk_why_not_number")])
            if found.startswith(WARI):  # 5割引, 5割程度の…: a ratio, not a count
                return _result(ParseStatus.AMBIGUOUS, raw, notes=[_why_wari(unit)])
            word_mult = next(((w, m) for w, m in MULTIPLIERS if found.startswith(w)), None)
            if word_mult and factor == 1:  # 73万件: 万 is a multiplier, 件 the word after it
                word, mult = word_mult
                factor = mult
                found = found[len(word):].strip()
                notes.append(msg("chk_note_multiplier", word=word, factor=f"{mult:,}"))
            if found:
                notes.append(msg("chk_note_unit", unit=found))
            return _finish(raw, (-d if negative else d) * factor, notes, pct, reference,
                           explicit_percent=explicit_percent)
        return _result(ParseStatus.AMBIGUOUS, raw,
                       notes=[msg("chk_why_unit_mismatch", found=found, unit=unit)])
    return _result(ParseStatus.INVALID, raw, notes=[msg("chk_why_not_number")])


def _why_wari(unit: str | None) -> str:
    if unit and unit.strip():
        return msg("chk_why_wari", unit=unit)
    return msg("chk_why_wari_no_unit")


def _unit_multiplier(unit_n: str) -> str | None:
    """The multiplier a unit starts with (`万人` → `万`, `千円` → `千`), if any."""
    return next((w for w, _ in MULTIPLIERS if unit_n.startswith(w) and len(unit_n) > len(w)),
                None)


def _multiplier_against_unit(raw: Any, word: str, unit: str | None,
                             unit_n: str) -> ParsedValue | None:
    """Refuse `3万` for a KPI counted in 千人: neither reading is safe without asking.

    A KPI whose unit already carries a multiplier (`万人`) takes the number of that unit; a
    typed `3万` is then 3 (the clerk wrote the unit's 万), but a typed `3千` would need
    a conversion by a factor the clerk did not state, and a wrong guess is 10× off.
    """
    own = _unit_multiplier(unit_n)
    if own is None or own == word:
        return None
    return _result(ParseStatus.AMBIGUOUS, raw,
                   notes=[msg("chk_why_multiplier_unit", word=word, unit=unit)])


def _compound(core: str) -> Decimal | None:
    """3万5千 → 35000, 3億5000万 → 350000000; None unless two or more place words are used."""
    m = COMPOUND_RE.fullmatch(core)
    if not m or sum(g is not None for g in m.groups()) < 2 or not any(m.groups()[:3]):
        return None
    oku, man, sen, rest = (Decimal(g.replace(",", "")) if g else Decimal(0) for g in m.groups())
    if (oku and man >= 10_000) or ((man or oku) and (sen * 1000 + rest >= 10_000)) \
            or (sen and rest >= 1000):
        return None  # 3億12345万, 3万12000: the places overlap, so no single reading
    return oku * 100_000_000 + man * 10_000 + sen * 1000 + rest


def _compound_against_unit(raw: Any, core: str, unit: str | None,
                           unit_n: str) -> ParsedValue | None:
    """A compound number for a KPI counted in 万人 would need a conversion: refuse it."""
    if _unit_multiplier(unit_n) is None:
        return None
    word = next(w for w, _ in MULTIPLIERS if w in core)
    return _result(ParseStatus.AMBIGUOUS, raw,
                   notes=[msg("chk_why_multiplier_unit", word=word, unit=unit)])


# ---------------------------------------------------------------------------- dates
ERA_BASE = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}
WESTERN_DATE_RE = re.compile(
    r"^(\d{4})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?(?:\s+0{1,2}:0{2}(?::0{2})?)?$"
)
ERA_DATE_RE = re.compile(
    r"^(令和|平成|昭和|[RHS])\s*(元|\d{1,2})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?$",
    re.IGNORECASE,
)
MAX_EXCEL_SERIAL = 2958465  # 9999-12-31


def _dated(status: ParseStatus, raw: Any, fiscal_year: int, value: dt.date | None = None,
           notes: list[str] | None = None) -> ParsedDate:
    inside = None
    if value is not None:
        start, end = western_fiscal_year_range(fiscal_year)
        inside = start <= value <= end
    return ParsedDate(
        value=value, status=status, raw=_show(raw),
        read_as="" if value is None else f"{value.year}/{value.month}/{value.day}",
        reason="、".join(notes) if notes else None, in_fiscal_year=inside,
    )


def parse_date(raw: Any, fiscal_year: int, *, epoch: dt.datetime | None = None) -> ParsedDate:
    """Read a 基準日 and say whether it lies in `fiscal_year` (western start year). Never raises.

    `epoch`: the workbook's date system (1904 for a file saved with it), for serials typed
    into a cell that is not date-formatted; Excel counts them from the same day."""
    try:
        return _parse_date(raw, fiscal_year, epoch or WINDOWS_EPOCH)
    except Exception:
        return _dated(ParseStatus.INVALID, raw, fiscal_year, notes=[msg("chk_why_date_format")])


def _parse_date(raw: Any, fy: int, epoch: dt.datetime) -> ParsedDate:
    if raw is None:
        return _dated(ParseStatus.EMPTY, "", fy)
    if isinstance(raw, bool):
        return _dated(ParseStatus.INVALID, raw, fy, notes=[msg("chk_why_bool")])
    if isinstance(raw, dt.datetime):
        return _dated(ParseStatus.OK, raw, fy, raw.date())
    if isinstance(raw, dt.date):
        return _dated(ParseStatus.OK, raw, fy, raw)
    if isinstance(raw, int | float):
        if not (isinstance(raw, int) or math.isfinite(raw)) or not 1 <= raw <= MAX_EXCEL_SERIAL:
            return _dated(ParseStatus.INVALID, raw, fy, notes=[msg("chk_why_date_number")])
        value = from_excel(raw, epoch)
        day = value.date() if isinstance(value, dt.datetime) else value
        return _dated(ParseStatus.NORMALISED, raw, fy, day,
                      [msg("chk_note_serial_date", serial=_show(raw))])
    if not isinstance(raw, str):
        return _dated(ParseStatus.INVALID, raw, fy, notes=[msg("chk_why_date_format")])
    t = unicodedata.normalize("NFKC", raw).strip()
    if not t:
        return _dated(ParseStatus.EMPTY, raw, fy)
    notes = [msg("chk_note_text_date")]
    if m := WESTERN_DATE_RE.match(t):
        y, mo, d = (int(g) for g in m.groups())
    elif m := ERA_DATE_RE.match(t):
        era = m.group(1).upper() if len(m.group(1)) == 1 else m.group(1)
        n = 1 if m.group(2) == "元" else int(m.group(2))
        y, mo, d = ERA_BASE[era] + n, int(m.group(3)), int(m.group(4))
        notes.append(msg("chk_note_era"))
    else:
        return _dated(ParseStatus.INVALID, raw, fy, notes=[msg("chk_why_date_format")])
    try:
        value = dt.date(y, mo, d)
    except ValueError:
        return _dated(ParseStatus.INVALID, raw, fy, notes=[msg("chk_why_date_invalid")])
    return _dated(ParseStatus.NORMALISED, raw, fy, value, notes)


# ---------------------------------------------------------------------------- text
def text_too_long(s: Any, limit: int) -> bool:
    """True when the text has more than `limit` characters (Unicode code points)."""
    return s is not None and len(_show(s)) > limit
