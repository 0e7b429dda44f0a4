"""Populate (調査票作成): one survey workbook per lead division, recorded in the ledger.

Who gets which rows (the rule the README states and the tests check):
- KPI実績: every KPI whose lead division (`Kpi.division_code`, the owner of the original,
  non-再掲 row) is the division; once, however often it is re-listed; a composite KPI
  (`小 95% 中 91%`) gets one row per part. A KPI whose indicator the plan lists in the other
  part too (`Kpi.same_as`) is answered once, as the first of its IDs: the other rows are
  reference rows (`same_indicators`).
- 取組状況: every initiative the division leads (answer rows) and every initiative it co-owns
  (reference rows: locked, grey, 「主担当: ○○課が回答」). Only the lead answers.
- A workbook is written for every division that leads at least one initiative or KPI
  (`Plan.lead_division_codes()`); a division that only co-owns gets none.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from dxreport.errors import FileFault, UserError
from dxreport.fileio import TMP_PREFIX, check_path_length, file_fault, windows_name
from dxreport.gc_pause import long_lived_frozen
from dxreport.messages import msg
from dxreport.plan.master import load_plan
from dxreport.round.folder import WorkFolder
from dxreport.round.ledger import Ledger, SurveyRecord, folder_lock, now
from dxreport.round.previous import previous_answers
from dxreport.rules.fiscal_year import fiscal_year_range
from dxreport.rules.plan_model import Initiative, Kpi, Plan
from dxreport.survey import layout as L
from dxreport.survey.changes import Change, Shown, compare, summary
from dxreport.survey.template import Template, load_template
from dxreport.survey.writer import (
    InitiativeRow,
    SameIndicator,
    SurveyContext,
    digest_of,
    initiative_master_cells,
    kpi_master_cells,
    render_survey,
)
from dxreport.xlsx.fast_writer import FastExcelWriter
from dxreport.xlsx.zip_bytes import workbook_bytes


@dataclass(frozen=True)
class PopulateResult:
    paths: list[Path]
    survey_ids: list[str]
    kpi_rows: int
    initiative_rows: int
    operation_id: int
    folder: Path = field(default=Path())
    regenerated: list[str] = field(default_factory=list)  # divisions sent a survey again
    notes: list[str] = field(default_factory=list)  # the predecessor moved or is missing

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


def same_indicators(plan: Plan, share: DivisionShare, code: str) -> dict[str, SameIndicator]:
    """The division's KPIs whose indicator is answered as another KPI (`Plan.answered_as`).

    An indicator the plan lists in both parts is asked once: the first of its IDs in plan
    order is answered by its lead division; every other ID's row is a reference row showing
    that answer. When the first ID belongs to another division, this division does not answer
    the indicator at all: its row says who does, and consolidation takes the value from that
    division's return (one answer, one responsible division, never two figures to reconcile).
    """
    out: dict[str, SameIndicator] = {}
    for kpi in share.kpis:
        first = plan.answered_as(kpi)
        if first is None:
            continue
        other = None if first.division_code == code else _name(
            {d.code: d for d in plan.divisions}, first.division_code)
        out[kpi.id] = SameIndicator(first.id, first.division_code, other)
    return out


def survey_file_name(fiscal_year: str, division_code: str, division_name: str) -> str:
    """`R8_SOMU-JINJI_人事課.xlsx` (characters Windows forbids in names removed)."""
    return f"{fiscal_year}_{division_code}_{windows_name(division_name, '', spaces=True)}.xlsx"


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


def expected(plan: Plan) -> dict[str, Shown]:
    """What each lead division's survey would show if it were written from `plan` now."""
    names = {d.code: d.name for d in plan.divisions}
    out: dict[str, Shown] = {}
    for code, share in shares(plan).items():
        if code not in names:
            continue
        kpi: dict[str, dict[str, Any]] = {}
        for k in share.kpis:
            for part in [*k.part_labels] if k.part_labels else [None]:
                kpi[L.kpi_row_key(k.id, part)] = kpi_master_cells(k, part)[0]
        initiative = {ini.id: initiative_master_cells(ini, names.get(ini.division_code,
                                                                     ini.division_code))
                      for ini, _answer in share.initiatives}
        out[code] = Shown(names[code], kpi, initiative)
    return out


def changes_for(plan: Plan, sent: dict[str, Any], division_code: str,
                now: dict[str, Shown] | None = None) -> list[Change]:
    """What changed in the master since a survey carrying `sent` was distributed."""
    now = now if now is not None else expected(plan)
    today = now.get(division_code, Shown(sent.get("division_name") or "", {}, {}))
    return compare(Shown.of_carried(sent), today)


