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
    # control workbook: sheets, labels, defined names (names are used by code, keep them stable)
    "excel_sheet_control": "操作",
    "excel_sheet_board": "提出状況",
    "excel_title": "県DX進捗調査 操作パネル",
    "excel_label_folder": "作業フォルダ",
    "excel_label_year": "年度",
    "excel_label_round": "調査回",
    "excel_label_status": "状態",
    "excel_label_outputs": "出力したファイル",
    "excel_name_folder": "作業フォルダ",
    "excel_name_year": "年度",
    "excel_name_round": "調査回",
    "excel_name_status": "状態",
    "excel_name_outputs": "出力ファイル",
    "excel_hint_folder": "例: C:\\DX調査\\R8_第1回（フォルダがなければ先に作成してください）",
    "excel_hint_year": "例: 2026（令和8年度）",
    "excel_hint_round": "例: 1",
    "excel_status_initial": "設定を入力してボタンを押してください。",
    "excel_instructions": (
        "使い方: 1) 作業フォルダ・年度・調査回を入力する。"
        "2)「調査票作成」で課・室ごとの調査票を 1_配布 に作る。"
        "3) 回答ファイルを 2_回収 に置き「回収ファイル検証」を押す。"
        "4)「集約」で 5_集約 に全庁の集約結果を作る。"
        "結果とエラーは上の「状態」と「提出状況」シートに表示されます。"
    ),
    "excel_button_populate": "調査票作成",
    "excel_button_validate": "回収ファイル検証",
    "excel_button_consolidate": "集約",
    "excel_button_open_latest": "最新の集約結果を開く",
    "excel_button_refresh": "提出状況を更新",
    "excel_board_division": "課・室",
    "excel_board_verdict": "判定",
    "excel_board_received": "受付日時",
    "excel_board_errors": "エラー件数",
    "excel_board_warnings": "警告件数",
    "excel_verdict_missing": "未回答",
    # status line and message boxes
    "excel_alert_title": "DX進捗調査",
    "excel_running": "{operation}を実行しています…",
    "excel_done": "{operation}が完了しました。{summary}",
    "excel_failed": "{operation}を中止しました。{text}",
    "excel_setting_missing": "「操作」シートの「{label}」が空です。入力してから、もう一度ボタンを押してください。",
    "excel_setting_name_missing": (
        "このブックに名前「{name}」がありません。dxreport excel build で作り直した操作ブックを使ってください。"
    ),
    "excel_folder_missing": (
        "作業フォルダが見つかりません: {path}。「操作」シートの「作業フォルダ」を確認し、"
        "フォルダを作成してから、もう一度ボタンを押してください。"
    ),
    "excel_not_wired": "{operation}はまだこの操作ブックから実行できません（{target} が見つかりません）。",
    "excel_no_outputs": "出力したファイルはありません。",
    "excel_more_outputs": "ほか {count} 件（作業フォルダを参照してください）",
    # dxreport excel build
    "excel_help": "Excel 操作ブック（xlwings）の作成",
    "excel_help_build": "ボタン付きの操作ブック（.xlsm）を作る",
    "excel_help_out": "出力先（省略時は workbooks/dxreport.xlsm）",
    "excel_built": "操作ブックを作成しました: {path}（VBA モジュール {modules} 個、ボタン {buttons} 個）",
    "excel_macros_missing": "VBA ソースが見つかりません: {path}。macros/*.bas を確認してください。",
    "excel_macro_not_ascii": (
        "VBA ソース {path} の {line} 行目に ASCII 以外の文字があります。VBA には英数字だけを書き、"
        "日本語のメッセージは Python 側（dxreport.messages）に置いてください。"
    ),
    "excel_macro_no_name": "VBA ソース {path} の 1 行目に Attribute VB_Name = \"モジュール名\" がありません。",
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
