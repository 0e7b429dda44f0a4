"""集約: the returns that count become the status workbook (KPI一覧, 取組一覧, summaries,
要確認, 前回比較, 監査証跡), and the tidy records behind the library's DataFrames."""
