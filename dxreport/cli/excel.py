"""`dxreport excel build`: write the control workbook (.xlsm) from macros/*.bas and xlwings."""

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


def run_build(args: argparse.Namespace) -> int:
    from dxreport.excel.xlsm_build import DEFAULT_OUT, build

    result = build(args.out or DEFAULT_OUT)
    print(msg("excel_built", path=result.path, modules=len(result.modules), buttons=result.buttons))
    return 0
