"""Run one benchmark case in a fresh Python process and read back its JSON result line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from peak_rss import PeakRss

# A benchmark's exit code when it ran but missed a target (1 stays "could not run": also what
# Python exits with on an uncaught exception).
TARGET_MISSED = 3


def run_case(script: str, case: str, folder: Path, *extra: str) -> dict:
    """`script --case CASE --folder FOLDER [extra]`; its last stdout line is the result."""
    cmd = [sys.executable, script, "--case", case, "--folder", str(folder), *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def report_case(measure: Callable[[], dict]) -> int:
    """The child's side: run `measure` and print its result with the peak RSS of this process
    and its workers (not inherited from the parent) as the JSON line `run_case` reads."""
    with PeakRss() as peak:
        r = measure()
    r["peak_rss_mb"], r["self_peak_mb"] = round(peak.mb, 1), round(peak.self_mb, 1)
    print(json.dumps(r, ensure_ascii=False))
    return 0
