"""Messages every stage uses: errors, the working folder and its settings."""

from __future__ import annotations

from typing import Final

from dxreport.messages import labels as L

COMMON: Final[dict[str, str]] = {
    "error_prefix": "エラー: {text}",
    "warning_prefix": "警告: {text}",
    "unexpected": (
        "予期しないエラーが発生しました（{kind}: {detail}）。入力ファイルは変更していません。"
        "この表示をデジタル変革課の担当者に伝えてください。"
    ),
    "unexpected_log": "詳しい記録: {path}（担当者に渡してください。DXREPORT_DEBUG=1 を付けて実行すると画面にも表示します）",
    "file_not_found": "ファイルが見つかりません: {path}。パスを確認してください。",
    "folder_not_found": "フォルダが見つかりません: {path}。パスを確認してください。",
    "file_locked": (
        "ファイル {path} に書き込めません。Excel などで開いている場合は閉じてから、もう一度実行してください。"
        "閉じても直らないときは、ファイルが読み取り専用でないか、フォルダに書き込む権限があるかを確認してください。"
    ),
    # the machine refused a file (fileio.file_fault): which file, what to do
    "fault_read_locked": (
        "ファイル {path} を読めません。Excel などで開いている場合は閉じてから、もう一度実行してください。"
        "閉じても直らないときは、そのファイルを読む権限があるかを確認してください。"
    ),
    "fault_disk_full": (
        "ディスクの空き容量が足りないため、{path} に書き込めませんでした。"
        "不要なファイルを削除するなどして空き容量を増やしてから、もう一度実行してください。"
    ),
    "fault_too_long": (
        "パスが長すぎるため、{path} を作れませんでした（{length} 文字。Windows では {limit} 文字未満にする必要があります）。"
        "作業フォルダを C:\\DX のような短い場所に移すか、フォルダ名・ファイル名を短くしてから、もう一度実行してください。"
    ),
    "fault_other": (
        "ファイル {path} の{action}に失敗しました（システムのエラー {code}）。"
        "ディスクやネットワークドライブがつながっているか確認してから、もう一度実行してください。"
        "直らなければデジタル変革課の担当者に連絡してください。"
    ),
    "fault_writing": "書き込み",
    "fault_reading": "読み込み",
    "wrote": "出力しました: {path}",
    "api_needs_pandas": "表（DataFrame）を作るには pandas が必要です。`pip install dxreport[analysis]` または `pip install pandas` でインストールしてください。",
    # verdicts of a returned file, and a division's standing (rules/verdicts.py)
    "verdict_accepted": "受理",
    "verdict_accepted_with_warnings": "受理（警告あり）",
    "verdict_returned": L.RETURNED,
    "verdict_rejected": "受付不可",
    "verdict_unanswered": L.UNANSWERED,
    # work folder and settings
    "wf_missing": "作業フォルダが見つかりません: {path}。パスを確認するか、先に `dxreport init {path}` で作成してください。",
    "wf_not_a_folder": "{path} はフォルダではありません。別の場所を指定してください。",
    "wf_no_settings": "設定ファイル {path} がありません。`dxreport init` で作成した作業フォルダを指定してください。",
    "wf_already_initialised": "作業フォルダは作成済みです（{path} があります）。設定を変えるときはこのファイルを編集してください。",
    "wf_settings_syntax": "設定ファイル {path} の {line} 行目（{column} 文字目）の書き方に誤りがあります。",
    "wf_settings_syntax_at_line": "設定ファイル {path} の {line} 行目から後の書き方に誤りがあります（ファイルの終わりまで閉じられていません）。",
    "wf_settings_syntax_shown": "  {line} 行目: {text}",
    "wf_settings_syntax_after": "メモ帳で直して保存してから、もう一度実行してください。",
    # what is wrong on that line (round/settings_syntax.py), each with how to write it
    "wf_toml_full_width": '全角の記号 {chars} が使われています。= " \' [ ] # などの記号、空白、数字は半角で書いてください（"…" で囲んだ文字列の中は全角でも構いません）。',
    "wf_toml_backslash": "\"…\" で囲んだ文字列の中では \\ が特別な意味を持つため、Windows のパス（C:\\…）がそのままでは読めません。パスは ' （半角の一重引用符）で囲んでください。例: {example}",
    "wf_toml_unclosed_string": "文字列を閉じる {quote} がありません。値の終わりにも {quote} を付けてください（例: round_name = \"年度末実績\"）。",
    "wf_toml_control_character": "文字列の中に見えない制御文字があります。その値を消して、書き直してください。",
    "wf_toml_duplicate": "{name} が二度書かれています。同じ項目・見出しは一度だけ書き、どちらかの行を消してください。",
    "wf_toml_duplicate_at": "{name} は {first} 行目にも書かれています。同じ項目・見出しは一度だけ書き、どちらかの行を消してください。",
    "wf_toml_header": "見出しの書き方に誤りがあります。見出しは [rating] のように半角の角かっこ [ ] で英字の名前を囲み、1 行に単独で書いてください。",
    "wf_toml_missing_equals": "項目名「{key}」の後に = がありません。「項目名 = 値」の形で、半角の = でつないでください（例: round_name = \"年度末実績\"）。",
    "wf_toml_unclosed_brackets": "かっこ [ ] または {{ }} が閉じていません。開いたかっこに対応する閉じかっこを書いてください（README の [rating] の例を参照）。",
    "wf_toml_invalid_statement": "この行は「項目名 = 値」の形になっていません。項目名は半角英字で書き、説明を書く行は先頭に半角の # を付けてください。",
    "wf_toml_empty_value": "「{key} =」の後に値がありません。値を書いてください（文字列は \"…\" で囲みます）。",
    "wf_toml_unquoted": "値「{value}」が引用符で囲まれていません。文字列は半角の \" で囲んでください（例: {key} = \"{bare}\"）。",
    "wf_toml_bad_value": "値「{value}」は読めません。",
    "wf_toml_bad_date": "日付「{value}」は読めません（その日がないか、書き方が違います）。",
    "wf_toml_trailing": "値の後ろに余分な「{rest}」があります。1 行に値は 1 つです。文字列は全体を \"…\" で囲み、説明は半角の # の後に書いてください。",
    "wf_toml_other": "この位置の書き方が設定ファイルの決まり（TOML 形式）に合いません。ファイル内の説明や README の例と見比べて直してください。",
    "wf_settings_encoding": "設定ファイル {path} の文字コードが読めません（UTF-8 でもシフトJIS でもありません）。メモ帳で開き、「名前を付けて保存」で文字コードを「UTF-8」にして保存し直してください。",
    "wf_settings_utf16": "設定ファイル {path} は「Unicode（UTF-16）」で保存されているため読めません。メモ帳で開き、「名前を付けて保存」で文字コードを「UTF-8」にして保存し直してください。",
    "wf_settings_invalid": "設定ファイル {path} に誤りがあります。",
    "wf_setting_line": "  ・{key}: {problem} {hint}",
    "wf_setting_missing": "値がありません。",
    "wf_setting_unknown": "知らない設定項目です（綴りを確認してください）。",
    "wf_setting_bad_value": "値「{value}」は使えません。",
    "wf_setting_see_comment": "ファイル内の説明を確認してください。",
    "wf_hint_fiscal_year": 'R8 のように「R」と令和の年数で書いてください（例: fiscal_year = "R8"）。',
    "wf_hint_round_name": '調査回の名前を書いてください（例: round_name = "年度末実績"）。',
    "wf_hint_round_code": '英大文字と数字（12文字以内）で書いてください（例: round_code = "FINAL"）。',
    "wf_hint_deadline": "回答期限を 2027-04-30 のように年-月-日で書いてください（引用符は不要）。",
    "wf_hint_contact": '問い合わせ先の課名・担当を書いてください（例: contact = "デジタル変革課 DX推進担当"）。',
    "wf_hint_contact_extension": '問い合わせ先の内線番号を書いてください（例: contact_extension = "1234"）。',
    "wf_hint_contact_email": '問い合わせ先のメールアドレスを書いてください（例: contact_email = "dx@pref.example.jp"）。',
    "wf_hint_submission": "調査票の提出方法を文章で書いてください（記入要領に載ります）。",
    "wf_hint_master": "使用するマスタ計画の Excel ファイルのパスを書いてください。",
    "wf_hint_sheet_password": '保護のパスワードを書いてください（不要なら ""）。',
    "wf_hint_template": '調査票の様式（.xlsx）のパスを書いてください（標準の様式なら ""）。',
    "wf_hint_min_percent": "達成率の下限（%）を数値で書いてください（例: min_percent = 80）。上の区分ほど大きくし、最後の区分には書きません。",
    "wf_hint_bands": "評価の区分を上から順に書いてください（ファイル内の説明と README の例を参照）。",
    "wf_hint_below_rating": "[rating] の見出しより下の行は評価の設定として読まれます。この項目は [rating] より上に移してください。",
    # comments written into 設定.toml, above the setting they explain (none: no comment)
    "wf_comment_header": 'dxreport の調査回の設定です。値を変更したら保存してから次の操作をしてください。\n文字列は "..." で囲みます。日付は 2027-04-30 のように書きます。',
    "wf_comment_fiscal_year": "年度（令和）: R8 = 令和8年度",
    "wf_comment_round_name": "調査回の名前と、その英字コード（調査票ID に入ります）",
    "wf_comment_deadline": L.DEADLINE,
    "wf_comment_contact": "問い合わせ先の担当・内線・メール（調査票の記入要領と各課へのメールに載ります）",
    "wf_comment_submission": "提出方法（調査票の記入要領に載ります）",
    "wf_default_submission": "記入した調査票をファイル名を変えずに保存し、問い合わせ先のメールアドレスへ添付して返送してください。",
    "wf_contact_text": "{contact}（{details}）",
    "wf_contact_extension": "内線 {extension}",
    "wf_comment_master": "使用するマスタ計画（この作業フォルダからの相対パス、または絶対パス）。\nWindows のパスは '...' で囲みます（\"...\" の中では \\ が使えません）。\n例: master = 'C:\\DX調査\\マスタ計画_R8.xlsx'",
    "wf_comment_sheet_password": "調査票のシート保護のパスワード（空ならパスワードなしで保護）",
    "wf_comment_template": "調査票の様式（Excel で体裁を変えた様式を使うときにパスを書く。空なら標準の様式）",
    "wf_comment_implausible_factor": "実績値が目標値・基準値のこの倍数を超えたら「要確認」の警告",
    "wf_comment_max_text_length": "文章欄の最大文字数",
    "wf_comment_max_file_mb": "受け付けるファイルの最大サイズ（MB）",
    "wf_comment_rating": "評価の閾値（達成率、%）。省略時は既定値（計算方法シート参照）",
    "wf_unknown_round": "調査回「{value}」は分かりません。{known} のいずれかを指定してください。",
    "ledger_unreadable": "台帳 {path} を開けません（{detail}）。別のプログラムで開いていないか確認してください。壊れている場合はデジタル変革課の担当者に連絡してください。",
    "ledger_too_new": "台帳 {path} は、この dxreport より新しい版で書かれています（台帳の形式 {found}、この dxreport が読めるのは {known} まで）。dxreport を最新の版に更新してから、もう一度実行してください。台帳は変更していません。",
    "ledger_migration_failed": "台帳 {path} を新しい形式（{found} → {target}）に更新できませんでした（{detail}）。台帳は元のまま変更していません。空き容量や書き込みの権限を確認してもう一度実行し、直らなければデジタル変革課の担当者に連絡してください。",
    "ledger_unknown_holder": "不明な処理",
    "wf_master_missing": "マスタ計画 {path} が見つかりません。設定ファイルの master を確認するか、`dxreport plan import --out {path}` で作成してください。",
    "wf_busy": "別の処理（{holder}）がこの作業フォルダで実行中です。終わるのを待ってから、もう一度実行してください。",
}
