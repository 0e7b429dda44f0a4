"""The validation run (検証): every file under `2_回収/` in, a verdict and findings for each out.

For each file (sorted by its path under 2_回収):
1. hash it while copying it into `3_受付/<sha256>.<ext>` (read-only; what is validated);
2. the same content already received under the same name: its stored outcome is shown again
   (nothing re-validated, nothing added to the ledger); under another name: an exact duplicate
   (I005, noted in the ledger with `duplicate_of`, not validated);
3. otherwise: file safety (F), identity (I), structure (S), values (V), a verdict, and in one
   ledger transaction the submission (findings, and for accepted files the normalised values
   with cell traces) plus superseding: per survey, the newest non-rejected submission (by the
   file's saved time, then by order received) is current, the others point to it;
4. `returned` files get an annotated copy `4_差し戻し/<name>_差し戻し.xlsx`.
Then `検証結果.xlsx` (folder root: it lists every division's findings, so it is for the DX
division, not for sending back) is written for the files of this run.

Nothing here raises for a bad file: an unexpected exception becomes F013 for that file.
"""

from __future__ import annotations

import datetime as dt
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import defusedxml.ElementTree as safe_et
from tqdm import tqdm

from dxreport.checks.filesafety import MB, Limits, inspect_file
from dxreport.checks.findings import Finding, Verdict, counts, finding, verdict
from dxreport.checks.findings_workbook import FileResult, write_findings_workbook
from dxreport.checks.identity import check_identity
from dxreport.checks.intake import Received, hash_file, scan_returns, store_copy
from dxreport.checks.return_copy import write_return_copy
from dxreport.checks.structure import check_structure
from dxreport.checks.value_checks import ValueSettings, check_values
from dxreport.consolidate.ledger import Ledger, Submission, folder_lock, now
from dxreport.consolidate.submitted import SubmittedValues
from dxreport.messages import msg
from dxreport.survey.reader import read_survey
from dxreport.workfolder import WorkFolder, fiscal_year_start

ACCEPTED = (Verdict.ACCEPTED.value, Verdict.ACCEPTED_WITH_WARNINGS.value)
FINDING_KEYS = {"code", "severity", "sheet", "cell", "message", "action"}
DCTERMS_MODIFIED = "{http://purl.org/dc/terms/}modified"


@dataclass
class FileOutcome:
    file: str  # relative to 2_回収, "/" separated
    sha256: str | None
    survey_id: str | None
    division_code: str | None
    verdict: str
    findings: list[Finding]
    return_copy: Path | None = None
    duplicate: bool = False
    superseded: bool = False
    division_name: str | None = None
    submission_id: int | None = None
    seen_before: bool = False  # same content and name as in an earlier run: shown again

    @property
    def errors(self) -> int:
        return counts(self.findings)[0]

    @property
    def warnings(self) -> int:
        return counts(self.findings)[1]

    @property
    def accepted(self) -> bool:
        return self.verdict in ACCEPTED

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file, "sha256": self.sha256, "survey_id": self.survey_id,
            "division_code": self.division_code, "division_name": self.division_name,
            "verdict": self.verdict, "duplicate": self.duplicate,
            "superseded": self.superseded,
            "return_copy": str(self.return_copy) if self.return_copy else None,
            "findings": [
                {"code": f.code, "severity": f.severity, "sheet": f.sheet, "cell": f.cell,
                 "message": f.message, "action": f.action} for f in self.findings
            ],
        }


@dataclass
class ValidationRun:
    files: list[FileOutcome]
    findings_workbook: Path | None
    operation_id: int
    ignored: list[str] = field(default_factory=list)  # temp/lock files under 2_回収

    def counts(self) -> dict[str, int]:
        out = {v.value: 0 for v in Verdict}
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
    return [f.model_dump(include=FINDING_KEYS) for f in findings]


def _load(stored: list[dict[str, Any]], file: str) -> list[Finding]:
    out = []
    for d in stored:
        try:
            out.append(Finding(**{k: d.get(k) for k in FINDING_KEYS}, file=file))
        except Exception:
            continue
    return out


