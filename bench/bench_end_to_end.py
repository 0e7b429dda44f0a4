"""Benchmark of the consolidation half: ledger with many validated returns -> status workbook.

Builds a work folder with the real R8 plan, records a survey for every division, adds
`--returns` validated returns spread over the divisions (later ones supersede earlier ones, as
resubmissions do), each carrying every KPI and initiative its division owns, then times
`consolidate(folder)`. Prints wall seconds and peak RSS.

The full end-to-end benchmark of the issue (validate + consolidate of 1,000 returned .xlsx files,
against a naive pandas.read_excel + concat) needs `dxreport validate`; its files and timing plug
in before the `consolidate` call below once validation is on main.

    .venv/bin/python bench/bench_end_to_end.py --returns 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import resource
import sys
import tempfile
import time
from pathlib import Path

from dxreport.consolidate.ledger import JST, Ledger, Submission, SurveyRecord
from dxreport.consolidate.run import consolidate, result_text
from dxreport.consolidate.submitted import CellTrace, InitiativeReport, KpiActual, SubmittedValues
from dxreport.plan.importer import import_plan
from dxreport.plan.master import write_master
from dxreport.workfolder import Settings, init_folder

STATUSES = ("順調", "概ね順調", "遅れ", "未着手", "完了")


def synthetic_values(plan, division: str, seed: int) -> dict:
    kpis: list[KpiActual] = []
    row = 5
    for k in plan.kpis:
        if k.division_code != division:
            continue
        for part in k.part_labels or [None]:
            base = (k.baseline.value if k.baseline and k.baseline.value else 50.0) or 50.0
            kpis.append(KpiActual(
                key=k.id + (f"#{part}" if part else ""), kpi_id=k.id, part_label=part,
                value=round(base * (1 + (seed % 7) / 20), 2),
                trace=CellTrace(sheet="KPI実績", cell=f"H{row}"),
            ))
            row += 1
    inis = [
        InitiativeReport(
            initiative_id=i.id, status=STATUSES[(seed + n) % len(STATUSES)],
            done=f"実施内容 {seed}", trace=CellTrace(sheet="取組状況", cell=f"J{5 + n}"),
            text_traces={"done": CellTrace(sheet="取組状況", cell=f"K{5 + n}")},
        )
        for n, i in enumerate(x for x in plan.initiatives if x.division_code == division)
    ]
    return SubmittedValues(kpis=kpis, initiatives=inis).model_dump(mode="json")


def build(root: Path, n_returns: int):
    plan = import_plan().plan
    wf = init_folder(root, Settings(deadline=dt.date(2027, 4, 30)))
    write_master(plan, wf.master_path)
    start = dt.datetime(2027, 4, 1, 9, 0, tzinfo=JST)
    divisions = plan.lead_division_codes()
    with Ledger.open(wf) as led, led.transaction():
        op = led.begin_operation("populate")
        for code in divisions:
            led.record_survey(SurveyRecord(
                survey_id=f"R8-FINAL-{code}", fiscal_year="R8", round_code="FINAL",
                division_code=code, template_version="1", master_digest=plan.digest(),
                generated_at=start, file_name=f"{code}.xlsx", operation_id=op, carried={},
            ))
        op = led.begin_operation("validate")
        live: dict[str, int] = {}
        for n in range(n_returns):
            code = divisions[n % len(divisions)]
            sha = hashlib.sha256(f"{code}-{n}".encode()).hexdigest()
            new = led.add_submission(Submission(
                id=0, sha256=sha, original_name=f"{code}_{n}.xlsx", size=50_000,
                received_at=start + dt.timedelta(minutes=n), survey_id=f"R8-FINAL-{code}",
                division_code=code, verdict="accepted" if n % 11 else "returned",
                values=synthetic_values(plan, code, n), operation_id=op,
            ))
            if code in live:
                led.mark_superseded(live[code], new)
            live[code] = new
    return wf


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--returns", type=int, default=1000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        wf = build(Path(tmp) / "bench", args.returns)
        t1 = time.perf_counter()
        result = consolidate(wf)
        t2 = time.perf_counter()
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(result_text(result, wf.root))
        print(f"returns: {args.returns}  ledger build: {t1 - t0:.2f} s  "
              f"consolidate: {t2 - t1:.2f} s  peak RSS: {rss_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
