"""`dxreport selfcheck`: does this installation work? The last step of the kit's install.cmd.

Quick (seconds, not the demo's minutes) and touching nothing outside a temporary folder: the
installed version and Python, every dependency importable (compiled parts included: a wheel for
the wrong Python or platform fails here, not at the first button), the package data, and one
survey written and one control workbook built from them.
"""

from __future__ import annotations

import argparse
import importlib
import tempfile
from collections.abc import Callable
from pathlib import Path

from dxreport.messages import msg

# The import names of the runtime dependencies, compiled extensions first (they are what a
# wrong wheel breaks). xlwings imports pywin32 on Windows.
MODULES = ("pydantic_core", "PIL.Image", "xlwings", "openpyxl", "pydantic", "defusedxml",
           "filelock", "tqdm", "olefile", "tomlkit")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("selfcheck", help=msg("help_selfcheck"), description=msg("help_selfcheck"))
    p.set_defaults(handler=run_selfcheck)


def run_selfcheck(args: argparse.Namespace) -> int:
    from dxreport.cli.main import version_text

    print(version_text())
    failed = 0
    for label, check in _checks():
        try:
            detail = check()
        except Exception as exc:  # any failure is the answer, reported and counted
            failed += 1
            print(msg("selfcheck_ng", label=label, detail=f"{type(exc).__name__}: {exc}"))
        else:
            print(msg("selfcheck_ok", label=label, detail=detail))
    print(msg("selfcheck_failed", count=failed) if failed else msg("selfcheck_passed"))
    return 1 if failed else 0


def _checks() -> list[tuple[str, Callable[[], str]]]:
    return [
        (msg("selfcheck_imports"), _imports),
        (msg("selfcheck_data"), _package_data),
        (msg("selfcheck_round"), _one_survey),
        (msg("selfcheck_workbook"), _control_workbook),
    ]


def _imports() -> str:
    for name in MODULES:
        importlib.import_module(name)
    return ", ".join(MODULES)


def _package_data() -> str:
    from dxreport import resources as r

    files = (r.EMBEDDED_PLAN, r.SURVEY_TEMPLATE, r.DEFAULT_MASTER, r.CORRECTIONS, r.xlwings_bas())
    missing = [str(p) for p in files if not p.is_file()]
    if missing or not any(r.MACROS_DIR.glob("*.bas")):
        raise FileNotFoundError(", ".join(missing) or str(r.MACROS_DIR))
    return str(r.data_path())


def _one_survey() -> str:
    from dxreport.api import Round

    with tempfile.TemporaryDirectory(prefix="dxreport-selfcheck-") as tmp:
        round_ = Round.create(Path(tmp) / "作業フォルダ")
        first = round_.plan().lead_division_codes()[0]
        result = round_.populate([first])
        return msg("selfcheck_round_done", division=first, files=len(result.paths))


def _control_workbook() -> str:
    from dxreport.excel.xlsm_build import build

    with tempfile.TemporaryDirectory(prefix="dxreport-selfcheck-") as tmp:
        built = build(Path(tmp) / "dxreport.xlsm")
        return msg("selfcheck_workbook_done", modules=len(built.modules), buttons=built.buttons)
