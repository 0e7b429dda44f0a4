"""The intake ledger: what was sent, what came back, and every operation run on the folder.

One SQLite file in `3_受付/` (transactions: a crash never leaves it half-written). Records are
append-only; a resubmission adds a row and marks the older one superseded, never deletes it.
Timestamps are taken here, once, so consolidation can stay deterministic by reading them back.

A ledger outlives the dxreport that wrote it (a round runs for months, a folder is kept for
audits), so its form is versioned: `meta.schema_version` says which of the numbered `MIGRATIONS`
it has had, and opening it applies the missing ones in one transaction (sqlite-utils'
migrations are the model). A ledger newer than this code is refused, never guessed at.

Runs that write (populate, validate, consolidate) hold `folder_lock`, so two at once cannot
interleave; the second gets a clear Japanese message instead of waiting silently.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import filelock
from pydantic import BaseModel, ConfigDict, Field

from dxreport.errors import UserError
from dxreport.fileio import file_fault, remove_leftovers
from dxreport.messages import msg
from dxreport.round.folder import INTAKE_DIR, LEDGER_FILE, WorkFolder

JST = dt.timezone(dt.timedelta(hours=9), "JST")


def now() -> dt.datetime:
    """The current time in JST, to the second (what the ledger stores)."""
    return dt.datetime.now(JST).replace(microsecond=0)


class Operation(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    kind: str  # "populate" | "validate" | "consolidate" | ...
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    settings: dict[str, Any] = Field(default_factory=dict)
    counts: dict[str, Any] = Field(default_factory=dict)
    outputs: list[str] = Field(default_factory=list)


class SurveyRecord(BaseModel):
    """What populate sent to one division: the reference validation compares against."""

    model_config = ConfigDict(frozen=True)

    survey_id: str
    fiscal_year: str
    round_code: str
    division_code: str
    template_version: str
    master_digest: str
    generated_at: dt.datetime
    file_name: str
    operation_id: int
    carried: dict[str, Any]  # rows and master values as the survey layout describes them
    # One distribution of the survey (populate may send a survey again: `--regenerate`).
    # `seq` numbers every distribution the ledger keeps; `sent_digest` is written into the
    # survey's `_meta`, so a return is checked against the distribution it came from. A
    # survey sent before distributions were kept has "" (its file carries no digest either).
    seq: int = 0
    sent_digest: str = ""


class Submission(BaseModel):
    """One returned file, as validated."""

    model_config = ConfigDict(frozen=True)

    id: int
    sha256: str
    original_name: str  # path relative to 2_回収
    size: int
    received_at: dt.datetime  # first time this content was seen
    saved_at: dt.datetime | None = None  # when the division saved it (file metadata), if known
    survey_id: str | None = None
    division_code: str | None = None
    verdict: str  # accepted | accepted_with_warnings | returned | rejected
    findings: list[dict[str, Any]] = Field(default_factory=list)
    values: dict[str, Any] = Field(default_factory=dict)  # what was read, with cell traces
    superseded_by: int | None = None
    duplicate_of: int | None = None
    operation_id: int
    distribution: int | None = None  # `SurveyRecord.seq` of the distribution it came from


# -- the ledger's form, version by version ---------------------------------------------------
# Version 1: the first ledger. `IF NOT EXISTS` because ledgers written before the version was
# read may lack the version row (or, after a crash while they were created, a table): such a
# ledger counts as version 0 and this step completes it without touching what it holds.
_V1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS operations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    settings TEXT NOT NULL DEFAULT '{}',
    counts TEXT NOT NULL DEFAULT '{}',
    outputs TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS surveys (
    survey_id TEXT PRIMARY KEY,
    fiscal_year TEXT NOT NULL,
    round_code TEXT NOT NULL,
    division_code TEXT NOT NULL,
    template_version TEXT NOT NULL,
    master_digest TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    operation_id INTEGER NOT NULL REFERENCES operations(id),
    carried TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL,
    original_name TEXT NOT NULL,
    size INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    saved_at TEXT,
    survey_id TEXT,
    division_code TEXT,
    verdict TEXT NOT NULL,
    findings TEXT NOT NULL DEFAULT '[]',
    "values" TEXT NOT NULL DEFAULT '{}',
    superseded_by INTEGER REFERENCES submissions(id),
    duplicate_of INTEGER REFERENCES submissions(id),
    operation_id INTEGER NOT NULL REFERENCES operations(id)
);
CREATE INDEX IF NOT EXISTS submissions_sha ON submissions(sha256);
CREATE INDEX IF NOT EXISTS submissions_survey ON submissions(survey_id);
"""


