"""CLI: `dxreport init` (working folder and settings) and `dxreport populate` (surveys)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
from pathlib import Path

from dxreport.errors import UsageError, UserError
from dxreport.messages import msg
from dxreport.plan import import_plan, load_master, write_master
from dxreport.workfolder import (
    Settings,
    default_deadline,
    init_folder,
    open_folder,
    resolve_round,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("init", help=msg("sv_help_init"), description=msg("sv_help_init"))
    p.add_argument("folder", type=Path, help=msg("sv_help_folder"))
    p.add_argument("--year", default="R8", help=msg("sv_help_year"))
    p.add_argument("--round", default="年度末", help=msg("sv_help_round"))
    p.add_argument("--deadline", help=msg("sv_help_deadline"))
    p.add_argument("--contact", help=msg("sv_help_contact"))
    p.add_argument("--master", type=Path, help=msg("sv_help_master"))
    p.set_defaults(handler=run_init)

    p = subparsers.add_parser("populate", help=msg("sv_help_populate"),
                              description=msg("sv_help_populate"))
    p.add_argument("folder", type=Path, help=msg("sv_help_folder"))
    p.add_argument("--division", action="append", metavar="CODE", help=msg("sv_help_division"))
    p.add_argument("--no-progress", action="store_true", help=msg("sv_help_no_progress"))
    p.set_defaults(handler=run_populate)


def init(
    folder: Path,
    year: str = "R8",
    round_arg: str = "年度末",
    deadline: str | dt.date | None = None,
    contact: str | None = None,
    master: Path | None = None,
):
    """Create a working folder; without `master`, the embedded plan's master is written into it.
    Returns the `WorkFolder`."""
    if not re.fullmatch(r"R\d{1,2}", year or ""):
        raise UsageError(msg("sv_bad_year", value=year))
    round_name, round_code = resolve_round(round_arg)
    if deadline is None:
        deadline_date = default_deadline(year, round_code)
    elif isinstance(deadline, dt.date):
        deadline_date = deadline
    else:
        try:
            deadline_date = dt.date.fromisoformat(deadline)
        except ValueError:
            raise UsageError(msg("sv_bad_deadline", value=deadline)) from None
    folder = Path(folder)
    if master is not None:
        master = Path(master)
        if not master.is_file():
            raise UserError(msg("file_not_found", path=master))
        load_master(master)  # a wrong file is reported now, not at populate time
        master_setting = os.path.abspath(master)
    else:
        master_setting = f"マスタ計画_{year}.xlsx"
    kwargs = {} if contact is None else {"contact": contact}
    settings = Settings(fiscal_year=year, round_name=round_name, round_code=round_code,
                        deadline=deadline_date, master=master_setting, **kwargs)
    wf = init_folder(folder, settings)
    if master is None and not wf.master_path.exists():
        # the embedded 令和8年度 plan becomes the folder's own, editable master
        write_master(import_plan().plan, wf.master_path)
    return wf


def run_init(args: argparse.Namespace) -> int:
    wf = init(args.folder, args.year, args.round, args.deadline, args.contact, args.master)
    s = wf.settings
    print(msg("sv_init_done", path=wf.root))
    print(msg("sv_init_settings", path=wf.settings_path, year=s.fiscal_year, round=s.round_name,
              deadline=s.deadline.isoformat()))
    print(msg("sv_init_master", path=wf.master_path))
    print(msg("sv_init_next", path=wf.root))
    return 0


def run_populate(args: argparse.Namespace) -> int:
    from dxreport.survey.populate import populate

    wf = open_folder(args.folder)
    result = populate(wf, args.division, progress=not args.no_progress)
    print(msg("sv_populate_done", count=result.count, kpis=result.kpi_rows,
              initiatives=result.initiative_rows, path=wf.distribute))
    for p in result.paths:
        print(msg("sv_populate_file", file=p.name))
    print(msg("sv_populate_next", returns=wf.returns))
    return 0
