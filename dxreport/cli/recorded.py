"""What a command that stopped early (Ctrl+C, a full disk) had recorded, in the user's words.

The run's outputs are written whole or not at all (`fileio.atomic_path`), the ledger keeps
whole batches (`Ledger.transaction`); what the clerk needs to hear is how far it got and that
running the command again carries on. Read back from the ledger: the operation this command
began (after `since`) and what it recorded.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
from pathlib import Path

from dxreport.messages import msg
from dxreport.round.folder import open_folder
from dxreport.round.ledger import Ledger

# the commands that record in the ledger: operation kind -> what is said of it
_KINDS = {"validate": "validate", "populate": "populate", "consolidate": "consolidate"}


def recorded_lines(args: argparse.Namespace | None, since: dt.datetime, *,
                   interrupted: bool = False) -> list[str]:
    """Lines saying what this run recorded before it stopped; none when unknown."""
    command = getattr(args, "command", None)
    folder = getattr(args, "folder", None)
    if command not in _KINDS or not isinstance(folder, Path):
        return []
    with contextlib.suppress(Exception):  # telling what happened must not fail in turn
        wf = open_folder(folder)
        with Ledger.open(wf) as ledger:
            ops = [op for op in ledger.operations(_KINDS[command], omit=("snapshot",))
                   if op.started_at >= since]
            if command == "populate":  # all or nothing: its operation is rolled back too
                return [msg("cli_recorded_populate")] if interrupted and not ops else []
            if not ops or ops[-1].finished_at is not None:
                return []
            if command == "validate":
                count = ledger.count_submissions(ops[-1].id)
                return [msg("cli_recorded_validate", count=count) if count
                        else msg("cli_recorded_validate_none")]
            return [msg(f"cli_recorded_{command}")]
    return []
