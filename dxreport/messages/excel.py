"""The Excel control workbook: sheets, labels, defined names, status line, build."""

from __future__ import annotations

from typing import Final

from dxreport.messages import labels as L

EXCEL: Final[dict[str, str]] = {
    # control workbook: sheets, labels, defined names (names are used by code, keep them stable)
    "excel_sheet_control": "操作",
    "excel_sheet_board": L.SUBMISSIONS,
    "excel_title": "県DX進捗調査 操作パネル",
    "excel_label_folder": L.FOLDER,
    "excel_label_year": L.YEAR,
    "excel_label_round": L.ROUND,
    "excel_label_previous": L.PREVIOUS_FOLDER,
    "excel_label_deadline": L.DEADLINE,
    "excel_label_contact": "問い合わせ先（担当）",
    "excel_label_contact_extension": "問い合わせ先（内線）",
    "excel_label_contact_email": "問い合わせ先（メール）",
    "excel_label_submission": L.SUBMISSION_METHOD,
    "excel_label_regenerate": L.REGENERATE,
    "excel_label_mail_kind": L.MAIL_KIND,
    "excel_label_status": L.STATUS_,
    "excel_label_outputs": "出力したファイル",
    "excel_name_folder": L.FOLDER,
    "excel_name_year": L.YEAR,
    "excel_name_round": L.ROUND,
    "excel_name_previous": L.PREVIOUS_FOLDER,
    "excel_name_deadline": L.DEADLINE,
    "excel_name_contact": "問い合わせ先_担当",
    "excel_name_contact_extension": "問い合わせ先_内線",
    "excel_name_contact_email": "問い合わせ先_メール",
    "excel_name_submission": L.SUBMISSION_METHOD,
    "excel_name_regenerate": L.REGENERATE,
    "excel_name_mail_kind": L.MAIL_KIND,
    "excel_name_status": L.STATUS_,
    "excel_name_outputs": "出力ファイル",
    "excel_hint_folder": "例: C:\\DX調査\\R8_年度末（フォルダは先に作成。空のフォルダなら調査票作成で準備します）",
    "excel_hint_year": "例: R8（令和8年度）。8・令和8・2026 と入力しても R8 として扱います",
    "excel_hint_round": "年度末 または 中間",
    "excel_section_new_round": "新しい作業フォルダの設定",
    "excel_hint_new_round": (
        "空のフォルダで「調査票作成」を押すと 設定.toml に書き込みます（空欄は既定値。前回から引き継ぐときは前回の値）"
    ),
    "excel_hint_previous": (
        "前回の調査回から設定・マスタ計画・メール文面を引き継ぐときに指定（例: C:\\DX調査\\R8_中間）。"
        "年度・調査回は前回の次の調査回に"
    ),
    "excel_hint_deadline": "例: 2027/4/30。空欄なら 中間は10月31日、年度末は翌年4月30日",
    "excel_hint_contact": "記入要領に載る担当（例: デジタル変革課 DX推進担当）。空欄なら デジタル変革課",
    "excel_hint_contact_extension": "例: 2345",
    "excel_hint_contact_email": "回答の返送先（例: dx@pref.example.lg.jp）",
    "excel_hint_submission": "空欄なら「調査票をメールに添付して問い合わせ先へ返送」",
    "excel_section_choices": "ボタンの選択",
    "excel_hint_regenerate": "配布済みの調査票を作り直すときだけ「はい」（作り直した後は「いいえ」に戻ります）",
    "excel_hint_mail_kind": "「メール下書き作成」で作るメール: 照会・督促・差し戻し",
    "excel_pick_one": "{choices} のいずれかを一覧から選んでください。",
    "excel_yes": "はい",
    "excel_no": "いいえ",
    "excel_status_initial": "設定を入力してボタンを押してください。",
    "excel_instructions": (
        "使い方: 1) 作業フォルダ（調査回ごとに 1 つ。新しい調査回は空のフォルダを作成）・年度・調査回と、"
        "回答期限・問い合わせ先・提出方法（前回から引き継ぐときは前回の作業フォルダ）を入力する。"
        "2)「調査票作成」を押すと作業フォルダを準備して止まる。表示された 設定.toml の内容とマスタ計画の担当課を確認し、"
        "もう一度「調査票作成」を押すと課・室ごとの調査票を 1_配布 に作る。"
        "3)「メール下書き作成」（種類: 照会）で送付メールの下書きを 6_メール に作る。"
        "4) 届いた回答ファイルを 2_回収 に置き「回収ファイル検証」を押す（差し戻し用ファイルは 4_差し戻し、"
        "督促・差し戻しのメールも「メール下書き作成」で作れます）。"
        "5)「集約」で 5_集約 に全庁DX進捗状況ブックを作り、「最新の集約結果を開く」で開く。"
        "結果とエラーは上の「状態」と「提出状況」シートに表示されます（未回答の課は赤色）。"
    ),
    "excel_button_populate": L.POPULATE,
    "excel_button_validate": "回収ファイル検証",
    "excel_button_consolidate": "集約",
    "excel_button_open_latest": "最新の集約結果を開く",
    "excel_button_refresh": "提出状況を更新",
    "excel_button_mail": "メール下書き作成",
    "excel_board_department": L.DEPARTMENT,
    "excel_board_division": "課・室",
    "excel_board_verdict": L.VERDICT,
    "excel_board_received": L.RECEIVED,
    "excel_board_errors": L.ERRORS,
    "excel_board_warnings": L.WARNINGS,
    "excel_board_file": "回答ファイル",
    # status line and message boxes
    "excel_alert_title": "DX進捗調査",
    "excel_running": "{operation}を実行しています…",
    "excel_done": "{operation}が完了しました。{summary}",
    "excel_failed": "{operation}を中止しました。{text}",
    "excel_stopped": "{operation}: 確認のため止めています。{summary}",
    "excel_alert_more": "…（ほか {count} 行は「操作」シートの「状態」欄に表示しています）",
    "excel_version": "（" + L.PRODUCT_VERSION + "）",  # the last line of 状態 after every button
    "excel_setting_missing": "「操作」シートの「{label}」が空です。入力してから、もう一度ボタンを押してください。",
    "excel_setting_name_missing": (
        "このブックに名前「{name}」がありません。dxreport excel build で作り直した操作ブックを使ってください。"
    ),
    "excel_folder_missing": (
        "作業フォルダが見つかりません: {path}。「操作」シートの「作業フォルダ」を確認し、"
        "フォルダを作成してから、もう一度ボタンを押してください。"
    ),
    "excel_bad_year": "「操作」シートの「年度」: {reason}",
    "excel_bad_round": "「操作」シートの「調査回」の値「{value}」は使えません。{known} のいずれかを入力してください。",
    "excel_not_initialised": (
        "作業フォルダ {folder} はまだ準備されていません（設定.toml がありません）。"
        "先に「調査票作成」を押してください。年度・調査回の設定でフォルダを準備してから調査票を作成します。"
    ),
    "excel_year_mismatch": (
        "作業フォルダ {folder} は {folder_year}・{folder_round} の調査のフォルダです（{settings}）。"
        "「操作」シートの「年度」が {year} になっています。「年度」を {folder_year} に直すか、"
        "{year} 用の別の作業フォルダを指定してください。"
    ),
    "excel_round_mismatch": (
        "作業フォルダ {folder} は {folder_year}・{folder_round} の調査のフォルダです（{settings}）。"
        "「操作」シートの「調査回」が「{round}」になっています。「調査回」を {folder_round} に直すか、"
        "「{round}」用の別の作業フォルダを指定してください。"
    ),
    "excel_prepared": (
        "作業フォルダ {folder} を {year}・{round} の調査用に準備しました。調査票はまだ作成していません。\n"
        "調査票の記入要領に載る設定（{settings}）:\n"
        "・回答期限: {deadline}\n・問い合わせ先: {contact}\n・提出方法: {submission}{previous}\n"
        "この内容と、マスタ計画 {master} の担当課シート（課名・メールアドレス）を確認してください。"
        "直すときは 設定.toml をメモ帳で開いて直し、「操作」シートの同じ欄も同じ値にするか空欄にしてください。"
        "確認できたら、もう一度「調査票作成」を押すと調査票を作成します。"
    ),
    "excel_prepared_previous": "\n・前回の調査回: {year} {round}（{path}）から設定・マスタ計画・メール文面を引き継ぎました",
    "excel_bad_deadline": (
        "「操作」シートの「回答期限」の値「{value}」は日付として読めません。2027/4/30 のように入力してください"
        "（空欄なら調査回の既定の期限）。"
    ),
    "excel_bad_choice": "「操作」シートの「{label}」の値「{value}」は使えません。{choices} のいずれかを選んでください。",
    "excel_previous_missing": (
        "「操作」シートの「前回の作業フォルダ」が見つかりません: {path}。前回の調査回の作業フォルダ"
        "（設定.toml のあるフォルダ）を指定するか、前回から引き継がない場合は空欄にしてください。"
    ),
    "excel_previous_not_prepared": (
        "「操作」シートの「前回の作業フォルダ」{path} に 設定.toml がありません。"
        "前回の調査回で「調査票作成」をした作業フォルダを指定してください。"
    ),
    "excel_previous_order": (
        "「前回の作業フォルダ」{path} は {previous} の調査です。「年度」「調査回」が {requested} になっています。"
        "次の調査回（{next}）に直してから、もう一度「調査票作成」を押してください。"
    ),
    "excel_previous_skip": (
        "{requested} にすると {skipped} が抜けます。抜かして作る場合は、コマンドで"
        " dxreport init <新しい作業フォルダ> --from <前回の作業フォルダ> --year {year} --round {round} --allow-skip"
        " を実行してから「調査票作成」を押してください。"
    ),
    "excel_cells_disagree": (
        "「操作」シートの次の欄が、作業フォルダの 設定.toml（{settings}）と違います:\n{lines}\n"
        "調査票には 設定.toml の値が載ります。設定.toml を直す（メモ帳で開けます）か、「操作」シートの欄を"
        " 設定.toml と同じ値にする（または空欄にする）かしてから、もう一度「調査票作成」を押してください。"
    ),
    "excel_cell_differs": "・{label}: シート「{sheet}」、設定.toml「{file}」",
    "excel_no_previous_recorded": "（前回の指定なし）",
    "excel_already_distributed": (
        "この調査回の調査票は既に配布済みです（{count} 課）。作成し直すと次の課の調査票が置き換わります:\n"
        "{divisions}\n1_配布 と台帳は変更していません。作成し直す場合は、「操作」シートの「再作成する」を"
        "「はい」にして、もう一度「調査票作成」を押してください。以前に配布した調査票の記録は残り、"
        "その調査票での回答も受け付けます。"
    ),
    "excel_not_yet_distributed": "まだ配布していない課も {count} 課あります（「はい」で作成すると、すべての課の調査票を作成します）。",
    "excel_regenerated": (
        "うち {count} 課は作成し直しました（以前に配布した調査票の記録は残っています）。"
        "「再作成する」は「いいえ」に戻しました。"
    ),
    "excel_populate_summary": (
        "{count} 課の調査票を {path} に作成しました（KPI {kpis} 行、取組 {initiatives} 行）。"
    ),
    "excel_populate_contact": "調査票に載せた回答期限: {deadline}、問い合わせ先: {contact}",
    "excel_validate_summary": "回答ファイル {count} 件を検証しました（{counts}）。",
    "excel_validate_duplicates": "うち {count} 件は受付済みのファイルと同じ内容でした。",
    "excel_validate_none": "{path} に回答ファイルがありません。届いた回答ファイルを置いてから押してください。",
    "excel_board_summary": "提出状況: {received}/{expected} 課が提出済み（未回答 {missing} 課）。",
    "excel_board_empty": "まだ調査票を作成していません。「調査票作成」を押してください。",
    "excel_board_unidentified": L.UNIDENTIFIED,
    "excel_nothing_to_consolidate": (
        "集約するものがありません。作業フォルダ {folder} ではまだ調査票を作成していません。"
        "「調査票作成」で調査票を作り、届いた回答を「回収ファイル検証」で受け付けてから押してください。"
    ),
    "excel_no_consolidation": (
        "{year}・{round} の集約結果はまだありません（{path} にありません）。先に「集約」を押してください。"
    ),
    "excel_latest": "最新の集約結果: {path}",
    "excel_open_elsewhere": (
        "この実行環境ではファイルを自動で開けません。上のパスのファイルをエクスプローラーから開いてください。"
    ),
    "excel_open_failed": "{path} を Excel で開けませんでした（{detail}）。エクスプローラーから開いてください。",
    "excel_no_outputs": "出力したファイルはありません。",
    "excel_more_outputs": "ほか {count} 件（作業フォルダを参照してください）",
    # dxreport excel build
    "excel_help": "Excel 操作ブック（xlwings）の作成",
    "excel_help_build": "ボタン付きの操作ブック（.xlsm）を作る",
    "excel_help_out": "出力先（省略時は今いるフォルダの workbooks/dxreport.xlsm）",
    "excel_help_configure": "操作ブックのボタンを動かす Python（pythonw.exe）の場所を xlwings.conf シートに書き込む",
    "excel_help_workbook": "設定する操作ブック（.xlsm）",
    "excel_help_interpreter": "ボタンを動かす Python の場所（例: C:\\Users\\yamada\\dxreport\\Scripts\\pythonw.exe）",
    "excel_help_configure_out": "設定したブックの保存先（省略時は元のブックを上書き）",
    "excel_configured": "操作ブックに Python の場所を設定しました: {path}\n  Interpreter_Win = {interpreter}",
    "excel_configure_unreadable": "操作ブックを開けません: {path}（{detail}）",
    "excel_configure_no_conf": "操作ブック {path} に {sheet} シートがありません。dxreport excel build で作り直してください。",
    "excel_configure_no_key": "{sheet} シートの A 列に {key} がありません。dxreport excel build で作り直してください。",
    "excel_built": "操作ブックを作成しました: {path}（VBA モジュール {modules} 個、ボタン {buttons} 個）",
    "excel_macros_missing": "VBA ソースが見つかりません: {path}。macros/*.bas を確認してください。",
    "excel_macro_not_ascii": (
        "VBA ソース {path} の {line} 行目に ASCII 以外の文字があります。VBA には英数字だけを書き、"
        "日本語のメッセージは Python 側（dxreport.messages）に置いてください。"
    ),
    "excel_macro_no_name": "VBA ソース {path} の 1 行目に Attribute VB_Name = \"モジュール名\" がありません。",
}