# Version 2: every distribution kept. `surveys` was keyed by survey ID, so a regenerated survey
# replaced the record of what was first sent; now each populate adds a row (`seq`), the newest
# row of a survey ID is the current one, and a submission names the distribution it was
# checked against. Rows already there become their survey's first distribution.
_V2 = """
CREATE TABLE surveys_v2 (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    survey_id TEXT NOT NULL,
    fiscal_year TEXT NOT NULL,
    round_code TEXT NOT NULL,
    division_code TEXT NOT NULL,
    template_version TEXT NOT NULL,
    master_digest TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    operation_id INTEGER NOT NULL REFERENCES operations(id),
    carried TEXT NOT NULL,
    sent_digest TEXT NOT NULL DEFAULT ''
);
INSERT INTO surveys_v2 (survey_id, fiscal_year, round_code, division_code, template_version,
    master_digest, generated_at, file_name, operation_id, carried)
    SELECT survey_id, fiscal_year, round_code, division_code, template_version, master_digest,
           generated_at, file_name, operation_id, carried
    FROM surveys ORDER BY operation_id, survey_id;
DROP TABLE surveys;
ALTER TABLE surveys_v2 RENAME TO surveys;
CREATE INDEX surveys_by_id ON surveys(survey_id, seq);
CREATE INDEX surveys_by_digest ON surveys(sent_digest);
ALTER TABLE submissions ADD COLUMN distribution INTEGER REFERENCES surveys(seq);
UPDATE submissions SET distribution =
    (SELECT seq FROM surveys WHERE surveys.survey_id = submissions.survey_id)
    WHERE survey_id IS NOT NULL;
"""


def _v3(conn: sqlite3.Connection) -> None:
    """Version 3: the round's ID. A stable name for the round this ledger belongs to, which
    the next round's 設定.toml records (`dxreport init --from`): the predecessor is found by
    it even when its folder was moved or renamed. Drawn once, here; never changed."""
    conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('round_id', ?)",
                 (uuid.uuid4().hex,))


Step = Callable[[sqlite3.Connection], None] | str
"""One migration: SQL statements, or a function given the connection (inside the transaction;
it must not commit)."""

# (version, step) in order. Append a new version here; never edit or remove a released step:
# ledgers in the field have had it applied. A step that rebuilds a table (SQLite's ALTER
# TABLE cannot do everything) runs with foreign keys off; they are checked before the commit.
MIGRATIONS: tuple[tuple[int, Step], ...] = (
    (1, _V1),
    (2, _V2),
    (3, _v3),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]  # the form this code writes and reads


