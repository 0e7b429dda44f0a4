"""Worker processes in hard cases: a file that kills the worker checking it gets F013 alone
(every other file of the run, also those sent to the same worker, is still checked), and a
script read from standard input, whose workers could not start, validates in-process."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dxreport.checks.validate import CHUNK, MIN_FILES_FOR_WORKERS, validate
from dxreport.round.ledger import Ledger
from tests.checks.returns import clone, drop, filled, make_populated, put, row_cells

MARKER = b"DXREPORT-TEST-KILL-WORKER"

# Imported at start-up by every worker process (spawned with this PYTHONPATH): a workbook
# carrying MARKER in its zip comment ends the process abruptly, as a crash in a C library or
# the out-of-memory killer would. The test process itself is not affected.
HOOK = f'''
import os, zipfile
_init = zipfile.ZipFile.__init__
def _dying_init(self, file, *args, **kwargs):
    data = file.getvalue() if hasattr(file, "getvalue") else None
    if data is None and isinstance(file, (str, os.PathLike)):
        with open(file, "rb") as fh:
            data = fh.read()
    if data is not None and {MARKER!r} in data[-200:]:
        os._exit(70)
    _init(self, file, *args, **kwargs)
zipfile.ZipFile.__init__ = _dying_init
'''


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tpl") / "作業"
    make_populated(root)
    return root


def distinct_returns(wf, count: int) -> list[str]:
    names = [f"{n:02d}_回答.xlsx" for n in range(1, count + 1)]
    for n, name in enumerate(names):
        wb = filled(wf)
        put(wb, row_cells(wb, "KPI-A10")["note"], f"第{n + 1}版")  # each its own content
        drop(wf, wb, name)
    return names


def test_a_file_that_kills_its_worker_is_f013_and_the_rest_are_checked(
    template, tmp_path, monkeypatch
):
    wf = clone(template, tmp_path / "w")
    names = distinct_returns(wf, MIN_FILES_FOR_WORKERS + CHUNK)
    killer = wf.returns / names[2]  # in the first chunk: its chunk-mates must be re-checked
    with zipfile.ZipFile(killer, "a") as z:
        z.comment = MARKER
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(hook), str(Path.cwd()), os.environ.get("PYTHONPATH", "")]))

    run = validate(wf, workers=2)

    by_file = {o.file: o for o in run.files}
    assert [f.code for f in by_file[killer.name].findings] == ["F013"]
    assert by_file[killer.name].verdict == "rejected"
    assert "予期しないエラー" in by_file[killer.name].findings[0].message
    others = [by_file[n] for n in names if n != killer.name]
    # each checked in full: accepted, the earlier versions noted as replaced by a later one
    assert all(o.verdict == "accepted" and {f.code for f in o.findings} <= {"I006"}
               and not o.duplicate for o in others)
    with Ledger.open(wf) as led:
        subs = led.submissions()
    assert len(subs) == len(names) and sum(s.survey_id is not None for s in subs) == len(others)


def test_a_script_on_standard_input_validates_without_workers(template, tmp_path):
    wf = clone(template, tmp_path / "w")
    distinct_returns(wf, MIN_FILES_FOR_WORKERS)
    script = (
        "from pathlib import Path\n"
        "from dxreport.checks.validate import validate\n"
        "from dxreport.round.folder import open_folder\n"
        f"run = validate(open_folder(Path({str(wf.root)!r})), workers=2)\n"
        "print(sorted({o.verdict for o in run.files}), len(run.files))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path.cwd()), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True,
                          timeout=240, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"['accepted'] {MIN_FILES_FOR_WORKERS}"
    assert "Traceback" not in done.stderr


def _children(pid: int) -> set[int]:
    """Processes whose parent is `pid` (read from /proc: psutil is not a dependency)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """Running: not gone and not a zombie (an orphan's zombie waits for PID 1 to reap it)."""
    try:
        os.kill(pid, 0)
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_exit_when_their_parent_is_killed(template, tmp_path):
    """`kill -9` of a parallel validate: no worker outlives it (each would wait for work for
    ever, ~65 MB each)."""
    import signal
    import time

    wf = clone(template, tmp_path / "w")
    distinct_returns(wf, MIN_FILES_FOR_WORKERS + 4 * CHUNK)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path.cwd()), os.environ.get("PYTHONPATH", "")])}
    parent = subprocess.Popen(
        [sys.executable, "-c", "import sys; from dxreport.cli.main import main; "
         f"sys.exit(main(['validate', {str(wf.root)!r}, '--no-progress']))"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline and parent.poll() is None:
            workers = {p for p in _children(parent.pid) if "spawn_main" in Path(
                f"/proc/{p}/cmdline").read_bytes().decode(errors="replace")} \
                if _alive(parent.pid) else set()
            time.sleep(0.02)
        assert workers, "no worker process started"
        everyone = _children(parent.pid)  # the workers and multiprocessing's helpers
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 5
        while any(_alive(p) for p in everyone) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [p for p in everyone if _alive(p)], "a worker outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
