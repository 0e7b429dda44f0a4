"""The typed input of the status workbook writer (`ConsolidationInput`).

The ledger stage builds it from the returns that count (`round.counting`); tests build it by
hand. Everything the workbook shows comes from here (or from the plan inside it), including
every timestamp, so the same input always gives the same workbook.
"""

from __future__ import annotations

import datetime as dt
import math

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from dxreport.rules.fiscal_year import parse_fiscal_year
from dxreport.rules.plan_model import Plan
from dxreport.rules.statuses import Status


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Trace(_Frozen):
    """Where a consolidated value was read: the returned file (by SHA-256) and the cell."""

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    file_name: str  # original file name as received
    sheet: str
    cell: str  # A1 reference, e.g. "H12"
    received_at: AwareDatetime


class FileVersion(_Frozen):
    """One received file of a division (a superseded version, or the current one)."""

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    file_name: str
    received_at: AwareDatetime


class Submission(_Frozen):
    """The return that counts for a division (`round.counting`), the versions it replaced,
    and the accepted return whose values the workbook uses (itself, an older one when it was
    sent back, or none)."""

    division_code: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    file_name: str
    received_at: AwareDatetime
    verdict: str  # the division's standing as people read it: "受理", "差し戻し", ...
    superseded: list[FileVersion] = Field(default_factory=list)  # oldest first
    values_from: FileVersion | None = None  # None: no accepted return, no values used
    respondent: str | None = None  # who filled in the counting return (its 回答者 block)


class KpiActual(_Frozen):
    """The consolidated actual of a KPI (or of one part `小`/`中`)."""

    kpi_id: str
    part: str | None = None
    value: float | None  # None: the cell was left blank
    trace: Trace
    # what the clerk typed beside the value: the evidence an auditor cites
    raw: str | None = None  # the cell's text when it was converted (e.g. "約871,018件")
    as_of: dt.date | None = None  # 基準日
    source: str | None = None  # 出典
    note: str | None = None  # 備考 (the reason when behind target)

    @field_validator("value")
    @classmethod
    def _finite(cls, v: float | None) -> float | None:
        if v is not None and not math.isfinite(v):
            raise ValueError("actual must be a finite number")
        return v


class TracedText(_Frozen):
    text: str
    trace: Trace


class InitiativeReport(_Frozen):
    """What a division reported for one initiative."""

    initiative_id: str
    status: Status | None = None
    status_trace: Trace | None = None
    done: TracedText | None = None  # 実施内容・実績
    issues: TracedText | None = None  # 課題
    next_steps: TracedText | None = None  # 今後の対応

    @model_validator(mode="after")
    def _status_traced(self) -> InitiativeReport:
        if self.status is not None and self.status_trace is None:
            raise ValueError(f"{self.initiative_id}: status without trace")
        return self


class AcceptedWarning(_Frozen):
    """A validation warning the DX division accepted; the auditor should see it (要確認)."""

    code: str
    message: str
    division_code: str | None = None
    file_name: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    sheet: str | None = None
    cell: str | None = None


class MasterChange(_Frozen):
    """The master plan differs from what a division's survey was built from (要確認 K05), or
    no longer has the survey's division at all (K06: its returns are not consolidated)."""

    code: str  # "K05" | "K06"
    division_code: str
    division_name: str  # as the survey showed it (the plan may no longer know the code)
    survey_id: str
    text: str  # what changed, from what to what (rendered by `survey.changes`)
    file_name: str | None = None  # the return whose values are compared, if any
    sha256: str | None = None


class PreviousKpiValue(_Frozen):
    kpi_id: str
    part: str | None = None
    value: float | None
    sha256: str | None = None


class PreviousStatus(_Frozen):
    initiative_id: str
    status: Status | None
    sha256: str | None = None


class PreviousDivision(_Frozen):
    """A division whose return the previous status workbook counted, and that return."""

    division_code: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    file_name: str


class PreviousConsolidation(_Frozen):
    """The values of the previous status workbook of this plan year (compared by `changes`)."""

    file_name: str  # e.g. "全庁DX進捗状況_R8_第1回_001.xlsx"
    consolidated_at: AwareDatetime
    kpi_values: list[PreviousKpiValue] = Field(default_factory=list)
    statuses: list[PreviousStatus] = Field(default_factory=list)
    # None: a snapshot written before the counted divisions were recorded (not compared)
    divisions: list[PreviousDivision] | None = None
    # the round it belongs to when it is an earlier round's (前回比較 before this round's
    # first run); None: an earlier consolidation of this round
    earlier_round: str | None = None


