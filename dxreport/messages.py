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
    # keys of this section go here
}

# ---------------------------------------------------------------------------- checks (issue 4)
CHECKS: Final[dict[str, str]] = {
    # keys of this section go here
}

# ---------------------------------------------------------------------------- consolidate (issue 5)
CONSOLIDATE: Final[dict[str, str]] = {
    # progress statuses (進捗状況): definitions shown in the survey and on 計算方法
    "cons_status_def_on_track": "計画どおりに進んでいる",
    "cons_status_def_mostly": "一部に遅れがあるが、年度内に計画を概ね達成できる見込み",
    "cons_status_def_delayed": "計画より遅れており、年度内の達成が難しい見込み",
    "cons_status_def_not_started": "まだ取組に着手していない",
    "cons_status_def_done": "今年度の取組を完了した",
    # rating settings
    "cons_settings_invalid": "評価の設定（{source}）の「{key}」が正しくありません: {reason}。設定を直してから、もう一度実行してください。",
    "cons_settings_blank": "空欄にはできません",
    "cons_settings_not_finite": "数値を指定してください",
    "cons_settings_bands_too_few": "評価区分は2つ以上必要です",
    "cons_settings_last_band_open": "最後の評価区分の下限（min_percent）は空にしてください（それ未満すべてを受けます）",
    "cons_settings_band_min_missing": "最後以外の評価区分には下限（min_percent）が必要です",
    "cons_settings_bands_order": "評価区分の下限（min_percent）は上から大きい順に、重複なく並べてください",
    "cons_settings_bands_duplicate": "評価区分の記号・名称が重複しています",
    "cons_settings_labels_clash": "「評価対象外」「未提出」の表示名は、互いにも評価区分の名称とも異なる必要があります",
    # achievement notes
    "cons_note_no_target": "{year}目標値なし",
    "cons_note_not_computable": "0または負の値で割ることになるため達成率を算出できません",
    "cons_note_threshold_no_rate": "目標値以上（以下）かどうかのみで評価（達成率は算出不可）",
    # workbook: sheet names
    "cons_sheet_overview": "概要",
    "cons_sheet_kpis": "KPI一覧",
    "cons_sheet_initiatives": "取組一覧",
    "cons_sheet_departments": "部局別",
    "cons_sheet_categories": "分野別",
    "cons_sheet_submissions": "提出状況",
    "cons_sheet_review": "要確認",
    "cons_sheet_compare": "前回比較",
    "cons_sheet_method": "計算方法",
    "cons_sheet_audit": "監査証跡",
    # workbook: common words
    "cons_title": "全庁DX進捗状況（{plan} {year} {round}）",
    "cons_part_whole": "全体",
    "cons_part_overall": "総合（{parts}）",
    "cons_dir_higher": "高いほど良い",
    "cons_dir_lower": "低いほど良い",
    "cons_dir_at_least": "目標値以上で達成",
    "cons_dir_at_most": "目標値以下で達成",
    "cons_method_progress": "(実績値−基準値)÷(目標値−基準値)",
    "cons_method_ratio": "実績値÷目標値",
    "cons_method_inverse": "目標値÷実績値",
    "cons_method_at_least": "実績値÷目標値（実績値≧目標値で達成）",
    "cons_method_at_most": "目標値÷実績値（実績値≦目標値で達成）",
    "cons_method_worst_part": "各区分の達成率の最小値／評価は各区分のうち最も低いもの",
    "cons_no_value": "—",
    "cons_submitted": "提出済",
    "cons_not_answered": "未回答",
    "cons_expected": "対象",
    "cons_not_expected": "対象外",
    "cons_relisted": "再掲",
    "cons_kind_kpi": "KPI実績値",
    "cons_kind_status": "進捗状況",
    "cons_kind_done": "実施内容・実績",
    "cons_kind_issues": "課題",
    "cons_kind_next": "今後の対応",
    # workbook: 概要
    "cons_ov_item": "項目",
    "cons_ov_value": "内容",
    "cons_ov_plan": "計画",
    "cons_ov_year": "評価年度（目標値の年度）",
    "cons_ov_round": "回",
    "cons_ov_consolidated_at": "集約日時",
    "cons_ov_operation": "操作記録ID",
    "cons_ov_log": "操作記録ファイル",
    "cons_ov_received": "提出済の課",
    "cons_ov_expected": "対象の課",
    "cons_ov_not_answered": "未回答の課",
    "cons_ov_kpis": "KPI数（再掲を除く）",
    "cons_ov_initiatives": "取組数",
    "cons_ov_previous": "前回の集約",
    "cons_ov_first": "なし（初回）",
    "cons_ov_rating": "評価",
    "cons_ov_status": "進捗状況",
    "cons_ov_count": "件数",
    "cons_chart_ratings": "KPIの評価別件数",
    "cons_chart_statuses": "取組の進捗状況別件数",
    "cons_chart_dept": "部局別 KPIの評価",
    "cons_chart_cat": "分野別 KPIの評価",
    # workbook: KPI一覧 headers
    "cons_h_kpi_id": "KPI ID",
    "cons_h_part": "区分",
    "cons_h_kpi_name": "指標名",
    "cons_h_unit": "単位",
    "cons_h_direction": "方向",
    "cons_h_baseline": "基準値",
    "cons_h_target": "{year}目標値",
    "cons_h_actual": "実績値",
    "cons_h_rate": "達成率",
    "cons_h_rate_py": "達成率(計算値)",
    "cons_h_rating": "評価",
    "cons_h_rating_py": "評価(計算値)",
    "cons_h_method": "計算方法",
    "cons_h_note": "備考",
    "cons_h_department": "担当部局",
    "cons_h_division": "担当課",
    "cons_h_division_code": "課コード",
    "cons_h_sha_short": "ファイルSHA-256(先頭12桁)",
    "cons_h_cell_ref": "シート!セル",
    "cons_h_received_at": "受付日時",
    # 取組一覧
    "cons_h_initiative_id": "取組ID",
    "cons_h_plan_part": "分類",
    "cons_h_number": "事業番号",
    "cons_h_group": "項目名称",
    "cons_h_no": "No",
    "cons_h_cat_name": "名称",
    "cons_h_project": "事業（取組）名",
    "cons_h_indicator": "指標種別",
    "cons_h_relisted": "再掲",
    "cons_h_status": "進捗状況",
    "cons_h_done": "実施内容・実績",
    "cons_h_issues": "課題",
    "cons_h_next": "今後の対応",
    # 部局別 / 分野別
    "cons_h_kpi_count": "KPI数",
    "cons_h_initiative_count": "取組数",
    "cons_h_divisions_expected": "対象課数",
    "cons_h_divisions_received": "提出課数",
    # 提出状況
    "cons_h_expected": "照会対象",
    "cons_h_state": "提出状況",
    "cons_h_verdict": "判定",
    "cons_h_sha": "ファイルSHA-256",
    "cons_h_file_name": "元ファイル名",
    "cons_h_superseded_count": "差し替え回数",
    "cons_h_superseded": "差し替え前の版",
    # 要確認
    "cons_h_source": "種別",
    "cons_h_code": "コード",
    "cons_h_message": "内容",
    "cons_h_sheet": "シート",
    "cons_h_cell": "セル",
    "cons_review_accepted": "受理時の警告",
    "cons_review_auto": "集約時の検出",
    "cons_review_high": "達成率が{percent}%以上です（{rate}）。目標値の設定か実績値の記入誤りを確認してください",
    "cons_review_negative": "実績値が基準値より目標と反対の方向に動いています（達成率 {rate}）",
    "cons_review_changed": "前回の集約から値が変わりました（前回 {before} → 今回 {after}）",
    "cons_review_not_computable": "達成率を算出できません（{note}）",
    "cons_review_none": "確認事項はありません",
    # 前回比較
    "cons_h_kind": "種別",
    "cons_h_id": "ID",
    "cons_h_name": "名称",
    "cons_h_before": "前回値",
    "cons_h_after": "今回値",
    "cons_h_change": "変化",
    "cons_change_same": "変更なし",
    "cons_change_changed": "変更",
    "cons_change_new": "今回から",
    "cons_change_gone": "今回なし",
    "cons_compare_first": "前回の集約がないため、比較はありません（初回の集約）",
    # 監査証跡
    "cons_h_value": "値",
    "cons_h_operation": "操作記録ID",
    # 計算方法
    "cons_m_topic": "項目",
    "cons_m_text": "説明",
    "cons_m_target": "目標値",
    "cons_m_target_text": "この回の評価年度（{year}）の目標値を使います。計画の目標値が「—」などで空欄のKPIは「{not_rated}」です。",
    "cons_m_rate": "達成率（基準値あり）",
    "cons_m_rate_text": "達成率 ＝ (実績値 − 基準値) ÷ (目標値 − 基準値)。基準値から目標値までの進み具合を表します。低いほど良い指標（紙の使用量、労働時間など）も同じ式で、分子・分母がともに負になるため、そのまま正しい向きになります。",
    "cons_m_rate_nobase": "達成率（基準値なし、または基準値＝目標値）",
    "cons_m_rate_nobase_text": "高いほど良い指標は 実績値 ÷ 目標値、低いほど良い指標は 目標値 ÷ 実績値 です。0または負の値で割ることになる場合は算出せず「{not_rated}」とします。",
    "cons_m_threshold": "「以上」「以下」の目標（例: 4以上）",
    "cons_m_threshold_text": "実績値が目標値以上（「以下」の目標は目標値以下）なら達成で、評価は最上位です。達成率は参考として 実績値 ÷ 目標値（「以下」は 目標値 ÷ 実績値）を表示し、未達成の場合はその達成率で2番目以下の評価を決めます（表示上100.0%でも未達成なら最上位にはしません）。",
    "cons_m_negative": "後退",
    "cons_m_negative_text": "実績値が基準値より目標と反対の方向に動いた場合、達成率は負の値になり、評価は最下位です（要確認にも載せます）。",
    "cons_m_rounding": "端数処理",
    "cons_m_rounding_text": "達成率は小数第1位（0.1%単位）に四捨五入して表示し、評価はこの表示値で判定します（Excel の ROUND(達成率,3) と同じ）。「達成率」列は同じ行のセルを参照する数式で、監査時に再計算できます。「達成率(計算値)」「評価(計算値)」は本ツールが計算した値です。",
    "cons_m_bands": "評価区分",
    "cons_m_band_text": "表示上の達成率が {min}% 以上",
    "cons_m_band_last_text": "上記のいずれにも当たらない場合（後退を含む）",
    "cons_m_parts": "小学校・中学校（小/中）に分かれるKPI",
    "cons_m_parts_text": "区分ごとに達成率と評価を出し、「総合」行は各区分の達成率の最小値、評価は各区分のうち最も低いものとします（両方が目標に届いて初めて達成とするため）。一方でも実績値がなければ総合は「{missing}」です。",
    "cons_m_not_rated": "{not_rated}",
    "cons_m_not_rated_text": "評価年度の目標値がないKPI、または達成率を算出できないKPIです。件数の集計では評価区分と別に数えます。",
    "cons_m_missing": "{missing}",
    "cons_m_missing_text": "実績値が記入されていない（または課から未回答の）KPIです。",
    "cons_m_count": "件数の数え方",
    "cons_m_count_text": "KPIは KPI ID ごとに1件と数えます（再掲の取組があっても1件）。部局別は主担当課の部局、分野別は再掲でない元の取組の項目で数えます。取組は計画の行ごとに1件です。",
    "cons_m_review": "要確認",
    "cons_m_review_text": "受理時に承認した警告に加え、達成率が{high}%以上、後退（負の達成率）、前回集約からの値の変化、達成率の算出不可を載せます。",
    "cons_m_status": "進捗状況「{status}」",
    "cons_m_trace": "出典",
    "cons_m_trace_text": "すべての値は、受付ファイルの SHA-256・シート・セルで出典をたどれます（「監査証跡」シート）。日時は受付台帳の記録で、集約を実行した時刻には依存しません。",
    # dxreport consolidate (run.py)
    "help_consolidate": "受理した回答を集約し、全庁DX進捗状況ブックを 5_集約 に作る",
    "cons_run_no_surveys": "集約するものがありません。この作業フォルダではまだ調査票を作成していません。先に `dxreport populate {folder}` で調査票を作成し、回答を検証してください。",
    "cons_run_no_surveys_round": "集約するものがありません。台帳に {year} {round} の調査票の記録がありません。設定ファイルの fiscal_year・round_name・round_code が調査票作成時と同じか確認してください。",
    "cons_run_unknown_division": "調査票 {survey} の課コード {division} がマスタ計画にありません。マスタ計画から課を削除・変更した場合は元に戻すか、調査票を作り直してください。",
    "cons_run_bad_values": "台帳に記録された {file}（SHA-256 {sha}…）の読取値を解釈できません（{detail}）。`dxreport validate` でこのファイルを検証し直してください。",
    "cons_run_inconsistent": "マスタ計画と台帳の記録が一致しません（{detail}）。調査票作成後にマスタ計画を変更していないか確認してください。",
    "cons_run_newer_not_accepted": "新しい回答 {file} は「{verdict}」のため、以前に受理した {used} の値を集約しました",
    "cons_run_unknown_kpi": "計画にない指標（{kpi}）の値は集約していません",
    "cons_run_bad_status": "{initiative} の進捗状況「{status}」は選択肢にないため、未回答として扱いました",
    "cons_run_other_division_value": "{kpi} はこの課の担当ではないため集約していません。この課の値 {value} は担当課の値 {used}（{lead}）と異なります",
    "cons_run_wrote": "集約結果を出力しました: {path}",
    "cons_run_received": "提出（受理）: {received} / {expected} 課（差し替え前の版 {superseded} 件）",
    "cons_run_kpis": "KPI {total} 件: {counts}",
    "cons_run_initiatives": "取組 {total} 件: {counts}",
    "cons_run_none_accepted": "注意: 受理した回答がまだ 1 件もないため、すべて「未提出」「未回答」で出力しました。",
    "cons_run_reprint": "前回（操作記録ID {operation}）から集約対象に変更がないため、同じ内容で出力しました。",
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
