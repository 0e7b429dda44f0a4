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
    "wf_busy": "別の処理（{holder}）がこの作業フォルダで実行中です。終わるのを待ってから、もう一度実行してください。",
}

# ---------------------------------------------------------------------------- plan (issue 2)
PLAN: Final[dict[str, str]] = {
    # -- import: source errors (path, line given) ---------------------------------------
    "plan_err_read": "計画ファイル {path} を読めません（{detail}）。",
    "plan_err_encoding": "計画ファイル {path} が UTF-8 ではありません。UTF-8（BOM可）のタブ区切りテキストで保存してください。",
    "plan_err_no_rows": "計画ファイル {path} に事業の行が見つかりません。【行政のDX】／【地域のDX】と「1.」「2.」の表見出しがあるか確認してください。",
    "plan_err_row_outside_table": "{path} の {line} 行目: 事業の行が【行政のDX】／【地域のDX】と表見出し（「1.」「2.」）より前にあります。",
    "plan_err_columns": "{path} の {line} 行目: 表{table}の行はタブ区切りで {expected} 列のはずですが {found} 列あります。セルの中のタブや改行を確認してください。",
    "plan_err_added_first": "{path} の {line} 行目: 「追加」の行が表の先頭にあります。「追加」は直前の事業の後に置いてください。",
    "plan_err_duplicate_number": "{path} の {line} 行目: 事業番号「{number}」が同じ表の中で重複しています。",
    "plan_err_empty": "{path} の {line} 行目（{column}列目「{header}」）: 値が空です。",
    "plan_err_indicator_type": "{path} の {line} 行目（5列目「指標種別」）: 「{text}」は指標種別として読めません。「数値目標 (KPI)」「成果目標 (KGI)」「対応指標等なし」のいずれかにしてください。",
    "plan_err_indicator_table": "{path} の {line} 行目（5列目「指標種別」）: 表{table}に「{text}」の行があります。数値目標 (KPI) は表1、それ以外は表2に置いてください。",
    "plan_err_kpi_number": "{path} の {line} 行目（{column}列目「KPI番号」）: 「{text}」は KPI 番号として読めません。「12」「(再掲)」「6 (再掲)」の形にしてください。",
    "plan_err_quantity": "{path} の {line} 行目（{column}列目「{header}」）: 「{text}」は数値として読めません。「120,000件」「52.79%」「4以上」「73万PV」「小 95% 中 91%」「—」のように書いてください。",
    "plan_err_unknown_department": "{path} の {line} 行目（{column}列目「部」）: 部局「{name}」が登録簿にありません。部局名を確認するか、dxreport/plan/registry.py に登録してください。",
    "plan_err_unknown_division": "{path} の {line} 行目（{column}列目「課」）: 担当課「{name}」が登録簿にありません（近い課名: {known}）。課名を確認するか、dxreport/plan/registry.py に登録してください。",
    "plan_err_no_division": "{path} の {line} 行目（{column}列目「課」）: 担当課が書かれていません（「{text}…」）。課名を補うか、訂正ファイルに division の訂正を追加してください。",
    "plan_err_division_department": "{path} の {line} 行目（{column}列目「課」）: 担当課「{name}」は、この行の部局（{departments}）の課として登録されていません。",
    "plan_err_extra_cells": "{path} の {line} 行目: 担当・事業名・計画の後にも値があります（「{text}…」）。列のずれを確認してください。",
    "plan_err_duplicate_kpi": "{path} の {line} 行目: KPI 番号 {number} が同じ区分で二度使われています（最初は {first} 行目）。2回目以降は「{number} (再掲)」としてください。",
    "plan_err_relist_missing": "{path} の {line} 行目: 再掲の KPI {number} の元の行（再掲でない行）が同じ区分にありません。",
    "plan_err_relist_unmatched": "{path} の {line} 行目: 番号のない（再掲）の指標名「{name}」と一致する KPI がありません（近いもの: {near}）。推測はしません。番号を「26 (再掲)」のように書くか、訂正ファイルに initiative = \"{id}\" の relist_kpi 訂正を追加してください。",
    # -- corrections file -----------------------------------------------------------------
    "plan_corrections_invalid": "訂正ファイル {path} を TOML として読めません: {detail}",
    "plan_corrections_missing": "訂正ファイル {path} の {where}: 「{key}」がありません（理由 reason は必須です）。",
    "plan_corrections_field": "訂正ファイル {path} の {where}: 項目「{field}」は使えません。",
    # -- import: reasons, warnings ---------------------------------------------------------
    "plan_reason_cjk_space": "日本語の間のスペース（PDFの改行の名残）を除去",
    "plan_reason_group_digits": "項目名称の先頭の番号を除去",
    "plan_reason_no_space": "項目No内のスペースを除去",
    "plan_reason_goal_in_department": "成果目標が「部」の列に入っている列ずれを修正（指標名は成果目標の列の見出し文）",
    "plan_warn_stale_correction": "訂正 {id} の {field}: 訂正ファイルの source「{expected}」と計画の記載「{found}」が異なります。訂正がまだ正しいか確認してください。",
    "plan_warn_unused_correction": "訂正 {id} の {field} は使われませんでした（計画側で解消済みの可能性）。訂正ファイルを見直してください。",
    "plan_warn_relist_values": "{line} 行目（{id}）: KPI {number} の再掲行の基準値・目標値が元の行と異なります。元の行の値を使います。",
    "plan_warn_relist_near": "{line} 行目（{id}）: 番号のない（再掲）の指標名「{name}」は完全一致せず、近い指標は {near}。訂正ファイルにより KPI {number} の再掲としました。",
    "plan_info_relist_match": "{line} 行目（{id}）: 番号のない（再掲）を指標名の一致により KPI {number}「{name}」の再掲としました。",
    # -- import: summary -------------------------------------------------------------------
    "plan_summary_title": "計画を取り込みました: {source}",
    "plan_summary_table": "  {part} 表{table}（{label}）: {count} 行",
    "plan_summary_total": "  事業・取組 合計: {count} 行",
    "plan_summary_kpis": "  指標（KPI）: {count} 件（再掲を除く）",
    "plan_summary_divisions": "  担当課: {count} 課（部局 {departments}）",
    "plan_summary_normalisations": "  正規化（表記ゆれ・ノイズの修正）: {count} 件",
    "plan_summary_corrections": "  訂正ファイルの適用: {count} 件",
    "plan_summary_warnings": "  警告: {count} 件",
    "plan_summary_report": "取込レポート: {path}",
    "plan_table1_label": "数値目標 (KPI)",
    "plan_table2_label": "成果目標 (KGI) 等",
    # -- import report (markdown) ----------------------------------------------------------
    "plan_report_title": "# 計画取込レポート",
    "plan_report_source": "- 取込元: `{source}`（SHA-256 `{sha}`）",
    "plan_report_master": "- マスタ: `{master}`",
    "plan_report_counts": "## 件数",
    "plan_report_corrections": "## 訂正ファイルの適用（{count} 件）",
    "plan_report_relists": "## 番号のない（再掲）の照合（{count} 件）",
    "plan_report_warnings": "## 警告（{count} 件）",
    "plan_report_normalisations": "## 正規化の一覧（{count} 件）",
    "plan_report_none": "なし",
    # -- master workbook -------------------------------------------------------------------
    "plan_sheet_initiatives": "{part}_{kind}事業",
    "plan_sheet_kind_1": "KPI",
    "plan_sheet_kind_2": "KGI等",
    "plan_sheet_kpis": "指標",
    "plan_sheet_divisions": "担当課",
    "plan_sheet_normalisations": "正規化一覧",
    "plan_direction_higher": "高いほど良い",
    "plan_direction_lower": "低いほど良い",
    "plan_direction_threshold": "基準以上を維持",
    "plan_relisted_mark": "再掲",
    "plan_master_missing": "マスタ計画 {path} がありません。先に「dxreport plan import」で作成してください。",
    "plan_master_unreadable": "マスタ計画 {path} を開けません（{detail}）。Excel で開いている場合は閉じ、ファイルが壊れていないか確認してください。",
    "plan_master_no_sheet": "マスタ計画 {path} にシート「{sheet}」がありません。シート名を元に戻してください。",
    "plan_master_no_header": "マスタ計画 {path} のシート「{sheet}」の1行目に見出し「{header}」がありません。見出しを元に戻してください。",
    "plan_master_bad_cell": "マスタ計画 {path} の {ref}: 「{text}」は{what}として読めません。{hint}",
    "plan_master_empty_cell": "マスタ計画 {path} の {ref}: {what}が空です。",
    "plan_master_duplicate_id": "マスタ計画 {path} の {ref}: ID「{id}」が重複しています（最初は {first}）。",
    "plan_master_unknown_kpi": "マスタ計画 {path} の {ref}: 指標ID「{id}」が「指標」シートにありません。指標IDを直すか、指標を元に戻してください。",
    "plan_master_unknown_division": "マスタ計画 {path} の {ref}: 担当課コード「{code}」が「担当課」シートにありません。",
    "plan_master_unknown_department": "マスタ計画 {path} の {ref}: 部局コード「{code}」と部局名「{name}」の組が他の行と矛盾します。",
    "plan_master_kpi_unused": "マスタ計画 {path} の {ref}: 指標「{id}」を報告する事業がありません。事業の指標IDを確認してください。",
    "plan_master_kpi_original": "マスタ計画 {path} の {ref}: 指標「{id}」に再掲でない事業がありません（再掲欄を確認してください）。",
    "plan_master_invalid": "マスタ計画 {path} のシート「{sheet}」{row} 行目の内容が正しくありません: {detail}",
    "plan_hint_quantity": "「120,000件」「52.79%」「4以上」「73万PV」「小 95% 中 91%」「—」のように書いてください。",
    "plan_hint_direction": "「高いほど良い」「低いほど良い」「基準以上を維持」のいずれかにしてください。",
    "plan_hint_part": "「行政」か「地域」にしてください。",
    "plan_hint_table": "1 か 2 にしてください。",
    "plan_hint_indicator_type": "「KPI」「KGI」「none」のいずれかにしてください。",
    "plan_hint_integer": "整数を入力してください。",
    "plan_what_quantity": "数値",
    "plan_what_direction": "方向",
    "plan_what_part": "区分",
    "plan_what_table": "表",
    "plan_what_indicator_type": "指標種別",
    "plan_what_line": "原本行",
    "plan_what_value": "値",
    # -- master workbook column headers (loaded back by these names) ---------------------
    "plan_col_id": "ID",
    "plan_col_part": "区分",
    "plan_col_table": "表",
    "plan_col_number": "事業番号",
    "plan_col_group": "項目名称",
    "plan_col_no": "項目No",
    "plan_col_category_name": "項目名",
    "plan_col_indicator_type": "指標種別",
    "plan_col_kpi_id": "指標ID",
    "plan_col_relisted": "再掲",
    "plan_col_indicator_name": "指標名",
    "plan_col_goal_text": "成果目標(KGI)",
    "plan_col_division_code": "主担当課コード",
    "plan_col_department_name": "部局",
    "plan_col_division_name": "担当課",
    "plan_col_co_division": "共管課コード{n}",
    "plan_col_project_name": "事業名",
    "plan_col_plan_text": "事業計画",
    "plan_col_source_line": "原本行",
    "plan_col_kpi_number": "KPI番号",
    "plan_col_kpi_name": "指標名",
    "plan_col_unit": "単位",
    "plan_col_direction": "方向",
    "plan_col_baseline": "基準値",
    "plan_col_target": "目標値{year}",
    "plan_col_lead_division_code": "主担当課コード",
    "plan_col_lead_division_name": "主担当課",
    "plan_col_initiative_ids": "関連事業ID(自動)",
    "plan_col_div_code": "担当課コード",
    "plan_col_div_name": "担当課名",
    "plan_col_dept_code": "部局コード",
    "plan_col_dept_name": "部局名",
    "plan_col_norm_line": "原本行",
    "plan_col_norm_field": "項目",
    "plan_col_norm_source": "原文",
    "plan_col_norm_result": "正規化後",
    "plan_col_norm_reason": "理由",
    # -- show / export ---------------------------------------------------------------------
    "plan_show_header": "{title}（{master}）",
    "plan_show_division_line": "  {code}  {department} {name}: 事業 {initiatives} 件、主担当の指標 {kpis} 件",
    "plan_show_division_title": "{code}  {department} {name}",
    "plan_show_initiatives": "  事業・取組（{count} 件）:",
    "plan_show_initiative": "    {id}  {project}  [{kind}{kpi}]{role}",
    "plan_show_co_owner": "（共管）",
    "plan_show_kpis": "  主担当の指標（{count} 件）:",
    "plan_show_kpi": "    {id}  {name}  基準値 {baseline} → R12 {r12}（{direction}）",
    "plan_show_unknown_division": "担当課「{query}」が見つかりません。近い候補: {close}。課名または担当課コード（例: KIKAKU-DX）で指定してください。",
    "plan_export_format": "出力形式は json だけです（--format json）。",
}

