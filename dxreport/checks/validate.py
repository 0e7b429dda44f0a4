"""The validation run (検証): every file under `2_回収/` in, a verdict and findings for each out.

For each file (sorted by its path under 2_回収):
1. hash it while copying it into `3_受付/<sha256>.<ext>` (read-only; what is validated);
2. the same content already received under the same name: its stored outcome is shown again
   (nothing re-validated, nothing added to the ledger); under another name: an exact duplicate
   (I005, noted in the ledger with `duplicate_of`, not validated);
3. otherwise: file safety (F), identity (I), structure (S), values (V), a verdict, and all or
   nothing (a savepoint) the submission (findings, and for accepted files the normalised values
   with cell traces) plus superseding: per survey, the newest non-rejected submission (by the
   file's saved time, then by order received) is current, the others point to it;
4. `returned` files get an annotated copy `4_差し戻し/<division>_<path hash>_差し戻し.xlsx`
   (`return_copy_name`), written again whenever it is missing or was made from another
   version; a copy whose return a newer accepted one has replaced (`round.counting`) moves
   to `4_差し戻し/対応済み/`.
Then `検証結果.xlsx` (folder root: it lists every division's findings, so it is for the DX
division, not for sending back) is written for the files of this run.

Nothing here raises for a bad file: an unexpected exception becomes F013 for that file.

How the work is split (the same results, in the same order, either way):
- the parent process takes every file in (intake copies, hashes, duplicates) in file order,
  handing the files to check to the workers as it goes (they start on the first ones at once);
- the per-file work of step 3 (file safety, a read-only load, reading, identity, structure and
  value checks: pure, it only reads the intake copy) runs in `os.cpu_count()` worker processes
  for `MIN_FILES_FOR_WORKERS` files or more, in this process below that (tests, demo);
  workers never open the ledger and write nothing; a worker that dies (a file crashing the
  interpreter) has its files checked again one by one, and only the culprit gets F013;
- the parent records the results in file order, one ledger transaction per `BATCH` files and a
  savepoint per file inside it (a failing file rolls back alone; a crash of the run leaves
  whole batches recorded, and the next run validates the rest), then writes the return copies
  of the batch and, at the end, 検証結果.xlsx.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import sqlite3
import sys
import threading
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import defusedxml.ElementTree as safe_et
from tqdm import tqdm

from dxreport.checks.filesafety import MB, Limits, inspect_file
from dxreport.checks.findings import Finding, counts, finding, verdict
from dxreport.checks.findings_workbook import FileResult, write_findings_workbook
from dxreport.checks.identity import check_identity
from dxreport.checks.intake import Received, hash_file, scan_returns, store_copy
from dxreport.checks.return_copy import (
    ReturnGuide,
    copies_of,
    copy_source,
    return_copy_name,
    write_return_copy,
)
from dxreport.checks.structure import check_structure
from dxreport.checks.subjects import with_subjects
from dxreport.checks.value_checks import ValueSettings, check_values
from dxreport.errors import FileFault, UserError
from dxreport.fileio import file_fault
from dxreport.messages import msg
from dxreport.round.counting import count, order_key
from dxreport.round.folder import Settings, WorkFolder
from dxreport.round.ledger import Ledger, Submission, SurveyRecord, folder_lock, now
from dxreport.round.submitted import (
    RESPONDENT_KEY,
    Respondent,
    SubmittedValues,
    respondent_of,
)
from dxreport.rules.fiscal_year import fiscal_year_start
from dxreport.rules.verdicts import FILE_VERDICTS, Verdict
from dxreport.survey.reader import read_survey

DCTERMS_MODIFIED = "{http://purl.org/dc/terms/}modified"
# Rejections caused by the folder's state rather than by the file: a survey ID the ledger
# does not know yet (validated before populate), another round (a slip in 設定.toml), a
# distribution not recorded. The same content is checked again on every run, so the division
# is not left 未回答 once the cause is fixed; an unchanged result is shown as before.
RECHECK = frozenset({"I002", "I003", "I008"})
MIN_FILES_FOR_WORKERS = 8  # below this, starting worker processes costs more than it saves
CHUNK = 8  # files per task sent to a worker
BATCH = 64  # files recorded per ledger transaction


@dataclass
class FileOutcome:
    file: str  # relative to 2_回収, "/" separated
    sha256: str | None
    survey_id: str | None
    division_code: str | None
    verdict: str
    findings: list[Finding]
    return_copy: Path | None = None
    return_copy_problem: str | None = None  # why no return copy could be written
    duplicate: bool = False
    superseded: bool = False
    division_name: str | None = None
    submission_id: int | None = None
    seen_before: bool = False  # same content and name as in an earlier run: shown again
    # checked again because an earlier rejection was caused by the folder's state (RECHECK):
    # that earlier outcome, when this run's differs (the earlier row points to this one)
    rechecked_from: Submission | None = None
    respondent: str | None = None  # the return's 回答者 block, one line; None: not filled in

    @property
    def errors(self) -> int:
        return counts(self.findings)[0]

    @property
    def warnings(self) -> int:
        return counts(self.findings)[1]

    @property
    def accepted(self) -> bool:
        return Verdict(self.verdict).accepted

    @property
    def recheck_text(self) -> str | None:
        """What changed since the earlier check of this content (None: not checked again)."""
        before = self.rechecked_from
        if before is None:
            return None
        old = _load(before.findings, self.file)
        cause = "、".join(f"{f.code} {f.message}" for f in old if f.severity == "error") or "—"
        errors = [f for f in self.findings if f.severity == "error"]
        now = msg("chk_rechecked_now", cause="、".join(f"{f.code} {f.message}" for f in errors)) \
            if errors and not self.accepted else ""
        return msg("chk_rechecked", file=self.file, before=Verdict(before.verdict).label,
                   cause=cause, after=Verdict(self.verdict).label, now=now)

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file, "sha256": self.sha256, "survey_id": self.survey_id,
            "division_code": self.division_code, "division_name": self.division_name,
            "verdict": self.verdict, "duplicate": self.duplicate,
            "superseded": self.superseded,
            "return_copy": str(self.return_copy) if self.return_copy else None,
            "return_copy_problem": self.return_copy_problem,
            "rechecked_from": None if self.rechecked_from is None else {
                "submission_id": self.rechecked_from.id,
                "verdict": self.rechecked_from.verdict,
                "codes": [f.get("code") for f in self.rechecked_from.findings]},
            "findings": [
                {"code": f.code, "severity": f.severity, "sheet": f.sheet, "cell": f.cell,
                 "params": f.params, "message": f.message, "action": f.action}
                for f in self.findings
            ],
        }


@dataclass
class ValidationRun:
    files: list[FileOutcome]
    findings_workbook: Path | None
    operation_id: int
    ignored: list[str] = field(default_factory=list)  # temp/lock files under 2_回収

    def counts(self) -> dict[str, int]:
        out = {v.value: 0 for v in FILE_VERDICTS}
        for f in self.files:
            out[f.verdict] = out.get(f.verdict, 0) + 1
        return out

    @property
    def all_accepted(self) -> bool:
        return all(f.accepted for f in self.files)

    @property
    def return_copies(self) -> list[Path]:
        return [f.return_copy for f in self.files if f.return_copy is not None]


def limits_for(folder: WorkFolder) -> Limits:
    return Limits(max_file_bytes=int(folder.settings.validation.max_file_mb * MB))


def saved_at_of(path: Path) -> dt.datetime | None:
    """When the division saved the file (`dcterms:modified` of docProps/core.xml), if stated.

    Read from the package itself (openpyxl invents "now" when the part is missing). Only
    called on files that passed the safety checks.
    """
    try:
        with zipfile.ZipFile(path) as zf, zf.open("docProps/core.xml") as stream:
            root = safe_et.parse(stream, forbid_dtd=True).getroot()
        text = next((el.text for el in root.iter(DCTERMS_MODIFIED) if el.text), None)
        if not text:
            return None
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    except Exception:
        return None


def _dump(findings: list[Finding]) -> list[dict[str, Any]]:
    """Findings as the ledger keeps them: code, severity, place and parameters."""
    return [f.stored() for f in findings]


def _load(stored: list[dict[str, Any]], file: str) -> list[Finding]:
    """Stored findings (also those of older ledgers, which kept only the rendered texts)."""
    out = []
    for d in stored:
        try:
            out.append(Finding.from_stored(d, file))
        except Exception:
            continue
    return out


def _same_findings(earlier: Submission, examined: Examined,
                   subs: dict[int, Submission]) -> bool:
    """Whether checking again found what the earlier check found (codes and parameters)."""
    if earlier.duplicate_of is not None and earlier.duplicate_of in subs:
        earlier = subs[earlier.duplicate_of]

    def key(stored: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return sorted((d.get("code"), json.dumps(d.get("params") or {}, sort_keys=True,
                                                 ensure_ascii=False, default=str))
                      for d in stored)

    return key(earlier.findings) == key(_dump(examined.findings))


# -- the per-file work (pure: runs in worker processes or in-process) ------------------
@dataclass(frozen=True)
class CheckContext:
    """What checking one file needs besides the file; picklable (sent once to each worker)."""

    settings: Settings
    limits: Limits
    values: ValueSettings
    surveys: SurveyLookup  # what populate sent (the ledger's surveys table)


class SurveyLookup:
    """What populate sent, by survey ID: every distribution of it, made into `SurveyRecord`s
    when asked for.

    Kept as the ledger's rows compressed one by one (about 2 MB for 1,000 divisions instead
    of 23 MB of JSON text, or far more as parsed records): cheap to send to every worker, and
    a record is parsed only for the file that needs it, then dropped (a survey normally
    comes back once)."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self.packed: dict[str, list[bytes]] = {}
        for row in rows:  # oldest distribution first
            self.packed.setdefault(row[0], []).append(zlib.compress(pickle.dumps(row), 1))

    def get(self, survey_id: str) -> list[SurveyRecord]:
        return [Ledger.survey_from_raw(pickle.loads(zlib.decompress(p)))
                for p in self.packed.get(survey_id, [])]

    def current(self, survey_id: str) -> SurveyRecord | None:
        found = self.packed.get(survey_id)
        return Ledger.survey_from_raw(pickle.loads(zlib.decompress(found[-1]))) if found \
            else None


