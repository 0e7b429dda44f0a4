"""The reviewable corrections file (`corrections.toml`): noise replacements and row decisions."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from dxreport.errors import UserError
from dxreport.messages import msg
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
class Corrections:
    noise: tuple[NoiseRule, ...]
    rows: tuple[RowCorrection, ...]

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
    return Corrections(tuple(noise), tuple(rows))
