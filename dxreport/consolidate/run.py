"""集約: from the intake ledger to the prefecture-wide status workbook.

`consolidate(folder)` takes, for every division the ledger knows, the return that counts and
the accepted return whose values are used (both by the one rule of `round.counting`: when the
return that counts was sent back, an older accepted one's values are used and 要確認 says so),
turns what validation stored into a `ConsolidationInput`, and writes
`5_集約/全庁DX進捗状況_<year>_<round>_<NNN>.xlsx`.

Determinism: every timestamp comes from the ledger (`consolidated_at` is the latest
`received_at` among the used returns), so the same ledger gives the same workbook. A run whose
input equals the previous run's (a reprint) reuses that run's operation reference and
comparison base, so the reprint's sheets are identical; only the sequence number differs.

Each run is recorded as a `consolidate` operation whose counts carry the input digest and a
snapshot of the consolidated values: the next run's 前回比較 compares against that snapshot.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from dxreport.checks.findings import Finding
from dxreport.consolidate import inputs as ci
from dxreport.consolidate.review_checks import read_checks
from dxreport.consolidate.summary import StatusSummary, status_order, summarise
from dxreport.consolidate.workbook import write_status_workbook
from dxreport.errors import UserError
from dxreport.fileio import windows_name
from dxreport.gc_pause import collector_paused
from dxreport.messages import msg
from dxreport.plan.master import load_plan
from dxreport.round.chain import label, predecessors
from dxreport.round.counting import count
from dxreport.round.folder import INTAKE_DIR, WorkFolder
from dxreport.round.ledger import (
    JST,
    Ledger,
    Operation,
    Submission,
    SurveyRecord,
    folder_lock,
)
from dxreport.round.submitted import respondent_of, values_of
from dxreport.rules.plan_model import Plan
from dxreport.rules.rating import RatingSettings
from dxreport.rules.statuses import is_status
from dxreport.rules.verdicts import verdict_label
from dxreport.survey.changes import Shown
from dxreport.survey.populate import changes_for, expected

OPERATION_KIND = "consolidate"
LOCK_HOLDER = "集約"
_TEXT_FIELDS = ("done", "issues", "next_steps")


@dataclass(frozen=True)
class ConsolidationResult:
    """What one consolidation wrote and what it says."""

    path: Path
    sequence: int
    operation_id: int  # this run's entry in the ledger's operation log
    summary: StatusSummary
    expected: int
    received: int  # divisions whose accepted values are in the workbook
    rating_counts: dict[str, int]  # rating label -> KPIs, in settings order
    status_counts: dict[str, int]  # status (or 未回答) -> initiatives
    superseded: int  # older versions replaced by the return that counts
    no_accepted: bool  # surveys exist but none was accepted yet: everything 未提出
    reprint_of: int | None = None  # earlier operation with the same input, if any
    notes: list[str] = field(default_factory=list)  # ignored values etc. (also on 要確認)
    # the master differs from what surveys were built from (要確認 K05/K06, and the terminal)
    master_changes: list[ci.MasterChange] = field(default_factory=list)
    history_notes: list[str] = field(default_factory=list)  # the chain walk: moved, missing


# ------------------------------------------------------------------ file naming
def output_name(fiscal_year: str, round_name: str, sequence: int) -> str:
    return f"全庁DX進捗状況_{fiscal_year}_{_safe(round_name)}_{sequence:03d}.xlsx"


def _safe(text: str) -> str:
    """A round name usable in a Windows file name."""
    return windows_name(text, spaces=True).strip("_") or "round"


def next_sequence(folder: WorkFolder, issued: Iterable[str] = ()) -> int:
    """The next number after every status workbook of this round in `5_集約/` and every one
    `issued` (the outputs the operation log records): a workbook moved or deleted from the
    folder keeps its number, so no two different workbooks ever share one."""
    s = folder.settings
    pattern = re.compile(
        re.escape(f"全庁DX進捗状況_{s.fiscal_year}_{_safe(s.round_name)}_") + r"(\d{3,})\.xlsx"
    )
    names = [p.name for p in folder.consolidated.glob("*.xlsx")]
    names += [PurePosixPath(name).name for name in issued]
    used = [int(m.group(1)) for name in names if (m := pattern.fullmatch(name))]
    return max(used, default=0) + 1


def latest_output(folder: WorkFolder) -> Path | None:
    """The newest status workbook of this round (for 最新の集約結果を開く)."""
    n = next_sequence(folder) - 1
    if n < 1:
        return None
    path = folder.consolidated / output_name(folder.settings.fiscal_year,
                                              folder.settings.round_name, n)
    return path if path.is_file() else None


# ------------------------------------------------------------------ settings
def rating_settings(folder: WorkFolder) -> RatingSettings:
    """`[rating]` of 設定.toml; a bad value names the key (e.g. `rating.bands[1].min_percent`)."""
    return RatingSettings.from_mapping(
        folder.settings.rating, source=f"{folder.settings_path} の [rating]"
    )


# ------------------------------------------------------------------ ledger -> input
def _aware(value: dt.datetime) -> dt.datetime:
    """Ledger times are stored in JST with offset; an old naive one is read as JST."""
    return value if value.tzinfo is not None else value.replace(tzinfo=JST)


@dataclass
class _Gathered:
    submissions: list[ci.Submission]
    kpi_actuals: list[ci.KpiActual]
    reports: list[ci.InitiativeReport]
    warnings: list[ci.AcceptedWarning]
    latest_received: dt.datetime | None
    superseded: int
    notes: list[str]
    master_changes: list[ci.MasterChange] = field(default_factory=list)


def _division_surveys(plan: Plan, surveys: list[SurveyRecord]
                      ) -> tuple[dict[str, list[SurveyRecord]], list[SurveyRecord]]:
    """(the surveys of each division the plan knows, in plan order; the surveys whose
    division code the master no longer has: their returns are left out, and 要確認 K06 and
    the terminal say so, with the way through the README gives)."""
    known = {d.code for d in plan.divisions}
    by_div: dict[str, list[SurveyRecord]] = {}
    orphans: list[SurveyRecord] = []
    for rec in surveys:
        if rec.division_code not in known:
            orphans.append(rec)
            continue
        by_div.setdefault(rec.division_code, []).append(rec)
    order = {d.code: n for n, d in enumerate(plan.divisions)}
    return dict(sorted(by_div.items(), key=lambda kv: order[kv[0]])), orphans


def _orphan_changes(ledger: Ledger, orphans: list[SurveyRecord]) -> list[ci.MasterChange]:
    out = []
    for rec in orphans:
        full = ledger.distribution(rec.seq) or rec
        name = str(full.carried.get("division_name") or rec.division_code)
        answered = sum(1 for s in ledger.submissions(rec.survey_id) if s.duplicate_of is None)
        out.append(ci.MasterChange(
            code="K06", division_code=rec.division_code, division_name=name,
            survey_id=rec.survey_id,
            text=msg("cons_run_division_gone", division=rec.division_code, name=name,
                     survey=rec.survey_id, returns=answered)))
    return out


class _Today:
    """The plan's digest, and what each survey would show if written from it now (computed
    only when some distribution was built from another master: the usual case needs none)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.digest = plan.digest()
        self._shown: dict[str, Shown] | None = None

    @property
    def shown(self) -> dict[str, Shown]:
        if self._shown is None:
            self._shown = expected(self.plan)
        return self._shown


