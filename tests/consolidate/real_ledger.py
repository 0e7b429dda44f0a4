"""A work folder with the REAL R8 plan and a ledger filled the way populate and validate fill it."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from dxreport.plan.importer import import_plan
from dxreport.plan.master import write_master
from dxreport.round.folder import Settings, WorkFolder, init_folder
from dxreport.round.ledger import JST, Ledger, Submission, SurveyRecord
from dxreport.round.submitted import (
    CellTrace,
    InitiativeReport,
    KpiActual,
    SubmittedValues,
)

# Divisions surveyed in these tests; SOMU-KENSHU (KPI-A01) never answers.
DIVISIONS = ("SOMU-KEIEI", "SOMU-JINJI", "KIKAKU-DX", "KYOIKU-GIMU", "KYOIKU-SOMU", "SOMU-KENSHU")
POPULATED_AT = dt.datetime(2027, 4, 1, 9, 0, tzinfo=JST)
RECEIVED = dt.datetime(2027, 4, 20, 10, 0, tzinfo=JST)


@cache
def _master_file(tmp_root: str) -> Path:
    path = Path(tmp_root) / "マスタ計画_R8.xlsx"
    write_master(import_plan().plan, path)
    return path


def make_folder(root: Path, master_cache: Path) -> WorkFolder:
    wf = init_folder(root, Settings(deadline=dt.date(2027, 4, 30)))
    shutil.copy(_master_file(str(master_cache)), wf.master_path)
    return wf


def survey_id(division: str) -> str:
    return f"R8-FINAL-{division}"


def populate(wf: WorkFolder, divisions=DIVISIONS) -> None:
    with Ledger.open(wf) as led:
        op = led.begin_operation("populate")
        for code in divisions:
            led.record_survey(
                SurveyRecord(
                    survey_id=survey_id(code), fiscal_year="R8", round_code="FINAL",
                    division_code=code, template_version="1", master_digest="x",
                    generated_at=POPULATED_AT, file_name=f"調査票_{code}.xlsx",
                    operation_id=op, carried={},
                )
            )
        led.finish_operation(op, {"surveys": len(divisions)})


def kpi(kpi_id: str, value: float | None, row: int, part: str | None = None) -> KpiActual:
    key = kpi_id + (f"#{part}" if part else "")
    return KpiActual(key=key, kpi_id=kpi_id, part_label=part, value=value,
                     trace=CellTrace(sheet="KPI実績", cell=f"H{row}"))


def ini(initiative_id: str, status: str | None, row: int, **texts: str) -> InitiativeReport:
    cols = {"done": "K", "issues": "L", "next_steps": "M"}
    return InitiativeReport(
        initiative_id=initiative_id,
        status=status,
        trace=CellTrace(sheet="取組状況", cell=f"J{row}"),
        text_traces={k: CellTrace(sheet="取組状況", cell=f"{cols[k]}{row}") for k in texts},
        **texts,
    )


@dataclass
class Return:
    division: str
    kpis: list[KpiActual] = field(default_factory=list)
    initiatives: list[InitiativeReport] = field(default_factory=list)
    verdict: str = "accepted"
    findings: list[dict] = field(default_factory=list)
    name: str | None = None
    minutes: int = 0  # after RECEIVED


def receive(wf: WorkFolder, ret: Return) -> int:
    """Add a validated return the way validation does (superseding the survey's live version)."""
    values = SubmittedValues(kpis=ret.kpis, initiatives=ret.initiatives).model_dump(mode="json")
    name = ret.name or f"回答_{ret.division}.xlsx"
    sha = hashlib.sha256(f"{name}{values}{ret.verdict}{ret.minutes}".encode()).hexdigest()
    with Ledger.open(wf) as led:
        op = led.begin_operation("validate")
        earlier = [s for s in led.submissions(survey_id(ret.division))
                   if s.superseded_by is None and s.duplicate_of is None]
        new = led.add_submission(
            Submission(
                id=0, sha256=sha, original_name=name, size=1000,
                received_at=RECEIVED + dt.timedelta(minutes=ret.minutes),
                survey_id=survey_id(ret.division), division_code=ret.division,
                verdict=ret.verdict, findings=ret.findings, values=values, operation_id=op,
            )
        )
        for s in earlier:
            led.mark_superseded(s.id, new)
        led.finish_operation(op, {"files": 1})
    return new


def standard_returns() -> list[Return]:
    """Every division but SOMU-KENSHU answers; values chosen for hand-computed rates."""
    return [
        Return(
            "SOMU-KEIEI",
            kpis=[kpi("KPI-A03", 66, 5), kpi("KPI-A12", 72000, 6)],
            initiatives=[
                ini("A1-003", "順調", 5, done="見直し9件を実施",
                    issues='=HYPERLINK("http://x","y")', next_steps="+cmd|' /C calc'!A0"),
                ini("A1-012", "概ね順調", 6),
            ],
        ),
        Return(
            "SOMU-JINJI",
            kpis=[kpi("KPI-A02", 3.8, 5)],
            initiatives=[ini("A1-002", "遅れ", 5, issues="回答率が低い")],
            verdict="accepted_with_warnings",
            findings=[{"code": "W012", "severity": "warning", "sheet": "KPI実績", "cell": "H5",
                       "message": "実績値が目標値に届いていません", "action": "確認してください"}],
            minutes=30,
        ),
        Return(
            "KIKAKU-DX",
            # KPI-A03 belongs to SOMU-KEIEI: this copy must be ignored (and flagged: 57 != 66).
            kpis=[kpi("KPI-A04", 55.1, 5), kpi("KPI-A03", 57, 9)],
            initiatives=[ini("A1-004", "完了", 5)],
            minutes=10,
        ),
        Return(
            "KYOIKU-GIMU",
            kpis=[kpi("KPI-R16", 96, 5, "小"), kpi("KPI-R16", 94, 6, "中")],
            initiatives=[ini("R1-017", "順調", 5)],
            minutes=20,
        ),
        Return("KYOIKU-SOMU", kpis=[kpi("KPI-R22", 3, 5)], initiatives=[ini("R1-023", "未着手", 5)],
               minutes=5),
    ]
