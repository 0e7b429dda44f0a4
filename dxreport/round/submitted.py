"""What validation stores in the ledger for one accepted return, and consolidation reads back.

Every value keeps where it came from (sheet and cell of the returned file), so the status
workbook can trace each figure to (file SHA-256, sheet, cell).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dxreport.errors import UserError
from dxreport.messages import msg
from dxreport.round.ledger import Submission


class CellTrace(BaseModel):
    model_config = ConfigDict(frozen=True)

    sheet: str
    cell: str  # A1 reference, e.g. "H7"


class KpiActual(BaseModel):
    """One KPI row (or one part of a 小/中 KPI) as returned."""

    model_config = ConfigDict(frozen=True)

    key: str  # row key in the survey, e.g. "KPI-R13" or "KPI-R13#小"
    kpi_id: str
    part_label: str | None = None  # "小" / "中" for composite KPIs
    value: float | None = None  # normalised actual, None when not given
    raw: str | None = None  # what the cell held, when it differed from `value`
    trace: CellTrace
    as_of: dt.date | None = None  # 基準日
    source: str | None = None  # 出典
    note: str | None = None  # 備考


class InitiativeReport(BaseModel):
    """One initiative row as returned."""

    model_config = ConfigDict(frozen=True)

    initiative_id: str
    status: str | None = None  # one of statuses.STATUSES
    done: str | None = None  # 実施内容・実績
    issues: str | None = None  # 課題
    next_steps: str | None = None  # 今後の対応
    trace: CellTrace  # the 進捗状況 cell
    text_traces: dict[str, CellTrace] = Field(default_factory=dict)  # field -> cell


class Respondent(BaseModel):
    """Who filled in the return (the survey's 回答者 block), as typed; all optional."""

    model_config = ConfigDict(frozen=True)

    affiliation: str | None = None  # 所属
    name: str | None = None  # 氏名
    extension: str | None = None  # 内線
    email: str | None = None  # メール

    @property
    def shown(self) -> str:
        """One line for a list of returns: `DX推進担当 福島太郎（内線 1234、taro@...）`."""
        who = " ".join(p for p in (self.affiliation, self.name) if p)
        details = [msg("wf_contact_extension", extension=self.extension)
                   if self.extension else "", self.email or ""]
        details = [d for d in details if d]
        if not details:
            return who
        return msg("wf_contact_text", contact=who, details="、".join(details)).strip()


class SubmittedValues(BaseModel):
    model_config = ConfigDict(frozen=True)

    kpis: list[KpiActual] = Field(default_factory=list)
    initiatives: list[InitiativeReport] = Field(default_factory=list)
    respondent: Respondent | None = None  # None: the return has no 回答者 block (older survey)


RESPONDENT_KEY = "respondent"  # of the values stored for every return, accepted or not


def respondent_of(values: dict[str, object]) -> Respondent | None:
    """The respondent in a submission's stored values (any verdict), if any."""
    raw = values.get(RESPONDENT_KEY)
    return Respondent.model_validate(raw) if isinstance(raw, dict) else None


def values_of(sub: Submission) -> SubmittedValues:
    """The values validation stored for an accepted return (consolidation reads them, and the
    next round's surveys show them as 前回実績); a ledger entry that no longer parses is a
    `UserError` naming the file to validate again."""
    try:
        return SubmittedValues.model_validate(sub.values)
    except ValidationError as exc:
        raise UserError(
            msg("cons_run_bad_values", file=sub.original_name, sha=sub.sha256[:12],
                detail=exc.errors()[0].get("msg", ""))
        ) from None