def _statements(script: str) -> Iterator[str]:
    """The statements of an SQL script, one at a time. `executescript` would commit the
    migration's transaction before running; `execute` takes one statement."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip():
        yield pending.strip()


def stored_version(conn: sqlite3.Connection) -> int:
    """The version a ledger has; 0 for an empty file or one with no version row."""
    has_meta = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
    if not has_meta:
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        return 0
    try:
        return int(row[0])
    except (TypeError, ValueError):
        raise sqlite3.DatabaseError(f"schema_version = {row[0]!r}") from None


def migrate(conn: sqlite3.Connection, path: Path,
            migrations: tuple[tuple[int, Step], ...] | None = None) -> int:
    """Bring the ledger to the latest version of `migrations`; returns the version it had.

    All missing steps and the new version number are written in one transaction: a step that
    fails leaves the ledger exactly as it was. A ledger newer than the code is refused before
    anything is written. An up-to-date ledger is only read (status may run on a read-only
    share)."""
    steps = MIGRATIONS if migrations is None else migrations
    latest = steps[-1][0]
    found = stored_version(conn)
    if found > latest:
        raise UserError(msg("ledger_too_new", path=path, found=found, known=latest))
    if found == latest:
        return found
    conn.execute("PRAGMA foreign_keys = OFF")  # no effect inside a transaction: set it first
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            found = stored_version(conn)  # another run may have upgraded it while we waited
            if found > latest:
                raise UserError(msg("ledger_too_new", path=path, found=found, known=latest))
            _apply(conn, [(v, step) for v, step in steps if v > found])
            _stamp(conn, latest)
        except BaseException as exc:
            conn.execute("ROLLBACK")
            if isinstance(exc, UserError) or not isinstance(exc, Exception):
                raise
            raise UserError(msg("ledger_migration_failed", path=path, found=found,
                                target=latest, detail=exc)) from exc
        conn.execute("COMMIT")
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return found


def _apply(conn: sqlite3.Connection, steps: list[tuple[int, Step]]) -> None:
    """Run the steps in order; a rebuilt table must still satisfy every foreign key."""
    for _version, step in steps:
        if isinstance(step, str):
            for statement in _statements(step):
                conn.execute(statement)
        else:
            step(conn)
    if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise sqlite3.IntegrityError("foreign_key_check")


def _stamp(conn: sqlite3.Connection, version: int) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                 (str(version),))


_SURVEY_COLUMNS = ("survey_id", "fiscal_year", "round_code", "division_code", "template_version",
                   "master_digest", "generated_at", "file_name", "operation_id", "carried",
                   "seq", "sent_digest")
# the newest distribution of each survey ID: the one populate sent last
_CURRENT = "seq IN (SELECT max(seq) FROM surveys GROUP BY survey_id)"


def _ts(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _dt(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


class Ledger:
    """Access to the ledger file. Use `Ledger.open(folder)` as a context manager."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @classmethod
    @contextlib.contextmanager
    def open(cls, folder: WorkFolder) -> Iterator[Ledger]:
        try:
            folder.intake.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise file_fault(exc, folder.intake) from exc
        try:
            conn = sqlite3.connect(folder.ledger_path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise ledger_fault(exc, folder.ledger_path) from None
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn, folder.ledger_path)
            yield cls(conn)
        except sqlite3.DatabaseError as exc:
            raise ledger_fault(exc, folder.ledger_path) from None
        finally:
            conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: a failure inside leaves the ledger as it was."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._undo("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def _undo(self, *statements: str) -> None:
        """Roll back after a failure, keeping that failure the one reported: SQLite has
        already rolled the whole transaction back itself after some (a full disk), and a
        ROLLBACK then would only say "no transaction is active"."""
        if not self._conn.in_transaction:
            return
        with contextlib.suppress(sqlite3.Error):
            for statement in statements:
                self._conn.execute(statement)

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """All-or-nothing inside an open `transaction()` (or on its own): a failure inside
        undoes only what was done inside, the enclosing transaction goes on. Validation
        records each file in a savepoint and commits a batch of files at once."""
        self._conn.execute("SAVEPOINT one_item")
        try:
            yield
        except BaseException:
            self._undo("ROLLBACK TO one_item", "RELEASE one_item")
            raise
        self._conn.execute("RELEASE one_item")

    def round_id(self) -> str:
        """This round's stable ID (drawn when the ledger was made or upgraded to version 3)."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'round_id'").fetchone()
        return str(row[0])

    # -- operations -------------------------------------------------------------------
    def begin_operation(self, kind: str, settings: dict[str, Any] | None = None) -> int:
        cur = self._conn.execute(
            "INSERT INTO operations(kind, started_at, settings) VALUES (?, ?, ?)",
            (kind, _ts(now()), json.dumps(settings or {}, ensure_ascii=False, default=str)),
        )
        return int(cur.lastrowid or 0)

    def finish_operation(
        self, op_id: int, counts: dict[str, Any], outputs: list[str] | None = None
    ) -> None:
        self._conn.execute(
            "UPDATE operations SET finished_at = ?, counts = ?, outputs = ? WHERE id = ?",
            (
                _ts(now()),
                json.dumps(counts, ensure_ascii=False, default=str),
                json.dumps(outputs or [], ensure_ascii=False),
                op_id,
            ),
        )

    def operations(self, kind: str | None = None, *, omit: tuple[str, ...] = ()
                   ) -> list[Operation]:
        """The operation log, oldest first. `omit` leaves keys out of `counts` (in SQL, before
        any JSON is parsed): a consolidation's `snapshot` holds every value it showed."""
        counts = "counts"
        for key in omit:
            if not key.isidentifier():
                raise ValueError(f"not a counts key: {key!r}")
            counts = f"json_remove({counts}, '$.{key}')"
        where = (" WHERE kind = ?" if kind else "") + " ORDER BY id"
        args = (kind,) if kind else ()
        try:
            rows = self._conn.execute(
                "SELECT id, kind, started_at, finished_at, settings, outputs, "
                f"{counts} AS counts FROM operations{where}", args).fetchall()
        except sqlite3.OperationalError:  # an SQLite built without its JSON functions
            rows = self._conn.execute(f"SELECT * FROM operations{where}", args).fetchall()
            ops = [self._operation(r) for r in rows]
            return [op.model_copy(update={"counts": {k: v for k, v in op.counts.items()
                                                     if k not in omit}}) for op in ops]
        return [self._operation(r) for r in rows]

    def operation(self, op_id: int) -> Operation | None:
        row = self._conn.execute("SELECT * FROM operations WHERE id = ?", (op_id,)).fetchone()
        return self._operation(row) if row else None

    @staticmethod
    def _operation(r: sqlite3.Row) -> Operation:
        return Operation(
            id=r["id"],
            kind=r["kind"],
            started_at=_dt(r["started_at"]),
            finished_at=_dt(r["finished_at"]),
            settings=json.loads(r["settings"]),
            counts=json.loads(r["counts"]),
            outputs=json.loads(r["outputs"]),
        )

    # -- surveys ----------------------------------------------------------------------
    def record_survey(self, rec: SurveyRecord) -> int:
        """Add one distribution of a survey; returns its `seq`. Earlier distributions of the
        same survey ID stay (what was first sent is never lost); the newest is current."""
        cur = self._conn.execute(
            f"INSERT INTO surveys({', '.join(_SURVEY_COLUMNS[:-2])}, sent_digest) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                rec.survey_id,
                rec.fiscal_year,
                rec.round_code,
                rec.division_code,
                rec.template_version,
                rec.master_digest,
                _ts(rec.generated_at),
                rec.file_name,
                rec.operation_id,
                json.dumps(rec.carried, ensure_ascii=False, default=str),
                rec.sent_digest,
            ),
        )
        return int(cur.lastrowid or 0)

    def survey(self, survey_id: str) -> SurveyRecord | None:
        """The current (newest) distribution of a survey."""
        row = self._conn.execute(
            "SELECT * FROM surveys WHERE survey_id = ? ORDER BY seq DESC LIMIT 1", (survey_id,)
        ).fetchone()
        return self._survey(row) if row else None

    def distributions(self, survey_id: str, *, carried: bool = True) -> list[SurveyRecord]:
        """Every distribution of a survey, oldest first."""
        columns = ", ".join(c if carried or c != "carried" else "'{}' AS carried"
                            for c in _SURVEY_COLUMNS)
        rows = self._conn.execute(
            f"SELECT {columns} FROM surveys WHERE survey_id = ? ORDER BY seq", (survey_id,))
        return [self._survey(r) for r in rows.fetchall()]

    def distribution(self, seq: int, *, carried: bool = True) -> SurveyRecord | None:
        """One distribution by its `seq` (`carried=False`: without what it carried)."""
        columns = ", ".join(c if carried or c != "carried" else "'{}' AS carried"
                            for c in _SURVEY_COLUMNS)
        row = self._conn.execute(f"SELECT {columns} FROM surveys WHERE seq = ?",
                                 (seq,)).fetchone()
        return self._survey(row) if row else None

    def surveys(self, *, carried: bool = True,
                round_of: tuple[str, str] | None = None) -> list[SurveyRecord]:
        """The current distribution of every survey populate sent, or of those of one (fiscal
        year, round code) (`distributions` gives the earlier ones). `carried=False` leaves
        out what each carried (an empty dict): at 1,000 divisions that
        is ~125 MB of parsed JSON nobody but validation reads."""
        columns = ", ".join(c if carried or c != "carried" else "'{}' AS carried"
                            for c in _SURVEY_COLUMNS)
        where = f" WHERE {_CURRENT}" + (" AND fiscal_year = ? AND round_code = ?"
                                         if round_of else "")
        sql = f"SELECT {columns} FROM surveys{where} ORDER BY division_code"
        return [self._survey(r) for r in self._conn.execute(sql, round_of or ()).fetchall()]

    def surveys_raw(self) -> Iterator[tuple[Any, ...]]:
        """Every distribution as stored (`carried` still JSON text), oldest first, one at a
        time: cheap to keep or send to other processes, which make records of the rows they
        need (`survey_from_raw`). The first item is the survey ID, the last the sent digest."""
        cur = self._conn.execute(
            f"SELECT {', '.join(_SURVEY_COLUMNS)} FROM surveys ORDER BY seq")
        for row in cur:
            yield tuple(row)

    @staticmethod
    def survey_from_raw(raw: tuple[Any, ...]) -> SurveyRecord:
        return Ledger._survey(dict(zip(_SURVEY_COLUMNS, raw, strict=True)))  # type: ignore[arg-type]

    @staticmethod
    def _survey(r: sqlite3.Row) -> SurveyRecord:
        return SurveyRecord(
            survey_id=r["survey_id"],
            fiscal_year=r["fiscal_year"],
            round_code=r["round_code"],
            division_code=r["division_code"],
            template_version=r["template_version"],
            master_digest=r["master_digest"],
            generated_at=_dt(r["generated_at"]),
            file_name=r["file_name"],
            operation_id=r["operation_id"],
            carried=json.loads(r["carried"]),
            seq=r["seq"],
            sent_digest=r["sent_digest"],
        )

    # -- submissions ------------------------------------------------------------------
    def add_submission(self, sub: Submission) -> int:
        """Append a validated file; returns its id (the `id` field of `sub` is ignored)."""
        cur = self._conn.execute(
            'INSERT INTO submissions(sha256, original_name, size, received_at, saved_at, '
            'survey_id, division_code, verdict, findings, "values", superseded_by, '
            "duplicate_of, operation_id, distribution) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                sub.sha256,
                sub.original_name,
                sub.size,
                _ts(sub.received_at),
                _ts(sub.saved_at),
                sub.survey_id,
                sub.division_code,
                sub.verdict,
                json.dumps(sub.findings, ensure_ascii=False, default=str),
                json.dumps(sub.values, ensure_ascii=False, default=str),
                sub.superseded_by,
                sub.duplicate_of,
                sub.operation_id,
                sub.distribution,
            ),
        )
        return int(cur.lastrowid or 0)

    def mark_superseded(self, older_id: int, newer_id: int) -> None:
        self._conn.execute(
            "UPDATE submissions SET superseded_by = ? WHERE id = ?", (newer_id, older_id)
        )

    def mark_superseded_many(self, pairs: list[tuple[int, int]]) -> None:
        """`mark_superseded` for every (older, newer) pair, in one statement."""
        if pairs:
            self._conn.executemany(
                "UPDATE submissions SET superseded_by = ? WHERE id = ?",
                [(newer, older) for older, newer in pairs],
            )

    def submissions(self, survey_id: str | None = None) -> list[Submission]:
        sql = "SELECT * FROM submissions" + (" WHERE survey_id = ?" if survey_id else "")
        rows = self._conn.execute(sql + " ORDER BY id", (survey_id,) if survey_id else ())
        return [self._submission(r) for r in rows.fetchall()]

    def count_submissions(self, operation_id: int) -> int:
        """How many returns `operation_id` recorded (what an interrupted run had done)."""
        row = self._conn.execute("SELECT COUNT(*) FROM submissions WHERE operation_id = ?",
                                 (operation_id,)).fetchone()
        return int(row[0])

    def submission_by_sha(self, sha256: str) -> Submission | None:
        row = self._conn.execute(
            "SELECT * FROM submissions WHERE sha256 = ? AND duplicate_of IS NULL ORDER BY id",
            (sha256,),
        ).fetchone()
        return self._submission(row) if row else None

    @staticmethod
    def _submission(r: sqlite3.Row) -> Submission:
        return Submission(
            id=r["id"],
            sha256=r["sha256"],
            original_name=r["original_name"],
            size=r["size"],
            received_at=_dt(r["received_at"]),
            saved_at=_dt(r["saved_at"]),
            survey_id=r["survey_id"],
            division_code=r["division_code"],
            verdict=r["verdict"],
            findings=json.loads(r["findings"]),
            values=json.loads(r["values"]),
            superseded_by=r["superseded_by"],
            duplicate_of=r["duplicate_of"],
            operation_id=r["operation_id"],
            distribution=r["distribution"],
        )