class _Run:
    def __init__(self, folder: WorkFolder, ledger: Ledger, op: int) -> None:
        self.folder, self.ledger, self.op = folder, ledger, op
        s = folder.settings
        self.limits = limits_for(folder)
        self.values = ValueSettings(
            fiscal_year=s.fiscal_year, fy_start_year=fiscal_year_start(s.fiscal_year),
            implausible_factor=s.validation.implausible_factor,
            max_text_length=s.validation.max_text_length,
        )
        self.by_sha: dict[str, list[Submission]] = {}
        for sub in ledger.submissions():
            self.by_sha.setdefault(sub.sha256, []).append(sub)
        self.copy_names: set[str] = set()
        self.division_names: dict[str, str] = {}

    # -- one file ---------------------------------------------------------------------
    def one(self, item: Received) -> FileOutcome:
        size = item.path.stat().st_size
        if size > self.limits.max_file_bytes:  # hashed but never copied or opened
            sha, size = hash_file(item.path)
            stored = item.path
        else:
            stored, sha, size = store_copy(item.path, self.folder.intake, item.name)
        prior = self.by_sha.get(sha, [])
        same = next((p for p in prior if p.original_name == item.name), None)
        if same is not None:
            return self.seen_before(item, same)
        first = next((p for p in prior if p.duplicate_of is None), None)
        if first is not None:
            return self.duplicate(item, sha, size, first)
        return self.examine(item, stored, sha, size)

    def seen_before(self, item: Received, sub: Submission) -> FileOutcome:
        target = self.return_copy_path(item.name, sub.sha256, claim=False)
        return FileOutcome(
            file=item.name, sha256=sub.sha256, survey_id=sub.survey_id,
            division_code=sub.division_code, verdict=sub.verdict,
            findings=_load(sub.findings, item.name),
            return_copy=target if sub.verdict == Verdict.RETURNED and target.exists() else None,
            duplicate=sub.duplicate_of is not None, submission_id=sub.id, seen_before=True,
            division_name=self.division_name(sub.survey_id),
        )

    def duplicate(self, item: Received, sha: str, size: int, first: Submission) -> FileOutcome:
        found = [finding("I005", file=item.name, first=first.original_name)]
        sub = Submission(
            id=0, sha256=sha, original_name=item.name, size=size, received_at=now(),
            survey_id=first.survey_id, division_code=first.division_code,
            verdict=first.verdict, findings=_dump(found), duplicate_of=first.id,
            operation_id=self.op,
        )
        with self.ledger.transaction():
            new_id = self.ledger.add_submission(sub)
        self.by_sha.setdefault(sha, []).append(sub.model_copy(update={"id": new_id}))
        return FileOutcome(
            file=item.name, sha256=sha, survey_id=first.survey_id,
            division_code=first.division_code, verdict=first.verdict, findings=found,
            duplicate=True, submission_id=new_id,
            division_name=self.division_name(first.survey_id),
        )

    def examine(self, item: Received, stored: Path, sha: str, size: int) -> FileOutcome:
        received_at = now()
        found, meta, record, values, saved_at = self.check(stored)
        found = [f.model_copy(update={"file": item.name}) for f in found]
        outcome = verdict(found)
        sid = record.survey_id if record else None
        division = record.division_code if record else None
        sub = Submission(
            id=0, sha256=sha, original_name=item.name, size=size, received_at=received_at,
            saved_at=saved_at, survey_id=sid, division_code=division, verdict=outcome.value,
            findings=_dump(found), values=values if outcome.value in ACCEPTED else {},
            operation_id=self.op,
        )
        with self.ledger.transaction():
            new_id = self.ledger.add_submission(sub)
            if sid is not None and outcome is not Verdict.REJECTED:
                self.supersede(sid)
        self.by_sha.setdefault(sha, []).append(sub.model_copy(update={"id": new_id}))
        if record is not None:
            self.division_names[record.survey_id] = record.carried.get("division_name") or ""
        copy = None
        if outcome is Verdict.RETURNED and stored != item.path:
            target = self.return_copy_path(item.name, sha)
            try:
                copy = write_return_copy(stored, found, target, limits=self.limits,
                                         display_name=PurePosixPath(item.name).name)
            except Exception:  # the verdict stands; the clerk still has 検証結果.xlsx
                copy = None
        return FileOutcome(
            file=item.name, sha256=sha, survey_id=sid or meta.get("survey_id"),
            division_code=division or meta.get("division_code"), verdict=outcome.value,
            findings=found, return_copy=copy, submission_id=new_id,
            division_name=(record.carried.get("division_name") if record else None)
            or meta.get("division_name"),
        )

    def check(self, stored: Path):  # -> (findings, metadata, record, values, saved_at)
        safe = inspect_file(stored, self.limits)
        if isinstance(safe, list):
            return safe, {}, None, {}, None
        wb = safe.workbook
        ret = read_survey(wb)  # the workbook inspect_file loaded: read once
        record, found = check_identity(ret, self.ledger.survey, self.folder.settings)
        values: dict[str, Any] = {}
        if record is not None:
            found += check_structure(wb, ret, record.carried)
            result = check_values(wb, ret, record.carried, self.values)
            found += result.findings
            values = SubmittedValues(kpis=result.kpis, initiatives=result.initiatives) \
                .model_dump(mode="json")
        return found, dict(ret.metadata), record, values, saved_at_of(stored)

    def supersede(self, survey_id: str) -> None:
        live = [s for s in self.ledger.submissions(survey_id)
                if s.duplicate_of is None and s.verdict != Verdict.REJECTED.value]
        if len(live) < 2:
            return
        live.sort(key=lambda s: (s.saved_at or s.received_at, s.id))
        newest = live[-1]
        for s in live[:-1]:
            if s.superseded_by != newest.id:
                self.ledger.mark_superseded(s.id, newest.id)

    # -- helpers ----------------------------------------------------------------------
    def return_copy_path(self, name: str, sha: str, claim: bool = True) -> Path:
        stem = PurePosixPath(name).stem
        file = msg("chk_return_copy_name", stem=stem)
        if file in self.copy_names:
            file = msg("chk_return_copy_name", stem=f"{stem}_{sha[:8]}")
        if claim:
            self.copy_names.add(file)
        return self.folder.send_back / file

    def division_name(self, survey_id: str | None) -> str | None:
        if survey_id is None:
            return None
        if survey_id not in self.division_names:
            rec = self.ledger.survey(survey_id)
            self.division_names[survey_id] = (rec.carried.get("division_name") or "") \
                if rec else ""
        return self.division_names[survey_id] or None

    def crashed(self, item: Received, exc: BaseException) -> FileOutcome:
        found = [finding("F013", file=item.name, kind=type(exc).__name__)]
        sha = None
        try:
            sha, size = hash_file(item.path)
            with self.ledger.transaction():
                sub_id = self.ledger.add_submission(Submission(
                    id=0, sha256=sha, original_name=item.name, size=size, received_at=now(),
                    verdict=Verdict.REJECTED.value, findings=_dump(found),
                    operation_id=self.op))
        except Exception:
            sub_id = None
        return FileOutcome(file=item.name, sha256=sha, survey_id=None, division_code=None,
                           verdict=Verdict.REJECTED.value, findings=found,
                           submission_id=sub_id)


