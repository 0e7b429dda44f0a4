"""Drive LibreOffice from tests: convert files, and edit workbooks through UNO like a clerk.

- `convert(paths, "pdf", outdir)`: one headless `soffice --convert-to` run for many files.
- `LibreOffice()` (context manager): starts `soffice --headless --accept=pipe...` with a private
  profile, then `run(jobs)` executes edit jobs with the system `/usr/bin/python3` (which has
  the `uno` module; the venv does not) via `tests/_uno_worker.py`.

A job is a dict::

    {"open": "in.xlsx", "save": "out.xlsx" | None, "pdf": "out.pdf" | None,
     "ops": [{"op": "set", "sheet": "KPI実績", "cell": "K5", "value": 57.4},
             {"op": "set_text", "sheet": ..., "cell": ..., "value": "５７"},
             {"op": "set_formula", ...}, {"op": "insert_rows", "sheet": ..., "row": 1, "count": 3},
             {"op": "unprotect", "sheet": ...}, {"op": "protect", "sheet": ...},
             {"op": "fill", "sheet": ..., "range": "A4:O4", "color": 0xC00000}]}

Every start and call has a timeout; the soffice process group is killed on exit.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice")
SYSTEM_PYTHON = "/usr/bin/python3"
WORKER = Path(__file__).with_name("_uno_worker.py")

needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None or not Path(SYSTEM_PYTHON).exists(), reason="LibreOffice がありません"
)


def _profile_url(path: Path) -> str:
    return "file://" + str(path.resolve())


def convert(paths: list[Path], fmt: str, outdir: Path, timeout: float = 240) -> list[Path]:
    """Convert files in one soffice session; returns the produced files (raises on failure)."""
    assert SOFFICE is not None
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        cmd = [SOFFICE, f"-env:UserInstallation={_profile_url(Path(profile))}", "--headless",
               "--invisible", "--norestore", "--convert-to", fmt, "--outdir", str(outdir),
               *map(str, paths)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
    produced = [outdir / (p.stem + "." + fmt.split(":")[0]) for p in paths]
    missing = [p for p in produced if not p.exists()]
    if missing:
        raise RuntimeError(f"soffice did not produce {missing}: {out!r} {err!r}")
    return produced


class LibreOffice:
    """A headless soffice listening on a private pipe, for UNO edit jobs."""

    def __init__(self, start_timeout: float = 60) -> None:
        self.start_timeout = start_timeout
        self.pipe = f"dxreport_{uuid.uuid4().hex[:12]}"
        self._profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
        self._proc: subprocess.Popen | None = None

    def __enter__(self) -> LibreOffice:
        assert SOFFICE is not None
        self._proc = subprocess.Popen(
            [SOFFICE, f"-env:UserInstallation={_profile_url(self._profile)}", "--headless",
             "--invisible", "--norestore", "--nologo", "--nodefault",
             f"--accept=pipe,name={self.pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        return self

    def run(self, jobs: list[dict], timeout: float = 180) -> list[dict]:
        """Run edit jobs; returns one result dict per job (e.g. cell values read back)."""
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False,
                                         encoding="utf-8") as f:
            json.dump(jobs, f, ensure_ascii=False)
        try:
            proc = subprocess.run(
                [SYSTEM_PYTHON, str(WORKER), self.pipe, f.name, str(self.start_timeout)],
                capture_output=True, text=True, timeout=timeout,
                env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
            )
        finally:
            os.unlink(f.name)
        if proc.returncode != 0:
            raise RuntimeError(f"UNO worker failed ({proc.returncode}):\n{proc.stderr}")
        return json.loads(proc.stdout.strip().splitlines()[-1])

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None and self._proc.poll() is None:
            try:
                os.killpg(self._proc.pid, signal.SIGTERM)
                self._proc.wait(timeout=15)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self._proc.pid, signal.SIGKILL)
                self._proc.wait(timeout=15)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                shutil.rmtree(self._profile)
                break
            except OSError:
                time.sleep(0.2)
