"""推移: every KPI across the rounds of the chain, and whether it is on the path to R12.

`history_records` is the one computation: per KPI (per part of a composite one) and per round
of the chain (the earlier rounds of `ConsolidationInput.history`, then this one), the year's
target, the accepted actual, its rating (recomputed with this round's plan and rating
settings, so the rows compare) and the on-path judgement (`rules.achievement.on_path`). The
推移 sheet and `Round.history()` both show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from dxreport.consolidate.inputs import ConsolidationInput, HistoryRound, PreviousKpiValue
from dxreport.messages import msg
from dxreport.round.chain import label
from dxreport.rules.achievement import (
    Achievement,
    PathJudgement,
    evaluate_kpi,
    on_path,
    quantity_value,
)
from dxreport.rules.plan_model import YEARS, Kpi
from dxreport.rules.rating import RatingSettings
from dxreport.xlsx import palette
from dxreport.xlsx.sheet_table import Column, finish_sheet, write_table

HISTORY_COLUMNS = (
    "kpi_id", "part", "kpi_name", "division_code", "unit", "fiscal_year", "round_code",
    "round_name", "round", "current", "baseline", "target", "path_value", "actual",
    "rate", "rating", "on_path", "on_path_note",
)
"""`Round.history()`'s columns: one row per KPI (part) and round, oldest round first."""

MID = "MID"


def rounds_of(inp: ConsolidationInput) -> list[HistoryRound]:
    """The chain's rounds, oldest first, this round last (its values: this consolidation's)."""
    history = inp.history
    current = HistoryRound(
        fiscal_year=inp.fiscal_year,
        round_code=history.round_code if history is not None else "",
        round_name=inp.round_name, folder="", file_name=None,
        kpi_values=[PreviousKpiValue(kpi_id=a.kpi_id, part=a.part, value=a.value,
                                     sha256=a.trace.sha256) for a in inp.kpi_actuals])
    return [*(history.rounds if history is not None else []), current]


def round_label(r: HistoryRound) -> str:
    return label(r.fiscal_year, r.round_code, r.round_name)


@dataclass(frozen=True)
class RoundCell:
    """One KPI in one round."""

    round: HistoryRound
    actuals: dict[str | None, float | None]
    evaluation: dict[str | None, Achievement]  # per part (None: a simple KPI)
    path: PathJudgement


def _cells(kpi: Kpi, rounds: list[HistoryRound], values: list[dict[tuple[str, str | None],
           float | None]], settings: RatingSettings) -> list[RoundCell]:
    parts: list[str | None] = [*kpi.part_labels] or [None]
    out = []
    for r, vals in zip(rounds, values, strict=True):
        actuals = {p: vals.get((kpi.id, p)) for p in parts}
        ev = evaluate_kpi(kpi, r.fiscal_year, actuals, settings)
        per_part: dict[str | None, Achievement] = (
            {a.part: a for a in ev.parts} if ev.parts else {None: ev.overall})
        judged = (on_path(kpi, r.fiscal_year, r.round_code == MID, actuals)
                  if r.fiscal_year in YEARS else PathJudgement(on_path=None, expected={}))
        out.append(RoundCell(r, actuals, per_part, judged))
    return out


def kpi_rounds(inp: ConsolidationInput, settings: RatingSettings
               ) -> list[tuple[Kpi, list[RoundCell]]]:
    """Every KPI of the plan with its cells, one per round of the chain (oldest first)."""
    rounds = rounds_of(inp)
    values = [{(v.kpi_id, v.part): v.value for v in r.kpi_values} for r in rounds]
    return [(kpi, _cells(kpi, rounds, values, settings)) for kpi in inp.plan.kpis]


def parts_of(kpi: Kpi) -> list[str | None]:
    return [*kpi.part_labels] or [None]


def _verdict(j: PathJudgement) -> str:
    if j.on_path is None:
        return msg("path_not_judged")
    return msg("path_on") if j.on_path else msg("path_behind")


