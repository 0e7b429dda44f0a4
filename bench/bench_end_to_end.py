"""Benchmark end to end: validate + consolidate 1,000 synthetic divisions' returned workbooks.

Generation (synthetic plan of 1,000 divisions x 20 KPIs, populate, every survey filled as a clerk
would with `fill_survey`) is not measured. Then, each in its own process (its own peak RSS) on
its own copy of the folder:
- `validate(folder)` then `consolidate(folder)`: the status workbook from the returned files;
- the naive script of the same run: `pandas.read_excel(file, sheet_name=[KPI実績, 取組状況],
  header=<the fixed header row>)` for every file, then `pd.concat` per sheet.
Prints wall seconds, peak RSS (the process tree: validate's worker processes included; see
peak_rss.py) and the ratio. Target (2-core machine): < 30 s, < 800 MB and
faster than the naive script.

usage: python bench/bench_end_to_end.py [--divisions 1000 --kpis 20] [--cache DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from child import TARGET_MISSED, report_case, run_case  # noqa: E402

TARGET_SECONDS, TARGET_MB = 30.0, 800.0


def _workbooks(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "2_回収").rglob("*.xlsx") if p.is_file())


def case_end_to_end(folder: Path) -> dict:
    import importlib

    from dxreport.consolidate.run import consolidate
    from dxreport.round.folder import open_folder

    validate = importlib.import_module("dxreport.checks.validate").validate  # the checks stage
    wf = open_folder(folder)
    t = time.perf_counter()
    run = validate(wf)
    t1 = time.perf_counter()
    result = consolidate(wf)
    t2 = time.perf_counter()
    out_path = getattr(result, "path", None)
    return {"seconds": round(t2 - t, 2), "validate_seconds": round(t1 - t, 2),
            "consolidate_seconds": round(t2 - t1, 2),
            "files": len(run.files), "output": str(out_path) if out_path else None}


def case_naive(folder: Path) -> dict:
    import pandas as pd

    from dxreport.survey import layout as L
    from dxreport.survey.anchors import locate_table

    files = _workbooks(folder)
    # the naive script hard-codes where the tables start: read it once from the first file
    from openpyxl import load_workbook

    wb = load_workbook(files[0])
    headers = {t.sheet: locate_table(wb, t)[0].header_row - 1 for t in L.TABLES}
    t = time.perf_counter()
    frames: dict[str, list] = {s: [] for s in headers}
    for p in files:
        for sheet, frame in pd.read_excel(p, sheet_name=list(headers), header=None).items():
            df = frame.iloc[headers[sheet] + 1:]
            df.columns = frame.iloc[headers[sheet]]
            df = df.assign(file=p.name)
            frames[sheet].append(df)
    merged = {s: pd.concat(f, ignore_index=True) for s, f in frames.items()}
    seconds = time.perf_counter() - t
    return {"seconds": round(seconds, 2),
            "files": len(files), "rows": {s: len(df) for s, df in merged.items()}}


def run_child(case: str, folder: Path) -> dict:
    return run_case(__file__, case, folder)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--divisions", type=int, default=1000)
    ap.add_argument("--kpis", type=int, default=20)
    ap.add_argument("--cache", type=Path, help="generate the returns once into this folder")
    ap.add_argument("--case", help=argparse.SUPPRESS)  # child process
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:
        return report_case(lambda: case_end_to_end(args.folder) if args.case == "e2e"
                           else case_naive(args.folder))

    from synthetic_returns import measure_on_copies

    n, gen, (e2e, naive) = measure_on_copies(
        "bench-e2e-", args.cache, args.divisions, args.kpis,
        [("e2e", lambda f: run_child("e2e", f)), ("naive", lambda f: run_child("naive", f))],
        lambda f: len(_workbooks(f)))
    label = (f"検証＋集約 回答 {n} 件（{args.divisions}課 x {args.kpis}KPI、"
             f"生成 {gen:.0f} 秒は計測外）")
    if "error" in naive:
        print(f"{label}: 素朴な方法の計測に失敗: {naive['error']}")
        return 1
    naive_text = (f"素朴な方法（pandas.read_excel + concat {naive['files']} 件）{naive['seconds']}"
                  f" 秒、ピークRSS {naive['peak_rss_mb']} MB")
    if "error" in e2e:
        print(f"{label}: 検証・集約を実行できません（{e2e['error']}） / {naive_text}")
        return 1
    ratio = round(e2e["seconds"] / naive["seconds"], 2) if naive["seconds"] else None
    passed = (e2e["seconds"] < TARGET_SECONDS and e2e["peak_rss_mb"] < TARGET_MB
              and e2e["seconds"] < naive["seconds"])
    print(f"{label}: {e2e['seconds']} 秒（検証 {e2e['validate_seconds']} 秒＋集約 "
          f"{e2e['consolidate_seconds']} 秒）、ピークRSS {e2e['peak_rss_mb']} MB / {naive_text}、"
          f"比 {ratio} 倍 → {'PASS 目標内' if passed else 'FAIL 目標超過'}"
          f"（目標 {TARGET_SECONDS:g} 秒・{TARGET_MB:g} MB・素朴な方法より速い）")
    return 0 if passed else TARGET_MISSED


if __name__ == "__main__":
    raise SystemExit(main())
