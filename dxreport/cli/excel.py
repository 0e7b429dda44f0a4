"""`dxreport excel build`: write the control workbook (.xlsm) from macros/*.bas and xlwings;
`dxreport excel configure`: point a control workbook at the Python that runs its buttons."""

from __future__ import annotations

import argparse
from pathlib import Path

from dxreport.messages import msg


def register(subparsers: argparse._SubParsersAction) -> None:
    excel = subparsers.add_parser("excel", help=msg("excel_help"), description=msg("excel_help"))
    sub = excel.add_subparsers(dest="excel_command", required=True)
    text = msg("excel_help_build")
    build = sub.add_parser("build", help=text, description=text)
    build.add_argument("--out", type=Path, default=None, help=msg("excel_help_out"))
    build.set_defaults(handler=run_build)
    text = msg("excel_help_configure")
    conf = sub.add_parser("configure", help=text, description=text)
    conf.add_argument("workbook", type=Path, help=msg("excel_help_workbook"))
    conf.add_argument("--interpreter", required=True, help=msg("excel_help_interpreter"))
    conf.add_argument("--out", type=Path, default=None, help=msg("excel_help_configure_out"))
    conf.set_defaults(handler=run_configure)


def run_build(args: argparse.Namespace) -> int:
    from dxreport.excel.xlsm_build import DEFAULT_OUT, build

    result = build(args.out or DEFAULT_OUT)
    print(msg("excel_built", path=result.path, modules=len(result.modules), buttons=result.buttons))
    return 0


def run_configure(args: argparse.Namespace) -> int:
    from dxreport.excel.configure import configure

    path = configure(args.workbook, args.interpreter, args.out)
    print(msg("excel_configured", path=path, interpreter=args.interpreter))
    return 0