@dataclass
class Examined:
    """The result of checking one intake copy (picklable; the file name is set later)."""

    findings: list[Finding]
    metadata: dict[str, Any] = field(default_factory=dict)
    survey_id: str | None = None  # set when the file is one of our surveys
    distribution: int | None = None  # the distribution it came from (`SurveyRecord.seq`)
    division_code: str | None = None
    division_name: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    saved_at: dt.datetime | None = None
    crashed: str | None = None  # the exception's type name when checking failed (F013)


def examine_file(stored: Path, ctx: CheckContext) -> Examined:
    """File safety (F), identity (I), structure (S) and values (V) of one file. Never raises."""
    try:
        return _examine(stored, ctx)
    except Exception as exc:  # the promise: a bad file never stops the others
        return Examined(findings=[], crashed=type(exc).__name__)


def _examine(stored: Path, ctx: CheckContext) -> Examined:
    safe = inspect_file(stored, ctx.limits, read_only=True)
    if isinstance(safe, list):
        return Examined(findings=safe)
    wb = safe.workbook
    ret = read_survey(wb)  # the snapshot inspect_file took: read once
    record, found = check_identity(ret, ctx.surveys.get, ctx.settings)
    values: dict[str, Any] = {}
    if record is not None:
        found += check_structure(wb, ret, record.carried)
        result = check_values(wb, ret, record.carried, ctx.values)
        found += result.findings
        found = with_subjects(found, ret, record.carried)  # the ID, name and column of each
        values = SubmittedValues(kpis=result.kpis, initiatives=result.initiatives,
                                 respondent=Respondent(**ret.respondent) if ret.respondent
                                 else None).model_dump(mode="json")
    return Examined(
        findings=found, metadata=dict(ret.metadata),
        survey_id=record.survey_id if record else None,
        distribution=record.seq if record else None,
        division_code=record.division_code if record else None,
        division_name=(record.carried.get("division_name") or "") if record else None,
        values=values, saved_at=saved_at_of(stored),
    )


