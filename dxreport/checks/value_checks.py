"""Values: what a division typed into the input cells of the rows it must answer.

Only answer rows are checked: every KPI row of the survey, and the initiative rows whose record
says `answer` (co-owned rows are shown for reference, read-only, answered by the lead).

Rules beyond reading the value (documented in the README):
- negative actual (V005): an error unless the KPI's baseline or a target is itself negative;
- percent over 100 (V006): an error for a `%` KPI whose baseline and targets are all ≤ 100
  (a rate such as 「前年比120%」 has targets above 100 and is not bounded);
- implausible (V007, warning): actual above `factor` × the largest, or (when positive) below
  the smallest ÷ `factor`, of the baseline and this year's target;
- a count typed in units for a 千-unit KPI (V019, warning, instead of V007): for 千枚, 千円 and
  the like, an actual about 1,000 times (`THOUSANDFOLD`) both the baseline and this year's
  target, the typing mistake the unit invites (871018 for 871千枚);
- behind target without a comment (V011): actual short of this year's target by the one rule
  `rules.achievement.is_behind_target` (the achievement rate as KPI一覧 displays it is below
  100.0%, whatever the direction) while 備考 is empty — the cell is 備考;
- status vs numbers (V010, warning): an initiative whose KPI (in the same survey) is behind
  this year's target marked 完了, or one whose KPI met it marked 遅れ / 未着手;
- 遅れ / 未着手 need both 課題 and 今後の対応 (V017); 実施内容・実績 is required (V018);
- a blank actual is an error (V001) unless 備考 explains it (the survey's guide asks for that);
- an actual needs its 基準日 (V020) and 出典 (V021), as the guide and the in-sheet check ask.
- a KPI row whose indicator is answered on another row (`same_as` in its record: the plan lists
  the indicator in both parts) is not read: the answer of that row is recorded for both IDs.

The error rules are those of `rules.entry`, which also writes them as the survey's in-sheet
入力チェック formula: the sheet's 要記入 and the validator's errors are one rule set.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.workbook.workbook import Workbook

from dxreport.checks.findings import Finding, finding
from dxreport.checks.structure import split_cell
from dxreport.checks.values import ParseStatus, parse_actual, parse_date, text_too_long
from dxreport.messages import msg
from dxreport.round.submitted import CellTrace, InitiativeReport, KpiActual
from dxreport.rules.achievement import is_behind_target
from dxreport.rules.entry import negative_forbidden, percent_capped
from dxreport.rules.plan_model import Direction
from dxreport.rules.statuses import STATUSES, STATUSES_NEEDING_COMMENT
from dxreport.survey import layout as L
from dxreport.survey.reader import CellRead, RowRead, SurveyReturn

EXTERNAL_REF = re.compile(r"\[[^\]]*\]|https?://|file:|\\\\|[A-Za-z]:\\", re.IGNORECASE)
KPI_TEXT_FIELDS = ("source", "note")
INITIATIVE_TEXT_FIELDS = ("done", "issues", "next_steps")


THOUSANDFOLD = (300.0, 3000.0)
"""An actual this many times the baseline and target is "about 1,000×" (V019): the raw count
typed for a 千-unit KPI, allowing for the KPI having moved a few-fold from its plan values."""


def _thousand_unit(unit: str | None) -> bool:
    """千枚, 千円, 千人: a unit the clerk must divide their count by 1,000 for."""
    text = unicodedata.normalize("NFKC", unit or "").strip()
    return text.startswith("千") and len(text) > 1


@dataclass(frozen=True)
class ValueSettings:
    fiscal_year: str  # "R8"
    fy_start_year: int  # 2026
    implausible_factor: float
    max_text_length: int


@dataclass
class ValueResult:
    findings: list[Finding] = field(default_factory=list)
    kpis: list[KpiActual] = field(default_factory=list)
    initiatives: list[InitiativeReport] = field(default_factory=list)


def _cell(wb: Workbook, ref: str) -> Any:
    """The openpyxl cell behind `sheet!A1`, or None (never creates a cell)."""
    sheet, coord = split_cell(ref)
    if sheet is None or sheet not in wb.sheetnames:
        return None
    cells = getattr(wb[sheet], "_cells", None)
    if cells is None:
        return None
    try:
        return cells.get(coordinate_to_tuple(coord))
    except (ValueError, TypeError):
        return None


def _formula(wb: Workbook, read: CellRead) -> str | None:
    """The formula text when the input cell holds a formula (data_only=False load)."""
    cell = _cell(wb, read.cell)
    value = read.value if cell is None else cell.value
    if cell is not None and cell.data_type == "f":
        text = getattr(value, "text", value)
        return str(text if text is not None else "=")
    if isinstance(value, str) and value.startswith("=") and (cell is None or
                                                            cell.data_type != "s"):
        return value
    return None


def _at(code: str, read: CellRead, **fields: Any) -> Finding:
    sheet, cell = split_cell(read.cell)
    return finding(code, sheet=sheet, cell=cell, **fields)


def _trace(read: CellRead) -> CellTrace:
    sheet, cell = split_cell(read.cell)
    return CellTrace(sheet=sheet or "", cell=cell)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return text if text.strip() else None


def _num(v: float | None) -> str:
    if v is None:
        return msg("chk_value_blank")
    return f"{v:,.10g}" if abs(v) < 1e15 else f"{v:g}"


def _quantity(rec: dict | None) -> tuple[float | None, str | None]:
    """(value, comparator) of a carried quantity (its part's value for 小/中 rows)."""
    if not rec:
        return None, None
    value = rec.get("part_value") if rec.get("part") else rec.get("value")
    return (float(value) if isinstance(value, int | float) else None), rec.get("comparator")


def record_behind_target(rec: dict[str, Any], fiscal_year: str, value: float) -> bool | None:
    """`is_behind_target` for a KPI row as the survey's record carried it; None: no target.

    The record holds the master values the survey showed (the part's for 小/中 rows), so the
    verdict is the one the in-sheet check computed and KPI一覧 will rate.
    """
    target, comparator = _quantity((rec.get("targets") or {}).get(fiscal_year))
    if target is None:
        return None
    baseline, _ = _quantity(rec.get("baseline"))
    try:
        direction = Direction(str(rec.get("direction", "")))
    except ValueError:
        direction = Direction.HIGHER
    return is_behind_target(direction=direction, comparator=comparator, baseline=baseline,
                            target=target, actual=value)


class _Checker:
    def __init__(self, wb: Workbook, s: ValueSettings) -> None:
        self.wb, self.s = wb, s
        self.result = ValueResult()
        self.kpi_state: dict[str, bool] = {}  # kpi_id -> behind this year's target
        # (row, record, status read, status cell) of answered initiatives, for V010
        self.statuses: list[tuple[RowRead, dict[str, Any], str | None, CellRead | None]] = []

    def add(self, f: Finding) -> None:
        self.result.findings.append(f)

    def formula_free(self, row: RowRead, fields: tuple[str, ...]) -> set[str]:
        """Fields of `row` whose cells hold formulas (reported; not read further)."""
        bad: set[str] = set()
        for fld in fields:
            read = row.inputs.get(fld)
            if read is None:
                continue
            formula = _formula(self.wb, read)
            if formula is not None:
                code = "V014" if EXTERNAL_REF.search(formula) else "V013"
                self.add(_at(code, read, formula=formula[:80]))
                bad.add(fld)
        return bad

    def texts(self, row: RowRead, fields: tuple[str, ...], skip: set[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for fld in fields:
            read = row.inputs.get(fld)
            if read is None or fld in skip:
                continue
            text = _text(read.value)
            if text is None:
                continue
            if text_too_long(text, self.s.max_text_length):
                self.add(_at("V012", read, length=len(text), limit=self.s.max_text_length))
            out[fld] = text
        return out

    # -- KPI rows -----------------------------------------------------------------------
    def kpi(self, row: RowRead, rec: dict[str, Any]) -> None:
        inputs = ("actual", "as_of", *KPI_TEXT_FIELDS)
        bad = self.formula_free(row, inputs)
        texts = self.texts(row, KPI_TEXT_FIELDS, bad)
        unit = rec.get("unit")
        baseline, _ = _quantity(rec.get("baseline"))
        target, _ = _quantity((rec.get("targets") or {}).get(self.s.fiscal_year))
        refs = [v for v in (baseline, *(_quantity(t)[0] for t in
                                        (rec.get("targets") or {}).values())) if v is not None]
        actual_read = row.inputs.get("actual")
        value: float | None = None
        raw: str | None = None
        if actual_read is not None and "actual" not in bad:
            cell = _cell(self.wb, actual_read.cell)
            parsed = parse_actual(actual_read.value, unit=unit,
                                  number_format=getattr(cell, "number_format", None),
                                  reference=target if target is not None else baseline)
            if parsed.status is ParseStatus.EMPTY:
                if "note" not in texts:
                    self.add(_at("V001", actual_read))
            elif parsed.status is ParseStatus.INVALID:
                self.add(_at("V002", actual_read, raw=parsed.raw, reason=parsed.reason or ""))
            elif parsed.status is ParseStatus.AMBIGUOUS:
                self.add(_at("V004", actual_read, raw=parsed.raw, reason=parsed.reason or ""))
            else:
                if parsed.status is ParseStatus.NORMALISED:
                    self.add(_at("V003", actual_read, raw=parsed.raw, read_as=parsed.read_as,
                                 reason=parsed.reason or ""))
                value = parsed.value
            if parsed.status is not ParseStatus.EMPTY and not isinstance(
                    actual_read.value, int | float):
                raw = parsed.raw
        if value is not None and actual_read is not None:
            self.plausibility(actual_read, value, unit, baseline, target, refs)
            behind = record_behind_target(rec, self.s.fiscal_year, value)
            if behind is not None:
                self.kpi_state[rec.get("kpi_id", row.key)] = behind or \
                    self.kpi_state.get(rec.get("kpi_id", row.key), False)
                if behind and "note" not in texts and "note" not in bad:
                    note = row.inputs.get("note") or actual_read
                    self.add(_at("V011", note, value=_num(value), target=_num(target)))
        as_of = self.as_of(row, bad)
        if value is not None:  # an actual says when (基準日) and where from (出典)
            for code, fld in (("V020", "as_of"), ("V021", "source")):
                read = row.inputs.get(fld)
                if read is not None and fld not in bad and _text(read.value) is None:
                    self.add(_at(code, read))
        kpi_id, part = L.split_kpi_row_key(row.key)
        self.result.kpis.append(KpiActual(
            key=row.key, kpi_id=rec.get("kpi_id", kpi_id), part_label=rec.get("part", part),
            value=value, raw=raw,
            trace=_trace(actual_read) if actual_read else CellTrace(sheet=row.sheet, cell=""),
            as_of=as_of, source=texts.get("source"), note=texts.get("note"),
        ))

    def same_indicator(self, rec: dict[str, Any]) -> None:
        """Record the answer a reference row takes (`SameIndicator`) under its own KPI ID too:
        one answer, both IDs. Nothing is read from the row itself (its 実績値 is a formula).
        When the answering row is in another division's survey, nothing is recorded here:
        consolidation takes that division's answer."""
        answered = next((k for k in self.result.kpis if k.key == rec["same_as"]["key"]), None)
        if answered is None:
            return
        self.result.kpis.append(answered.model_copy(update={
            "key": rec["key"], "kpi_id": rec["kpi_id"], "part_label": rec.get("part")}))
        if answered.kpi_id in self.kpi_state:  # V010 judges its initiatives by that answer
            self.kpi_state[rec["kpi_id"]] = self.kpi_state[answered.kpi_id]

    def typed_over_reference(self, row: RowRead, rec: dict[str, Any]) -> None:
        """V022: a value typed over a reference row's formula (the sheet unprotected) is not
        read, and the clerk is told so rather than left thinking it was."""
        read = row.inputs.get("actual")
        if read is None or read.value is None or read.value == "":
            return
        if isinstance(read.value, str) and read.value.startswith("="):
            return  # the formula as written (or any formula: V013 is for input cells)
        kpi, _part = L.split_kpi_row_key(rec["same_as"]["key"])
        self.add(_at("V022", read, value=str(read.value), kpi=kpi))

    def plausibility(self, read: CellRead, value: float, unit: str | None,
                     baseline: float | None, target: float | None, refs: list[float]) -> None:
        if value < 0 and negative_forbidden(refs):
            self.add(_at("V005", read, value=_num(value)))
            return
        if value > 100 and percent_capped(unit, refs):
            self.add(_at("V006", read, value=_num(value)))
            return
        scale = [v for v in (baseline, target) if v is not None and v > 0]
        if not scale or value < 0:
            return
        if _thousand_unit(unit) and all(THOUSANDFOLD[0] <= value / s <= THOUSANDFOLD[1]
                                        for s in scale):
            self.add(_at("V019", read, value=_num(value), baseline=_num(baseline),
                         target=_num(target), unit=unit or "",
                         suggested=_num(round(value / 1000, 1))))
            return
        f = self.s.implausible_factor
        if value > f * max(scale) or (0 < value < min(scale) / f):
            self.add(_at("V007", read, value=_num(value), baseline=_num(baseline),
                         target=_num(target), factor=f"{f:g}"))

    def as_of(self, row: RowRead, bad: set[str]) -> dt.date | None:
        read = row.inputs.get("as_of")
        if read is None or "as_of" in bad:
            return None
        parsed = parse_date(read.value, self.s.fy_start_year,
                            epoch=getattr(self.wb, "epoch", None))  # 1900 or 1904 system
        if parsed.status is ParseStatus.EMPTY:
            return None
        if parsed.status in (ParseStatus.INVALID, ParseStatus.AMBIGUOUS):
            self.add(_at("V009", read, raw=parsed.raw, reason=parsed.reason or ""))
            return None
        if parsed.in_fiscal_year is False and parsed.value is not None:
            start = dt.date(self.s.fy_start_year, 4, 1)
            end = dt.date(self.s.fy_start_year + 1, 3, 31)
            self.add(_at("V008", read, date=parsed.read_as,
                         fiscal_year=msg("chk_fiscal_year", year=self.s.fiscal_year),
                         start=f"{start.year}/{start.month}/{start.day}",
                         end=f"{end.year}/{end.month}/{end.day}"))
            return parsed.value
        if parsed.status is ParseStatus.NORMALISED and not isinstance(read.value, int | float):
            self.add(_at("V003", read, raw=parsed.raw, read_as=parsed.read_as,
                         reason=parsed.reason or ""))
        return parsed.value

    # -- initiative rows ----------------------------------------------------------------
    def initiative(self, row: RowRead, rec: dict[str, Any]) -> None:
        inputs = ("status", *INITIATIVE_TEXT_FIELDS)
        bad = self.formula_free(row, inputs)
        texts = self.texts(row, INITIATIVE_TEXT_FIELDS, bad)
        status_read = row.inputs.get("status")
        status: str | None = None
        if status_read is not None and "status" not in bad:
            raw = _text(status_read.value)
            if raw is None:
                self.add(_at("V015", status_read))
            else:
                cleaned = "".join(unicodedata.normalize("NFKC", raw).split())
                if cleaned in STATUSES:
                    status = cleaned
                else:
                    self.add(_at("V016", status_read, raw=raw[:40],
                                 statuses="・".join(STATUSES)))
        done = row.inputs.get("done")
        if done is not None and "done" not in bad and "done" not in texts:
            self.add(_at("V018", done))
        if status in STATUSES_NEEDING_COMMENT:
            for fld in ("issues", "next_steps"):
                read = row.inputs.get(fld)
                if read is not None and fld not in bad and fld not in texts:
                    self.add(_at("V017", read, status=status,
                                 field=L.INITIATIVE_TABLE.column(fld).header))
        self.statuses.append((row, rec, status, status_read))
        self.result.initiatives.append(InitiativeReport(
            initiative_id=row.key, status=status, done=texts.get("done"),
            issues=texts.get("issues"), next_steps=texts.get("next_steps"),
            trace=_trace(status_read) if status_read else CellTrace(sheet=row.sheet, cell=""),
            text_traces={f: _trace(row.inputs[f]) for f in texts},
        ))

    def status_consistency(self) -> None:
        for _row, rec, status, read in self.statuses:
            kpi_id = rec.get("kpi_id")
            if status is None or read is None or kpi_id not in self.kpi_state:
                continue
            behind = self.kpi_state[kpi_id]
            if status == "完了" and behind:
                detail = msg("chk_status_detail_behind", kpi=kpi_id)
            elif status in STATUSES_NEEDING_COMMENT and not behind:
                detail = msg("chk_status_detail_met", kpi=kpi_id)
            else:
                continue
            self.add(_at("V010", read, status=status, detail=detail))


def check_values(wb: Workbook, ret: SurveyReturn, carried: dict[str, Any],
                 settings: ValueSettings) -> ValueResult:
    """V-findings and the normalised values of the answer rows (KPI rows first)."""
    checker = _Checker(wb, settings)
    kpi_recs = {r["key"]: r for r in carried.get("kpi_rows", [])}
    ini_recs = {r["key"]: r for r in carried.get("initiative_rows", [])}
    seen: set[str] = set()
    linked: list[dict[str, Any]] = []
    for row in ret.kpi_rows:
        rec = kpi_recs.get(row.key)
        if rec is not None and row.key not in seen:  # unknown / duplicate rows: S-findings
            seen.add(row.key)
            if rec.get("same_as"):  # a reference row: its indicator is answered elsewhere
                linked.append(rec)
                checker.typed_over_reference(row, rec)
                continue
            checker.kpi(row, rec)
    for rec in linked:
        checker.same_indicator(rec)
    for row in ret.initiative_rows:
        rec = ini_recs.get(row.key)
        if rec is not None and rec.get("answer", True) and row.key not in seen:
            seen.add(row.key)
            checker.initiative(row, rec)
    checker.status_consistency()
    return checker.result
