"""`dxreport demo`: the whole cycle on the embedded 令和8年度 plan, in a folder of its own.

import → init → populate → simulated returns → validate → consolidate, printing what a DX
division member would see at each step and where to look afterwards. It calls the same
`Round` methods and terminal renderers as the other commands; `dxreport.demo` supplies the
simulated returns.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from dxreport.errors import UserError
from dxreport.messages import msg

DEFAULT_FOLDER = Path("demo_work")
MARKER = ".dxreport-demo"  # only a folder the demo made is ever deleted by the demo


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help=msg("help_demo"), description=msg("help_demo"))
    p.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER,
                   help=msg("demo_help_folder"))
    p.add_argument("--seed", type=int, default=2026, help=msg("demo_help_seed"))
    p.add_argument("--no-progress", action="store_true", help=msg("sv_help_no_progress"))
    p.set_defaults(handler=run_demo)


def _fresh_folder(root: Path) -> None:
    if root.exists():
        if not (root / MARKER).exists():
            raise UserError(msg("demo_folder_not_ours", path=root))
        shutil.rmtree(root)


def _step(n: int, text: str) -> None:
    print()
    print(msg("demo_step", n=n, total=6, text=text))


def run_demo(args: argparse.Namespace) -> int:
    from dxreport.api import Round
    from dxreport.cli.consolidate import board_text
    from dxreport.cli.validate import summary_lines
    from dxreport.consolidate.run import result_text
    from dxreport.demo.simulate import simulate_returns, simulation_text
    from dxreport.plan.importer import import_plan
    from dxreport.plan.report import summary_lines as plan_summary

    root: Path = args.folder
    progress = not args.no_progress
    print(msg("demo_title"))

    _step(1, msg("demo_step_import"))
    for line in plan_summary(import_plan()):
        print(line)

    _step(2, msg("demo_step_init"))
    _fresh_folder(root)
    rnd = Round.create(root)
    folder = rnd.folder
    (root / MARKER).write_text(msg("demo_marker_text"), encoding="utf-8")
    print(msg("demo_init_done", path=folder.root, settings=folder.settings_path,
              master=folder.master_path))

    _step(3, msg("demo_step_populate"))
    pop = rnd.populate(progress=progress)
    print(msg("sv_populate_done", count=pop.count, kpis=pop.kpi_rows,
              initiatives=pop.initiative_rows, path=folder.distribute))

    _step(4, msg("demo_step_simulate"))
    sim = simulate_returns(folder, seed=args.seed)
    print(simulation_text(sim))

    _step(5, msg("demo_step_validate"))
    run = rnd.validate(progress=progress)
    for line in summary_lines(run, folder):
        print(line)

    _step(6, msg("demo_step_consolidate"))
    result = rnd.consolidate()
    print(result_text(result))
    print()
    print(board_text(folder, rnd.status()))

    print()
    print(msg("demo_done", workbook=result.path, findings=run.findings_workbook,
              send_back=folder.send_back, folder=folder.root))
    return 0
