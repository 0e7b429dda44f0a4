"""Faults of the machine during validate, consolidate and populate: a full disk, a file held
open (permission denied), a name too long. Each is told in Japanese naming the file and what
to do, never as 予期しないエラー or a traceback, and nothing is half-written: outputs that
existed stay as they were, no temporary file remains, 2_回収 is never touched.

The full disk is injected at the lowest point Python writes through (every file object
opened for writing under the working folder stops taking bytes once a budget is spent),
and, where this machine lets us mount one, played for real on a small tmpfs (the ledger's
SQLite writes included)."""

from __future__ import annotations

import builtins
import contextlib
import errno
import gc
import io
import json
import os
import shutil
import sqlite3
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest

from dxreport.cli.main import main
from dxreport.errors import FileFault
from dxreport.fileio import file_fault
from dxreport.messages import msg
from dxreport.round.folder import WorkFolder
from dxreport.round.ledger import Ledger
from dxreport.survey import layout as L
from tests.checks.returns import drop, filled, set_meta, tree_hash

DISK_FULL_HEAD = msg("fault_disk_full", path="\0").partition("\0")[2]  # after the file name


# -- the one mapping -------------------------------------------------------------------
@pytest.mark.parametrize(("code", "key"), [
    (errno.ENOSPC, "fault_disk_full"),
    (errno.EACCES, "file_locked"),
    (errno.EPERM, "file_locked"),
    (errno.EROFS, "file_locked"),
    (errno.ENAMETOOLONG, "fault_too_long"),
    (errno.EIO, "fault_other"),
])
def test_each_oserror_becomes_one_japanese_message_naming_the_file(tmp_path, code, key):
    target = tmp_path / "検証結果.xlsx"
    fault = file_fault(OSError(code, os.strerror(code), str(tmp_path / ".tmp-x.xlsx")), target)
    assert isinstance(fault, FileFault)
    assert str(target) in fault.message and ".tmp-" not in fault.message
    fields = {"path": target, "length": len(str(target)), "limit": 260,
              "code": errno.errorcode[code], "action": msg("fault_writing")}
    assert fault.message == msg(key, **fields)
    assert fault.stops_run == (key in ("fault_disk_full", "fault_other"))
    assert os.strerror(code) not in fault.message  # the system's English stays out


def test_the_file_an_error_names_is_the_target_of_a_rename(tmp_path):
    exc = PermissionError(errno.EACCES, "Access is denied", str(tmp_path / ".tmp-a"), None,
                          str(tmp_path / "回答.xlsx"))
    assert file_fault(exc).message == msg("file_locked", path=tmp_path / "回答.xlsx")
    assert file_fault(exc, writing=False).message == msg("fault_read_locked",
                                                         path=tmp_path / "回答.xlsx")


@pytest.mark.parametrize(("winerror", "key"), [
    (32, "file_locked"),  # ERROR_SHARING_VIOLATION: the workbook is open in Excel
    (33, "file_locked"),  # ERROR_LOCK_VIOLATION
    (112, "fault_disk_full"),  # ERROR_DISK_FULL
    (206, "fault_too_long"),  # ERROR_FILENAME_EXCED_RANGE
])
def test_windows_errors_are_told_the_same_way(tmp_path, winerror, key):
    class WindowsError_(OSError):  # what Windows raises: its own code beside errno
        pass

    exc = WindowsError_(errno.EINVAL, "error")
    exc.winerror = winerror  # type: ignore[attr-defined]
    target = tmp_path / "回答.xlsx"
    assert file_fault(exc, target).message == msg(key, path=target, limit=260,
                                                  length=len(str(target.absolute())))


@pytest.mark.parametrize(("code", "key"), [(sqlite3.SQLITE_FULL, "fault_disk_full"),
                                           (sqlite3.SQLITE_READONLY, "file_locked")])
def test_the_ledger_on_a_full_disk_is_not_called_unreadable(tmp_path, code, key):
    from dxreport.round.ledger import ledger_fault

    exc = sqlite3.OperationalError("database or disk is full")
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    path = tmp_path / "3_受付" / "ledger.sqlite3"
    assert ledger_fault(exc, path).message == msg(key, path=path)


