"""The benchmarks' peak memory counts worker processes and not what the starter used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"

CHILD = """
import subprocess, sys
sys.path.insert(0, {bench!r})
from peak_rss import PeakRss
with PeakRss() as peak:
    subprocess.run([sys.executable, "-c",
                    "import time; b = b'x' * (200 * 1024 * 1024); time.sleep(0.5)"])
print(round(peak.mb), round(peak.self_mb))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc")
def test_peak_includes_workers_and_is_not_inherited():
    # the starter (this pytest process) is big; the measured process is fresh and small
    out = subprocess.run([sys.executable, "-c", CHILD.format(bench=str(BENCH))],
                         capture_output=True, text=True, timeout=60, check=True).stdout
    tree, own = (float(x) for x in out.split())
    assert tree >= 200  # the 200 MB the worker touched
    assert own < 100  # not the worker's, nor an inherited high-water mark
