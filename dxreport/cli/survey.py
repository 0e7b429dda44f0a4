"""CLI: `dxreport init` (working folder and settings) and `dxreport populate` (surveys)."""

from __future__ import annotations

import argparse
from pathlib import Path

from dxreport.api import Round
from dxreport.messages import msg


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("init", help=msg("sv_help_init"), description=msg("sv_help_init"))
    p.add_argument("folder", type=Path, help=msg("sv_help_folder"))
    p.add_argument("--year", help=msg("sv_help_year"))
    p.add_argument("--round", help=msg("sv_help_round"))
    p.add_argument("--deadline", help=msg("sv_help_deadline"))
    p.add_argument("--contact", help=msg("sv_help_contact"))
    p.add_argument("--contact-extension", help=msg("sv_help_contact_extension"))
    p.add_argument("--contact-email", help=msg("sv_help_contact_email"))
    p.add_argument("--submission", help=msg("sv_help_submission"))
    p.add_argument("--master", type=Path, help=msg("sv_help_master"))
    p.add_argument("--from", dest="previous", type=Path, metavar="前回の作業フォルダ",
                   help=msg("sv_help_from"))
    p.add_argument("--allow-skip", action="store_true", help=msg("sv_help_allow_skip"))
    p.set_defaults(handler=run_init)

    p = subparsers.add_parser("populate", help=msg("sv_help_populate"),
                              description=msg("sv_help_populate"))
    p.add_argument("folder", type=Path, help=msg("sv_help_folder"))
    p.add_argument("--division", action="append", metavar="CODE", help=msg("sv_help_division"))
    p.add_argument("--regenerate", action="store_true", help=msg("sv_help_regenerate"))
    p.add_argument("--no-progress", action="store_true", help=msg("sv_help_no_progress"))
    p.set_defaults(handler=run_populate)


def run_init(args: argparse.Namespace) -> int:
    wf = Round.create(args.folder, args.year, args.round, args.deadline, args.contact,
                      args.master, previous=args.previous, allow_skip=args.allow_skip,
                      contact_extension=args.contact_extension,
                      contact_email=args.contact_email, submission=args.submission).folder
    s = wf.settings
    print(msg("sv_init_done", path=wf.root))
    if s.previous is not None:
        print(msg("sv_init_previous", path=args.previous, year=s.previous.fiscal_year,
                  round=s.previous.round_name))
    print(msg("sv_init_settings", path=wf.settings_path, year=s.fiscal_year, round=s.round_name,
              deadline=s.deadline.isoformat()))
    print(msg("sv_init_contact", contact=s.contact_text, submission=s.submission))
    print(msg("sv_init_master", path=wf.master_path))
    print(msg("sv_init_next", path=wf.root))
    return 0


def run_populate(args: argparse.Namespace) -> int:
    rnd = Round.open(args.folder)
    wf = rnd.folder
    result = rnd.populate(args.division, progress=not args.no_progress,
                          regenerate=args.regenerate)
    print(msg("sv_populate_done", count=result.count, kpis=result.kpi_rows,
              initiatives=result.initiative_rows, path=wf.distribute))
    if result.regenerated:
        print(msg("sv_populate_regenerated", count=len(result.regenerated)))
    for p in result.paths:
        print(msg("sv_populate_file", file=p.name))
    for note in result.notes:  # the predecessor could not be read: no 前回 columns
        print(note)
    print(msg("sv_populate_next", returns=wf.returns))
    return 0