# ---------------------------------------------------------------------------- work folder / survey (issue 3)
SURVEY: Final[dict[str, str]] = {
    # sheet names and column headers of the survey workbook (the reader's anchors)
    "sv_sheet_guide": "記入要領",
    "sv_sheet_kpi": "KPI実績",
    "sv_sheet_initiative": "取組状況",
    "sv_col_kpi_key": "KPI ID",
    "sv_col_part": "区分",
    "sv_col_name": "指標名",
    "sv_col_unit": "単位",
    "sv_col_baseline": "基準値",
    "sv_col_target": "{year}目標値",
    "sv_col_actual": "実績値",
    "sv_col_as_of": "基準日",
    "sv_col_source": "出典",
    "sv_col_note": "備考",
    "sv_col_kpi_check": "入力チェック",
    "sv_col_initiative_key": "取組ID",
    "sv_col_project_name": "事業名",
    "sv_col_plan_text": "計画内容",
    "sv_col_goal": "成果目標",
    "sv_col_kpi_ref": "関連KPI",
    "sv_col_lead_division": "主担当課",
    "sv_col_status": "進捗状況",
    "sv_col_done": "実施内容・実績",
    "sv_col_issues": "課題",
    "sv_col_next_steps": "今後の対応",
    "sv_col_initiative_check": "入力チェック",
    "sv_status_header": "進捗状況",
    "sv_definition_header": "定義",
    # values written into the survey
    "sv_absent_value": "—",
    "sv_no_kpi_rows": "この課が主担当のKPIはありません（記入は不要です）。",
    "sv_no_initiative_rows": "この課が担当する取組はありません（記入は不要です）。",
    "sv_reference_row": "主担当: {division}が回答",
    "sv_goal_none": "対応指標等なし",
    "sv_check_ok": "入力済",
    "sv_check_actual_missing": "実績値未入力",
    "sv_check_actual_reason": "実績値なし（備考に理由）",
    "sv_check_actual_not_number": "実績値は半角数値で",
    "sv_check_as_of_missing": "基準日未入力",
    "sv_check_source_missing": "出典未入力",
    "sv_check_status_missing": "進捗状況を選択",
    "sv_check_done_missing": "実施内容・実績を記入",
    "sv_check_comment_missing": "課題・今後の対応を記入",
    # data validation prompts (Excel limits: title 32 characters, message 255)
    "sv_dv_actual_title": "実績値",
    "sv_dv_actual_prompt": "半角の数値だけを入力（単位・カンマ・%は不要）。57.4% なら 57.4。",
    "sv_dv_actual_error": "0以上の数値を半角で入力してください。単位や「%」は付けません（57.4% なら 57.4）。",
    "sv_dv_as_of_title": "基準日",
    "sv_dv_as_of_prompt": "実績値がいつ時点の値かを {start}〜{end} の日付で入力（例: {example}）。",
    "sv_dv_as_of_error": "{start}〜{end} の日付を 2027/3/31 のように入力してください。",
    "sv_dv_text_title": "文字数",
    "sv_dv_text_prompt": "{max}文字以内で入力してください。",
    "sv_dv_text_error": "{max}文字以内にしてください。",
    "sv_dv_status_title": "進捗状況",
    "sv_dv_status_prompt": "一覧から選択してください（定義は「記入要領」シート）。",
    "sv_dv_status_error": "一覧にない値です。▼から選んでください（{statuses}）。",
    "sv_footer_left": "調査票ID: {survey_id}",
    "sv_footer_right": "&P / &N ページ",
    # populate / init (CLI and errors)
    "sv_help_init": "作業フォルダ（調査回ごと）を作成し、設定ファイルを置く",
    "sv_help_populate": "マスタ計画から課ごとの調査票を 1_配布 に作成する",
    "sv_help_folder": "作業フォルダ",
    "sv_help_year": "年度（令和、例: R8）",
    "sv_help_round": "調査回（年度末 / 中間）",
    "sv_help_deadline": "回答期限（YYYY-MM-DD、省略時は調査回の既定）",
    "sv_help_contact": "問い合わせ先（記入要領に載ります）",
    "sv_help_master": "使用するマスタ計画ファイル（省略時は令和8年度計画を取り込んで作業フォルダに置く）",
    "sv_help_division": "作成する課のコード（複数指定可、省略時は全主担当課）",
    "sv_help_no_progress": "進捗バーを表示しない",
    "sv_bad_year": "年度「{value}」は使えません。R8 のように「R」と令和の年数で指定してください。",
    "sv_bad_deadline": "回答期限「{value}」は日付として読めません。2027-04-30 のように指定してください。",
    "sv_master_missing": "マスタ計画 {path} が見つかりません。設定ファイル {settings} の master を確認するか、`dxreport init --master` で指定してください。",
    "sv_master_unreadable": "マスタ計画 {path} を読み込めません（{detail}）。",
    "sv_master_unsupported": "マスタ計画 {path} の形式（{suffix}）には対応していません。.xlsx（マスタ計画ブック）か .json を指定してください。",
    "sv_master_importer_missing": "令和8年度計画の取込機能がまだ使えないため、マスタ計画を作成できませんでした。--master でマスタ計画ファイルを指定してください。",
    "sv_unknown_division": "課コード「{codes}」はマスタ計画の主担当課にありません。使える課コード: {valid}",
    "sv_template_missing": "調査票の様式 {path} が見つかりません。設定ファイルの template を確認してください（空なら標準の様式を使います）。",
    "sv_template_broken": "調査票の様式 {path} を使えません: {detail}。様式の名前の定義（{names}）と見出しを消したり変えたりしていないか確認してください。",
    "sv_template_unreadable": "調査票の様式 {path} を開けません（{detail}）。",
    "sv_init_done": "作業フォルダを作成しました: {path}",
    "sv_init_settings": "  設定ファイル: {path}（年度 {year}、{round}、回答期限 {deadline}）",
    "sv_init_master": "  マスタ計画: {path}",
    "sv_init_next": "次に `dxreport populate {path}` で調査票を作成します。",
    "sv_populate_progress": "調査票作成",
    "sv_populate_unit": "課",
    "sv_no_suffix": "拡張子なし",
    "sv_populate_done": "調査票を {count} 件作成しました（KPI {kpis} 行、取組 {initiatives} 行）: {path}",
    "sv_populate_file": "  {file}",
    "sv_populate_next": "各課へ送付し、回答ファイルは {returns} に保存してください。",
    # the template's wording (placeholders in {{...}} are filled by populate)
    "sv_guide_01": "提出について",
    "sv_guide_02": "回答期限: {{締切}}",
    "sv_guide_03": "問い合わせ先: {{問い合わせ先}}",
    "sv_guide_04": "この調査票は {{部局名}} {{課名}} 用です（調査票ID: {{調査票ID}}）。ファイル名を変えずに保存し、期限までに返送してください。",
    "sv_guide_05": "記入のしかた",
    "sv_guide_06": "「KPI実績」シート: 貴課が主担当の数値目標（KPI）ごとに、黄色のセルに 実績値・基準日・出典 を入力してください。実績値が分からない場合は空欄のまま、備考に理由と判明時期を書いてください。",
    "sv_guide_07": "「取組状況」シート: 貴課が担当する事業・取組ごとに、進捗状況を▼の一覧から選び、実施内容・実績を記入してください。進捗状況が「遅れ」「未着手」のときは 課題 と 今後の対応 も記入してください。",
    "sv_guide_08": "他課が主担当の取組は灰色の行で参考表示しています（主担当課が回答するため記入不要です）。",
    "sv_guide_09": "各行の「入力チェック」列が「入力済」になれば、その行の入力は完了です。",
    "sv_guide_10": "灰色のセル（指標名・基準値・目標値など）は計画の値です。変更できません。誤りがあれば問い合わせ先へ連絡してください。行や列の追加・削除、シート名の変更はしないでください。",
    "sv_guide_11": "数値の入力",
    "sv_guide_12": "数値は半角で、数字だけを入力してください。単位・カンマ・「%」は入力不要です（表示形式で自動的に付きます）。",
    "sv_guide_13": "例: 57.4% なら 57.4、120,000件 なら 120000、4以上 なら 4（「以上」は不要）。",
    "sv_guide_14": "基準日は 2027/3/31 のように入力してください（{{年度}}年度内の日付）。",
    "sv_guide_15": "進捗状況の定義",
    "sv_guide_title": "{{年度}}年度 DX推進計画 進捗状況調査票（{{調査回}}）",
    "sv_guide_subtitle": "{{部局名}} {{課名}}",
    "sv_table_title": "{sheet}　{{部局名}} {{課名}}（{{年度}}年度 {{調査回}}）",
    "sv_note_kpi": "黄色のセルに入力してください。単位は入力不要です（57.4% なら 57.4）。「入力チェック」が「入力済」になれば完了です。",
    "sv_note_initiative": "黄色のセルに入力してください。進捗状況は▼から選択します（定義は「記入要領」）。灰色の行は他課が回答する参考表示です。",
    "sv_tpl_no_prototypes": "名前 {name} の範囲に見本行（見出しの下 {count} 行）がありません",
    "sv_tpl_no_name": "名前 {name} がありません",
    "sv_tpl_no_version": "非表示シート {sheet} に {field} がありません",
    # structural issues found when reading a survey (the validation stage makes findings of them)
    "sv_issue_sheet_missing": "シート「{sheet}」がありません（名前を変えたり削除したりしていませんか）。",
    "sv_issue_table_missing": "シート「{sheet}」に表の見出し（「{header}」の行）が見つかりません。",
    "sv_issue_header_missing": "シート「{sheet}」の表に見出し「{header}」の列がありません（見出しを変えたり列を削除したりしていませんか）。",
    "sv_issue_header_duplicate": "シート「{sheet}」の表に見出し「{header}」が2列あります（{cells}）。",
    "sv_issue_duplicate_key": "シート「{sheet}」で {header}「{key}」の行が重複しています（{cells}）。",
    "sv_issue_bad_key": "シート「{sheet}」のセル {cell} の {header}「{key}」は調査票のものではありません。",
    "sv_issue_missing_key": "シート「{sheet}」の {row} 行目に入力がありますが、{header} が空です（行を追加して入力していませんか）。",
    "sv_issue_meta_missing": "調査票の管理情報（非表示シート {sheet}）がありません。配布した調査票に記入してください。",
    "sv_issue_meta_field_missing": "調査票の管理情報の「{field}」がありません。",
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
