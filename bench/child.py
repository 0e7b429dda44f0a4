"""Run one benchmark case in a fresh Python process and read back its JSON result line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run_case(script: str, case: str, folder: Path, *extra: str) -> dict:
    """`script --case CASE --folder FOLDER [extra]`; its last stdout line is the result."""
    cmd = [sys.executable, script, "--case", case, "--folder", str(folder), *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])