def validate(folder: WorkFolder, progress: bool = False) -> ValidationRun:
    """Validate every file under `2_回収/` (the CLI and the Excel button call this)."""
    received, ignored = scan_returns(folder.returns)
    s = folder.settings
    with folder_lock(folder, msg("chk_lock_holder")), Ledger.open(folder) as ledger:
        op = ledger.begin_operation("validate", {
            "fiscal_year": s.fiscal_year, "round_code": s.round_code,
            "validation": s.validation.model_dump(), "files": len(received),
            "ignored": ignored,
        })
        run = _Run(folder, ledger, op)
        bar = tqdm(received, desc=msg("chk_progress"), unit=msg("chk_progress_unit"),
                   file=sys.stderr, disable=not progress or not sys.stderr.isatty())
        outcomes: list[FileOutcome] = []
        for item in bar:
            try:
                outcomes.append(run.one(item))
            except Exception as exc:  # the promise: a bad file never stops the others
                outcomes.append(run.crashed(item, exc))
        _mark_superseded(ledger, outcomes)
        workbook = None
        if outcomes:
            workbook = write_findings_workbook(folder.root / msg("chk_findings_filename"), [
                FileResult(file=o.file, division=o.division_name or o.division_code,
                           verdict=Verdict(o.verdict), findings=o.findings, sha256=o.sha256,
                           return_copy=o.return_copy)
                for o in outcomes
            ])
        result = ValidationRun(outcomes, workbook, op, ignored)
        outputs = [str(p.relative_to(folder.root)) for p in
                   ([workbook] if workbook else []) + result.return_copies]
        ledger.finish_operation(op, {**result.counts(), "ignored": len(ignored)}, outputs)
    return result


def _mark_superseded(ledger: Ledger, outcomes: list[FileOutcome]) -> None:
    """Flag this run's files that a newer return replaced (I006, shown, verdict unchanged)."""
    subs = {s.id: s for s in ledger.submissions()}
    for o in outcomes:
        sub = subs.get(o.submission_id) if o.submission_id is not None else None
        if sub is None or sub.superseded_by is None or o.duplicate:
            continue
        o.superseded = True
        newer = subs.get(sub.superseded_by)
        if not any(f.code == "I006" for f in o.findings):
            o.findings.append(finding("I006", file=o.file,
                                      newer=newer.original_name if newer else "?"))