def history_records(inp: ConsolidationInput, settings: RatingSettings) -> list[dict[str, Any]]:
    """One record per KPI (part) and round, with `HISTORY_COLUMNS` (see the module doc)."""
    out = []
    n = len(rounds_of(inp))
    for kpi, cells in kpi_rounds(inp, settings):
        for part in parts_of(kpi):
            for i, c in enumerate(cells):
                r, a = c.round, c.evaluation[part]
                out.append({
                    "kpi_id": kpi.id, "part": part, "kpi_name": kpi.name,
                    "division_code": kpi.division_code, "unit": kpi.unit,
                    "fiscal_year": r.fiscal_year, "round_code": r.round_code,
                    "round_name": r.round_name, "round": round_label(r),
                    "current": i == n - 1,
                    "baseline": quantity_value(kpi.baseline, part),
                    "target": a.target, "path_value": c.path.expected.get(part),
                    "actual": c.actuals[part],
                    "rate": float(a.rate_display) if a.rate_display is not None else None,
                    "rating": a.rating_label, "on_path": c.path.on_path,
                    "on_path_note": c.path.note,
                })
    return out


def latest_judged(cells: list[RoundCell]) -> RoundCell:
    """The newest round in which the KPI has an actual (every part), else this round."""
    with_actual = [c for c in cells if all(v is not None for v in c.actuals.values())]
    return with_actual[-1] if with_actual else cells[-1]


def _number(v: float | None) -> float | None:
    """A number or a blank: the numeric columns of a table hold nothing else, so a pivot or a
    sum works on them (the 判定の説明 column says why a value is missing)."""
    return v


def write_history(ws: Worksheet, inp: ConsolidationInput, settings: RatingSettings,
                  table: list[tuple[Kpi, list[RoundCell]]] | None = None) -> None:
    """The 推移 sheet: the chain's notes on top, then one row per KPI (part)."""
    rounds = rounds_of(inp)
    labels = [round_label(r) for r in rounds]
    notes = [msg("cons_history_rounds", rounds="、".join(labels), current=labels[-1])]
    notes += inp.history.notes if inp.history is not None else []
    cols = [Column(msg("cons_h_kpi_id"), 11), Column(msg("cons_h_part"), 6),
            Column(msg("cons_h_kpi_name"), 30, wrap=True), Column(msg("cons_h_division"), 12,
                                                                   wrap=True),
            Column(msg("cons_h_unit"), 8), Column(msg("cons_h_baseline"), 11)]
    cols += [Column(msg("cons_h_history_target", year=y), 10) for y in YEARS]
    for lab in labels:
        cols += [Column(msg("cons_h_history_actual", round=lab), 11),
                 Column(msg("cons_h_history_rating", round=lab), 13)]
    cols += [Column(msg("cons_h_history_round"), 12), Column(msg("cons_h_history_expected"), 11),
             Column(msg("cons_h_history_judgement"), 10),
             Column(msg("cons_h_history_note"), 24, wrap=True)]
    rows: list[list[Any]] = []
    behind: set[int] = set()
    for kpi, cells in table if table is not None else kpi_rounds(inp, settings):
        judged = latest_judged(cells)
        division = inp.plan.division(kpi.division_code).name
        for part in parts_of(kpi):
            row: list[Any] = [kpi.id, part or "", kpi.name, division, kpi.unit or "",
                              _number(quantity_value(kpi.baseline, part))]
            row += [_number(quantity_value(kpi.targets.get(y), part)) for y in YEARS]
            for c in cells:
                row += [_number(c.actuals[part]), c.evaluation[part].rating_label]
            row += [round_label(judged.round), _number(judged.path.expected.get(part)),
                    _verdict(judged.path), judged.path.note or ""]
            if judged.path.on_path is False:
                behind.add(len(rows))
            rows.append(row)
    # the rounds shown and the chain's notes in the one cell above the header; rows behind the
    # path in the colour of the lowest rating. A lazy table: one row per KPI of a large plan.
    header, last = write_table(ws, cols, rows, first_row=2, alert_rows=behind, lazy=True,
                               legend="　".join(notes),
                               alert_fill=palette.fill(
                                   palette.rating_colours(len(settings.bands))[-1]))
    finish_sheet(ws, header_row=header, last_row=last, n_cols=len(cols), freeze_cols=3)


__all__ = ["HISTORY_COLUMNS", "RoundCell", "history_records", "kpi_rounds", "latest_judged",
           "parts_of", "round_label", "rounds_of", "write_history"]