_WORKER_CONTEXT: list[CheckContext] = []  # set in each worker process by _init_worker


def _init_worker(ctx: CheckContext) -> None:
    _WORKER_CONTEXT[:] = [ctx]
    # Ctrl+C reaches every process of the console: the parent stops the run and says what
    # was recorded; a worker would only print a traceback of its own
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()


@contextlib.contextmanager
def _no_ctrl_c_in_new_workers() -> Iterator[None]:
    """Workers start (spawned by `submit`) with Ctrl+C blocked: a console's Ctrl+C reaches
    every process in it, and a worker still importing would print a traceback before its
    initializer could ignore it. The mask is inherited across fork and exec; here in the
    parent a Ctrl+C meanwhile waits, and is delivered when the mask is restored. (Windows has
    no signal mask: there the initializer's SIG_IGN does it, once the worker is up.)"""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _exit_with_parent() -> None:
    """A worker ends as soon as the run that started it is gone, however it went (`kill -9`,
    a closed console, Task Manager): otherwise it would wait for work for ever (~65 MB each).
    The parent's sentinel becomes ready when the parent ends, on Windows as on POSIX."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _examine_chunk(paths: list[str]) -> list[Examined]:
    return [examine_file(Path(p), _WORKER_CONTEXT[0]) for p in paths]


class Examiner:
    """`examine_file` for the paths given to `submit`, results yielded by `results()` in the
    order submitted. With `workers` > 1, in worker processes (spawn start method on every OS,
    as Windows requires), which start on the first `submit` and work while the caller takes
    the next files in; otherwise in this process, when the results are asked for."""

    def __init__(self, ctx: CheckContext, workers: int) -> None:
        self.ctx, self.workers = ctx, workers
        self.chunks: list[list[str]] = []
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future[list[Examined]] | None] = []

    def submit(self, paths: Sequence[Path]) -> None:
        for i in range(0, len(paths), CHUNK):
            chunk = [str(p) for p in paths[i:i + CHUNK]]
            self.chunks.append(chunk)
            if self.workers > 1:
                if self.pool is None:
                    self.pool = _pool(self.ctx, self.workers)
                with _no_ctrl_c_in_new_workers():
                    self.futures.append(self.pool.submit(_examine_chunk, chunk))

    def results(self) -> Iterator[Examined]:
        if self.workers <= 1:
            for chunk in self.chunks:
                for p in chunk:
                    yield examine_file(Path(p), self.ctx)
            return
        n = 0
        while n < len(self.chunks):
            try:
                future = self.futures[n]
                assert future is not None
                results = future.result()
            except BrokenProcessPool:
                # A worker died (a file crashed the interpreter, or memory ran out). The
                # files of this chunk are checked again each alone in a fresh worker, so only
                # a file that kills a worker by itself is F013; the rest go to a new pool.
                self.close()
                for p in self.chunks[n]:
                    yield _alone(p, self.ctx)
                rest = self.chunks[n + 1:]
                self.chunks, self.futures, n = self.chunks[:n + 1], self.futures[:n + 1], n + 1
                self.submit_chunks(rest)
                continue
            self.futures[n] = None  # its results are handed on, not kept
            yield from results
            n += 1

    def submit_chunks(self, chunks: list[list[str]]) -> None:
        for chunk in chunks:
            self.submit([Path(p) for p in chunk])

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def workers_can_start() -> bool:
    """Spawned workers first run the main script again from its path. A script read from
    standard input (`python -`) has no such file, so its workers would die at start-up:
    checking then stays in this process. (`python -c`, the Excel buttons' way, has no
    path to run and is fine.)"""
    path = getattr(sys.modules.get("__main__"), "__file__", None)
    return path is None or os.path.exists(path)


def _pool(ctx: CheckContext, workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(
        "spawn"), initializer=_init_worker, initargs=(ctx,))


def _alone(path: str, ctx: CheckContext) -> Examined:
    pool = _pool(ctx, 1)
    try:
        with _no_ctrl_c_in_new_workers():
            future = pool.submit(_examine_chunk, [path])
        return future.result()[0]
    except Exception as exc:  # BrokenProcessPool: this file kills the worker
        return Examined(findings=[], crashed=type(exc).__name__)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# -- the run (parent process: intake, ledger, outputs) ---------------------------------
@dataclass
class _Taken:
    """A file after intake: its copy in 3_受付 (or the original, when oversize), hash, size."""

    stored: Path
    sha: str
    size: int
    received_at: dt.datetime
    examine: bool = False  # to be checked (neither seen before nor a duplicate)


class _Run:
    def __init__(self, folder: WorkFolder, ledger: Ledger, op: int, workers: int) -> None:
        self.folder, self.ledger, self.op, self.workers = folder, ledger, op, workers
        s = folder.settings
        self.limits = limits_for(folder)
        self.surveys = SurveyLookup(ledger.surveys_raw())
        self.ctx = CheckContext(
            settings=s, limits=self.limits, surveys=self.surveys,
            values=ValueSettings(
                fiscal_year=s.fiscal_year, fy_start_year=fiscal_year_start(s.fiscal_year),
                implausible_factor=s.validation.implausible_factor,
                max_text_length=s.validation.max_text_length,
            ),
        )
        self.guide = ReturnGuide(deadline=s.deadline, submission=s.submission,
                                 contact=s.contact_text, today=dt.date.today())
        # The ledger as it stands, kept in memory (the folder lock makes this run its only
        # writer): duplicates, superseding and the I006 notes need no query per file.
        self.subs: dict[int, Submission] = {}
        self.by_sha: dict[str, list[Submission]] = {}
        self.by_survey: dict[str, list[int]] = {}
        for sub in ledger.submissions():
            self.remember(sub)
        self.division_names: dict[str, str] = {}

    def remember(self, sub: Submission) -> None:
        if sub.values:  # what was read is in the ledger; kept here it would cost ~50 KB/file
            who = sub.values.get(RESPONDENT_KEY)  # small, and shown again for a known file
            sub = sub.model_copy(update={"values": {RESPONDENT_KEY: who} if who else {}})
        self.subs[sub.id] = sub
        if self.stale(sub) and sub.superseded_by is not None:
            return  # checked again since: the newer row speaks for this content
        if not any(f.get("code") == "F013" for f in sub.findings):
            # checking that content failed (a crash, memory): the next run checks it again
            # instead of showing the failure for ever as "seen before"
            self.by_sha.setdefault(sub.sha256, []).append(sub)
        if sub.survey_id is not None:
            self.by_survey.setdefault(sub.survey_id, []).append(sub.id)

    def stale(self, sub: Submission) -> bool:
        """Rejected for a cause of the folder's state (`RECHECK`): to be checked again. An
        exact duplicate of such a file is checked again with it."""
        if sub.duplicate_of is not None:
            first = self.subs.get(sub.duplicate_of)
            return first is not None and first is not sub and self.stale(first)
        return sub.verdict == Verdict.REJECTED and any(
            f.get("code") in RECHECK for f in sub.findings)

    # -- the whole run ----------------------------------------------------------------
    def run(self, received: list[Received], bar: tqdm) -> list[FileOutcome]:
        parallel = (self.workers > 1 and len(received) >= MIN_FILES_FOR_WORKERS
                    and workers_can_start())
        examiner = Examiner(self.ctx, self.workers if parallel else 1)
        try:
            taken = self.take_all_in(received, examiner)
            results = examiner.results()
            outcomes: list[FileOutcome] = []
            for start in range(0, len(received), BATCH):
                group = range(start, min(start + BATCH, len(received)))
                examined = {i: next(results) for i in group
                            if isinstance(t := taken[i], _Taken) and t.examine}
                copies: list[tuple[FileOutcome, _Taken, Received]] = []
                with self.ledger.transaction():  # one transaction per batch
                    for i in group:
                        outcome = self.record(received[i], taken[i], examined.get(i))
                        outcomes.append(outcome)
                        t = taken[i]
                        if (outcome.verdict == Verdict.RETURNED and not outcome.duplicate
                                and isinstance(t, _Taken) and t.stored != received[i].path):
                            copies.append((outcome, t, received[i]))
                for outcome, t, item in copies:  # after the commit, as before
                    outcome.return_copy, outcome.return_copy_problem = self.return_copy(
                        item, t, outcome)
                bar.update(len(group))
        finally:
            examiner.close()  # stops the workers if this run ends early
        return outcomes

    def take_all_in(self, received: list[Received],
                    examiner: Examiner) -> list[_Taken | Exception]:
        """Intake copies in file order; the files to check go to the examiner as they come
        (neither seen before nor a duplicate of an earlier file, of this run or before)."""
        taken: list[_Taken | Exception] = []
        first_in_run: set[str] = set()
        chunk: list[Path] = []
        for item in received:
            try:
                t = self.take_in(item)
            except FileFault as exc:  # the machine's (disk full, a file held open): stop
                if not isinstance(exc.__cause__, FileNotFoundError):
                    raise
                taken.append(exc)  # moved away since the scan: that file's problem (F013)
                continue
            except Exception as exc:
                taken.append(exc)
                continue
            prior = [p for p in self.by_sha.get(t.sha, []) if not self.stale(p)]
            t.examine = t.sha not in first_in_run and not any(
                p.original_name == item.name or p.duplicate_of is None for p in prior)
            first_in_run.add(t.sha)
            taken.append(t)
            if t.examine:
                chunk.append(t.stored)
                if len(chunk) == CHUNK:
                    examiner.submit(chunk)
                    chunk = []
        examiner.submit(chunk)
        return taken

    def take_in(self, item: Received) -> _Taken:
        received_at = now()
        try:
            size = item.path.stat().st_size
        except OSError as exc:
            raise file_fault(exc, item.path, writing=False) from exc
        if size > self.limits.max_file_bytes:  # hashed but never copied or opened
            sha, size = hash_file(item.path)
            return _Taken(item.path, sha, size, received_at)
        stored, sha, size = store_copy(item.path, self.folder.intake, item.name)
        return _Taken(stored, sha, size, received_at)

    def record(self, item: Received, taken: _Taken | Exception,
               examined: Examined | None) -> FileOutcome:
        """The file's outcome, recorded in the ledger all or nothing (a savepoint)."""
        if isinstance(taken, Exception):
            return self.crashed(item, type(taken).__name__)
        try:
            with self.ledger.savepoint():
                return self.one(item, taken, examined)
        except (FileFault, sqlite3.OperationalError):
            raise  # the machine's, not the file's (a full disk): the run stops and says why
        except Exception as exc:  # the promise: a bad file never stops the others
            return self.crashed(item, type(exc).__name__)

    # -- one file ---------------------------------------------------------------------
    def one(self, item: Received, t: _Taken, examined: Examined | None) -> FileOutcome:
        prior = list(self.by_sha.get(t.sha, []))  # as before this file (`examine` adds to it)
        live = [p for p in prior if not self.stale(p)]
        same = next((p for p in live if p.original_name == item.name), None)
        if same is not None:
            return self.seen_before(item, same)
        first = next((p for p in live if p.duplicate_of is None), None)
        if first is not None:
            return self.duplicate(item, t, first)
        if examined is None:  # the same content earlier in this run could not be recorded
            examined = examine_file(t.stored, self.ctx)
        if examined.crashed is not None:
            return self.crashed(item, examined.crashed)
        earlier = next((p for p in prior if p.original_name == item.name), None) or next(
            (p for p in prior if p.duplicate_of is None), None)
        if earlier is not None and _same_findings(earlier, examined, self.subs):
            # the cause is still there: shown as before (a new name: a duplicate, as before)
            if earlier.original_name == item.name:
                return self.seen_before(item, earlier)
            return self.duplicate(item, t, earlier)
        outcome = self.examine(item, t, examined)
        if earlier is not None:
            self.recheck_done(prior, outcome)
            outcome.rechecked_from = earlier
        return outcome

    def recheck_done(self, prior: list[Submission], outcome: FileOutcome) -> None:
        """The earlier rows of this content point to the row of this run's check (they drop
        out of 未特定 lists; the ledger keeps them) and are no longer "seen before"."""
        new_id = outcome.submission_id
        assert new_id is not None
        stale = [p for p in prior if self.stale(p)]
        self.ledger.mark_superseded_many([(p.id, new_id) for p in stale])
        for p in stale:
            self.subs[p.id] = p.model_copy(update={"superseded_by": new_id})
        ids = {p.id for p in stale}
        for sha, subs in self.by_sha.items():
            if any(s.id in ids for s in subs):
                self.by_sha[sha] = [s for s in subs if s.id not in ids]

    def seen_before(self, item: Received, sub: Submission) -> FileOutcome:
        return FileOutcome(
            file=item.name, sha256=sub.sha256, survey_id=sub.survey_id,
            division_code=sub.division_code, verdict=sub.verdict,
            findings=_load(sub.findings, item.name),
            duplicate=sub.duplicate_of is not None, submission_id=sub.id, seen_before=True,
            division_name=self.division_name(sub.survey_id), respondent=_shown(sub.values),
        )

    def duplicate(self, item: Received, t: _Taken, first: Submission) -> FileOutcome:
        found = [finding("I005", file=item.name, first=first.original_name)]
        sub = Submission(
            id=0, sha256=t.sha, original_name=item.name, size=t.size,
            received_at=t.received_at, survey_id=first.survey_id,
            division_code=first.division_code, verdict=first.verdict, findings=_dump(found),
            duplicate_of=first.id, operation_id=self.op,
        )
        new_id = self.ledger.add_submission(sub)
        self.remember(sub.model_copy(update={"id": new_id}))
        return FileOutcome(
            file=item.name, sha256=t.sha, survey_id=first.survey_id,
            division_code=first.division_code, verdict=first.verdict, findings=found,
            duplicate=True, submission_id=new_id,
            division_name=self.division_name(first.survey_id),
        )

    def examine(self, item: Received, t: _Taken, ex: Examined) -> FileOutcome:
        found = [f.model_copy(update={"file": item.name}) for f in ex.findings]
        outcome = verdict(found)
        sid = ex.survey_id
        sub = Submission(
            id=0, sha256=t.sha, original_name=item.name, size=t.size,
            received_at=t.received_at, saved_at=ex.saved_at, survey_id=sid,
            division_code=ex.division_code, verdict=outcome.value, findings=_dump(found),
            values=ex.values if outcome.accepted else _respondent_only(ex.values),
            operation_id=self.op, distribution=ex.distribution,
        )
        new = sub.model_copy(update={"id": self.ledger.add_submission(sub)})
        changes = self.supersede(new) if sid is not None and outcome is not Verdict.REJECTED \
            else []
        self.remember(new)  # memory follows the ledger once every statement succeeded
        for older, newer in changes:
            self.subs[older] = self.subs[older].model_copy(update={"superseded_by": newer})
        if sid is not None:
            self.division_names[sid] = ex.division_name or ""
        return FileOutcome(
            file=item.name, sha256=t.sha, survey_id=sid or ex.metadata.get("survey_id"),
            division_code=ex.division_code or ex.metadata.get("division_code"),
            verdict=outcome.value, findings=found, submission_id=new.id,
            division_name=ex.division_name or ex.metadata.get("division_name"),
            respondent=_shown(ex.values),
        )

    def supersede(self, new: Submission) -> list[tuple[int, int]]:
        """Per survey, the return that counts (`round.counting`) is current; the others it
        replaced point to it. Written to the ledger; returns the (older, newer) pairs."""
        subs = [self.subs[i] for i in self.by_survey.get(new.survey_id or "", [])] + [new]
        counted = count(subs)
        newest = counted.counting
        if newest is None:
            return []
        changes = [(s.id, newest.id) for s in counted.replaced if s.superseded_by != newest.id]
        self.ledger.mark_superseded_many(changes)
        return changes

    def return_copy(self, item: Received, t: _Taken, outcome: FileOutcome
                    ) -> tuple[Path | None, str | None]:
        """(the annotated copy, None), or (None, why not): the verdict stands either way, and
        the clerk is told to pass on the findings from 検証結果.xlsx instead.

        A copy already made from this very version is kept as it is; one missing (deleted
        by hand, never written: Excel had it open, the disk was full) or made from another
        version of the same path is written (again)."""
        existing = copies_of(self.folder.send_back, item.name)
        done = self.folder.send_back / msg("chk_return_copy_done_dir")
        filed = copies_of(done, item.name) if done.is_dir() else []
        current = next((p for p in existing + filed if copy_source(p) == t.sha), None)
        if current is not None:  # filed under 対応済み: done with, not written again
            return current, None
        target = self.folder.send_back / return_copy_name(
            item.name, outcome.division_name or outcome.division_code)
        try:
            written = write_return_copy(t.stored, outcome.findings, target, limits=self.limits,
                                        display_name=PurePosixPath(item.name).name,
                                        source_sha256=t.sha, guide=self.guide)
        except FileFault as exc:  # e.g. the old copy is open in Excel, the name is too long
            if exc.stops_run:  # a full disk: every further output would fail too
                raise
            return None, exc.message
        except UserError as exc:
            return None, exc.message
        except OSError as exc:  # reading the intake copy
            fault = file_fault(exc, writing=False)
            if fault.stops_run:
                raise fault from exc
            return None, fault.message
        except Exception as exc:
            return None, msg("chk_return_copy_failed_kind", kind=type(exc).__name__)
        for old in existing:  # the stale copy of an older version under another label
            if old != written:
                old.unlink(missing_ok=True)
        return written, None

    def file_away(self, outcomes: list[FileOutcome]) -> None:
        """Move to 4_差し戻し/対応済み/ the copies of sent-back returns that a newer accepted
        return of the same survey has replaced (`round.counting`: the one rule), so what is
        left in 4_差し戻し is what still needs sending back; this run's outcomes link there."""
        done = self.folder.send_back / msg("chk_return_copy_done_dir")
        moved: dict[Path, Path] = {}
        for ids in self.by_survey.values():
            subs = [self.subs[i] for i in ids]
            values = count(subs).values
            if values is None:
                continue
            for sub in subs:
                if (sub.verdict != Verdict.RETURNED or sub.duplicate_of is not None
                        or order_key(sub) >= order_key(values)):
                    continue
                for copy in copies_of(self.folder.send_back, sub.original_name):
                    if copy_source(copy) != sub.sha256:
                        continue  # a copy of another version of that path
                    try:
                        done.mkdir(exist_ok=True)
                        os.replace(copy, done / copy.name)
                    except OSError:
                        continue  # open in Excel, say: moved by a later run
                    moved[copy] = done / copy.name
        for o in outcomes:
            if (o.return_copy is None and o.verdict == Verdict.RETURNED and o.sha256
                    and not o.duplicate):
                found = [p for p in copies_of(done, o.file) if copy_source(p) == o.sha256] \
                    if done.is_dir() else []
                o.return_copy = found[0] if found else None
            elif o.return_copy in moved:
                o.return_copy = moved[o.return_copy]

    # -- helpers ----------------------------------------------------------------------
    def division_name(self, survey_id: str | None) -> str | None:
        if survey_id is None:
            return None
        if survey_id not in self.division_names:
            rec = self.surveys.current(survey_id)
            self.division_names[survey_id] = (rec.carried.get("division_name") or "") \
                if rec else ""
        return self.division_names[survey_id] or None

    def crashed(self, item: Received, kind: str) -> FileOutcome:
        found = [finding("F013", file=item.name, kind=kind)]
        sha = None
        try:
            sha, size = hash_file(item.path)
            with self.ledger.savepoint():
                sub = Submission(
                    id=0, sha256=sha, original_name=item.name, size=size, received_at=now(),
                    verdict=Verdict.REJECTED.value, findings=_dump(found),
                    operation_id=self.op)
                sub_id: int | None = self.ledger.add_submission(sub)
            self.remember(sub.model_copy(update={"id": sub_id}))
        except Exception:
            sub_id = None
        return FileOutcome(file=item.name, sha256=sha, survey_id=None, division_code=None,
                           verdict=Verdict.REJECTED.value, findings=found,
                           submission_id=sub_id)

    def file_times(self, o: FileOutcome) -> dict[str, Any]:
        """部局, 受付日時 and the file's own saved time of an outcome, for 検証結果.xlsx."""
        sub = self.subs.get(o.submission_id) if o.submission_id is not None else None
        rec = self.surveys.current(o.survey_id) if o.survey_id is not None else None
        return {"department": (rec.carried.get("department_name") or None) if rec else None,
                "received_at": sub.received_at if sub else None,
                "saved_at": sub.saved_at if sub else None}

    def mark_superseded(self, outcomes: list[FileOutcome]) -> None:
        """Flag this run's files that a newer return replaced (I006, shown, verdict unchanged)."""
        for o in outcomes:
            sub = self.subs.get(o.submission_id) if o.submission_id is not None else None
            if sub is None or sub.superseded_by is None or o.duplicate:
                continue
            o.superseded = True
            newer = self.subs.get(sub.superseded_by)
            if not any(f.code == "I006" for f in o.findings):
                o.findings.append(finding("I006", file=o.file,
                                          newer=newer.original_name if newer else "?"))