class AlreadyDistributed(UserError):
    """populate's refusal: surveys of this round were already distributed. `divisions` lists
    them with what a new survey would change; `not_yet` names the selected divisions that have
    none. The message says what to do on the command line; the control workbook words its
    own (a cell, not `--regenerate`) from the same parts."""

    def __init__(self, count: int, divisions: str, not_yet: list[str]) -> None:
        text = msg("sv_already_distributed", count=count, divisions=divisions)
        if not_yet:
            text += msg("sv_not_yet_distributed",
                        codes=" ".join(f"--division {c}" for c in not_yet))
        super().__init__(text)
        self.count = count
        self.divisions = divisions
        self.not_yet = not_yet


def _refusal(ledger: Ledger, plan: Plan, sent: list[SurveyRecord],
             codes: list[str]) -> AlreadyDistributed:
    """Why populate stops: which divisions already have their survey, what sending it again
    would change, and how many returns each has already sent."""
    now = expected(plan)
    lines = []
    for rec in sent:
        returns = sum(1 for s in ledger.submissions(rec.survey_id) if s.duplicate_of is None)
        full = ledger.distribution(rec.seq) or rec
        found = changes_for(plan, full.carried, rec.division_code, now)
        head = msg("sv_regenerate_division",
                   division=full.carried.get("division_name") or rec.division_code,
                   code=rec.division_code, when=rec.generated_at.strftime("%Y-%m-%d %H:%M"),
                   returns=msg("sv_regenerate_returns", count=returns) if returns else "")
        if not found:  # one line: a round of 68 unchanged divisions stays readable
            lines.append(head + msg("sv_regenerate_unchanged"))
            continue
        lines.append(head + "\n" + "\n".join("    " + t for t in summary(found).splitlines()))
    done = {r.division_code for r in sent}
    return AlreadyDistributed(len(sent), "\n".join(lines), [c for c in codes if c not in done])


_TMP_PREFIX = f"{TMP_PREFIX}populate-"


def populate(
    folder: WorkFolder,
    divisions: list[str] | None = None,
    progress: bool = False,
    *,
    regenerate: bool = False,
    plan: Plan | None = None,
    template: Template | None = None,
) -> PopulateResult:
    """Write the surveys into `1_配布/` and record each distribution in the ledger (CLI and
    Excel call this).

    A division whose survey was already distributed in this round is sent a new one only with
    `regenerate`; without it, nothing is written and the `UserError` lists what a new survey
    would change. A regeneration adds a distribution: the earlier ones stay in the ledger, and
    a return is checked against the one it came from.

    All or nothing: every survey is written to a temporary name, the ledger records them all
    in one transaction, and only then are they renamed into place. A failure before the commit
    (disk full, a locked file) leaves 1_配布 and the ledger as they were."""
    plan = plan if plan is not None else load_plan(folder)
    template = template if template is not None else load_template(folder.template_path)
    codes = select_divisions(plan, divisions)
    s = folder.settings
    fy_start, fy_end = fiscal_year_range(s.fiscal_year)
    digest = plan.digest()
    by_division = shares(plan)
    divisions_by_code = {d.code: d for d in plan.divisions}
    departments = {d.code: d.name for d in plan.departments}
    # the predecessor's accepted answers, shown beside each input (a round that follows one);
    # a predecessor that cannot be found leaves the columns out and says so
    previous, previous_note = previous_answers(folder)

    paths: list[Path] = []
    ids: list[str] = []
    staged: list[tuple[Path, Path]] = []  # (temporary file, its place in 1_配布)
    kpi_count = ini_count = 0
    # the plan and the template live to the end; each survey's workbook is cyclic garbage
    with folder_lock(folder, "populate"), Ledger.open(folder) as ledger, long_lived_frozen():
        selected = set(codes)
        sent = [r for r in ledger.surveys(carried=False, round_of=(s.fiscal_year, s.round_code))
                if r.division_code in selected]
        if sent and not regenerate:
            raise _refusal(ledger, plan, sent, codes)
        folder.distribute.mkdir(parents=True, exist_ok=True)
        generated_at = now()
        bar = tqdm(codes, desc=msg("sv_populate_progress"), unit=msg("sv_populate_unit"),
                   file=sys.stderr, disable=not progress or not sys.stderr.isatty())
        try:
            with ledger.transaction():
                op = ledger.begin_operation("populate", {
                    "fiscal_year": s.fiscal_year, "round_code": s.round_code,
                    "divisions": codes, "template": str(template.path),
                    "template_version": template.version, "master": str(folder.master_path),
                    "master_digest": digest, "regenerated": [r.division_code for r in sent],
                })
                for code in bar:
                    division = divisions_by_code[code]
                    share = by_division.get(code, DivisionShare())
                    sid = L.survey_id(s.fiscal_year, s.round_code, code)
                    ctx = SurveyContext(
                        survey_id=sid, fiscal_year=s.fiscal_year, round_code=s.round_code,
                        round_name=s.round_name, division_code=code,
                        division_name=division.name,
                        department_name=departments.get(division.department_code, ""),
                        deadline=s.deadline, contact=s.contact_text, fy_start=fy_start,
                        fy_end=fy_end, generated_at=generated_at, master_digest=digest,
                        max_text_length=s.validation.max_text_length,
                        password=s.sheet_password, operation_id=op,
                        submission=s.submission, previous=previous,
                    )
                    rows = [
                        InitiativeRow(ini, answer, _name(divisions_by_code, ini.division_code))
                        for ini, answer in share.initiatives
                    ]
                    wb, carried = render_survey(template, ctx, share.kpis, rows,
                                                same_indicators(plan, share, code))
                    name = survey_file_name(s.fiscal_year, code, division.name)
                    target = folder.distribute / name
                    _stage(folder, wb, target, staged)
                    ledger.record_survey(SurveyRecord(
                        survey_id=sid, fiscal_year=s.fiscal_year, round_code=s.round_code,
                        division_code=code, template_version=template.version,
                        master_digest=digest, generated_at=generated_at, file_name=name,
                        operation_id=op, carried=carried, sent_digest=digest_of(wb),
                    ))
                    paths.append(target)
                    ids.append(sid)
                    kpi_count += len(carried["kpi_rows"])
                    ini_count += len(carried["initiative_rows"])
                for _tmp, target in staged:
                    _check_replaceable(target)
                ledger.finish_operation(
                    op,
                    {"surveys": len(paths), "kpi_rows": kpi_count,
                     "initiative_rows": ini_count},
                    [str(p.relative_to(folder.root)) for p in paths],
                )
        except BaseException:
            for tmp, _target in staged:
                with contextlib.suppress(OSError):
                    tmp.unlink()
            raise
        _place(staged)
    return PopulateResult(paths, ids, kpi_count, ini_count, op, folder.root,
                          regenerated=[r.division_code for r in sent],
                          notes=[previous_note] if previous_note else [])