def _master_changes(ledger: Ledger, today: _Today, rec: SurveyRecord,
                    used: Submission | None) -> list[ci.MasterChange]:
    """K05: what changed in the master since the distribution `used` was answered on (the
    current distribution when nothing came back)."""
    seq = used.distribution if used is not None and used.distribution else rec.seq
    head = ledger.distribution(seq, carried=False) if seq else None
    if head is None or head.master_digest == today.digest:  # the usual case: nothing parsed
        return []
    sent = ledger.distribution(seq)
    assert sent is not None
    return [
        ci.MasterChange(
            code="K05", division_code=rec.division_code,
            division_name=str(sent.carried.get("division_name") or rec.division_code),
            survey_id=rec.survey_id, text=change.text,
            file_name=used.original_name if used else None,
            sha256=used.sha256 if used else None)
        for change in changes_for(today.plan, sent.carried, rec.division_code, today.shown)
    ]


# The values read back from the ledger's JSON are each their own string object: ~1.7M at
# 1,000 divisions (~130 MB) while the workbook is built. Sheet names, cell references, IDs,
# parts and statuses repeat across divisions' files (the same layout), so they share one.
def _shared(text: str | None) -> str | None:
    return sys.intern(text) if text is not None else None


def _trace(sub: Submission, sheet: str, cell: str) -> ci.Trace:
    return ci.Trace(
        sha256=sub.sha256,
        file_name=sub.original_name,
        sheet=sys.intern(sheet),
        cell=sys.intern(cell),

        received_at=_aware(sub.received_at),
    )


