"""The ledger's version: a ledger written by an older dxreport opens and is upgraded, a newer one
is refused in Japanese, and an upgrade that fails leaves the file as it was.

`fixtures/ledger_v1/` is a real round's ledger written by the code of commit b7de676, before
the version was read (see `fixtures/make_ledger_v1.py`); it must open with every later version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from dxreport.api import Round
from dxreport.errors import UserError
from dxreport.round import ledger as ledger_module
from dxreport.round.folder import Settings, init_folder
from dxreport.round.ledger import MIGRATIONS, SCHEMA_VERSION, Ledger, stored_version

FIXTURE = Path(__file__).parent / "fixtures" / "ledger_v1"


@pytest.fixture
def old_round(tmp_path) -> Path:
    root = tmp_path / "作業"
    shutil.copytree(FIXTURE, root)
    return root


def ledger_file(root: Path) -> Path:
    return root / "3_受付" / "ledger.sqlite3"


def version(root: Path) -> int:
    conn = sqlite3.connect(ledger_file(root))
    try:
        return stored_version(conn)
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def board(root: Path) -> list[tuple[str, str, str | None, int]]:
    b = Round.open(root).status()
    return [(r.division_code, r.verdict, r.file, len(r.superseded)) for r in b.rows]


EXPECTED_BOARD = [
    ("KIKAKU-DX", "accepted", "企画課/回答_修正.xlsx", 1),  # sent back, then fixed
    ("SOMU-JINJI", "accepted", "人事課/回答.xlsx", 0),
    ("SOMU-KOHO", "unanswered", None, 0),
]


def sql(root: Path, query: str, *args: object) -> list[tuple]:
    """Run one statement on the ledger file behind dxreport's back (and commit it)."""
    conn = sqlite3.connect(ledger_file(root))
    try:
        rows = conn.execute(query, args).fetchall()
        conn.commit()
        return rows
    finally:
        conn.close()