def read_round_id(root: Path) -> str | None:
    """The round ID of the ledger of the working folder at `root`, read without changing
    anything (a folder searched for a moved predecessor may be any folder, on a read-only
    share); None when the folder has no ledger, or one from before round IDs."""
    path = root / INTAKE_DIR / LEDGER_FILE
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'round_id'").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return str(row[0]) if row else None


_SQLITE_ERRNO = {
    sqlite3.SQLITE_FULL: errno.ENOSPC,
    sqlite3.SQLITE_READONLY: errno.EACCES,
    sqlite3.SQLITE_PERM: errno.EACCES,
    sqlite3.SQLITE_IOERR: errno.EIO,
}


def ledger_fault(exc: sqlite3.Error, path: Path) -> UserError:
    """A failure of the ledger in the user's words: a full disk or a ledger we may not write
    is told as for every other file (`fileio.file_fault`), not as "cannot open"."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF  # the primary result code
    if code in _SQLITE_ERRNO:
        return file_fault(OSError(_SQLITE_ERRNO[code], str(exc)), path)
    return UserError(msg("ledger_unreadable", path=path, detail=exc))


LEFTOVER_AGE_IN_ROOT = 15 * 60.0
"""Seconds a temporary file in the folder's root must have been left before it is removed:
commands that take no run lock (`plan import` writing the master there) may be writing one
right now. In the stage folders only the locked commands write."""


def clear_leftovers(folder: WorkFolder) -> list[Path]:
    """The temporary files of runs that were killed (`kill -9`, a closed console, a power
    cut), removed by the next run that holds the lock; 2_回収 is never touched."""
    places = [folder.distribute, folder.intake, folder.send_back, folder.consolidated,
              folder.send_back / msg("chk_return_copy_done_dir")]
    removed = [p for place in places if place.is_dir() for p in remove_leftovers(place)]
    return removed + remove_leftovers(folder.root, older_than=LEFTOVER_AGE_IN_ROOT)


@contextlib.contextmanager
def folder_lock(folder: WorkFolder, holder: str) -> Iterator[None]:
    """Exclusive run lock for one working folder; a second run is told who holds it."""
    folder.intake.mkdir(parents=True, exist_ok=True)
    lock_path = folder.intake / ".dxreport.lock"
    info_path = folder.intake / ".dxreport.lock.info"
    lock = filelock.FileLock(str(lock_path), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        try:
            who = info_path.read_text(encoding="utf-8").strip()
        except OSError:
            who = msg("ledger_unknown_holder")
        raise UserError(msg("wf_busy", holder=who)) from None
    except OSError as exc:  # the lock file cannot be made: a full disk, a read-only folder
        raise file_fault(exc, lock_path) from exc
    try:
        # only to name the holder to a second run: a full disk is told by the run's own writes
        with contextlib.suppress(OSError):
            info_path.write_text(f"{holder} {now().isoformat()}", encoding="utf-8")
        clear_leftovers(folder)
        yield
    finally:
        lock.release()