def _warning(sub: Submission, division: str, code: str, message: str,
             sheet: str | None = None, cell: str | None = None) -> ci.AcceptedWarning:
    return ci.AcceptedWarning(
        code=code, message=message, division_code=division, file_name=sub.original_name,
        sha256=sub.sha256, sheet=sheet, cell=cell,
    )


def _stored_message(stored: dict[str, Any]) -> str:
    """The message of a finding as the ledger keeps it, rendered from its parameters (older
    ledgers kept the rendered text, shown as it is)."""
    try:
        return Finding.from_stored(stored).message
    except (ValueError, KeyError, IndexError):
        return str(stored.get("message") or "")


def _respondent(sub: Submission) -> str | None:
    """The 回答者 line of a return, whatever its verdict (the one to call about it)."""
    try:
        who = respondent_of(sub.values)
    except ValidationError:
        return None
    return (who.shown or None) if who is not None else None


def _version(sub: Submission) -> ci.FileVersion:
    return ci.FileVersion(sha256=sub.sha256, file_name=sub.original_name,
                          received_at=_aware(sub.received_at))


def gather(ledger: Ledger, plan: Plan, surveys: list[SurveyRecord]) -> _Gathered:
    """Per division, the return that counts and everything its accepted values contribute."""
    kpis = {k.id: k for k in plan.kpis}
    initiatives = {i.id: i for i in plan.initiatives}
    out = _Gathered([], [], [], [], None, 0, [])
    today = _Today(plan)
    by_division, orphans = _division_surveys(plan, surveys)
    out.master_changes += _orphan_changes(ledger, orphans)
    # (kpi_id, part) -> (value, division, submission) of every non-lead copy, for 要確認
    others: list[tuple[str, str | None, float | None, str, Submission, ci.Trace]] = []
    seen_kpi: set[tuple[str, str | None]] = set()
    seen_ini: set[str] = set()

    for division, recs in by_division.items():
        counted = count(s for rec in recs for s in ledger.submissions(rec.survey_id))
        cur, acc = counted.counting, counted.values
        for rec in recs:
            out.master_changes += _master_changes(ledger, today, rec, acc or cur)
        if cur is None:
            continue
        out.superseded += len(counted.replaced)
        out.submissions.append(
            ci.Submission(
                division_code=division,
                sha256=cur.sha256,
                file_name=cur.original_name,
                received_at=_aware(cur.received_at),
                verdict=counted.standing.label,
                superseded=[_version(s) for s in counted.replaced],
                values_from=_version(acc) if acc is not None else None,
                respondent=_respondent(cur),
            )
        )
        if acc is None:
            continue
        for newer in counted.unused_newer:
            note = msg("cons_run_newer_not_accepted", file=newer.original_name,
                       verdict=verdict_label(newer.verdict), used=acc.original_name)
            out.warnings.append(_warning(newer, division, "C01", note))
        when = _aware(acc.received_at)
        out.latest_received = max(out.latest_received or when, when)
        for f in acc.findings:
            if f.get("severity") == "warning":
                message = _stored_message(f)
                out.warnings.append(
                    _warning(acc, division, str(f.get("code") or "—"), message,
                             f.get("sheet"), f.get("cell"))
                )

        values = values_of(acc)
        # `others` keeps the submission to the end: without its parsed values
        acc = acc.model_copy(update={"values": {}})
        for k in values.kpis:
            kpi = kpis.get(k.kpi_id)
            trace = _trace(acc, k.trace.sheet, k.trace.cell)
            if kpi is None or (k.part_label is None) != (not kpi.part_labels) or (
                k.part_label is not None and k.part_label not in kpi.part_labels
            ):
                note = msg("cons_run_unknown_kpi", kpi=k.key)
                out.notes.append(f"{acc.original_name}: {note}")
                out.warnings.append(_warning(acc, division, "C02", note, trace.sheet, trace.cell))
                continue
            key = (k.kpi_id, k.part_label)
            if kpi.division_code != division:
                others.append((k.kpi_id, k.part_label, k.value, division, acc, trace))
                continue
            if key in seen_kpi:
                continue
            seen_kpi.add(key)
            out.kpi_actuals.append(
                ci.KpiActual(kpi_id=kpi.id, part=_shared(k.part_label), value=k.value,
                             trace=trace, raw=k.raw, as_of=k.as_of, source=k.source,
                             note=k.note)
            )
        for r in values.initiatives:
            ini = initiatives.get(r.initiative_id)
            if ini is None or ini.division_code != division or r.initiative_id in seen_ini:
                continue
            seen_ini.add(r.initiative_id)
            status_trace = _trace(acc, r.trace.sheet, r.trace.cell)
            status = r.status if is_status(r.status) else None
            if r.status is not None and status is None:
                note = msg("cons_run_bad_status", initiative=r.initiative_id, status=r.status)
                out.warnings.append(
                    _warning(acc, division, "C03", note, r.trace.sheet, r.trace.cell)
                )
            texts: dict[str, ci.TracedText | None] = {}
            for name in _TEXT_FIELDS:
                text = getattr(r, name)
                cell = r.text_traces.get(name, r.trace)
                texts[name] = (
                    ci.TracedText(text=text, trace=_trace(acc, cell.sheet, cell.cell))
                    if text
                    else None
                )
            out.reports.append(
                ci.InitiativeReport(
                    initiative_id=ini.id,
                    status=_shared(status),  # checked by is_status
                    status_trace=status_trace if status is not None else None,
                    **texts,
                )
            )

    _fill_same_indicators(plan, out.kpi_actuals)
    lead = {(a.kpi_id, a.part): a for a in out.kpi_actuals}
    for kpi_id, part, value, division, sub, trace in others:
        used = lead.get((kpi_id, part))
        if used is not None and value is not None and used.value != value:
            note = msg("cons_run_other_division_value", kpi=kpi_id + (f" {part}" if part else ""),
                       value=_fmt(value), used=_fmt(used.value), lead=used.trace.file_name)
            out.warnings.append(_warning(sub, division, "C04", note, trace.sheet, trace.cell))
    return out


