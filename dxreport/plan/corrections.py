"""The reviewable corrections file (`corrections.toml`): noise replacements and row decisions."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from dxreport.errors import UserError
from dxreport.messages import has, msg
from dxreport.resources import CORRECTIONS

DEFAULT_CORRECTIONS = CORRECTIONS

TEXT_FIELDS = (
    "project_name",
    "plan_text",
    "category_group",
    "category_no",
    "category_name",
    "indicator_name",
    "goal_text",
    "owner",
)
ROW_FIELDS = ("division", "category_no", "relist_kpi")
# Fields the importer reports (normalisations, corrections) that no correction can target
SPLIT_FIELDS = ("project_major", "project_minor", "project_activity", "same_indicator")

# A field's Japanese name is the master's column header where it has one
_FIELD_COLUMN = {
    "project_name": "project_name", "plan_text": "plan_text", "category_group": "group",
    "category_no": "no", "category_name": "category_name", "indicator_name": "indicator_name",
    "goal_text": "goal_text", "project_major": "project_major", "project_minor": "project_minor",
    "project_activity": "project_activity", "same_indicator": "same_as",
    "division": "division_name",
}


@functools.cache  # once per row of 正規化一覧
def field_label(key: str) -> str:
    """The Japanese name of a field (`project_name` -> 事業名（原文）) for 正規化一覧 and the
    import report; an unknown key is shown as it is."""
    if key in _FIELD_COLUMN:
        return msg(f"plan_col_{_FIELD_COLUMN[key]}")
    return msg(f"plan_field_{key}") if has(f"plan_field_{key}") else key


@functools.cache
def field_key(label: str) -> str:
    """`field_label` read back (a key typed in English, or any other text, stays as typed)."""
    keys = dict.fromkeys((*TEXT_FIELDS, *ROW_FIELDS, *SPLIT_FIELDS))
    return next((k for k in keys if field_label(k) == label), label)


@dataclass(frozen=True)
class NoiseRule:
    find: str
    replace: str
    reason: str
    fields: tuple[str, ...]  # empty: every text field


@dataclass(frozen=True)
class RowCorrection:
    initiative: str
    field: str
    source: str
    value: str
    reason: str


@dataclass(frozen=True)
class SameIndicator:
    """Two KPI IDs that are one indicator although their figures are written differently
    (`73万PV` and `730,000PV`): a reviewed decision, never inferred from figures alone."""

    kpis: tuple[str, str]
    source: str  # the notations as the plan writes them
    reason: str


@dataclass(frozen=True)
class Corrections:
    noise: tuple[NoiseRule, ...]
    rows: tuple[RowCorrection, ...]
    same: tuple[SameIndicator, ...] = ()

    def row(self, initiative_id: str, field: str) -> RowCorrection | None:
        for r in self.rows:
            if r.initiative == initiative_id and r.field == field:
                return r
        return None


def load_corrections(path: Path = DEFAULT_CORRECTIONS) -> Corrections:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UserError(msg("file_not_found", path=path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise UserError(msg("plan_corrections_invalid", path=path, detail=exc)) from exc

    def need(entry: dict, key: str, where: str) -> str:
        value = entry.get(key)
        if not isinstance(value, str) or (key == "reason" and not value.strip()):
            raise UserError(msg("plan_corrections_missing", path=path, where=where, key=key))
        return value

    noise = []
    for n, entry in enumerate(data.get("noise", []), 1):
        where = f"[[noise]] {n}"
        fields = tuple(entry.get("fields", ()))
        bad = [f for f in fields if f not in TEXT_FIELDS]
        if bad:
            raise UserError(msg("plan_corrections_field", path=path, where=where, field=bad[0]))
        noise.append(
            NoiseRule(need(entry, "find", where), need(entry, "replace", where),
                      need(entry, "reason", where), fields)
        )
    rows = []
    for n, entry in enumerate(data.get("row", []), 1):
        where = f"[[row]] {n}"
        field = need(entry, "field", where)
        if field not in ROW_FIELDS:
            raise UserError(msg("plan_corrections_field", path=path, where=where, field=field))
        rows.append(
            RowCorrection(need(entry, "initiative", where), field, entry.get("source", ""),
                          need(entry, "value", where), need(entry, "reason", where))
        )
    same = []
    for n, entry in enumerate(data.get("same_indicator", []), 1):
        where = f"[[same_indicator]] {n}"
        kpis = entry.get("kpis")
        if not (isinstance(kpis, list) and len(kpis) == 2
                and all(isinstance(k, str) and k for k in kpis) and kpis[0] != kpis[1]):
            raise UserError(msg("plan_corrections_missing", path=path, where=where, key="kpis"))
        same.append(SameIndicator((kpis[0], kpis[1]), entry.get("source", ""),
                                  need(entry, "reason", where)))
    return Corrections(tuple(noise), tuple(rows), tuple(same))