# -- a disk that fills up --------------------------------------------------------------
class _Disk:
    """Every file opened for writing under `root` through Python's `open` (zipfile, pathlib,
    os.fdopen all go through it) takes bytes from one budget; past it, ENOSPC."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
        self.root = str(root.resolve())
        self.left: int | None = None  # None: unlimited
        real = io.open

        def limited_open(file, mode="r", *args, **kwargs):
            f = real(file, mode, *args, **kwargs)
            if self.left is not None and any(m in mode for m in "wax+") and self._ours(file):
                return _Limited(f, self)
            return f

        monkeypatch.setattr(io, "open", limited_open)
        monkeypatch.setattr(builtins, "open", limited_open)

    def _ours(self, file: object) -> bool:
        if isinstance(file, int):
            try:
                file = os.readlink(f"/proc/self/fd/{file}")
            except OSError:
                return False
        return os.path.abspath(os.fsdecode(file)).startswith(self.root)  # type: ignore[arg-type]

    def spend(self, n: int) -> None:
        assert self.left is not None
        if n > self.left:
            self.left = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.left -= n


class _Limited:
    def __init__(self, f, disk: _Disk) -> None:
        self._f, self._disk = f, disk

    def write(self, data) -> int:
        self._disk.spend(len(data))
        return self._f.write(data)

    def __getattr__(self, name):
        return getattr(self._f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._f.close()


def _outputs(root: Path) -> dict[str, bytes]:
    """Every file we wrote (all but 2_回収, the ledger and the lock), by path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "2_回収" not in p.parts and not p.name.startswith(
                (".dxreport.lock", "ledger.sqlite3"))}


