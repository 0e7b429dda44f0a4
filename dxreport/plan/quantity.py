"""Values as written in the plan (`120,000件`, `73万PV`, `4以上`, `小 95% 中 91%`, `—`) and back.

`parse_quantity` keeps the original text and the unit; it applies `万` (the unit does not say
it) but never `千` (`87,615千枚` stays 87615 in the unit `千枚`, which says it).
`format_quantity` is its inverse on the structured fields, so tests can prove the round trip.
"""

from __future__ import annotations

import re

from dxreport.rules.plan_model import Direction, Quantity, QuantityPart

ABSENT_TEXTS = frozenset({"—", "-", "―", "－", "–", "ー", ""})
COMPARATORS = ("以上", "以下")

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SIMPLE = re.compile(
    rf"^(?P<num>{_NUMBER})\s*(?P<man>万)?(?P<unit>[^\d\s]*?)\s*(?P<cmp>以上|以下)?$"
)
_PART = re.compile(rf"(?P<label>[^\d\s.,]+)\s*(?P<num>{_NUMBER})(?P<unit>[^\d\s]*)")


class QuantityError(ValueError):
    """The text is not a value the plan's notation allows."""


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def parse_quantity(text: str) -> Quantity:
    """Parse one cell of the plan. Raises `QuantityError` for text that is not a value."""
    raw = text.strip()
    if raw in ABSENT_TEXTS:
        return Quantity(text=raw)
    m = _SIMPLE.match(raw)
    if m:
        value = _number(m["num"]) * (10_000 if m["man"] else 1)
        return Quantity(
            text=raw, value=value, unit=m["unit"] or None, comparator=m["cmp"] or None
        )
    parts = _parse_parts(raw)
    if parts is not None:
        return parts
    raise QuantityError(raw)


def _parse_parts(raw: str) -> Quantity | None:
    """`小 95% 中 91%`: labelled sub-values sharing one unit."""
    pieces = raw.split()
    # Re-join "小" "95%" pairs; a piece may also carry its label ("小95%").
    joined: list[str] = []
    for piece in pieces:
        if joined and not re.search(r"\d", joined[-1]):
            joined[-1] += piece
        else:
            joined.append(piece)
    if len(joined) < 2:
        return None
    parts: list[QuantityPart] = []
    units: set[str] = set()
    for piece in joined:
        m = _PART.fullmatch(piece)
        if not m or m["label"] in COMPARATORS:
            return None
        parts.append(QuantityPart(label=m["label"], value=_number(m["num"])))
        units.add(m["unit"])
    if len(units) != 1:
        return None
    unit = units.pop() or None
    return Quantity(text=raw, value=None, unit=unit, parts=parts)


def format_number(value: float) -> str:
    """`120000.0` -> `120,000`; `52.79` -> `52.79` (shortest text that reads back exactly)."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return format(value, ",")


def format_quantity(
    value: float | None,
    unit: str | None = None,
    comparator: str | None = None,
    parts: list[QuantityPart] | None = None,
) -> str:
    """Render structured fields as plan text; `parse_quantity` reads it back to the same fields."""
    if parts:
        return " ".join(f"{p.label} {format_number(p.value or 0)}{unit or ''}" for p in parts)
    if value is None:
        return "—"
    return f"{format_number(value)}{unit or ''}{comparator or ''}"


def with_unit(q: Quantity, unit: str | None) -> Quantity:
    """A units-free value (`300`) inherits its indicator's unit; the text stays as written."""
    if q.unit is not None or unit is None or q.is_absent:
        return q
    return q.model_copy(update={"unit": unit})


def common_unit(quantities: list[Quantity]) -> str | None:
    """The indicator's unit: the first unit written among baseline and targets."""
    for q in quantities:
        if q.unit:
            return q.unit
    return None


def _headline(q: Quantity) -> float | None:
    if q.parts:
        return q.parts[0].value
    return q.value


def infer_direction(baseline: Quantity, targets: list[Quantity]) -> Direction:
    """`以上` -> threshold; latest present target below the baseline -> lower; else higher."""
    if any(q.comparator for q in (baseline, *targets)):
        return Direction.THRESHOLD
    base = _headline(baseline)
    latest = next((v for q in reversed(targets) if (v := _headline(q)) is not None), None)
    if base is not None and latest is not None and latest < base:
        return Direction.LOWER
    return Direction.HIGHER
