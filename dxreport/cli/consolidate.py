"""CLI: `dxreport status` (the submission board) and `dxreport consolidate` (集約)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dxreport.api import Round
from dxreport.cli.terminal import render_table
from dxreport.consolidate.run import counts_dict, result_text
from dxreport.messages import msg
from dxreport.round.board import Board
from dxreport.round.folder import WorkFolder
from dxreport.rules.verdicts import Verdict


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("status", help=msg("help_status"), description=msg("help_status"))
    p.add_argument("folder", type=Path, help=msg("help_folder"))
    p.add_argument("--json", action="store_true", help=msg("help_json"))
    p.set_defaults(handler=run_status)

    c = sub.add_parser(
        "consolidate", help=msg("help_consolidate"), description=msg("help_consolidate")
    )
    c.add_argument("folder", type=Path, help=msg("help_folder"))
    c.add_argument("--json", action="store_true", help=msg("help_json"))
    c.set_defaults(handler=run_consolidate)


def board_json(folder: WorkFolder, board: Board) -> dict:
    s = folder.settings
    return {
        "fiscal_year": s.fiscal_year,
        "round": s.round_name,
        "deadline": s.deadline.isoformat(),
        "expected": board.expected,
        "received": board.received,
        "rows": [
            {
                "survey_id": r.survey_id,
                "division_code": r.division_code,
                "division": r.division_name,
                "department": r.department_name,
                "verdict": r.verdict,
                "received_at": r.received_at.isoformat() if r.received_at else None,
                "file": r.file,
                "sha256": r.sha256,
                "errors": r.errors,
                "warnings": r.warnings,
                "superseded": r.superseded,
                "accepted_sha256": r.accepted_sha256,
            }
            for r in board.rows
        ],
        "unanswered": [r.division_code for r in board.rows
                       if r.verdict == Verdict.UNANSWERED],
        "unidentified": [u.original_name for u in board.unidentified],
    }


def board_text(folder: WorkFolder, board: Board) -> str:
    s = folder.settings
    if not board.rows:
        return msg("board_no_surveys", folder=folder.root)
    rows = [
        [
            r.department_name,
            r.division_name,
            r.label,
            r.received_at.strftime("%Y-%m-%d %H:%M") if r.received_at else "",
            r.errors if r.received_at else "",
            r.warnings if r.received_at else "",
            r.file or "",
        ]
        for r in board.rows
    ]
    lines = [
        msg("board_title", year=s.fiscal_year, round=s.round_name, deadline=s.deadline),
        "",
        render_table(msg("board_headers").split("|"), rows),
        "",
        msg(
            "board_summary",
            expected=board.expected,
            received=board.received,
            accepted=board.count(Verdict.ACCEPTED)
            + board.count(Verdict.ACCEPTED_WITH_WARNINGS),
            returned=board.count(Verdict.RETURNED),
            rejected=board.count(Verdict.REJECTED),
            unanswered=board.count(Verdict.UNANSWERED),
        ),
    ]
    missing = [r.division_name for r in board.rows if r.verdict == Verdict.UNANSWERED]
    if missing:
        lines.append(msg("board_unanswered", names="、".join(missing)))
    if board.unidentified:
        names = "、".join(u.original_name for u in board.unidentified)
        lines.append(msg("board_unidentified", count=len(board.unidentified), names=names))
    return "\n".join(lines)


def run_status(args: argparse.Namespace) -> int:
    rnd = Round.open(args.folder)
    folder, board = rnd.folder, rnd.status()
    if args.json:
        print(json.dumps(board_json(folder, board), ensure_ascii=False, indent=2))
    else:
        print(board_text(folder, board))
    return 0


def run_consolidate(args: argparse.Namespace) -> int:
    result = Round.open(args.folder).consolidate()
    if args.json:
        print(json.dumps(counts_dict(result), ensure_ascii=False, indent=2))
    else:
        print(result_text(result))
    return 0