def _sound(root: Path, before: dict[str, bytes], returns_hash: str) -> None:
    """Nothing half-written: no temporary file, every workbook a whole zip, 2_回収 as it was,
    and every output that existed before either as it was or replaced whole."""
    assert not [p for p in root.rglob(".tmp-*")], "temporary files left"
    assert tree_hash(root / "2_回収") == returns_hash
    for p in root.rglob("*.xlsx"):
        with zipfile.ZipFile(p) as z:
            assert z.testzip() is None, p
    after = _outputs(root)
    for name in before:
        if name.startswith("4_差し戻し/"):
            continue  # a stale copy is removed once its newer version's copy is written
        assert name in after, f"{name} lost"
    conn = sqlite3.connect(root / "3_受付" / "ledger.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def _verdicts(capsys) -> dict[str, tuple[str, list[str]]]:
    out = json.loads(capsys.readouterr().out)
    return {f["file"]: (f["verdict"], sorted(x["code"] for x in f["findings"]))
            for f in out["files"]}


def _round_with_outputs(wf: WorkFolder, capsys) -> None:
    """A round validated once (検証結果.xlsx and a return copy exist), then new returns."""
    good, bad = filled(wf), filled(wf)
    set_meta(bad, L.META_TEMPLATE_VERSION, "2020.1")  # sent back (I004): a return copy
    drop(wf, good, "企画/回答.xlsx")
    drop(wf, bad, "差し戻し分.xlsx")
    assert main(["validate", str(wf.root), "--no-progress"]) == 1
    capsys.readouterr()
    bad2 = filled(wf, "SOMU-JINJI")
    set_meta(bad2, L.META_TEMPLATE_VERSION, "2020.2")
    drop(wf, bad2, "人事課.xlsx")
    drop(wf, filled(wf), "差し戻し分.xlsx")  # fixed: replaces the sent-back one


def test_validate_on_a_filling_disk_says_so_and_writes_nothing_half(wf, monkeypatch,
                                                                    capsys, tmp_path):
    reference = tmp_path / "参照"
    _round_with_outputs(wf, capsys)
    shutil.copytree(wf.root, reference)
    assert main(["validate", str(reference), "--json", "--no-progress"]) == 1
    expected = _verdicts(capsys)

    disk = _Disk(monkeypatch, wf.root)
    returns_hash = tree_hash(wf.returns)
    budgets = [0, 1_000, 20_000, 40_000, 60_000, 80_000, 120_000]
    failed = 0
    for budget in budgets:
        before = _outputs(wf.root)
        disk.left = budget
        code = main(["validate", str(wf.root), "--json", "--no-progress"])
        captured = capsys.readouterr()
        assert "予期しないエラー" not in captured.err and "Traceback" not in captured.err
        if not captured.out:  # stopped by the full disk
            failed += 1
            assert code == 1
            assert DISK_FULL_HEAD in captured.err, captured.err
            assert str(wf.root) in captured.err
            assert before["検証結果.xlsx"] == _outputs(wf.root)["検証結果.xlsx"]
        _sound(wf.root, before, returns_hash)
    assert failed >= 3  # the sweep did hit the disk at several points
    disk.left = None  # space freed: the next run finishes what was left
    assert main(["validate", str(wf.root), "--json", "--no-progress"]) == 1
    assert _verdicts(capsys) == expected


def test_a_return_copy_refused_by_the_machine_is_that_files_problem(wf, monkeypatch, capsys):
    """A name too long or a copy held open stops only that copy; a full disk stops the run."""
    import dxreport.checks.validate as validate_module

    real = validate_module.write_return_copy

    def too_long(source, findings, target, **kw):
        raise OSError(errno.ENAMETOOLONG, "File name too long", str(target))

    monkeypatch.setattr(validate_module, "write_return_copy", too_long)
    bad = filled(wf)
    set_meta(bad, L.META_TEMPLATE_VERSION, "2020.1")
    drop(wf, bad, "回答.xlsx")
    assert main(["validate", str(wf.root), "--no-progress"]) == 1
    out = capsys.readouterr().out
    assert msg("fault_too_long", path="\0", length=0, limit=0).split("\0")[0] in out
    assert (wf.root / "検証結果.xlsx").exists()
    monkeypatch.setattr(validate_module, "write_return_copy", real)
    assert main(["validate", str(wf.root), "--no-progress"]) == 1  # written when it can be
    assert len(list(wf.send_back.glob("*.xlsx"))) == 1


def test_a_return_held_open_stops_the_run_naming_it(wf, monkeypatch, capsys):
    drop(wf, filled(wf), "回答.xlsx")
    locked = wf.returns / "回答.xlsx"
    real = builtins.open

    def refuse(file, mode="r", *a, **kw):
        if Path(file) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real(file, mode, *a, **kw)

    monkeypatch.setattr(builtins, "open", refuse)
    assert main(["validate", str(wf.root), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [msg("fault_read_locked", path=locked),
                                msg("cli_recorded_validate_none")]
    with Ledger.open(wf) as ledger:
        assert ledger.submissions() == []  # nothing recorded of a run that could not read


def test_consolidate_on_a_full_disk_keeps_the_last_status_workbook(wf, monkeypatch, capsys):
    drop(wf, filled(wf), "回答.xlsx")
    main(["validate", str(wf.root), "--no-progress"])
    assert main(["consolidate", str(wf.root)]) == 0
    before = _outputs(wf.root)
    disk = _Disk(monkeypatch, wf.root)
    drop(wf, filled(wf, "SOMU-JINJI"), "人事.xlsx")
    disk.left = 0
    capsys.readouterr()
    assert main(["validate", str(wf.root), "--no-progress"]) == 1
    assert DISK_FULL_HEAD in capsys.readouterr().err
    for budget in (0, 50_000):
        disk.left = budget
        assert main(["consolidate", str(wf.root)]) == 1
        err = capsys.readouterr().err
        assert DISK_FULL_HEAD in err and "5_集約" in err, err
        _sound(wf.root, before, tree_hash(wf.returns))
        assert list(wf.consolidated.glob("*.xlsx")) == [wf.root / n for n in before
                                                         if n.startswith("5_集約/")]


def _distributions(wf: WorkFolder) -> int:
    with Ledger.open(wf) as ledger:
        return len(list(ledger.surveys(carried=False)))


def test_populate_on_a_full_disk_changes_neither_1_haifu_nor_the_ledger(wf, monkeypatch,
                                                                      capsys):
    before, records = tree_hash(wf.distribute), _distributions(wf)
    disk = _Disk(monkeypatch, wf.root)
    for budget in (0, 30_000, 200_000):
        disk.left = budget
        assert main(["populate", str(wf.root), "--regenerate", "--no-progress"]) == 1
        err = capsys.readouterr().err
        assert DISK_FULL_HEAD in err and msg("sv_populate_unchanged") in err, err
        assert "1_配布" in err
        assert tree_hash(wf.distribute) == before and _distributions(wf) == records
        assert not list(wf.root.rglob(".tmp-*"))


def test_populate_refuses_a_survey_name_too_long_before_recording_it(wf, monkeypatch,
                                                                     capsys):
    import dxreport.survey.populate as populate_module

    long = "とても長い課の名前" * 12  # 108 characters, 324 bytes: past any file system's 255
    real = populate_module.survey_file_name
    monkeypatch.setattr(populate_module, "survey_file_name",
                        lambda fy, code, name: real(fy, code, long if code == "SOMU-JINJI"
                                                    else name))
    before, records = tree_hash(wf.distribute), _distributions(wf)
    assert main(["populate", str(wf.root), "--regenerate", "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert msg("fault_too_long", path="\0", length=0, limit=0).split("\0")[0] in err
    assert "フォルダ名・ファイル名を短く" in err and msg("sv_populate_unchanged") in err
    assert tree_hash(wf.distribute) == before and _distributions(wf) == records


# -- a real full disk ------------------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path):
    """An 8 MB tmpfs, where this machine lets us mount one (root, or a user namespace
    allowing it); skipped elsewhere: the injected tests above stand for it."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
            capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        gc.collect()  # files still open (a ledger connection) would keep it busy
        if subprocess.run(["umount", str(mount)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], check=True)  # detached when free


def _fill(mount: Path, leave_kb: int) -> None:
    """Take all the free space of `mount` but `leave_kb`."""
    for p in mount.glob("filler-*"):
        p.unlink()
    free = shutil.disk_usage(mount).free - leave_kb * 1024
    if free > 0:
        with open(mount / f"filler-{uuid.uuid4().hex}", "wb") as f, \
                contextlib.suppress(OSError):
            f.write(b"\0" * free)


@pytest.mark.parametrize("leave_kb", [0, 120, 400])
def test_a_real_full_disk_is_told_and_leaves_everything_whole(wf, small_disk, capsys,
                                                              leave_kb):
    root = small_disk / "作業"
    shutil.copytree(wf.root, root)
    on_disk = WorkFolder(root, wf.settings)
    _round_with_outputs(on_disk, capsys)
    returns_hash = tree_hash(on_disk.returns)
    before = _outputs(root)
    _fill(small_disk, leave_kb)
    for command in (["validate", str(root), "--no-progress"], ["consolidate", str(root)],
                    ["populate", str(root), "--regenerate", "--no-progress"]):
        main(command)
        err = capsys.readouterr().err
        assert "予期しないエラー" not in err and "Traceback" not in err, err
        assert not err or DISK_FULL_HEAD in err, err
        assert err or leave_kb > 0  # with no space at all, each command says so
        _sound(root, before, returns_hash)


# -- leftovers of killed runs ----------------------------------------------------------
def test_leftovers_of_a_killed_run_are_cleared_by_the_next_locked_run(wf, capsys):
    """Temporary files a `kill -9` left (named as we name them) go at the next run that
    holds the folder's lock; a person's files, however alike, and 2_回収 stay."""
    hour_ago = os.path.getmtime(wf.settings_path) - 3600
    ours = [wf.intake / ".tmp-k3j_x9a0.part", wf.distribute / ".tmp-populate-ab12cd34.xlsx",
            wf.send_back / ".tmp-zz99yy88.xlsx", wf.consolidated / ".tmp-0a1b2c3d.xlsx",
            wf.send_back / "対応済み" / ".tmp-qwertyui.xlsx", wf.root / ".tmp-old12345.xlsx"]
    fresh = wf.root / ".tmp-new12345.xlsx"  # plan import may be writing it now (no lock)
    theirs = [wf.root / ".tmp-メモ.txt", wf.root / ".tmp-notes.xlsx",
              wf.intake / "tmp-k3j_x9a0.part", wf.send_back / ".tmp-zz99yy88.xlsx.bak",
              wf.returns / ".tmp-k3j_x9a0.xlsx"]
    for p in [*ours, fresh, *theirs]:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"half")
    os.chmod(ours[0], 0o444)  # intake copies are made read-only
    os.utime(ours[-1], (hour_ago, hour_ago))
    drop(wf, filled(wf), "回答.xlsx")
    assert main(["validate", str(wf.root), "--no-progress"]) == 0
    assert [p for p in ours if p.exists()] == []
    assert fresh.exists() and all(p.read_bytes() == b"half" for p in theirs)
    capsys.readouterr()


# -- Ctrl+C ------------------------------------------------------------------------------
def _distinct_returns(wf: WorkFolder, count: int) -> None:
    from tests.checks.returns import put, row_cells

    for n in range(count):
        wb = filled(wf)
        put(wb, row_cells(wb, "KPI-A10")["note"], f"第{n + 1}版")  # each its own content
        drop(wf, wb, f"{n + 1:02d}_回答.xlsx")


def test_ctrl_c_mid_validate_says_what_was_recorded_and_the_next_run_goes_on(
        wf, monkeypatch, capsys, tmp_path):
    import dxreport.checks.validate as validate_module

    _distinct_returns(wf, 5)
    reference = tmp_path / "参照"
    shutil.copytree(wf.root, reference)
    assert main(["validate", str(reference), "--json", "--no-progress"]) == 0
    expected = _verdicts(capsys)

    monkeypatch.setattr(validate_module, "BATCH", 2)  # two files per ledger transaction
    real_one = validate_module._Run.one
    seen: list[str] = []

    def one(self, item, t, examined):
        seen.append(item.name)
        if len(seen) == 4:  # the second file of the second batch
            raise KeyboardInterrupt
        return real_one(self, item, t, examined)

    monkeypatch.setattr(validate_module._Run, "one", one)
    returns_hash = tree_hash(wf.returns)
    assert main(["validate", str(wf.root), "--no-progress"]) == 130
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [msg("cli_interrupted"),
                                         msg("cli_recorded_validate", count=2)]
    assert "Traceback" not in captured.err
    assert not list(wf.root.rglob(".tmp-*")) and tree_hash(wf.returns) == returns_hash
    with Ledger.open(wf) as ledger:
        assert len(ledger.submissions()) == 2  # the first batch, whole; the second, not at all

    monkeypatch.setattr(validate_module._Run, "one", real_one)
    assert main(["validate", str(wf.root), "--json", "--no-progress"]) == 0
    assert _verdicts(capsys) == expected  # carried on: the same as one uninterrupted run


def test_ctrl_c_in_populate_and_consolidate_says_nothing_changed(wf, monkeypatch, capsys):
    import dxreport.consolidate.run as consolidate_module
    import dxreport.survey.populate as populate_module

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    before, records = tree_hash(wf.distribute), _distributions(wf)
    monkeypatch.setattr(populate_module, "_check_replaceable", interrupt)
    assert main(["populate", str(wf.root), "--regenerate", "--no-progress"]) == 130
    assert capsys.readouterr().err.splitlines() == [msg("cli_interrupted"),
                                                    msg("cli_recorded_populate")]
    assert tree_hash(wf.distribute) == before and _distributions(wf) == records

    monkeypatch.setattr(consolidate_module, "write_status_workbook", interrupt)
    assert main(["consolidate", str(wf.root)]) == 130
    assert capsys.readouterr().err.splitlines() == [msg("cli_interrupted"),
                                                    msg("cli_recorded_consolidate")]
    assert not list(wf.consolidated.iterdir())


def test_a_return_moved_away_during_the_run_is_that_files_problem(wf, monkeypatch, capsys):
    """Someone moves a return out of 2_回収 while validate runs: the others are checked."""
    import dxreport.checks.validate as validate_module

    drop(wf, filled(wf), "a.xlsx")
    drop(wf, filled(wf, "SOMU-JINJI"), "b.xlsx")
    real_scan = validate_module.scan_returns

    def scan(returns):
        found = real_scan(returns)
        (returns / "a.xlsx").rename(wf.root / "a.xlsx")  # gone after the scan
        return found

    monkeypatch.setattr(validate_module, "scan_returns", scan)
    assert main(["validate", str(wf.root), "--json", "--no-progress"]) == 1
    verdicts = _verdicts(capsys)
    assert verdicts["a.xlsx"] == ("rejected", ["F013"]) and verdicts["b.xlsx"][0] == "accepted"