def validate(folder: WorkFolder, progress: bool = False,
             workers: int | None = None) -> ValidationRun:
    """Validate every file under `2_回収/` (the CLI and the Excel button call this).

    `workers`: processes for the per-file checks (default: one per CPU; 1 = in-process)."""
    received, ignored = scan_returns(folder.returns)
    s = folder.settings
    workers = workers if workers is not None else (os.cpu_count() or 1)
    with folder_lock(folder, msg("chk_lock_holder")), Ledger.open(folder) as ledger:
        op = ledger.begin_operation("validate", {
            "fiscal_year": s.fiscal_year, "round_code": s.round_code,
            "validation": s.validation.model_dump(), "files": len(received),
            "ignored": ignored,
        })
        run = _Run(folder, ledger, op, max(1, workers))
        with tqdm(total=len(received), desc=msg("chk_progress"),
                  unit=msg("chk_progress_unit"), file=sys.stderr,
                  disable=not progress or not sys.stderr.isatty()) as bar:
            outcomes = run.run(received, bar)
        run.mark_superseded(outcomes)
        run.file_away(outcomes)
        workbook = None
        if outcomes:
            workbook = write_findings_workbook(folder.root / msg("chk_findings_filename"), [
                FileResult(file=o.file, division=o.division_name or o.division_code,
                           verdict=Verdict(o.verdict), findings=o.findings, sha256=o.sha256,
                           return_copy=o.return_copy, superseded=o.superseded,
                           duplicate=o.duplicate, respondent=o.respondent,
                           **run.file_times(o))
                for o in outcomes
            ], year=s.fiscal_year, round_name=s.round_name, run_at=now())
        result = ValidationRun(outcomes, workbook, op, ignored)
        outputs = [str(p.relative_to(folder.root)) for p in
                   ([workbook] if workbook else []) + result.return_copies]
        ledger.finish_operation(op, {**result.counts(), "ignored": len(ignored)}, outputs)
    return result


def _respondent_only(values: dict[str, Any]) -> dict[str, Any]:
    """What a return that is not accepted keeps of what was read: who to call about it."""
    who = values.get(RESPONDENT_KEY)
    return {RESPONDENT_KEY: who} if who else {}


def _shown(values: dict[str, Any]) -> str | None:
    who = respondent_of(values)
    return (who.shown or None) if who is not None else None