def _fill_same_indicators(plan: Plan, actuals: list[ci.KpiActual]) -> None:
    """An indicator asked once fills every ID the plan gives it (`Plan.answered_as`): an ID
    with no actual of its own takes the answered ID's, traced to the same cell. Validation
    already records both IDs when both rows are in one survey; this covers an indicator whose
    IDs belong to two divisions (only the first answers) and returns validated before."""
    have = {(a.kpi_id, a.part): a for a in actuals}
    for kpi in plan.kpis:
        first = plan.answered_as(kpi)
        if first is None:
            continue
        parts: list[str | None] = [*kpi.part_labels] or [None]
        for part in parts:
            answered = have.get((first.id, part))
            if (kpi.id, part) in have or answered is None:
                continue
            copied = answered.model_copy(update={"kpi_id": kpi.id, "part": part})
            actuals.append(copied)
            have[(kpi.id, part)] = copied


def _fmt(v: float | None) -> str:
    if v is None:
        return "—"
    return str(int(v)) if float(v).is_integer() else repr(v)


# ------------------------------------------------------------------ snapshots
def snapshot(inp: ci.ConsolidationInput, file_name: str) -> ci.PreviousConsolidation:
    """What the next consolidation compares against (`changes.changes_since`)."""
    return ci.PreviousConsolidation(
        file_name=file_name,
        consolidated_at=inp.consolidated_at,
        kpi_values=[
            ci.PreviousKpiValue(kpi_id=a.kpi_id, part=a.part, value=a.value, sha256=a.trace.sha256)
            for a in inp.kpi_actuals
        ],
        statuses=[
            ci.PreviousStatus(
                initiative_id=r.initiative_id,
                status=r.status,
                sha256=r.status_trace.sha256 if r.status_trace else None,
            )
            for r in inp.initiative_reports
        ],
        divisions=[
            ci.PreviousDivision(division_code=s.division_code, sha256=s.sha256,
                                file_name=s.file_name)
            for s in inp.submissions
        ],
    )


