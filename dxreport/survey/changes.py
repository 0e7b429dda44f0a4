"""What changed between a distribution and the master: one comparison, two uses.

populate shows it before sending a survey again (the refusal without `--regenerate`), and
consolidation shows it on 要確認 and the terminal when the master was edited after the surveys
went out (a division answered against targets or names that are no longer the plan's).

Both sides are the *shown* master values by row key, as the survey's rows carry them
(`SurveyRecord.carried`, the `cells` of each row) and as the writer would write them from the
master today (`survey.writer.kpi_master_cells` / `initiative_master_cells`): a change a clerk
could see in the sheet is a change, nothing else is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from dxreport.messages import msg
from dxreport.survey import layout as L

Kind = Literal["changed", "added", "removed", "division_name"]


@dataclass(frozen=True)
class Shown:
    """The master values one survey shows: division name and the cells of every row."""

    division_name: str
    kpi: dict[str, dict[str, Any]]  # row key -> field -> shown value
    initiative: dict[str, dict[str, Any]]

    @classmethod
    def of_carried(cls, carried: dict[str, Any]) -> Shown:
        return cls(
            division_name=str(carried.get("division_name") or ""),
            kpi={r["key"]: dict(r.get("cells") or {}) for r in carried.get("kpi_rows", [])},
            initiative={r["key"]: dict(r.get("cells") or {})
                        for r in carried.get("initiative_rows", [])},
        )


@dataclass(frozen=True)
class Change:
    kind: Kind
    key: str = ""  # row key (KPI-A04, KPI-R13#小, an initiative ID)
    name: str = ""  # the row's name, to be recognised by a person
    field: str = ""  # header text of the changed column (R8目標値)
    before: Any = None
    after: Any = None

    @property
    def text(self) -> str:
        shown = {"before": _shown(self.before), "after": _shown(self.after)}
        if self.kind == "division_name":
            return msg("sv_change_division_name", **shown)
        return msg(f"sv_change_{self.kind}", key=self.key, name=self.name, field=self.field,
                   **shown)


def _shown(value: Any) -> str:
    if value is None or value == "":
        return msg("sv_absent_value")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _row_name(cells: dict[str, Any], table: L.Table) -> str:
    field = "name" if table is L.KPI_TABLE else "project_name"
    return str(cells.get(field) or "")


def _header(table: L.Table, field: str) -> str:
    try:
        return table.column(field).header
    except StopIteration:
        return field


def _rows(sent: dict[str, dict[str, Any]], now: dict[str, dict[str, Any]],
          table: L.Table) -> list[Change]:
    out: list[Change] = []
    for key, cells in sent.items():
        if key not in now:
            out.append(Change("removed", key, _row_name(cells, table)))
            continue
        for field, before in cells.items():
            after = now[key].get(field)
            if before != after:
                out.append(Change("changed", key, _row_name(now[key], table),
                                  _header(table, field), before, after))
    out.extend(Change("added", key, _row_name(cells, table))
               for key, cells in now.items() if key not in sent)
    return out


def compare(sent: Shown, now: Shown) -> list[Change]:
    """Every change from what a survey showed (`sent`) to what it would show now."""
    out: list[Change] = []
    if sent.division_name != now.division_name:
        out.append(Change("division_name", before=sent.division_name,
                          after=now.division_name))
    out += _rows(sent.kpi, now.kpi, L.KPI_TABLE)
    out += _rows(sent.initiative, now.initiative, L.INITIATIVE_TABLE)
    return out


def summary(changes: list[Change], limit: int = 8) -> str:
    """The changes as text lines, at most `limit` of them (then how many more)."""
    lines = [c.text for c in changes[:limit]]
    if len(changes) > limit:
        lines.append(msg("sv_change_more", count=len(changes) - limit))
    return "\n".join(lines)
