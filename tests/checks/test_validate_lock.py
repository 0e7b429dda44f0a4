"""Two runs on one folder from two processes: the second is refused, the ledger stays whole."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dxreport.round.ledger import Ledger, folder_lock
from tests.checks.returns import clone, drop, filled, make_populated, tree_hash

ROOT = Path(__file__).resolve().parents[2]


def _validate_in_another_process(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dxreport", "validate", str(folder), "--no-progress"],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120,
    )


def test_a_second_process_is_refused_while_another_holds_the_folder(tmp_path):
    wf = clone(make_populated(tmp_path / "tpl").root, tmp_path / "作業")
    drop(wf, filled(wf))
    before = tree_hash(wf.returns)

    with folder_lock(wf, "検証（別のパソコン）"):
        busy = _validate_in_another_process(wf.root)
    assert busy.returncode == 1
    assert "別の処理（検証（別のパソコン）" in busy.stderr and "Traceback" not in busy.stderr
    with Ledger.open(wf) as led:
        assert led.submissions() == []

    done = _validate_in_another_process(wf.root)  # once free, the same command goes through
    assert done.returncode == 0, done.stderr
    with Ledger.open(wf) as led:
        assert [s.verdict for s in led.submissions()] == ["accepted"]
    assert tree_hash(wf.returns) == before
