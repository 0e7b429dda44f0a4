"""Words shared by several stages (sheet names, column headers, verdicts), written once.

A stage's catalogue refers to these where its text is the same word, so a change of
wording reaches every sheet, header and message that shows it."""

from __future__ import annotations

from typing import Final

ACTION_REFILL_NO_PASTE: Final = "配布した調査票に記入し直して再送してください。画像や大量のデータを貼り付けないでください。"  # chk_F007_action, chk_F008_action
ACTION_REFILL_OR_ASK: Final = "配布した調査票に記入し直して再送してください。心当たりがない場合はデジタル変革課に連絡してください。"  # chk_F009_action, chk_F010_action
ACTION_REFILL_THIS_ROUND: Final = "今回配布した調査票に記入し直して返送してください。"  # chk_I003_action, chk_I004_action
ACTION_NEEDED: Final = "要対応"  # chk_col_action_state, chk_action_needed
ACTUAL: Final = "実績値"  # sv_col_actual, sv_dv_actual_title, cons_h_actual
AS_OF: Final = "基準日"  # sv_col_as_of, sv_dv_as_of_title, cons_h_as_of
BASELINE: Final = "基準値"  # plan_col_baseline, sv_col_baseline, cons_h_baseline
CELL_REF: Final = "シート!セル"  # chk_col_location, cons_h_cell_ref
CODE: Final = "コード"  # chk_col_code, cons_h_code
DEADLINE: Final = "回答期限"  # wf_comment_deadline, cons_ov_deadline
DEPARTMENT: Final = "部局"  # plan_col_department_name, excel_board_department, mail_col_department, chk_col_department
DIRECTION: Final = "方向"  # plan_what_direction, plan_col_direction, cons_h_direction
DIR_HIGHER: Final = "高いほど良い"  # plan_direction_higher, cons_dir_higher
DIR_LOWER: Final = "低いほど良い"  # plan_direction_lower, cons_dir_lower
DIVISION_NAME: Final = "担当課"  # plan_sheet_divisions, plan_col_division_name, chk_col_division, cons_h_division, mail_col_division
DIVISION_UNIT: Final = "課"  # sv_populate_unit, chk_tbl_division
DONE: Final = "実施内容・実績"  # sv_col_done, cons_kind_done, cons_h_done
ERROR: Final = "エラー"  # chk_severity_error, chk_tbl_errors
ERRORS: Final = "エラー件数"  # chk_col_errors, excel_board_errors
FOLDER: Final = "作業フォルダ"  # sv_help_folder, chk_help_folder, help_folder, excel_label_folder, excel_name_folder
GROUP: Final = "項目名称"  # plan_col_group, cons_h_group
ID: Final = "ID"  # plan_col_id, cons_h_id, chk_col_key
INDICATOR_NAME: Final = "指標名"  # plan_col_indicator_name, plan_col_kpi_name, sv_col_name, cons_h_kpi_name
NAME: Final = "名称"  # cons_h_cat_name, cons_h_name
INDICATOR_TYPE: Final = "指標種別"  # plan_what_indicator_type, plan_col_indicator_type, cons_h_indicator
INITIATIVES: Final = "取組数"  # cons_ov_initiatives, cons_h_initiative_count
INITIATIVE_ID: Final = "取組ID"  # sv_col_initiative_key, cons_h_initiative_id
INPUT_CHECK: Final = "入力チェック"  # sv_col_kpi_check, sv_col_initiative_check
ISSUES: Final = "課題"  # sv_col_issues, cons_kind_issues, cons_h_issues
ITEM: Final = "項目"  # plan_col_norm_field, cons_ov_item, cons_m_topic, plan_col_value_item
KIND: Final = "種別"  # cons_h_source, cons_h_kind
KPI: Final = "KPI"  # plan_sheet_kind_1, plan_indicator_type_kpi
KPI_ID: Final = "KPI ID"  # sv_col_kpi_key, cons_h_kpi_id
LEAD_DIVISION: Final = "主担当課"  # plan_col_lead_division_name, sv_col_lead_division
LEAD_DIVISION_CODE: Final = "主担当課コード"  # plan_col_division_code, plan_col_lead_division_code
MAIL_ADDRESS: Final = "メールアドレス"  # plan_col_div_address, mail_col_address
MAIL_KIND: Final = "メールの種類"  # excel_label_mail_kind, excel_name_mail_kind
METHOD: Final = "計算方法"  # cons_sheet_method, cons_h_method
NEXT: Final = "今後の対応"  # sv_col_next_steps, cons_kind_next, cons_h_next
NONE: Final = "なし"  # plan_report_none, mail_no_attachment, plan_indicator_type_none, ...
SAME_INDICATOR: Final = "同一指標"  # plan_col_same_as, cons_ov_same
NOTE: Final = "備考"  # sv_col_note, cons_h_note, mail_col_note
NOT_POPULATED: Final = "まだ調査票を作成していません。先に `dxreport populate {folder}` を実行してください。"  # board_no_surveys, mail_no_surveys
NO_VALUE: Final = "—"  # sv_absent_value, cons_no_value
NUMBER: Final = "事業番号"  # plan_col_number, cons_h_number
OPERATION: Final = "操作記録ID"  # cons_h_operation
PART: Final = "区分"  # plan_what_part, plan_col_part, sv_col_part, cons_h_part
POPULATE: Final = "調査票作成"  # sv_populate_progress, excel_button_populate
PREVIOUS_FOLDER: Final = "前回の作業フォルダ"  # excel_label_previous, excel_name_previous
PRODUCT_VERSION: Final = "dxreport {version}"  # cli_version, excel_version
PROJECT_NAME: Final = "事業名"  # sv_col_project_name, plan_col_project_name_before_split
RATING: Final = "評価"  # cons_ov_rating, cons_h_rating
RECEIVED: Final = "受付日時"  # cons_h_received_at, excel_board_received, chk_col_received_at
QUANTITY: Final = "数値"  # plan_what_quantity, cons_h_number_value, plan_col_value_number
REGENERATE: Final = "再作成する"  # excel_label_regenerate, excel_name_regenerate
RELISTED: Final = "再掲"  # plan_relisted_mark, plan_col_relisted, cons_relisted, cons_h_relisted
RESPONDENT: Final = "回答者"  # sv_respondent_header, chk_col_respondent, cons_h_respondent
RETURNED: Final = "差し戻し"  # verdict_returned, mail_kind_return
REVIEW: Final = "要確認"  # cons_sheet_review, cons_m_review
ROUND: Final = "調査回"  # excel_label_round, excel_name_round, cons_chart_round
SOURCE: Final = "出典"  # sv_col_source, cons_m_trace, cons_h_reported_source
SOURCE_LINE: Final = "原本行"  # plan_what_line, plan_col_source_line, plan_col_norm_line
STATUS: Final = "進捗状況"  # sv_col_status, sv_status_header, sv_dv_status_title, cons_kind_status, cons_h_status
STATUS_: Final = "状態"  # excel_label_status, excel_name_status, cons_h_kpi_state
SUBMISSION_METHOD: Final = "提出方法"  # excel_label_submission, excel_name_submission
SUBMISSIONS: Final = "提出状況"  # cons_sheet_submissions, cons_h_state, excel_sheet_board
TABLE: Final = "表"  # plan_what_table, plan_col_table
TARGET: Final = "{year}目標値"  # sv_col_target, cons_h_target
UNANSWERED: Final = "未回答"  # verdict_unanswered, cons_not_answered
UNIDENTIFIED: Final = "調査票として識別できないファイル {count} 件: {names}"  # board_unidentified, excel_board_unidentified
UNIT: Final = "単位"  # plan_col_unit, sv_col_unit, cons_h_unit
VALIDATION: Final = "検証"  # chk_lock_holder, chk_progress
VALUE: Final = "値"  # plan_what_value, cons_h_value
VALUE_: Final = "内容"  # chk_col_message, cons_ov_value, cons_h_message
VERDICT: Final = "判定"  # chk_col_verdict, chk_tbl_verdict, cons_h_verdict, excel_board_verdict
WARNING: Final = "警告"  # chk_severity_warning, chk_tbl_warnings
WARNINGS: Final = "警告件数"  # chk_col_warnings, excel_board_warnings
YEAR: Final = "年度"  # excel_label_year, excel_name_year, plan_col_value_year
