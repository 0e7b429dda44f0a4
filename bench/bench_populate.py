"""Benchmark of populate: the real plan and a synthetic 1,000 divisions x 20 KPIs plan.

Each case's plan is written as a master workbook (not measured) and populated from it as
`dxreport populate` does, in a process of its own so its peak RSS is its own. A baseline
measured in the same run (saving the same number of empty openpyxl workbooks) puts the wall
time in proportion to this machine's speed. Targets (2-core machine): real plan < 3 s;
synthetic < 60 s and < 500 MB.

usage: python bench/bench_populate.py [--divisions 1000 --kpis 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from child import TARGET_MISSED  # noqa: E402
from peak_rss import PeakRss  # noqa: E402


def _plan(case: str, divisions: int, kpis: int):
    if case == "real":
        from dxreport.plan.importer import import_plan

        return import_plan().plan, "令和8年度計画（実データ）"
    from dxreport.demo.synthetic_plan import synthetic_plan

    return synthetic_plan(divisions, kpis, seed=1), f"合成計画 {divisions}課 x {kpis}KPI"


def write_master(case: str, divisions: int, kpis: int, path: Path) -> str:
    """The case's plan as a master workbook, as `dxreport plan import` writes it."""
    from dxreport.plan.master import write_master as write

    plan, label = _plan(case, divisions, kpis)
    write(plan, path)
    return label


def run_case(master: Path, label: str) -> dict:
    """Populate from a master file, as `dxreport populate` does (plan loaded from the file)."""
    from dxreport.api import Round
    from dxreport.survey.populate import populate

    with tempfile.TemporaryDirectory(prefix="bench-populate-") as tmp:
        wf = Round.create(Path(tmp) / "wf", master=master, deadline=dt.date(2027, 4, 30)).folder
        t = time.perf_counter()
        result = populate(wf)
        seconds = time.perf_counter() - t
        n = result.count
        # baseline: the same number of empty workbooks, saved the same way
        from openpyxl import Workbook

        t = time.perf_counter()
        for i in range(n):
            Workbook().save(Path(tmp) / f"empty{i}.xlsx")
        baseline = time.perf_counter() - t
    return {"case": label, "surveys": n, "kpi_rows": result.kpi_rows,
            "initiative_rows": result.initiative_rows, "seconds": round(seconds, 2),
            "baseline_seconds": round(baseline, 2),
            "ratio": round(seconds / baseline, 1) if baseline else None}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--master", type=Path, help=argparse.SUPPRESS)  # child process
    ap.add_argument("--label", help=argparse.SUPPRESS)
    ap.add_argument("--divisions", type=int, default=1000)
    ap.add_argument("--kpis", type=int, default=20)
    args = ap.parse_args()
    if args.master:  # child process: one case, JSON on stdout
        with PeakRss() as peak:  # this process's own peak, not its starter's (see peak_rss)
            r = run_case(args.master, args.label)
        r["peak_rss_mb"] = round(peak.mb, 1)
        print(json.dumps(r, ensure_ascii=False))
        return 0
    targets = {"real": (3.0, None), "synthetic": (60.0, 500.0)}
    ok = True
    for case in ("real", "synthetic"):
        with tempfile.TemporaryDirectory(prefix="bench-master-") as tmp:
            master = Path(tmp) / "マスタ計画.xlsx"
            label = write_master(case, args.divisions, args.kpis, master)
            out = subprocess.run(
                [sys.executable, __file__, "--master", str(master), "--label", label],
                capture_output=True, text=True, check=True,
            ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        max_s, max_mb = targets[case]
        passed = r["seconds"] < max_s and (max_mb is None or r["peak_rss_mb"] < max_mb)
        ok &= passed
        print(f"{r['case']}: 調査票 {r['surveys']} 件（KPI {r['kpi_rows']} 行、取組 "
              f"{r['initiative_rows']} 行） {r['seconds']} 秒、ピークRSS {r['peak_rss_mb']} MB"
              f" / 基準（空ブック {r['surveys']} 件の保存）{r['baseline_seconds']} 秒、"
              f"比 {r['ratio']} 倍 → {'PASS 目標内' if passed else 'FAIL 目標超過'}"
              f"（目標 {max_s} 秒" + (f"・{max_mb} MB" if max_mb else "") + "）")
    return 0 if ok else TARGET_MISSED


if __name__ == "__main__":
    raise SystemExit(main())