def _stage(folder: WorkFolder, wb: Any, target: Path, staged: list[tuple[Path, Path]]
           ) -> None:
    """Save one survey under a temporary name in 1_配布 (ignored by every scan)."""
    try:
        fd, name = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=".xlsx", dir=folder.distribute)
    except OSError as exc:
        raise _unchanged(exc, target) from exc
    os.close(fd)
    tmp = Path(name)
    staged.append((tmp, target))
    try:
        # the status workbook's faster cell writer: the same parts as `wb.save` writes
        tmp.write_bytes(workbook_bytes(wb, dt.datetime.now(dt.UTC), FastExcelWriter))
        os.chmod(tmp, 0o644)
    except OSError as exc:
        raise _unchanged(exc, target) from exc


def _unchanged(exc: OSError, target: Path) -> FileFault:
    """The fault naming the survey, and that nothing was changed (all or nothing)."""
    fault = file_fault(exc, target)
    return FileFault(fault.message + msg("sv_populate_unchanged"), fault.kind)


def _check_replaceable(target: Path) -> None:
    """A survey still open in Excel cannot be replaced (Windows locks it), a name too long
    cannot be made: found before the commit, so nothing is recorded that could not be put
    in place."""
    try:
        check_path_length(target)
    except FileFault as fault:
        raise FileFault(fault.message + msg("sv_populate_unchanged"), fault.kind) from None
    if not target.exists():
        return
    try:
        with open(target, "r+b"):
            pass
    except OSError as exc:
        raise _unchanged(exc, target) from exc


def _place(staged: list[tuple[Path, Path]]) -> None:
    failed: list[tuple[Path, FileFault]] = []
    for tmp, target in staged:
        try:
            os.replace(tmp, target)
        except OSError as exc:
            failed.append((target, file_fault(exc, target)))
            with contextlib.suppress(OSError):
                tmp.unlink()
    if failed:
        raise FileFault(msg("sv_populate_not_placed",
                            files="\n".join(f"  {p}" for p, _ in failed),
                            reason=failed[0][1].message), failed[0][1].kind)


def _name(divisions: dict, code: str) -> str:
    d = divisions.get(code)
    return d.name if d is not None else code
