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
