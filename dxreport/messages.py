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
    # --- finding messages (chk_<code>_msg: what was found / chk_<code>_action: what to do)
    "chk_F001_msg": "Excel ブック（.xlsx）として読み取れません（{detail}）。",
    "chk_F001_action": "配布した調査票の .xlsx ファイルをそのまま返送してください。別のファイルを添付していないか、拡張子を書き換えていないか確認してください。",
    "chk_F002_msg": "ファイルが壊れているか、途中で切れています（{detail}）。",
    "chk_F002_action": "手元のファイルが Excel で開けるか確認し、開ける状態で保存し直して再送してください。メールの場合は添付し直してください。",
    "chk_F003_msg": "パスワードで保護（暗号化）されているため開けません。",
    "chk_F003_action": "Excel の「ファイル」→「情報」→「ブックの保護」→「パスワードを使用して暗号化」でパスワードを空にして保存し、再送してください。",
    "chk_F004_msg": "古い形式（Excel 97-2003 ブック .xls など）のファイルです。",
    "chk_F004_action": "配布した調査票（.xlsx）に記入し、.xlsx 形式のまま返送してください。「名前を付けて保存」で .xls を選ばないでください。",
    "chk_F005_msg": "マクロを含むブック（{detail}）です。マクロ付きのファイルは受け付けられません。",
    "chk_F005_action": "配布した調査票に記入し、「Excel ブック（*.xlsx）」形式で保存して再送してください。",
    "chk_F006_msg": "ファイルサイズ（{size}）が上限（{limit}）を超えています。",
    "chk_F006_action": "画像や不要なシートを追加していないか確認し、配布した調査票に記入した状態で再送してください。",
    "chk_F007_msg": "ブックを展開した合計サイズ（{size}）が上限（{limit}）を超えており、安全に開けません。",
    "chk_F007_action": "配布した調査票に記入し直して再送してください。画像や大量のデータを貼り付けないでください。",
    "chk_F008_msg": "ブック内の部品「{part}」の展開後サイズ（{size}）が上限（{limit}）を超えており、安全に開けません。",
    "chk_F008_action": "配布した調査票に記入し直して再送してください。画像や大量のデータを貼り付けないでください。",
    "chk_F009_msg": "ブック内の部品「{part}」の圧縮率（約{ratio}倍）が異常に高く、安全に開けません。",
    "chk_F009_action": "配布した調査票に記入し直して再送してください。心当たりがない場合はデジタル変革課に連絡してください。",
    "chk_F010_msg": "ブック内の部品数（{count}）が上限（{limit}）を超えており、安全に開けません。",
    "chk_F010_action": "配布した調査票に記入し直して再送してください。心当たりがない場合はデジタル変革課に連絡してください。",
    "chk_F011_msg": "ブック内の部品「{part}」に文書型定義（DTD）や実体宣言が含まれており、安全に読み取れません。",
    "chk_F011_action": "Excel 以外のツールで加工した場合は、配布した調査票に Excel で記入し直して再送してください。",
    "chk_F012_msg": "他のブックへのリンク（外部参照）が {count} 件含まれています。",
    "chk_F012_action": "Excel の「データ」→「リンクの編集」→「リンクの解除」で外部参照を値に置き換えて保存し、再送してください。",
    "chk_I001_msg": "調査票の識別情報が見つかりません。今回配布した調査票ではないようです。",
    "chk_I001_action": "配布した調査票ファイルに記入して返送してください。新しいブックに写し替えたものは受け付けられません。",
    "chk_I002_msg": "調査票ID「{survey_id}」は配布記録にありません。",
    "chk_I002_action": "配布した調査票をそのまま使って返送してください。不明な場合はデジタル変革課に問い合わせてください。",
    "chk_I003_msg": "別の調査（{found}）の調査票です。今回の調査は {expected} です。",
    "chk_I003_action": "今回配布した調査票に記入し直して返送してください。",
    "chk_I004_msg": "調査票の様式（版 {found}）が今回の様式（版 {expected}）と異なります。",
    "chk_I004_action": "今回配布した調査票に記入し直して返送してください。",
    "chk_I005_msg": "同じ内容のファイルが既に受付済みです（{first}）。このファイルは処理しません。",
    "chk_I005_action": "対応は不要です。",
    "chk_I006_msg": "同じ調査票のより新しい回答（{newer}）を受け付けたため、このファイルは置き換えられました。",
    "chk_I006_action": "対応は不要です。このファイルも受付記録には残ります。",
    "chk_I007_msg": "調査票の担当課（{found}）が配布記録の担当課（{expected}）と一致しません。",
    "chk_I007_action": "自課あてに配布した調査票に記入して返送してください。",
    "chk_S001_msg": "必要なシート「{required}」が見つかりません。",
    "chk_S001_action": "シートを削除しないでください。配布した調査票に記入し直して返送してください。",
    "chk_S002_msg": "シート「{required}」の名前が「{found}」に変更されています。",
    "chk_S002_action": "シート名を「{required}」に戻して再送してください。",
    "chk_S003_msg": "見出し「{expected}」が「{found}」に変更されています。",
    "chk_S003_action": "見出しは変更せず、配布時の「{expected}」に戻してください。",
    "chk_S004_msg": "配布時にあった行（{key}：{name}）が削除されています。",
    "chk_S004_action": "行は削除しないでください。該当がない場合も行は残し、コメント欄に理由を記入してください。",
    "chk_S005_msg": "行（{key}：{name}）が重複しています（{cells}）。",
    "chk_S005_action": "コピーして増やした行を削除し、1 行にまとめてください。",
    "chk_S006_msg": "配布時にない行が追加されています（{cells}）。この行は集計に使いません。",
    "chk_S006_action": "補足はコメント欄に記入してください。追加した行は削除して構いません。",
    "chk_S007_msg": "変更できない配布時の値（{field}）が「{expected}」から「{found}」に変更されています。",
    "chk_S007_action": "元の値「{expected}」に戻してください。計画の値に誤りがある場合はコメント欄に記入してください。",
    "chk_V001_msg": "実績値が未記入です。",
    "chk_V001_action": "実績値を数値で記入してください。まだ集計できていない場合は、コメント欄に理由と見込み時期を記入してください。",
    "chk_V002_msg": "「{raw}」は数値として読み取れません（{reason}）。",
    "chk_V002_action": "半角の数字だけで記入してください（単位や文字は不要です）。",
    "chk_V003_msg": "「{raw}」を {read_as} と読み取りました（{reason}）。",
    "chk_V003_action": "読み取った値が正しいか確認してください。正しければ対応は不要です。次回からは数字だけで記入してください。",
    "chk_V004_msg": "「{raw}」は値を一つに決められません（{reason}）。",
    "chk_V004_action": "意図した値を半角の数字一つで記入し直してください。",
    "chk_V005_msg": "実績値がマイナス（{value}）です。この指標はマイナスになりません。",
    "chk_V005_action": "値を確認して記入し直してください。",
    "chk_V006_msg": "割合が 100% を超えています（{value}%）。",
    "chk_V006_action": "割合は 0〜100 の数字で記入してください（例：57.4% なら 57.4）。",
    "chk_V007_msg": "実績値 {value} が基準値 {baseline}・目標値 {target} から大きく離れています（{factor} 倍以上）。",
    "chk_V007_action": "単位や桁（千・万など）の誤りがないか確認してください。正しい場合はコメント欄にその旨を記入してください。",
    "chk_V008_msg": "基準日 {date} が {fiscal_year}（{start}〜{end}）の範囲外です。",
    "chk_V008_action": "今年度内の日付（通常は年度末や集計時点）を記入してください。",
    "chk_V009_msg": "基準日「{raw}」を日付として読み取れません（{reason}）。",
    "chk_V009_action": "基準日は 2027/3/31 のように記入してください。",
    "chk_V010_msg": "進捗状況「{status}」と実績値（{detail}）が合っていません。",
    "chk_V010_action": "進捗状況と実績値を確認して修正するか、理由をコメント欄に記入してください。",
    "chk_V011_msg": "実績値（{value}）が目標値（{target}）に届いていませんが、コメントが未記入です。",
    "chk_V011_action": "遅れの理由と今後の対応をコメント欄に記入してください。",
    "chk_V012_msg": "記入内容が長すぎます（{length} 文字、上限 {limit} 文字）。",
    "chk_V012_action": "{limit} 文字以内にまとめてください。",
    "chk_V013_msg": "入力欄に数式（{formula}）が入っています。",
    "chk_V013_action": "数式ではなく値を記入してください（コピーして「値の貼り付け」を使えます）。",
    "chk_V014_msg": "入力欄が他のブックを参照しています（{formula}）。",
    "chk_V014_action": "他のブックを参照せず、値を直接記入してください。",
    # --- details filled into F001/F002/F005
    "chk_detail_empty": "空のファイルです",
    "chk_detail_not_zip": "ファイルの中身が Excel ブックの形式ではありません",
    "chk_detail_no_workbook": "Excel ブックの本体が含まれていません",
    "chk_detail_bad_zip": "圧縮データが読み取れません",
    "chk_detail_bad_ole": "古い形式のファイルとしても読み取れません",
    "chk_detail_bad_xml": "ブック内の部品「{part}」の XML が壊れています",
    "chk_detail_load_failed": "ブックの内容を読み込めません（{kind}）",
    "chk_detail_macro_part": "VBA プロジェクトを含む",
    "chk_detail_macro_type": "マクロ有効ブック形式",
    "chk_detail_macro_ext": "拡張子 {ext}",
    # --- what the value parser did (V003) and why it could not read a value (V002/V004/V009)
    "chk_note_fullwidth": "全角の文字を半角として読み取り",
    "chk_note_thousands": "桁区切りのカンマを除去",
    "chk_note_unit": "単位「{unit}」を除去",
    "chk_note_approx": "「{word}」を除いて概数として読み取り",
    "chk_note_multiplier": "「{word}」を {factor} 倍として読み取り",
    "chk_note_negative_mark": "「{mark}」をマイナスとして読み取り",
    "chk_note_excel_percent": "セルの表示形式がパーセント（{number_format}）のため 100 倍して読み取り",
    "chk_note_serial_date": "日付のシリアル値 {serial} として読み取り",
    "chk_note_text_date": "文字列の日付を読み取り",
    "chk_note_era": "和暦を西暦に換算",
    "chk_why_not_number": "数値ではない文字が含まれています",
    "chk_why_date": "日付が入力されています",
    "chk_why_bool": "TRUE/FALSE が入力されています",
    "chk_why_dash": "「{word}」だけが入力されています。実績がない場合は空欄にしてコメント欄に理由を記入してください",
    "chk_why_not_available": "「{word}」は数値ではありません。まだ集計できていない場合は空欄にしてコメント欄に理由を記入してください",
    "chk_why_error_value": "Excel のエラー値 {word} です",
    "chk_why_range": "範囲（{word}）が入力されています",
    "chk_why_slash": "「/」で区切られた複数の数値です",
    "chk_why_multiple": "複数の数値が含まれています",
    "chk_why_bound": "「{word}」付きの値は上限・下限であり、実績値として確定できません",
    "chk_why_unit_mismatch": "単位「{found}」がこの指標の単位「{unit}」と異なります",
    "chk_why_percent_fraction": "割合の指標に 1 未満の小数が入力されています。{value}% なのか {percent}% なのか判断できません",
    "chk_why_comma": "カンマの位置が桁区切りとして正しくありません",
    "chk_why_not_finite": "数値として扱えない値です",
    "chk_why_date_format": "日付の書き方が分かりません",
    "chk_why_date_invalid": "存在しない日付です",
    "chk_why_date_number": "日付として扱えない数値です",
    # --- verdicts and severities as shown to people
    "chk_verdict_accepted": "受理",
    "chk_verdict_accepted_with_warnings": "受理（警告あり）",
    "chk_verdict_returned": "差し戻し",
    "chk_verdict_rejected": "受付不可",
    "chk_severity_error": "エラー",
    "chk_severity_warning": "警告",
    # --- findings workbook (検証結果.xlsx) and the sheet added to return copies
    "chk_findings_filename": "検証結果.xlsx",
    "chk_sheet_summary": "受付状況",
    "chk_sheet_findings": "指摘一覧",
    "chk_sheet_return_findings": "検証結果",
    "chk_col_file": "ファイル名",
    "chk_col_division": "担当課",
    "chk_col_location": "シート!セル",
    "chk_col_code": "コード",
    "chk_col_severity": "重大度",
    "chk_col_message": "内容",
    "chk_col_action": "対応方法",
    "chk_col_verdict": "判定",
    "chk_col_errors": "エラー件数",
    "chk_col_warnings": "警告件数",
    "chk_col_sha256": "SHA-256",
    "chk_return_title": "検証結果（{file}）：{verdict}　エラー {errors} 件・警告 {warnings} 件",
    "chk_return_note": "色付きのセルにコメントで指摘内容を記入しています（赤：エラー、黄：警告）。修正後、このシートは残したままで構いません。",
    "chk_comment_text": "[{code} {severity}] {message}\n対応: {action}",
    "chk_comment_author": "デジタル変革課（検証）",
    "chk_whole_file": "（ファイル全体）",
    "chk_return_copy_same_path": "差し戻し用の写しの保存先 {path} が元のファイルと同じです。元のファイルは変更しないため、別の保存先を指定してください。",
    "chk_return_copy_unreadable": "差し戻し用の写しを作成できません: {file} は安全に開けないファイルです（{codes}）。",
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
