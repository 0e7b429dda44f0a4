"""Shared by the validate and end-to-end benchmarks: a work folder holding N synthetic returns.

A synthetic plan (N divisions x K KPIs) is populated, and every survey is filled the way a clerk
would (`dxreport.demo.simulate.fill_survey`) into `2_回収/`. Generation is not what the
benchmarks measure; it runs on two processes and can be cached in a folder (`--cache`) so that
`run_all.py` generates once for both benchmarks. Each measured case gets its own copy.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

READY = ".bench-ready"


def _fill(args: tuple[str, str, str, str, int, int, int]) -> None:
    src, out, code, year_round, divisions, kpis, seed = args
    from dxreport.demo.simulate import division_answers, fill_survey

    plan = _plan_cache(divisions, kpis)
    year, round_code = year_round.split("/")
    a = division_answers(plan, code, year, round_code, seed)
    fill_survey(Path(src), Path(out), a.values, a.statuses, a.texts)


_PLAN: dict = {}  # per process: the plan is deterministic, rebuilt once per worker


def _plan_cache(divisions: int, kpis: int):
    from dxreport.demo.synthetic_plan import synthetic_plan

    key = (divisions, kpis)
    if key not in _PLAN:
        _PLAN[key] = synthetic_plan(divisions, kpis, seed=1)
    return _PLAN[key]


def generate(root: Path, divisions: int, kpis: int, workers: int = 2, seed: int = 2026):
    """Create `root` as a work folder with one filled return per division. Returns it."""
    from dxreport.api import Round
    from dxreport.survey.populate import populate
    from dxreport.survey.reader import read_survey

    plan = _plan_cache(divisions, kpis)
    root.mkdir(parents=True, exist_ok=True)
    from dxreport.plan.master import write_master

    master = root.parent / f"{root.name}-マスタ計画.xlsx"  # consolidate reads the workbook
    write_master(plan, master)
    wf = Round.create(root, master=master, deadline=dt.date(2027, 4, 30)).folder
    result = populate(wf, plan=plan)
    s = wf.settings
    jobs = []
    for path in result.paths:
        code = read_survey(path).metadata["division_code"]
        jobs.append((str(path), str(wf.returns / (path.stem + "_回答.xlsx")), code,
                     f"{s.fiscal_year}/{s.round_code}", divisions, kpis, seed))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_fill, jobs, chunksize=16))
    (root / READY).write_text("ok", encoding="utf-8")
    return wf


def prepared_copy(cache: Path | None, target: Path, divisions: int, kpis: int) -> Path:
    """A fresh work folder at `target` with the returns, generated once per cache folder."""
    if cache is None:
        generate(target, divisions, kpis)
        return target
    source = cache / f"returns-{divisions}x{kpis}"
    if not (source / READY).exists():
        if source.exists():
            shutil.rmtree(source)
        # in a process of its own: Linux children inherit the parent's peak RSS, so the
        # measured cases must not be forked from a process that did the generating
        subprocess.run([sys.executable, __file__, str(source), str(divisions), str(kpis)],
                       check=True)
    shutil.copytree(source, target)
    return target


def measure_on_copies(
    prefix: str, cache: Path | None, divisions: int, kpis: int,
    cases: list[tuple[str, Callable[[Path], dict]]], count: Callable[[Path], int],
) -> tuple[int, float, list[dict]]:
    """Each case run on its own fresh copy of the returns: (`count` of the first copy,
    seconds spent generating or copying, the cases' results in order)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        cache = cache or Path(tmp) / "cache"
        t = time.perf_counter()
        folders = [prepared_copy(cache, Path(tmp) / name, divisions, kpis) for name, _ in cases]
        gen = time.perf_counter() - t
        n = count(folders[0])
        results = [run(folder) for (_, run), folder in zip(cases, folders, strict=True)]
    return n, gen, results


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
