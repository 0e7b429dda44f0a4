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


# rounds in a chain (dxreport init --from, the 推移 sheet's walk back)
CHAIN: Final[dict[str, str]] = {
    "wf_comment_previous": "前回の調査回（dxreport init --from で作成したとき）。前回の作業フォルダを移動したら folder を直してください",
    "chain_unknown_round": "前回の調査回（{round}）が計画の調査回（R8〜R12 の中間・年度末）のどれに当たるか分かりません。前回の 設定.toml の round_code を確認してください。",
    "chain_plan_ended": "前回（{previous}）は計画期間（{last} まで）の最後の調査回です。次の調査回はありません。",
    "chain_backwards": "{requested} は前回（{previous}）より後の調査回ではありません。前回より後の年度・調査回を指定してください（省略すると次の調査回になります）。",
    "chain_skips": "前回（{previous}）から {requested} に進むと、{skipped} が抜けます。抜かしてよい場合は --allow-skip を付けて、もう一度実行してください。",
    "chain_same_folder": "新しい作業フォルダと前回の作業フォルダが同じです（{path}）。別のフォルダを指定してください。",
    "chain_moved": "前回（{round}）の作業フォルダは記録の場所（{recorded}）になく、調査回ID で {found} に見つけました。{settings} の [previous] の folder を直すと、この案内は出なくなります。",
    "chain_missing": "前回（{round}）の作業フォルダが見つかりません: {path}（調査回ID {id}。隣のフォルダも探しました）。推移はそれより後の調査回だけを示します。移動した場合は {settings} の [previous] の folder に新しい場所を書いてください。",
    "chain_ambiguous": "前回（{round}）の調査回ID {id} を持つフォルダが複数あります: {paths}。{settings} の [previous] の folder にどれかを書いてください。",
    "chain_unreadable": "前回（{round}）の作業フォルダ {path} を開けません: {detail}",
    "chain_not_earlier": "前回の作業フォルダ {path} の調査回（{round}）は {this} より前ではありません。設定.toml の [previous] を確認してください。推移はそれより後の調査回だけを示します。",
}
