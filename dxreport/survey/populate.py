"""Populate (調査票作成): one survey workbook per lead division, recorded in the ledger.

Who gets which rows (the rule the README states and the tests check):
- KPI実績: every KPI whose lead division (`Kpi.division_code`, the owner of the original,
  non-再掲 row) is the division; once, however often it is re-listed; a composite KPI
  (`小 95% 中 91%`) gets one row per part.
- 取組状況: every initiative the division leads (answer rows) and every initiative it co-owns
  (reference rows: locked, grey, 「主担当: ○○課が回答」). Only the lead answers.
- A workbook is written for every division that leads at least one initiative or KPI
  (`Plan.lead_division_codes()`); a division that only co-owns gets none.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from dxreport.errors import UserError
from dxreport.fileio import save_atomic
from dxreport.gc_pause import long_lived_frozen
from dxreport.messages import msg
from dxreport.plan.master import load_plan
from dxreport.round.folder import WorkFolder
from dxreport.round.ledger import Ledger, SurveyRecord, folder_lock, now
from dxreport.rules.fiscal_year import fiscal_year_range
from dxreport.rules.plan_model import Initiative, Kpi, Plan
from dxreport.survey import layout as L
from dxreport.survey.template import Template, load_template
from dxreport.survey.writer import InitiativeRow, SurveyContext, render_survey


@dataclass(frozen=True)
class PopulateResult:
    paths: list[Path]
    survey_ids: list[str]
    kpi_rows: int
    initiative_rows: int
    operation_id: int
    folder: Path = field(default=Path())

    @property
    def count(self) -> int:
        return len(self.paths)


@dataclass
class DivisionShare:
    """The rows of the plan one division's survey carries."""

    kpis: list[Kpi] = field(default_factory=list)
    initiatives: list[tuple[Initiative, bool]] = field(default_factory=list)  # (row, answers?)


def shares(plan: Plan) -> dict[str, DivisionShare]:
    """Division code -> its rows, in plan order (one pass; fine for 20,000 rows)."""
    out: dict[str, DivisionShare] = defaultdict(DivisionShare)
    for kpi in plan.kpis:
        out[kpi.division_code].kpis.append(kpi)
    for ini in plan.initiatives:
        out[ini.division_code].initiatives.append((ini, True))
        for co in dict.fromkeys(ini.co_division_codes):
            if co != ini.division_code:
                out[co].initiatives.append((ini, False))
    return out


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def survey_file_name(fiscal_year: str, division_code: str, division_name: str) -> str:
    """`R8_SOMU-JINJI_人事課.xlsx` (characters Windows forbids in names removed)."""
    return f"{fiscal_year}_{division_code}_{_UNSAFE.sub('', division_name)}.xlsx"


def select_divisions(plan: Plan, divisions: list[str] | None) -> list[str]:
    leads = plan.lead_division_codes()
    if not divisions:
        return leads
    lead_set = set(leads)
    unknown = [d for d in divisions if d not in lead_set]
    if unknown:
        valid = "、".join(f"{c}（{plan.division(c).name}）" for c in leads)
        raise UserError(msg("sv_unknown_division", codes="、".join(unknown), valid=valid))
    return list(dict.fromkeys(divisions))


def populate(
    folder: WorkFolder,
    divisions: list[str] | None = None,
    progress: bool = False,
    *,
    plan: Plan | None = None,
    template: Template | None = None,
) -> PopulateResult:
    """Write the surveys into `1_配布/` and record each in the ledger (CLI and Excel call this)."""
    plan = plan if plan is not None else load_plan(folder)
    template = template if template is not None else load_template(folder.template_path)
    codes = select_divisions(plan, divisions)
    s = folder.settings
    fy_start, fy_end = fiscal_year_range(s.fiscal_year)
    digest = plan.digest()
    by_division = shares(plan)
    divisions_by_code = {d.code: d for d in plan.divisions}
    departments = {d.code: d.name for d in plan.departments}

    paths: list[Path] = []
    ids: list[str] = []
    kpi_count = ini_count = 0
    # the plan and the template live to the end; each survey's workbook is cyclic garbage
    with folder_lock(folder, "populate"), Ledger.open(folder) as ledger, long_lived_frozen():
        op = ledger.begin_operation("populate", {
            "fiscal_year": s.fiscal_year, "round_code": s.round_code, "divisions": codes,
            "template": str(template.path), "template_version": template.version,
            "master": str(folder.master_path), "master_digest": digest,
        })
        generated_at = now()
        bar = tqdm(codes, desc=msg("sv_populate_progress"), unit=msg("sv_populate_unit"),
                   file=sys.stderr, disable=not progress or not sys.stderr.isatty())
        with ledger.transaction():
            for code in bar:
                division = divisions_by_code[code]
                share = by_division.get(code, DivisionShare())
                sid = L.survey_id(s.fiscal_year, s.round_code, code)
                ctx = SurveyContext(
                    survey_id=sid, fiscal_year=s.fiscal_year, round_code=s.round_code,
                    round_name=s.round_name, division_code=code, division_name=division.name,
                    department_name=departments.get(division.department_code, ""),
                    deadline=s.deadline, contact=s.contact_text, fy_start=fy_start, fy_end=fy_end,
                    generated_at=generated_at, master_digest=digest,
                    max_text_length=s.validation.max_text_length, password=s.sheet_password,
                    submission=s.submission,
                )
                rows = [
                    InitiativeRow(ini, answer, _name(divisions_by_code, ini.division_code))
                    for ini, answer in share.initiatives
                ]
                wb, carried = render_survey(template, ctx, share.kpis, rows)
                name = survey_file_name(s.fiscal_year, code, division.name)
                target = folder.distribute / name
                save_atomic(target, wb.save)
                ledger.record_survey(SurveyRecord(
                    survey_id=sid, fiscal_year=s.fiscal_year, round_code=s.round_code,
                    division_code=code, template_version=template.version,
                    master_digest=digest, generated_at=generated_at, file_name=name,
                    operation_id=op, carried=carried,
                ))
                paths.append(target)
                ids.append(sid)
                kpi_count += len(carried["kpi_rows"])
                ini_count += len(carried["initiative_rows"])
            ledger.finish_operation(
                op,
                {"surveys": len(paths), "kpi_rows": kpi_count, "initiative_rows": ini_count},
                [str(p.relative_to(folder.root)) for p in paths],
            )
    return PopulateResult(paths, ids, kpi_count, ini_count, op, folder.root)


def _name(divisions: dict, code: str) -> str:
    d = divisions.get(code)
    return d.name if d is not None else code
