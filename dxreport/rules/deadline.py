"""How far a day is from the round's 回答期限, in the words every output uses (the mail
drafts' 残り日数, 概要's list of divisions without an accepted answer)."""

from __future__ import annotations

import datetime as dt

from dxreport.messages import msg


def days_left(deadline: dt.date, today: dt.date) -> str:
    """あと N 日 / 本日が期限 / 期限を N 日過ぎています."""
    days = (deadline - today).days
    if days > 0:
        return msg("mail_days_left", days=days)
    if days == 0:
        return msg("mail_due_today")
    return msg("mail_days_over", days=-days)
