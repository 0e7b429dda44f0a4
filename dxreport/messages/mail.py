"""Mails of a round (`dxreport mail`): the default texts, the list of drafts, the run's report."""

from __future__ import annotations

from typing import Final

from dxreport.messages import labels as L

MAIL: Final[dict[str, str]] = {
    # the kinds, as typed on the command line and as the template files are named
    "mail_kind_inquiry": "照会",
    "mail_kind_reminder": "督促",
    "mail_kind_return": L.RETURNED,
    "mail_help": "課ごとのメール下書き（.eml、未送信）を 6_メール に作成する（照会・督促・差し戻し）",
    "mail_help_kind": "メールの種類: {kinds}",
    "mail_unknown_kind": "メールの種類「{value}」は使えません。{kinds} のいずれかを指定してください。",
    # the default texts, written into メール文面/<種類>.txt on first use; a person edits them
    "mail_template_inquiry": (
        "件名：【{年度}年度 DX推進計画】進捗状況調査のお願い（{課名}）\n"
        "\n"
        "{部局名} {課名} ご担当者様\n"
        "\n"
        "いつもお世話になっております。{問い合わせ先}です。\n"
        "{年度}年度 DX推進計画の進捗状況調査（{調査回}）について、添付の調査票にご記入のうえ、\n"
        "{締切}までにご返送ください。\n"
        "\n"
        "添付ファイル: {添付ファイル}\n"
        "\n"
        "調査票のファイル名・シートの構成は変更せず、そのまま返送してください。\n"
        "ご不明な点は{問い合わせ先}までお問い合わせください。\n"
    ),
    "mail_template_reminder": (
        "件名：【再送・ご確認】{年度}年度 DX推進計画 進捗状況調査（{課名}）\n"
        "\n"
        "{部局名} {課名} ご担当者様\n"
        "\n"
        "{問い合わせ先}です。\n"
        "{年度}年度 DX推進計画の進捗状況調査（{調査回}）について、{回答状況}\n"
        "回答期限は{締切}です（{残り日数}）。\n"
        "お忙しいところ恐れ入りますが、ご対応をお願いいたします。\n"
        "\n"
        "既にご返送いただいている場合は、行き違いですのでご容赦ください。\n"
    ),
    "mail_template_return": (
        "件名：【差し戻し】{年度}年度 DX推進計画 進捗状況調査（{課名}）\n"
        "\n"
        "{部局名} {課名} ご担当者様\n"
        "\n"
        "{問い合わせ先}です。ご回答いただいた調査票を確認したところ、\n"
        "修正が必要な箇所がありました（エラー {エラー件数} 件、警告 {警告件数} 件）。\n"
        "\n"
        "{指摘一覧}\n"
        "\n"
        "添付の「{添付ファイル}」では該当するセルに色とコメントを付けています。\n"
        "修正のうえ、{締切}までに再度ご返送ください（{残り日数}）。\n"
    ),
    # what the placeholders say
    "mail_days_left": "あと {days} 日",
    "mail_due_today": "本日が期限です",
    "mail_days_over": "期限を {days} 日過ぎています",
    "mail_state_unanswered": "まだご回答を確認できておりません。",
    "mail_state_returned": "差し戻した調査票の修正版をまだ確認できておりません。",
    "mail_finding_line": "・［{severity}］{where}{message}{action}",
    "mail_finding_where": "{location}: ",
    "mail_findings_more": "・ほか {count} 件（添付ファイルの「検証結果」シートをご覧ください）",
    "mail_findings_none": "・指摘の詳細は添付ファイルの「検証結果」シートをご覧ください",
    "mail_no_attachment": L.NONE,
    # broken templates: name the file and the placeholder
    "mail_template_encoding": "メール文面 {path} を読めません: 文字コードが UTF-8 でも Shift_JIS でもありません。メモ帳で開き、UTF-8 で保存し直してください。",
    "mail_template_no_subject": "メール文面 {path} の1行目は「件名：」で始めてください（例: 件名：【差し戻し】{{年度}}年度 進捗状況調査）。本文は空行のあとに書きます。",
    "mail_template_unknown_field": "メール文面 {path} の {{{field}}} は差し込みに使えない項目です。使える項目: {known}。綴りを直すか、ファイルを削除すると既定の文面で作り直します。",
    "mail_template_syntax": "メール文面 {path} の波かっこ「{{」「}}」の対応が正しくありません（{detail}）。差し込み項目は {{課名}} のように書き、波かっこを文字として使うときは {{{{ }}}} と二重にしてください。",
    # the run's outputs
    "mail_dir_name": "{stamp}_{kind}",
    "mail_file_name": "{code}_{name}.eml",
    "mail_list_name": "メール一覧.xlsx",
    "mail_list_sheet": "メール一覧",
    "mail_col_department": L.DEPARTMENT,
    "mail_col_division": L.DIVISION_NAME,
    "mail_col_address": L.MAIL_ADDRESS,
    "mail_col_subject": "件名",
    "mail_col_attachment": "添付ファイル",
    "mail_col_file": "下書きファイル",
    "mail_col_note": L.NOTE,
    "mail_note_no_address": "メールアドレス未登録（宛先なしで作成。マスタ計画の担当課シートに入力してください）",
    "mail_note_bad_address": "メールアドレス「{address}」を読めません（宛先なしで作成。マスタ計画の担当課シートを直してください）",
    "mail_note_no_survey": "調査票 {file} が 1_配布 にありません（添付なしで作成）",
    "mail_note_no_copy": "差し戻し用の写しが 4_差し戻し にありません（添付なしで作成）",
    # the run's report
    "mail_none": "{kind}メールの対象となる課はありません。",
    "mail_no_surveys": L.NOT_POPULATED,
    "mail_written": "{kind}メールの下書きを {count} 件作成しました: {path}",
    "mail_list_written": "一覧: {path}",
    "mail_missing_addresses": "メールアドレスが未登録の課 {count} 件（宛先なしで作成しました。マスタ計画 {master} の担当課シート「メールアドレス」列に入力してください）: {names}",
    "mail_problem": "{division}: {note}",
    "mail_templates_at": "文面は {path} で編集できます。",
}
