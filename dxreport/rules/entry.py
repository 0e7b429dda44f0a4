"""What a division's answer must satisfy: one rule set, two forms.

The validator (`checks.value_checks`) applies these rules to a returned survey in Python; the
survey's in-sheet 入力チェック (`survey.writer`) computes the same rules as an Excel formula
while the clerk types. Both forms are defined here, next to each other, so the sheet never says
入力済 where the validator sends the file back, and never asks for something it accepts.

The in-sheet check has three states, each a word the cell text starts with:
- 入力済 (`STATE_OK`): the validator finds no error in the row (also 「実績値なし（備考に理由）」:
  a blank actual explained in 備考 is an accepted answer);
- 要記入 (`STATE_TODO`), followed by what to do: the validator would send the file back for
  this row (the rule's code is noted beside each rule below);
- 未入力 (`STATE_EMPTY`): nothing typed in the row yet (the validator sends it back too).

Not computed in the sheet (it cannot tell, or the cell refuses it already): formulas in an input
cell (V013/V014), text over the length limit (V012, refused by the cell's input rule), and the
text an actual or date the validator reads leniently (V003, a warning): the sheet asks for a
half-width number or a date, which the validator accepts as well.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dxreport.messages import msg
from dxreport.rules.statuses import STATUSES, STATUSES_NEEDING_COMMENT

STATE_OK = msg("sv_check_ok")  # 入力済
STATE_TODO = msg("sv_check_todo")  # 要記入
STATE_EMPTY = msg("sv_check_empty")  # 未入力
STATES = (STATE_OK, STATE_TODO, STATE_EMPTY)


# -- the rules, as Python predicates ---------------------------------------------------------
def is_percent_unit(unit: str | None) -> bool:
    """A `%` KPI (full-width `％` too)."""
    return unicodedata.normalize("NFKC", unit or "").replace(" ", "") == "%"


def negative_forbidden(refs: Iterable[float]) -> bool:
    """V005: a negative actual is an error unless the baseline or a target is negative."""
    return not any(r < 0 for r in refs)


def percent_capped(unit: str | None, refs: Sequence[float]) -> bool:
    """V006: a `%` KPI whose baseline and targets are all ≤ 100 cannot exceed 100."""
    return is_percent_unit(unit) and all(r <= 100 for r in refs)


def fraction_ambiguous(unit: str | None, reference: float | None) -> bool:
    """V004: on a `%` KPI a number strictly between -1 and 1 (not 0) is 0.574% or 57.4%,
    unless the plan's own figures (`reference`: this year's target, else the baseline) are
    below 1 too."""
    return is_percent_unit(unit) and not (reference is not None and abs(reference) < 1)


# -- the same rules as the in-sheet formula --------------------------------------------------
def _q(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _todo(detail_key: str, **fields: object) -> str:
    return _q(f"{STATE_TODO}：{msg(detail_key, **fields)}")


def _blank(ref: str) -> str:
    """Excel: the cell is empty or holds spaces only, full-width (IME) spaces and line breaks
    included, as the validator's `str.strip` reads it."""
    return f'TRIM(SUBSTITUTE(SUBSTITUTE({ref},"　"," "),CHAR(10)," "))=""'


def _date(day: dt.date) -> str:
    return f"DATE({day.year},{day.month},{day.day})"


def _chain(cases: list[tuple[str, str]], otherwise: str) -> str:
    """Nested IFs: the first true condition's text, else `otherwise` (Excel IF is lazy)."""
    formula = otherwise
    for condition, text in reversed(cases):
        formula = f"IF({condition},{text},{formula})"
    return "=" + formula


@dataclass(frozen=True)
class KpiRowRule:
    """What the checks of one KPI row depend on besides the typed values: from the plan."""

    unit: str | None
    refs: tuple[float, ...]  # baseline and every target value the row shows
    reference: float | None  # this year's target, else the baseline
    fy_start: dt.date
    fy_end: dt.date


def kpi_check_formula(rule: KpiRowRule, actual: str, as_of: str, source: str, note: str,
                      behind: str | None) -> str:
    """The 入力チェック formula of a KPI row over its cells; `behind` is the row's
    `achievement.behind_target_formula` (None: no target this year). Each text fits two lines
    of the narrow check column (the 基準日 cell's input message gives the dates)."""
    a, d, s, n = actual, as_of, source, note
    cases: list[tuple[str, str]] = [
        (f"AND({_blank(a)},{_blank(d)},{_blank(s)},{_blank(n)})", _q(STATE_EMPTY)),
        # V009 / V008: a date that is not a date, or outside the fiscal year
        (f"AND(NOT({_blank(d)}),OR(NOT(ISNUMBER({d})),{d}<{_date(rule.fy_start)},"
         f"{d}>={_date(rule.fy_end + dt.timedelta(days=1))}))",
         _todo("sv_check_as_of_range")),
        # V001: no actual and no reason; with a reason it is an accepted answer
        (f"AND({_blank(a)},{_blank(n)})", _todo("sv_check_actual_missing")),
        (_blank(a), _q(f"{STATE_OK}：{msg('sv_check_actual_reason')}")),
        (f"NOT(ISNUMBER({a}))", _todo("sv_check_actual_not_number")),  # V002
    ]
    if negative_forbidden(rule.refs):
        cases.append((f"{a}<0", _todo("sv_check_negative")))  # V005
    if percent_capped(rule.unit, rule.refs):
        cases.append((f"{a}>100", _todo("sv_check_over_100")))  # V006
    if fraction_ambiguous(rule.unit, rule.reference):
        cases.append((f"AND({a}<>0,ABS({a})<1)", _todo("sv_check_fraction")))  # V004
    cases += [
        (_blank(d), _todo("sv_check_as_of_missing")),  # V020
        (_blank(s), _todo("sv_check_source_missing")),  # V021
    ]
    if behind is not None:
        cases.append((f"AND({behind},{_blank(n)})", _todo("sv_check_behind_reason")))  # V011
    return _chain(cases, _q(STATE_OK))


def initiative_check_formula(status: str, done: str, issues: str, next_steps: str) -> str:
    """The 入力チェック formula of an initiative row the division answers."""
    st = f"TRIM({status})"
    listed = ",".join(f"{st}={_q(s)}" for s in STATUSES)
    needing = ",".join(f"{st}={_q(s)}" for s in STATUSES if s in STATUSES_NEEDING_COMMENT)
    cases = [
        (f"AND({_blank(status)},{_blank(done)},{_blank(issues)},{_blank(next_steps)})",
         _q(STATE_EMPTY)),
        (_blank(status), _todo("sv_check_status_missing")),  # V015
        (f"NOT(OR({listed}))", _todo("sv_check_status_unknown")),  # V016
        (_blank(done), _todo("sv_check_done_missing")),  # V018
        (f"AND(OR({needing}),OR({_blank(issues)},{_blank(next_steps)}))",
         _todo("sv_check_comment_missing")),  # V017
    ]
    return _chain(cases, _q(STATE_OK))
