"""`dxreport plan import|show|export`: thin CLI over the importer and the master workbook."""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

from dxreport.errors import UsageError, UserError
from dxreport.fileio import write_text_atomic
from dxreport.messages import msg
from dxreport.plan.export import plan_to_export_json
from dxreport.plan.importer import ImportResult, import_plan
from dxreport.plan.master import (
    DIRECTION_LABELS,
    INDICATOR_TYPE_LABELS,
    default_master_path,
    load_master,
    load_review,
    master_to_read,
    report_path_for,
    write_master,
)
from dxreport.plan.report import render_report, summary_lines
from dxreport.rules.plan_model import Division, Plan


def import_to_master(source: Path | None = None, out: Path | None = None, *,
                     force: bool = False) -> ImportResult:
    """Import the source, write the master workbook and the import report beside it.

    An existing file at `out` is kept (a master the DX division edits in Excel, or any other
    file given by mistake) unless `force`; the decisions taken in its 表記の確認 sheet are
    carried over to the new master and applied."""
    out = Path(out) if out is not None else default_master_path()
    result = import_plan(source)  # a bad source is reported first
    if out.exists() and not force:
        raise UserError(msg("plan_master_exists", path=out))
    if out.exists():
        result = result.with_decisions(load_review(out))
    write_master(result.plan, out, review=result.findings)
    write_text_atomic(report_path_for(out), render_report(result, out))
    return result


def _cmd_import(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else default_master_path()
    result = import_to_master(Path(args.source) if args.source else None, out,
                              force=args.force)
    for line in summary_lines(result):
        print(line)
    for warning in result.warnings:
        print(msg("warning_prefix", text=warning))
    print(msg("wrote", path=out))
    print(msg("plan_summary_report", path=report_path_for(out)))
    return 0


def find_divisions(plan: Plan, query: str) -> list[Division]:
    """Divisions matching a code (case-insensitive) or a name (spaces ignored)."""
    q = query.strip()
    by_code = [d for d in plan.divisions if d.code.lower() == q.lower()]
    if by_code:
        return by_code
    compact = "".join(q.split())
    by_name = [d for d in plan.divisions if d.name == compact]
    if by_name:
        return by_name
    close = difflib.get_close_matches(compact, [d.name for d in plan.divisions], n=5, cutoff=0.4)
    close += difflib.get_close_matches(q.upper(), [d.code for d in plan.divisions], n=3,
                                       cutoff=0.6)
    raise UserError(msg("plan_show_unknown_division", query=query,
                        close="、".join(dict.fromkeys(close)) or "なし"))


def show_lines(plan: Plan, master: Path, division: str | None = None) -> list[str]:
    departments = {d.code: d.name for d in plan.departments}
    lines = [msg("plan_show_header", title=plan.title, master=master)]
    if division is None:
        for d in plan.divisions:
            count = sum(1 for i in plan.initiatives
                        if d.code == i.division_code or d.code in i.co_division_codes)
            kpis = sum(1 for k in plan.kpis if k.division_code == d.code)
            lines.append(msg("plan_show_division_line", code=d.code, name=d.name,
                             department=departments[d.department_code], initiatives=count,
                             kpis=kpis))
        return lines
    for d in find_divisions(plan, division):
        lines.append(msg("plan_show_division_title", code=d.code, name=d.name,
                         department=departments[d.department_code]))
        mine = [i for i in plan.initiatives
                if d.code == i.division_code or d.code in i.co_division_codes]
        lines.append(msg("plan_show_initiatives", count=len(mine)))
        for i in mine:
            lines.append(msg("plan_show_initiative", id=i.id, project=i.project_name,
                             kind=INDICATOR_TYPE_LABELS[i.indicator_type],
                             kpi=f" {i.kpi_id}" if i.kpi_id else "",
                             role="" if i.division_code == d.code else msg("plan_show_co_owner")))
        own_kpis = [k for k in plan.kpis if k.division_code == d.code]
        lines.append(msg("plan_show_kpis", count=len(own_kpis)))
        for k in own_kpis:
            lines.append(msg("plan_show_kpi", id=k.id, name=k.name, baseline=k.baseline.text,
                             r12=k.targets["R12"].text, direction=DIRECTION_LABELS[k.direction]))
    return lines


def _cmd_show(args: argparse.Namespace) -> int:
    master = Path(args.master) if args.master else master_to_read()
    for line in show_lines(load_master(master), master, args.division):
        print(line)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    if args.format != "json":
        raise UsageError(msg("plan_export_format"))
    master = Path(args.master) if args.master else master_to_read()
    data = plan_to_export_json(load_master(master))
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    plan = subparsers.add_parser("plan", help=msg("help_plan"), description=msg("help_plan"))
    sub = plan.add_subparsers(dest="plan_command", required=True,
                              parser_class=type(plan))
    p = sub.add_parser("import", help=msg("help_plan_import"))
    p.add_argument("source", nargs="?", help=msg("help_plan_source"))
    p.add_argument("--out", help=msg("help_plan_out"))
    p.add_argument("--force", action="store_true", help=msg("help_plan_force"))
    p.set_defaults(handler=_cmd_import)
    p = sub.add_parser("show", help=msg("help_plan_show"))
    p.add_argument("--division", help=msg("help_plan_division"))
    p.add_argument("--master", help=msg("help_plan_master"))
    p.set_defaults(handler=_cmd_show)
    p = sub.add_parser("export", help=msg("help_plan_export"))
    p.add_argument("--format", default="json", help=msg("help_plan_format"))
    p.add_argument("--master", help=msg("help_plan_master"))
    p.set_defaults(handler=_cmd_export)
