"""CLI: `dxreport mail <作業フォルダ> --kind 照会|督促|差し戻し [--json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dxreport.api import Round
from dxreport.mail import drafts
from dxreport.mail.drafts import MailRun
from dxreport.mail.templates import MailKind, kinds_text
from dxreport.messages import msg


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("mail", help=msg("mail_help"), description=msg("mail_help"))
    p.add_argument("folder", type=Path, help=msg("help_folder"))
    p.add_argument("--kind", required=True, choices=[k.label for k in MailKind],
                   help=msg("mail_help_kind", kinds=kinds_text()))
    p.add_argument("--json", action="store_true", help=msg("help_json"))
    p.set_defaults(handler=run_mail)


def run_mail(args: argparse.Namespace) -> int:
    rnd = Round.open(args.folder)
    run = rnd.mail(args.kind)
    if args.json:
        json.dump(run_json(run), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for line in summary_lines(run, rnd):
        print(line)
    return 0


def run_json(run: MailRun) -> dict:
    return {
        "kind": run.kind.label,
        "folder": str(run.folder) if run.folder else None,
        "list": str(run.list_path) if run.list_path else None,
        "template": str(run.templates) if run.templates else None,
        "drafts": [{"division_code": d.division_code, "department": d.department,
                    "division": d.division, "address": d.address, "subject": d.subject,
                    "attachment": d.attachment, "file": str(d.file), "notes": list(d.notes)}
                   for d in run.drafts],
        "missing_addresses": [d.division_code for d in run.missing_addresses],
    }


def summary_lines(run: MailRun, rnd: Round) -> list[str]:
    """What was written, who has no address, what the clerk must attach by hand."""
    return drafts.summary_lines(run, rnd.folder.master_path)