def _finished_runs(ledger: Ledger) -> list[Operation]:
    """Finished consolidations, without their snapshots (one per run, each holding every
    value it showed: only the one compared against is read, by `_previous_from`)."""
    return [
        op for op in ledger.operations(OPERATION_KIND, omit=("snapshot",))
        if op.finished_at is not None and "digest" in op.counts
    ]


def _previous_from(ledger: Ledger, op: Operation | None) -> ci.PreviousConsolidation | None:
    full = ledger.operation(op.id) if op is not None else None
    if full is None or "snapshot" not in full.counts:
        return None
    return ci.PreviousConsolidation.model_validate(full.counts["snapshot"])


def _checks_of(folder: WorkFolder, last: Operation | None) -> ci.CarriedChecks | None:
    """The checks the DX division wrote in the last workbook of this round (None: none yet)."""
    if last is None or not last.outputs:
        return None
    return read_checks(folder.root / last.outputs[0])


# ------------------------------------------------------------------ the chain of rounds
def _round_values(prev: WorkFolder) -> tuple[ci.HistoryRound, ci.PreviousConsolidation | None]:
    """An earlier round's accepted actuals: as its last status workbook showed them (and that
    snapshot, for 前回比較), or, never consolidated, as its ledger holds them now."""
    s = prev.settings
    with Ledger.open(prev) as ledger:
        runs = _finished_runs(ledger)
        snap = _previous_from(ledger, runs[-1]) if runs else None
    values: list[ci.PreviousKpiValue] = []
    if snap is not None:
        values = snap.kpi_values
    else:
        try:
            inp, _summary = current_input(prev)
        except UserError:  # nothing sent or nothing readable: the round shows no values
            inp = None
        if inp is not None:
            values = snapshot(inp, "").kpi_values
    return ci.HistoryRound(fiscal_year=s.fiscal_year, round_code=s.round_code,
                           round_name=s.round_name, folder=str(prev.root),
                           file_name=snap.file_name if snap is not None else None,
                           kpi_values=values), snap


def load_history(folder: WorkFolder) -> tuple[ci.History, ci.PreviousConsolidation | None]:
    """The rounds before `folder`'s (`round.chain.predecessors`), and the last snapshot of
    the one right before it (what 前回比較 compares with before this round's first run)."""
    chain = predecessors(folder)
    rounds: list[ci.HistoryRound] = []
    snap: ci.PreviousConsolidation | None = None
    for prev in chain.folders:
        r, snap = _round_values(prev)
        rounds.append(r)
    if snap is not None and rounds:
        last = rounds[-1]
        snap = snap.model_copy(update={
            "earlier_round": label(last.fiscal_year, last.round_code, last.round_name)})
    return ci.History(round_code=folder.settings.round_code, rounds=rounds,
                      notes=chain.notes), snap


def input_digest(inp: ci.ConsolidationInput, settings: RatingSettings) -> str:
    """Everything the workbook depends on, except this run's identity and comparison base."""
    # Serialised straight to JSON (no intermediate dict of the whole plan: that copy was the
    # run's memory peak at 1,000 divisions). The models hold lists, not dicts, so the field
    # order is fixed by the model definitions.
    # A round with no predecessor leaves its history out: digests stay as they were.
    skip = {"operation", "previous"} | (
        {"history"} if inp.history is None or inp.history.is_empty else set()) | (
        {"review_checks"} if inp.review_checks is None else set())
    h = hashlib.sha256(inp.model_dump_json(exclude=skip).encode())
    h.update(settings.model_dump_json().encode())
    return h.hexdigest()


# ------------------------------------------------------------------ the run
def consolidate(folder: WorkFolder) -> ConsolidationResult:
    """Write the next status workbook of `folder` from its ledger (see the module docstring)."""
    # A run allocates millions of long-lived objects (plan rows, cells) and few cycles: the
    # collector would rescan them again and again for nothing (~8 s of 38 s at 1,000 divisions).
    with collector_paused():
        return _consolidate(folder)


@dataclass(frozen=True)
class Collected:
    """What a consolidation reads from the ledger, before any operation is recorded."""

    surveys: list[SurveyRecord]
    gathered: _Gathered
    consolidated_at: dt.datetime
    runs: list[Operation]  # finished consolidations, oldest first


