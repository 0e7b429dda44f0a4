"""CLI: `dxreport validate <作業フォルダ> [--json] [--no-progress]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dxreport.messages import msg
from dxreport.terminal import render_table
from dxreport.workfolder import open_folder


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("validate", help=msg("chk_help_validate"),
                              description=msg("chk_help_validate"))
    p.add_argument("folder", type=Path, help=msg("chk_help_folder"))
    p.add_argument("--json", action="store_true", help=msg("chk_help_json"))
    p.add_argument("--no-progress", action="store_true", help=msg("chk_help_no_progress"))
    p.set_defaults(handler=run_validate)


def run_validate(args: argparse.Namespace) -> int:
    from dxreport.checks.findings import Verdict
    from dxreport.checks.validate import validate

    wf = open_folder(args.folder)
    run = validate(wf, progress=not args.no_progress)
    if args.json:
        json.dump({"files": [o.as_json() for o in run.files],
                   "findings_workbook": str(run.findings_workbook or "") or None,
                   "counts": run.counts(), "ignored": run.ignored},
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0 if run.all_accepted else 1
    for name in run.ignored:
        print(msg("chk_ignored", file=name))
    if not run.files:
        print(msg("chk_no_returns", path=wf.returns))
        return 0
    rows = []
    for o in run.files:
        tag = (msg("chk_tag_duplicate") if o.duplicate else "") + \
              (msg("chk_tag_superseded") if o.superseded else "") + \
              (msg("chk_tag_seen") if o.seen_before and not o.duplicate else "")
        rows.append((o.division_name or o.division_code or "", o.file,
                     Verdict(o.verdict).label + tag, o.errors, o.warnings))
    headers = [msg(k) for k in ("chk_tbl_division", "chk_tbl_file", "chk_tbl_verdict",
                                "chk_tbl_errors", "chk_tbl_warnings")]
    print(render_table(headers, rows))
    print()
    print(msg("chk_summary", total=len(run.files), **run.counts()))
    if run.findings_workbook is not None:
        print(msg("chk_findings_at", path=run.findings_workbook))
    if run.return_copies:
        print(msg("chk_return_copies_at", count=len(run.return_copies), path=wf.send_back))
    return 0 if run.all_accepted else 1
