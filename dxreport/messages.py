"""Every user-facing Japanese string, in one catalogue.

Code refers to messages by key and renders them with `msg(key, **fields)`. Sheet names and
column headers used in generated workbooks live here too, so wording is reviewed in one place.
Keep each stage's entries inside its own section.
"""

from __future__ import annotations

from typing import Final

# ---------------------------------------------------------------------------- common
COMMON: Final[dict[str, str]] = {
    "error_prefix": "エラー: {text}",
    "warning_prefix": "警告: {text}",
    "unexpected": (
        "予期しないエラーが発生しました（{kind}: {detail}）。入力ファイルは変更していません。"
        "この表示をデジタル変革課の担当者に伝えてください。"
    ),
    "file_not_found": "ファイルが見つかりません: {path}。パスを確認してください。",
    "folder_not_found": "フォルダが見つかりません: {path}。パスを確認してください。",
    "file_locked": (
        "ファイル {path} に書き込めません。Excel などで開いている場合は閉じてから、もう一度実行してください。"
    ),
    "wrote": "出力しました: {path}",
}

# ---------------------------------------------------------------------------- plan (issue 2)
PLAN: Final[dict[str, str]] = {
    # keys of this section go here
}

# ---------------------------------------------------------------------------- work folder / survey (issue 3)
SURVEY: Final[dict[str, str]] = {
    # keys of this section go here
}

# ---------------------------------------------------------------------------- checks (issue 4)
CHECKS: Final[dict[str, str]] = {
    # keys of this section go here
}

# ---------------------------------------------------------------------------- consolidate (issue 5)
CONSOLIDATE: Final[dict[str, str]] = {
    # keys of this section go here
}

# ---------------------------------------------------------------------------- excel (issue 6)
EXCEL: Final[dict[str, str]] = {
    # keys of this section go here
}

# ---------------------------------------------------------------------------- cli
CLI: Final[dict[str, str]] = {
    "prog_description": "県DX進捗調査の調査票作成・検証・集約を行うツール",
    "help_plan": "マスタ計画の取込・表示・出力",
    "help_demo": "令和8年度計画で一連の流れ（取込→調査票作成→回収→検証→集約）を実演する",
}

_CATALOGUE: dict[str, str] = {}
for _section in (COMMON, PLAN, SURVEY, CHECKS, CONSOLIDATE, EXCEL, CLI):
    for _key, _text in _section.items():
        if _key in _CATALOGUE:
            raise RuntimeError(f"duplicate message key: {_key}")
        _CATALOGUE[_key] = _text


def msg(key: str, /, **fields: object) -> str:
    """Render the Japanese message `key` with `fields`."""
    return _CATALOGUE[key].format(**fields)


def has(key: str) -> bool:
    return key in _CATALOGUE
