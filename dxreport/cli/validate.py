"""CLI: `dxreport validate <作業フォルダ> [--json] [--no-progress]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dxreport.cli.terminal import render_table
from dxreport.messages import msg
from dxreport.round.folder import WorkFolder, open_folder
from dxreport.rules.verdicts import Verdict

if TYPE_CHECKING:
    from dxreport.checks.validate import ValidationRun


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("validate", help=msg("chk_help_validate"),
                              description=msg("chk_help_validate"))
    p.add_argument("folder", type=Path, help=msg("chk_help_folder"))
    p.add_argument("--json", action="store_true", help=msg("chk_help_json"))
    p.add_argument("--no-progress", action="store_true", help=msg("chk_help_no_progress"))
    p.set_defaults(handler=run_validate)


def run_validate(args: argparse.Namespace) -> int:
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
    for line in summary_lines(run, wf):
        print(line)
    return 0 if run.all_accepted else 1


def summary_lines(run: ValidationRun, wf: WorkFolder) -> list[str]:
    """The Japanese summary of a validate run: one row per file, counts, where outputs are."""
    lines = [msg("chk_ignored", file=name) for name in run.ignored]
    if not run.files:
        return [*lines, msg("chk_no_returns", path=wf.returns)]
    rows = []
    for o in run.files:
        tag = (msg("chk_tag_duplicate") if o.duplicate else "") + \
              (msg("chk_tag_superseded") if o.superseded else "") + \
              (msg("chk_tag_seen") if o.seen_before and not o.duplicate else "") + \
              (msg("chk_tag_rechecked") if o.rechecked_from is not None else "")
        rows.append((o.division_name or o.division_code or "", o.file,
                     Verdict(o.verdict).label + tag, o.errors, o.warnings))
    headers = [msg(k) for k in ("chk_tbl_division", "chk_tbl_file", "chk_tbl_verdict",
                                "chk_tbl_errors", "chk_tbl_warnings")]
    lines += [render_table(headers, rows), "", msg("chk_summary", total=len(run.files),
                                                   **run.counts())]
    if run.findings_workbook is not None:
        lines.append(msg("chk_findings_at", path=run.findings_workbook))
    if run.return_copies:
        lines.append(msg("chk_return_copies_at", count=len(run.return_copies), path=wf.send_back))
    lines += [msg("chk_return_copy_failed", file=o.file, reason=o.return_copy_problem)
              for o in run.files if o.return_copy_problem]
    lines += [o.recheck_text for o in run.files if o.recheck_text]
    return lines
