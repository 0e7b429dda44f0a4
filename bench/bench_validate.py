"""Benchmark of validate: 1,000 synthetic returns (1,000 divisions x 20 KPIs), filled as clerks do.

Generation (synthetic plan, populate, filling every survey) is not measured. Then, each in its
own process so its peak RSS is its own, on its own copy of the folder:
- `validate(folder)` (intake copies, ledger, checks, findings workbook, return copies);
- the baseline of the same run: a plain `openpyxl.load_workbook` of the same files.
Prints wall seconds, peak RSS (the process tree: validate's worker processes included; see
peak_rss.py) and the ratio. Target (2-core machine): < 20 s and < 500 MB.
`--profile` prints the cProfile top 15 of the validate run (where the time goes).

usage: python bench/bench_validate.py [--divisions 1000 --kpis 20] [--cache DIR] [--profile]
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

TARGET_SECONDS, TARGET_MB = 20.0, 500.0


def returned_files(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "2_回収").rglob("*") if p.is_file())


def case_validate(folder: Path, profile: bool) -> dict:
    import importlib

    from dxreport.round.folder import open_folder

    validate = importlib.import_module("dxreport.checks.validate").validate  # the checks stage
    wf = open_folder(folder)
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    t = time.perf_counter()
    run = validate(wf)
    seconds = time.perf_counter() - t
    out = {"seconds": round(seconds, 2),
           "files": len(run.files), "counts": _counts(run)}
    if prof is not None:
        import io
        import pstats

        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(15)
        out["profile"] = buf.getvalue()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(15)
        out["profile_self"] = buf.getvalue()
    return out


def _counts(run) -> dict:
    try:
        counts = run.counts()
    except Exception:  # a figure for the report, not a check
        return {}
    return {str(k): v for k, v in dict(counts).items()}


def case_openpyxl(folder: Path) -> dict:
    from openpyxl import load_workbook

    files = [p for p in returned_files(folder) if p.suffix == ".xlsx"]
    t = time.perf_counter()
    for p in files:
        load_workbook(p)
    return {"seconds": round(time.perf_counter() - t, 2),
            "files": len(files)}


def run_child(case: str, folder: Path, profile: bool = False) -> dict:
    return run_case(__file__, case, folder, *(["--profile"] if profile else []))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--divisions", type=int, default=1000)
    ap.add_argument("--kpis", type=int, default=20)
    ap.add_argument("--cache", type=Path, help="generate the returns once into this folder")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--case", help=argparse.SUPPRESS)  # child process
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:
        return report_case(lambda: case_validate(args.folder, args.profile)
                           if args.case == "validate" else case_openpyxl(args.folder))

    from synthetic_returns import measure_on_copies

    n, gen, (v, base) = measure_on_copies(
        "bench-validate-", args.cache, args.divisions, args.kpis,
        [("validate", lambda f: run_child("validate", f, args.profile)),
         ("baseline", lambda f: run_child("openpyxl", f))],
        lambda f: len(returned_files(f)))
    label = (f"検証 合成回答 {n} 件（{args.divisions}課 x {args.kpis}KPI、"
             f"生成 {gen:.0f} 秒は計測外）")
    if "error" in base:
        print(f"{label}: 基準の計測に失敗: {base['error']}")
        return 1
    if "error" in v:
        print(f"{label}: 検証を実行できません（{v['error']}） / 基準（openpyxl.load_workbook"
              f" {base['files']} 件）{base['seconds']} 秒、ピークRSS {base['peak_rss_mb']} MB")
        return 1
    ratio = round(v["seconds"] / base["seconds"], 2) if base["seconds"] else None
    passed = v["seconds"] < TARGET_SECONDS and v["peak_rss_mb"] < TARGET_MB
    print(f"{label}: {v['seconds']} 秒、ピークRSS {v['peak_rss_mb']} MB / 基準（openpyxl."
          f"load_workbook {base['files']} 件）{base['seconds']} 秒、ピークRSS "
          f"{base['peak_rss_mb']} MB、比 {ratio} 倍 → "
          f"{'PASS 目標内' if passed else 'FAIL 目標超過'}"
          f"（目標 {TARGET_SECONDS:g} 秒・{TARGET_MB:g} MB）")
    if v.get("counts"):
        print(f"  判定: {v['counts']}")
    if v.get("profile"):
        print(v["profile"])
        print(v["profile_self"])
    return 0 if passed else TARGET_MISSED


if __name__ == "__main__":
    raise SystemExit(main())