def _collect(folder: WorkFolder, ledger: Ledger, plan: Plan) -> Collected:
    s = folder.settings
    surveys = ledger.surveys(carried=False, round_of=(s.fiscal_year, s.round_code))
    if not surveys:
        key = "cons_run_no_surveys_round" if ledger.surveys(carried=False) \
            else "cons_run_no_surveys"
        raise UserError(msg(key, folder=folder.root, year=s.fiscal_year, round=s.round_name))
    got = gather(ledger, plan, surveys)
    consolidated_at = got.latest_received or max(_aware(r.generated_at) for r in surveys)
    return Collected(surveys, got, consolidated_at, _finished_runs(ledger))


def _input(folder: WorkFolder, plan: Plan, c: Collected, ref_id: int | str,
           previous: ci.PreviousConsolidation | None,
           history: ci.History | None = None,
           checks: ci.CarriedChecks | None = None) -> ci.ConsolidationInput:
    s = folder.settings
    try:
        return ci.ConsolidationInput(
            plan=plan,
            fiscal_year=s.fiscal_year,
            round_name=s.round_name,
            consolidated_at=c.consolidated_at,
            expected_division_codes=list(_division_surveys(plan, c.surveys)[0]),
            submissions=c.gathered.submissions,
            kpi_actuals=c.gathered.kpi_actuals,
            initiative_reports=c.gathered.reports,
            warnings=c.gathered.warnings,
            master_changes=c.gathered.master_changes,
            previous=previous,
            operation=ci.OperationRef(operation_id=str(ref_id),
                                      log_file=f"{INTAKE_DIR}/{folder.ledger_path.name}",
                                      performed_at=c.consolidated_at),
            history=history,
            deadline=s.deadline,
            review_checks=checks,
        )
    except ValidationError as exc:  # the plan and the ledger disagree
        err = exc.errors()[0]
        cause = err.get("ctx", {}).get("error")
        detail = str(cause) if isinstance(cause, UserError) else err.get("msg", "")
        raise UserError(msg("cons_run_inconsistent", detail=detail)) from None


def current_input(folder: WorkFolder) -> tuple[ci.ConsolidationInput, StatusSummary]:
    """What the next consolidation would say, computed without writing anything: no workbook,
    no operation in the ledger, no lock (the library's DataFrames read this)."""
    settings = rating_settings(folder)
    plan = load_plan(folder)
    with collector_paused(), Ledger.open(folder) as ledger:
        c = _collect(folder, ledger, plan)
        last = c.runs[-1] if c.runs else None
        inp = _input(folder, plan, c, last.id if last is not None else 0,
                     _previous_from(ledger, last))
    return inp, summarise(inp, settings)


