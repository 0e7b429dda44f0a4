"""The command line: help texts, and argparse's own wording in Japanese."""

from __future__ import annotations

from typing import Final

from dxreport.messages import labels as L

CLI: Final[dict[str, str]] = {
    "prog_description": "県DX進捗調査の調査票作成・検証・集約を行うツール",
    "help_version": "dxreport のバージョンと、動いている Python の場所を表示して終了する",
    # the first line is what a support request quotes; the second is the Python to enter in
    # the control workbook's xlwings.conf sheet (pythonw.exe beside it on Windows)
    "cli_version": L.PRODUCT_VERSION + "\nPython {python}: {executable}",
    # a run that stopped early (cli/recorded.py): what it left, and that running again carries on
    "cli_interrupted": "中断しました（Ctrl+C）。書きかけのファイルは残していません（出力は書き終えてから置き換えるため、以前のファイルはそのままです）。",
    "cli_recorded_validate": "ここまでに {count} 件の回答の検証結果を台帳に記録しました。もう一度実行すると、記録済みの回答は前回の結果をそのまま表示し、残りの回答を続けて検証します。",
    "cli_recorded_validate_none": "台帳に記録した回答はまだありません。もう一度実行すると、最初から検証します。",
    "cli_recorded_populate": "調査票の作成は取り消しました（1_配布 と台帳は変更していません）。もう一度実行してください。",
    "cli_recorded_consolidate": "集約ブックは作成していません（台帳の記録はそのままです）。もう一度実行してください。",
    "help_plan": "マスタ計画の取込・表示・出力",
    "help_plan_import": "公表された計画テキストを取り込み、マスタを作成する",
    "help_plan_source": "計画テキスト（省略時は同梱の令和8年度計画）",
    "help_plan_out": "マスタの出力先（既定: workbooks/master_plan_R8.xlsx）",
    "help_plan_force": "出力先にマスタがあっても作り直す（Excel での編集は失われます）",
    "help_plan_show": "マスタの担当課と事業・指標を表示する",
    "help_plan_division": "課名または担当課コード（例: デジタル変革課, KIKAKU-DX）",
    "help_plan_master": "マスタのパス（既定: workbooks/master_plan_R8.xlsx。なければ同梱の令和8年度計画のマスタ）",
    "help_plan_export": "マスタを JSON で標準出力に出す",
    "help_plan_format": "出力形式（json）",
    "demo_help_folder": "デモ用の作業フォルダ（既定: demo_work。デモが作ったフォルダだけを作り直します）",
    "demo_help_seed": "模擬回答の乱数の種（同じ値なら同じ回答になります）",
    "demo_folder_not_ours": "{path} はデモが作ったフォルダではないため、消さずに中止しました。別のフォルダ名を指定してください（例: dxreport demo demo_work2）。",
    "demo_marker_text": "このフォルダは dxreport demo が作成しました。デモを再実行すると作り直されます。\n",
    "demo_title": "=== dxreport デモ: 令和8年度DX推進計画で 照会 → 回答 → 検証 → 集約 を一通り実行し、続けて次の回を前回から作成してメール下書きまで作ります ===",
    "demo_round_folder": "{year}_{round}",
    "demo_step": "[{n}/{total}] {text}",
    "demo_step_import": "公表された計画（同梱の令和8年度計画）を取り込みます",
    "demo_step_init": "作業フォルダを作成します",
    "demo_init_done": "作業フォルダ: {path}\n  設定ファイル: {settings}\n  マスタ計画: {master}",
    "demo_step_populate": "担当課ごとの調査票を作成します（照会）",
    "demo_step_simulate": "各課の回答を模擬します（記入ミスや未回答の課を含みます）",
    "demo_step_validate": "回収した回答を検証します",
    "demo_step_consolidate": "受理した回答を全庁DX進捗状況ブックに集約します",
    "demo_step_next": "次の回の作業フォルダを前回から作成し（設定・担当課・マスタを引き継ぎ）、同じ流れを実行します",
    "demo_next_done": "次の回の作業フォルダ: {path}\n  前回の作業フォルダ: {previous}\n  設定ファイル（前回の記録を含む）: {settings}",
    "demo_substep": "- {text}",
    "demo_step_mail": "次の回の督促・差し戻しメールの下書き（.eml）を作成します",
    "demo_done": "完了しました。次のファイルを開いてみてください。\n  集約ブック（監査用シートを含む）: {workbook}\n  検証結果の一覧: {findings}\n  差し戻し用ファイル: {send_back}\n  作業フォルダ全体: {folder}",
    "demo_done_next": "次の回（前回からの推移を含む）:\n  集約ブック（推移シートに各回の実績）: {workbook}\n  検証結果の一覧: {findings}\n  メール下書き:\n{mails}\n  作業フォルダ全体: {folder}",
    "demo_no_mail": "    （対象の課がなく、作成していません）",
    "help_selfcheck": "インストールが正しく動くかを数秒で確かめる（版・Python・部品・同梱ファイル・調査票と操作ブックの作成）",
    "selfcheck_imports": "部品の読み込み",
    "selfcheck_data": "同梱ファイル",
    "selfcheck_round": "調査票の作成（一時フォルダ）",
    "selfcheck_round_done": "{division} の調査票 {files} 件",
    "selfcheck_workbook": "操作ブックの作成（一時フォルダ）",
    "selfcheck_workbook_done": "VBA モジュール {modules} 個、ボタン {buttons} 個",
    "selfcheck_ok": "OK  {label}: {detail}",
    "selfcheck_ng": "NG  {label}: {detail}",
    "selfcheck_passed": "セルフチェック: すべて正常です。",
    "selfcheck_failed": "セルフチェック: {count} 件の異常があります。上の NG の行を担当者に伝えてください。",
    "help_demo": "令和8年度計画で一連の流れ（取込→調査票作成→回収→検証→集約）を実演し、次の回を前回から作成してメール下書きまで作る",
}


# argparse's own wording, in Japanese (keys are argparse's English msgids)
ARGPARSE: Final[dict[str, str]] = {
    "usage: ": "使い方: ",
    "positional arguments": "引数",
    "options": "オプション",
    "show this help message and exit": "この説明を表示して終了する",
    "the following arguments are required: %s": "次の指定が必要です: %s",
    "unrecognized arguments: %s": "知らない指定です: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r は選べません（%(choices)s から選んでください）",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s の指定: %(message)s",
    "expected one argument": "値を 1 つ指定してください",
    "expected at least one argument": "値を 1 つ以上指定してください",
    "expected at most one argument": "値は 1 つまでです",
    "invalid %(type)s value: %(value)r": "%(value)r は正しい値ではありません",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s があいまいです（候補: %(matches)s）",
    "not allowed with argument %s": "%s と同時には指定できません",
    "one of the arguments %s is required": "%s のどれかを指定してください",
}
