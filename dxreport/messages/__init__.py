"""Every user-facing Japanese string, in one catalogue split by stage.

Code refers to messages by key and renders them with `msg(key, **fields)`. Each stage's
texts live in the module named after it; words several stages show (sheet names, column
headers, verdicts) live once in `labels.py`. A key is defined once across all modules.
"""

from __future__ import annotations

from dxreport.messages.checks import CHECKS
from dxreport.messages.cli import ARGPARSE, CLI
from dxreport.messages.common import COMMON
from dxreport.messages.consolidate import CONSOLIDATE
from dxreport.messages.excel import EXCEL
from dxreport.messages.mail import MAIL
from dxreport.messages.plan import PLAN
from dxreport.messages.round import BOARD, CHAIN
from dxreport.messages.survey import SURVEY

_CATALOGUE: dict[str, str] = {}
for _section in (COMMON, PLAN, SURVEY, CHECKS, CONSOLIDATE, MAIL, BOARD, CHAIN, EXCEL, CLI):
    for _key, _text in _section.items():
        if _key in _CATALOGUE:
            raise RuntimeError(f"duplicate message key: {_key}")
        _CATALOGUE[_key] = _text


def msg(key: str, /, **fields: object) -> str:
    """Render the Japanese message `key` with `fields`."""
    return _CATALOGUE[key].format(**fields)


def raw(key: str, /) -> str:
    """The text of `key` as written, braces and all: a default a person edits and fills
    in later (the mails' templates), not a message to render now."""
    return _CATALOGUE[key]


def has(key: str) -> bool:
    return key in _CATALOGUE


def argparse_text(message: str) -> str:
    """argparse's message in Japanese where the catalogue has it (its gettext hook)."""
    return ARGPARSE.get(message, message)
