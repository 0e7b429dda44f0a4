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
    # verdicts of a returned file, and the board
    "verdict_accepted": "受理",
    "verdict_accepted_with_warnings": "受理（警告あり）",
    "verdict_returned": "差し戻し",
    "verdict_rejected": "受付不可",
    "verdict_unanswered": "未回答",
    # work folder and settings
    "wf_missing": "作業フォルダが見つかりません: {path}。パスを確認するか、先に `dxreport init {path}` で作成してください。",
    "wf_not_a_folder": "{path} はフォルダではありません。別の場所を指定してください。",
    "wf_no_settings": "設定ファイル {path} がありません。`dxreport init` で作成した作業フォルダを指定してください。",
    "wf_already_initialised": "作業フォルダは作成済みです（{path} があります）。設定を変えるときはこのファイルを編集してください。",
    "wf_settings_syntax": "設定ファイル {path} の書き方に誤りがあります: {detail}。ファイル内の説明に沿って直してください。",
    "wf_settings_invalid": "設定ファイル {path} に誤りがあります。",
    "wf_setting_line": "  ・{key}: {problem} {hint}",
    "wf_setting_missing": "値がありません。",
    "wf_setting_unknown": "知らない設定項目です（綴りを確認してください）。",
    "wf_setting_bad_value": "値「{value}」は使えません。",
    "wf_setting_see_comment": "ファイル内の説明を確認してください。",
    "wf_unknown_round": "調査回「{value}」は分かりません。{known} のいずれかを指定してください。",
    "ledger_unreadable": "台帳 {path} を開けません（{detail}）。別のプログラムで開いていないか確認してください。壊れている場合はデジタル変革課の担当者に連絡してください。",
    "ledger_unknown_holder": "不明な処理",
    "wf_master_missing": "マスタ計画 {path} が見つかりません。設定ファイルの master を確認するか、`dxreport plan import --out {path}` で作成してください。",
    "wf_busy": "別の処理（{holder}）がこの作業フォルダで実行中です。終わるのを待ってから、もう一度実行してください。",
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

# status board (dxreport status)
BOARD: Final[dict[str, str]] = {
    "help_status": "提出状況（回答の受付・検証結果・未回答）を表示する",
    "help_folder": "作業フォルダ",
    "help_json": "結果を JSON で標準出力に出す",
    "board_title": "提出状況 {year} {round}（回答期限 {deadline}）",
    "board_headers": "部局|課・室|状況|受付日時|エラー|警告|ファイル",
    "board_summary": "対象 {expected} 課 / 回答 {received} 課（受理 {accepted}、差し戻し {returned}、受付不可 {rejected}）/ 未回答 {unanswered} 課",
    "board_unanswered": "未回答の課（督促対象）: {names}",
    "board_no_surveys": "まだ調査票を作成していません。先に `dxreport populate {folder}` を実行してください。",
    "board_unidentified": "調査票として識別できないファイル {count} 件: {names}",
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
for _section in (COMMON, PLAN, SURVEY, CHECKS, CONSOLIDATE, BOARD, EXCEL, CLI):
    for _key, _text in _section.items():
        if _key in _CATALOGUE:
            raise RuntimeError(f"duplicate message key: {_key}")
        _CATALOGUE[_key] = _text


def msg(key: str, /, **fields: object) -> str:
    """Render the Japanese message `key` with `fields`."""
    return _CATALOGUE[key].format(**fields)


def has(key: str) -> bool:
    return key in _CATALOGUE
