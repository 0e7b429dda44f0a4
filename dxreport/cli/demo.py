"""`dxreport demo`: the whole cycle on the embedded 令和8年度 plan, in a folder of its own.

import → init → populate → simulated returns → validate → consolidate, printing what a DX
division member would see at each step and where to look afterwards; then the next round
from the first (R8 年度末 → R9 中間) played the same way, whose status workbook shows the
KPIs' history (推移), and the 督促 and 差し戻し mails of that round. Both rounds' folders sit
side by side inside the demo folder. It calls the same
`Round` methods and terminal renderers as the other commands; `dxreport.demo` supplies the
simulated returns.
"""

from __future__ import annotations

import argparse
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dxreport.errors import UserError
from dxreport.messages import msg

if TYPE_CHECKING:
    from dxreport.api import Round

DEFAULT_FOLDER = Path("demo_work")
MARKER = ".dxreport-demo"  # only a folder the demo made is ever deleted by the demo
FIRST_YEAR, FIRST_ROUND = "R8", "年度末"  # the first round played; the second follows it
STEPS = 8


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
    print(msg("demo_step", n=n, total=STEPS, text=text))


def _round_folder(root: Path, fiscal_year: str, round_code: str, round_name: str) -> Path:
    """A round's folder inside the demo folder: `R8_年度末`, `R9_中間` (siblings, so the
    second round's 設定.toml records the first by a short relative path)."""
    from dxreport.round.chain import short_name

    return root / msg("demo_round_folder", year=fiscal_year,
                      round=short_name(round_code, round_name))


def run_demo(args: argparse.Namespace) -> int:
    from dxreport.api import Round
    from dxreport.plan.importer import import_plan
    from dxreport.plan.report import summary_lines as plan_summary
    from dxreport.round.chain import next_round
    from dxreport.round.folder import resolve_round

    root: Path = args.folder
    progress = not args.no_progress
    print(msg("demo_title"))

    _step(1, msg("demo_step_import"))
    for line in plan_summary(import_plan()):
        print(line)

    _step(2, msg("demo_step_init"))
    _fresh_folder(root)
    root.mkdir(parents=True)
    (root / MARKER).write_text(msg("demo_marker_text"), encoding="utf-8")
    round_name, round_code = resolve_round(FIRST_ROUND)
    rnd = Round.create(_round_folder(root, FIRST_YEAR, round_code, round_name),
                       year=FIRST_YEAR, round=FIRST_ROUND)
    folder = rnd.folder
    print(msg("demo_init_done", path=folder.root, settings=folder.settings_path,
              master=folder.master_path))
    first = _play(rnd, args.seed, progress, first_step=3)

    _step(7, msg("demo_step_next"))
    year, name, code = next_round(folder.settings)
    second = Round.create(_round_folder(root, year, code, name), previous=folder.root)
    print(msg("demo_next_done", path=second.root, previous=folder.root,
              settings=second.folder.settings_path))
    # another seed: other divisions stay silent, other numbers, other mistakes
    last = _play(second, args.seed + 1, progress, first_step=7, announce=False)

    _step(STEPS, msg("demo_step_mail"))
    mails = [_mail(second, kind) for kind in MAIL_KINDS]

    print()
    print(msg("demo_done", workbook=first.path, findings=first.findings,
              send_back=folder.send_back, folder=folder.root))
    print(msg("demo_done_next", workbook=last.path, findings=last.findings,
              mails="\n".join(f"    {m}" for m in mails if m is not None) or msg("demo_no_mail"),
              folder=second.root))
    return 0


MAIL_KINDS = ("督促", "差し戻し")  # what the DX division sends once a round's returns are in


@dataclass(frozen=True)
class _Played:
    path: Path  # the status workbook
    findings: Path | None  # 検証結果.xlsx


def _play(rnd: Round, seed: int, progress: bool, *, first_step: int,
          announce: bool = True) -> _Played:
    """populate → simulated returns → validate → consolidate of one round, as the steps say.
    The second round prints its four stages under one step (`announce=False`)."""
    from dxreport.cli.consolidate import board_text
    from dxreport.cli.validate import summary_lines
    from dxreport.consolidate.run import result_text
    from dxreport.demo.simulate import simulate_returns, simulation_text

    folder = rnd.folder
    stages = iter(range(first_step, first_step + 4))

    def stage(key: str) -> None:
        n = next(stages)
        if announce:
            _step(n, msg(key))
        else:
            print()
            print(msg("demo_substep", text=msg(key)))

    stage("demo_step_populate")
    pop = rnd.populate(progress=progress)
    print(msg("sv_populate_done", count=pop.count, kpis=pop.kpi_rows,
              initiatives=pop.initiative_rows, path=folder.distribute))

    stage("demo_step_simulate")
    sim = simulate_returns(folder, seed=seed)
    print(simulation_text(sim))

    stage("demo_step_validate")
    run = rnd.validate(progress=progress)
    for line in summary_lines(run, folder):
        print(line)

    stage("demo_step_consolidate")
    result = rnd.consolidate()
    print(result_text(result))
    print()
    print(board_text(folder, rnd.status()))
    return _Played(result.path, run.findings_workbook)


def _mail(rnd: Round, kind: str) -> Path | None:
    """Write one kind of mail for the round, print what `dxreport mail` prints; the folder."""
    from dxreport.cli.mail import summary_lines as mail_lines

    run = rnd.mail(kind)
    for line in mail_lines(run, rnd):
        print(line)
    return run.folder
