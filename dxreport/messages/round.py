"""The status board of a round (`dxreport status`, the control workbook's 提出状況)."""

from __future__ import annotations

from typing import Final

from dxreport.messages import labels as L

# status board (dxreport status)
BOARD: Final[dict[str, str]] = {
    "help_status": "提出状況（回答の受付・検証結果・未回答）を表示する",
    "help_folder": L.FOLDER,
    "help_json": "結果を JSON で標準出力に出す",
    "board_title": "提出状況 {year} {round}（回答期限 {deadline}）",
    "board_headers": "部局|課・室|状況|受付日時|エラー|警告|ファイル",
    "board_summary": "対象 {expected} 課 / 回答 {received} 課（受理 {accepted}、差し戻し {returned}、受付不可 {rejected}）/ 未回答 {unanswered} 課",
    "board_unanswered": "未回答の課（督促対象）: {names}",
    "board_no_surveys": L.NOT_POPULATED,
    "board_unidentified": L.UNIDENTIFIED,
}
