"""Peak memory of a measured case: this process and every process it starts (worker pools).

`ru_maxrss` is not usable for this: on Linux a child inherits the high-water mark of the
process that started it (kept across fork and exec), and it leaves worker processes out.
Instead a thread samples the resident set of the process tree (`/proc/<pid>/status` VmRSS of
this process and all its descendants, summed) every 20 ms, and the process's own `VmHWM`
(its exact peak, which starts afresh at exec) is taken at the end. Shared pages of the
workers are counted in each of them: the figure is an upper bound. Linux only; elsewhere it
falls back to `ru_maxrss` of this process.
"""

from __future__ import annotations

import os
import resource
import threading
from pathlib import Path


def _status_kb(pid: int | str, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    out: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                kids = [int(k) for k in task.read_text().split()]
            except (OSError, ValueError):
                continue
            out.extend(kids)
            todo.extend(kids)
    return out


class PeakRss:
    """with PeakRss() as peak: ...; then peak.mb (tree), peak.self_mb (this process)."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.linux = Path("/proc/self/status").exists()
        self._stop = threading.Event()
        self._peak_kb = 0
        self.mb = self.self_mb = 0.0

    def _sample(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            total = _status_kb(me, "VmRSS") + sum(_status_kb(p, "VmRSS")
                                                  for p in _descendants(me))
            self._peak_kb = max(self._peak_kb, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRss:
        if self.linux:
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.linux:
            self.mb = self.self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            return
        self._stop.set()
        self._thread.join()
        self.self_mb = _status_kb("self", "VmHWM") / 1024
        self.mb = max(self._peak_kb / 1024, self.self_mb)