def _consolidate(folder: WorkFolder) -> ConsolidationResult:
    settings = rating_settings(folder)
    with folder_lock(folder, LOCK_HOLDER):
        plan = load_plan(folder)
        history, chain_base = load_history(folder)
        s = folder.settings
        with Ledger.open(folder) as ledger:
            c = _collect(folder, ledger, plan)
            got, consolidated_at, runs = c.gathered, c.consolidated_at, c.runs
            last = runs[-1] if runs else None
            op_id = ledger.begin_operation(
                OPERATION_KIND, settings={"rating": settings.model_dump(mode="json")}
            )

            # Before this round's first run, 前回比較 compares with the round before it.
            def base_of(op: Operation | None) -> ci.PreviousConsolidation | None:
                return _previous_from(ledger, op) if op is not None else chain_base

            checks = _checks_of(folder, last)
            inp = _input(folder, plan, c, op_id, base_of(last), history, checks)
            digest = input_digest(inp, settings)
            reprint_of: int | None = None
            if last is not None and last.counts.get("digest") == digest:
                # Same input as the last run: reprint it exactly (same reference and base).
                reprint_of = int(last.counts.get("workbook_operation", last.id))
                base_id = last.counts.get("previous_operation")
                base = next((op for op in runs if op.id == base_id), None)
                inp = _input(folder, plan, c, reprint_of, base_of(base), history, checks)
                previous_op = base_id
            else:
                previous_op = last.id if last is not None else None

            sequence = next_sequence(folder, [o for op in runs for o in op.outputs])
            path = folder.consolidated / output_name(s.fiscal_year, s.round_name, sequence)
            while path.exists():  # never overwrite, even a file named by hand
                sequence += 1
                path = folder.consolidated / output_name(s.fiscal_year, s.round_name, sequence)
            summary = write_status_workbook(inp, settings, path)

            rating_counts = {settings.label(c): summary.rating_counts.get(c, 0)
                             for c in settings.all_codes()}
            status_counts = {st: summary.status_counts.get(st, 0)
                             for st in status_order(summary.status_counts)}
            rel = path.relative_to(folder.root).as_posix()
            ledger.finish_operation(
                op_id,
                counts={
                    "expected": summary.expected,
                    "received": summary.received,
                    "kpi_ratings": rating_counts,
                    "initiative_statuses": status_counts,
                    "kpi_actuals": len(inp.kpi_actuals),
                    "initiative_reports": len(inp.initiative_reports),
                    "warnings": len(inp.warnings),
                    "superseded": got.superseded,
                    "consolidated_at": consolidated_at.isoformat(),
                    "digest": digest,
                    "workbook_operation": reprint_of if reprint_of is not None else op_id,
                    "previous_operation": previous_op,
                    "snapshot": snapshot(inp, path.name).model_dump(mode="json"),
                },
                outputs=[rel],
            )
    return ConsolidationResult(
        path=path,
        sequence=sequence,
        operation_id=op_id,
        summary=summary,
        expected=summary.expected,
        received=summary.received,
        rating_counts=rating_counts,
        status_counts=status_counts,
        superseded=got.superseded,
        no_accepted=not any(s.values_from for s in inp.submissions),
        reprint_of=reprint_of,
        notes=got.notes,
        master_changes=inp.master_changes,
        history_notes=history.notes,
    )


def result_text(result: ConsolidationResult, root: Path | None = None) -> str:
    """Short Japanese summary for the terminal and the control workbook's status line."""
    shown = result.path.relative_to(root) if root is not None else result.path
    ratings = "、".join(f"{k} {v}" for k, v in result.rating_counts.items())
    statuses = "、".join(f"{k} {v}" for k, v in result.status_counts.items())
    lines = [
        msg("cons_run_wrote", path=shown),
        msg("cons_run_received", received=result.received, expected=result.expected,
            superseded=result.superseded),
        msg("cons_run_kpis", total=sum(result.rating_counts.values()), counts=ratings),
        msg("cons_run_initiatives", total=sum(result.status_counts.values()), counts=statuses),
    ]
    if result.no_accepted:
        lines.append(msg("cons_run_none_accepted"))
    if result.reprint_of is not None:
        lines.append(msg("cons_run_reprint", operation=result.reprint_of))
    lines += master_change_lines(result.master_changes)
    lines += result.history_notes
    return "\n".join(lines)


def master_change_lines(changes: list[ci.MasterChange], limit: int = 20) -> list[str]:
    """The terminal's account of 要確認 K05/K06: by division, what changed in the master."""
    if not changes:
        return []
    by_division: dict[str, list[ci.MasterChange]] = {}
    for c in changes:
        by_division.setdefault(c.division_code, []).append(c)
    lines = [msg("cons_run_master_changed", count=len(by_division))]
    shown = 0
    for code, items in by_division.items():
        lines.append(msg("cons_run_master_changed_division", division=items[0].division_name,
                         code=code))
        for c in items:
            if shown == limit:
                lines.append(msg("cons_run_master_changed_more", count=len(changes) - limit))
                return lines
            lines.append("    " + c.text)
            shown += 1
    return lines


def counts_dict(result: ConsolidationResult) -> dict[str, Any]:
    """The result as plain data (JSON output, the Excel adapter)."""
    return {
        "path": str(result.path),
        "sequence": result.sequence,
        "operation_id": result.operation_id,
        "expected": result.expected,
        "received": result.received,
        "kpi_ratings": result.rating_counts,
        "initiative_statuses": result.status_counts,
        "superseded": result.superseded,
        "no_accepted": result.no_accepted,
        "reprint_of": result.reprint_of,
    }


__all__ = [
    "ConsolidationResult",
    "consolidate",
    "counts_dict",
    "latest_output",
    "master_change_lines",
    "next_sequence",
    "output_name",
    "rating_settings",
    "result_text",
]