class HistoryRound(_Frozen):
    """One earlier round of the chain (`round.chain`): its accepted actuals as its last status
    workbook showed them (or, never consolidated, as its ledger holds them)."""

    fiscal_year: str
    round_code: str
    round_name: str
    folder: str  # where it was found
    file_name: str | None = None  # its status workbook the values come from; None: the ledger
    kpi_values: list[PreviousKpiValue] = Field(default_factory=list)


class History(_Frozen):
    """The rounds before this one (oldest first) and what the walk back had to say."""

    round_code: str  # this round's code: where it stands in the year (中間 / 年度末)
    rounds: list[HistoryRound] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.rounds and not self.notes


class OperationRef(_Frozen):
    """The ledger's operation-log entry of this consolidation run."""

    operation_id: str
    log_file: str  # path of the operation log, relative to the work folder
    performed_at: AwareDatetime


class CarriedCheck(_Frozen):
    """A 確認結果/確認者 entry of the previous workbook's 要確認, by its row's identity."""

    key: list[str]  # `review_checks.KEY_HEADERS`' values, as text
    result: str | None = None
    checked_by: str | None = None


class CarriedChecks(_Frozen):
    """What the previous workbook of this round had checked (`review_checks.read_checks`)."""

    file_name: str
    checks: list[CarriedCheck] = Field(default_factory=list)
    note: str | None = None  # why nothing could be carried


class ConsolidationInput(_Frozen):
    plan: Plan
    fiscal_year: str  # round's year, selects the target column (e.g. "R8")
    round_name: str  # e.g. "第1回"
    consolidated_at: AwareDatetime  # from the ledger; also the workbook's created/modified
    expected_division_codes: list[str]
    submissions: list[Submission] = Field(default_factory=list)
    kpi_actuals: list[KpiActual] = Field(default_factory=list)
    initiative_reports: list[InitiativeReport] = Field(default_factory=list)
    warnings: list[AcceptedWarning] = Field(default_factory=list)
    master_changes: list[MasterChange] = Field(default_factory=list)
    previous: PreviousConsolidation | None = None  # None for the first consolidation
    operation: OperationRef
    history: History | None = None  # the rounds before this one (the 推移 sheet)
    deadline: dt.date | None = None  # the round's 提出期限 (概要 counts the days to it)
    review_checks: CarriedChecks | None = None  # None: the round's first run

    @field_validator("fiscal_year")
    @classmethod
    def _known_year(cls, v: str) -> str:
        return parse_fiscal_year(v)

    @model_validator(mode="after")
    def _consistent_with_plan(self) -> ConsolidationInput:
        divisions = {d.code for d in self.plan.divisions}
        for code in self.expected_division_codes:
            if code not in divisions:
                raise ValueError(f"expected division {code} is not in the plan")
        seen_div: set[str] = set()
        for s in self.submissions:
            if s.division_code not in divisions:
                raise ValueError(f"submission of unknown division {s.division_code}")
            if s.division_code in seen_div:
                raise ValueError(f"two latest submissions for {s.division_code}")
            seen_div.add(s.division_code)
        kpis = {k.id: k for k in self.plan.kpis}
        seen_kpi: set[tuple[str, str | None]] = set()
        for a in self.kpi_actuals:
            kpi = kpis.get(a.kpi_id)
            if kpi is None:
                raise ValueError(f"actual for unknown KPI {a.kpi_id}")
            labels = kpi.part_labels
            if (a.part is None) != (not labels) or (a.part is not None and a.part not in labels):
                raise ValueError(f"{a.kpi_id}: part {a.part!r} does not match {labels}")
            key = (a.kpi_id, a.part)
            if key in seen_kpi:
                raise ValueError(f"two actuals for {a.kpi_id} {a.part or ''}")
            seen_kpi.add(key)
        initiatives = {i.id for i in self.plan.initiatives}
        seen_ini: set[str] = set()
        for r in self.initiative_reports:
            if r.initiative_id not in initiatives:
                raise ValueError(f"report for unknown initiative {r.initiative_id}")
            if r.initiative_id in seen_ini:
                raise ValueError(f"two reports for {r.initiative_id}")
            seen_ini.add(r.initiative_id)
        return self

    # -- lookups used by the writer -----------------------------------------------------
    def actuals_of(self, kpi_id: str) -> dict[str | None, KpiActual]:
        return {a.part: a for a in self.kpi_actuals if a.kpi_id == kpi_id}

    def submission_of(self, division_code: str) -> Submission | None:
        for s in self.submissions:
            if s.division_code == division_code:
                return s
        return None