# ---------------------------------------------------------------------- today's ledgers open
def test_the_migrations_are_numbered_one_by_one():
    assert [v for v, _ in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert MIGRATIONS[-1][0] == SCHEMA_VERSION


def test_a_ledger_written_before_versions_were_read_opens_with_its_board(old_round):
    assert version(old_round) == 1
    assert board(old_round) == EXPECTED_BOARD
    assert version(old_round) == SCHEMA_VERSION
    assert [u.original_name for u in Round.open(old_round).status().unidentified] == ["メモ.xlsx"]
    with Ledger.open(Round.open(old_round).folder) as led:
        kinds = [op.kind for op in led.operations()]
    assert kinds == ["populate", "validate", "validate", "consolidate"]


def test_an_up_to_date_ledger_is_only_read_to_show_the_board(old_round):
    board(old_round)  # the first open upgrades the fixture (written at version 1)
    before = digest(ledger_file(old_round))
    board(old_round)
    assert digest(ledger_file(old_round)) == before


def test_a_new_ledger_is_created_at_the_current_version(tmp_path):
    wf = init_folder(tmp_path, Settings(deadline=dt.date(2027, 4, 30)))
    with Ledger.open(wf) as led:
        assert led.operations() == []
    assert version(tmp_path) == SCHEMA_VERSION


def test_a_ledger_without_a_version_row_counts_as_the_first_version(old_round):
    sql(old_round, "DELETE FROM meta")
    assert board(old_round) == EXPECTED_BOARD
    assert version(old_round) == SCHEMA_VERSION
    assert sql(old_round, "SELECT count(*) FROM submissions") == [(4,)]


# ---------------------------------------------------------------------------- upgrading
def _mark_populates(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO meta(key, value) SELECT 'populates', count(*) FROM operations "
                 "WHERE kind = 'populate'")


def test_an_older_ledger_is_upgraded_step_by_step(old_round, monkeypatch):
    later = (
        (SCHEMA_VERSION + 1, "ALTER TABLE submissions ADD COLUMN reviewer TEXT;\n"
            "INSERT INTO meta(key, value) VALUES ('note', 'a; b');"),  # `;` inside a string
        (SCHEMA_VERSION + 2, _mark_populates),
    )
    monkeypatch.setattr(ledger_module, "MIGRATIONS", (*MIGRATIONS, *later))
    assert board(old_round) == EXPECTED_BOARD
    assert version(old_round) == SCHEMA_VERSION + 2
    assert sql(old_round, "SELECT value FROM meta WHERE key = 'note'") == [("a; b",)]
    assert sql(old_round, "SELECT value FROM meta WHERE key = 'populates'") == [("1",)]
    columns = [r[1] for r in sql(old_round, "PRAGMA table_info(submissions)")]
    assert columns[-1] == "reviewer"
    assert board(old_round) == EXPECTED_BOARD  # opened again: nothing left to do


def test_a_failing_upgrade_leaves_the_ledger_as_it_was(old_round, monkeypatch):
    def breaks_midway(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM submissions")
        raise sqlite3.OperationalError("disk I/O error")

    later = ((SCHEMA_VERSION + 1, "ALTER TABLE submissions ADD COLUMN reviewer TEXT;"),
             (SCHEMA_VERSION + 2, breaks_midway))
    monkeypatch.setattr(ledger_module, "MIGRATIONS", (*MIGRATIONS, *later))
    before = digest(ledger_file(old_round))
    with pytest.raises(UserError) as err:
        Round.open(old_round).status()
    text = err.value.message
    assert str(ledger_file(old_round)) in text and "更新できませんでした" in text
    assert "disk I/O error" in text and "元のまま変更していません" in text
    assert digest(ledger_file(old_round)) == before
    assert version(old_round) == 1
    monkeypatch.undo()  # the dxreport that knows no such step still opens it
    assert board(old_round) == EXPECTED_BOARD


# ---------------------------------------------------------------------- newer than the code
def test_a_ledger_from_a_newer_dxreport_is_refused_in_japanese(old_round):
    sql(old_round, "UPDATE meta SET value = ? WHERE key = 'schema_version'",
        str(SCHEMA_VERSION + 1))
    before = digest(ledger_file(old_round))
    with pytest.raises(UserError) as err:
        Round.open(old_round).status()
    assert err.value.message == (
        f"台帳 {ledger_file(old_round)} は、この dxreport より新しい版で書かれています"
        f"（台帳の形式 {SCHEMA_VERSION + 1}、この dxreport が読めるのは {SCHEMA_VERSION} まで）。"
        "dxreport を最新の版に更新してから、もう一度実行してください。台帳は変更していません。"
    )
    assert digest(ledger_file(old_round)) == before


def test_a_version_that_is_no_number_is_an_unreadable_ledger(old_round):
    sql(old_round, "UPDATE meta SET value = 'x' WHERE key = 'schema_version'")
    with pytest.raises(UserError, match=r"台帳 .* を開けません"):
        Round.open(old_round).status()


# ------------------------------------------------------------- version 2: distributions kept
def test_version_2_keeps_each_survey_as_its_first_distribution(old_round):
    """The fixture's surveys become their first distribution (no digest: their files carry
    none), each submission points to it, and a regeneration adds to them."""
    board(old_round)
    wf = Round.open(old_round).folder
    with Ledger.open(wf) as led:
        surveys = led.surveys()
        assert [s.division_code for s in surveys] == [c for c, *_ in EXPECTED_BOARD]
        assert all(s.seq > 0 and s.sent_digest == "" for s in surveys)
        seq = {s.survey_id: s.seq for s in surveys}
        subs = led.submissions()
        assert all(s.distribution == seq[s.survey_id] for s in subs if s.survey_id)
        assert all(s.distribution is None for s in subs if s.survey_id is None)
    Round.open(old_round).populate(["SOMU-KOHO"], regenerate=True)
    with Ledger.open(wf) as led:
        history = led.distributions("R8-FINAL-SOMU-KOHO")
        assert [d.sent_digest == "" for d in history] == [True, False]
        assert led.survey("R8-FINAL-SOMU-KOHO") == history[-1]
    assert board(old_round) == EXPECTED_BOARD


def test_an_old_ledger_gets_a_round_id_once_and_keeps_it(old_round, tmp_path):
    """Version 3 draws the round's ID (what `init --from` records of its predecessor): an old
    folder gets one on its first open, and it never changes; another folder has another."""
    from dxreport.round.ledger import read_round_id

    assert read_round_id(old_round) is None  # before the upgrade: read without migrating
    assert version(old_round) == 1
    with Ledger.open(Round.open(old_round).folder) as led:
        first = led.round_id()
    assert read_round_id(old_round) == first and len(first) == 32
    with Ledger.open(Round.open(old_round).folder) as led:
        assert led.round_id() == first
    wf = init_folder(tmp_path / "新", Settings(deadline=dt.date(2027, 4, 30)))
    with Ledger.open(wf) as led:
        assert led.round_id() != first
