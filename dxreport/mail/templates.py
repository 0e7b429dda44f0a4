"""The mails' texts: one editable file per kind in `メール文面/`, with {placeholders}.

A file is written from the catalogue's default the first time a kind is used and never
overwritten, so the DX division's wording survives every later run. Its first line is the
subject (`件名：...`), the body follows the first blank line. Placeholders are Python
`str.format` fields with Japanese names ({課名}); a misspelt one or a stray brace is reported
with the file and the field before any draft is written.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from dxreport.errors import UserError
from dxreport.fileio import decode_notepad_text, write_text_atomic
from dxreport.messages import msg, raw

SUBJECT_PREFIXES = ("件名：", "件名:")


class MailKind(StrEnum):
    INQUIRY = "inquiry"  # 照会: the survey goes out
    REMINDER = "reminder"  # 督促: no answer yet, or a sent-back return not yet fixed
    RETURN = "return"  # 差し戻し: the annotated copy goes back with what to fix

    @property
    def label(self) -> str:
        return msg(f"mail_kind_{self.value}")

    @classmethod
    def parse(cls, value: str | MailKind) -> MailKind:
        """`照会` / `督促` / `差し戻し` (or the ASCII value) -> the kind."""
        for kind in cls:
            if value in (kind, kind.value, kind.label):
                return kind
        raise UserError(msg("mail_unknown_kind", value=value, kinds=kinds_text()))


def kinds_text() -> str:
    return "|".join(k.label for k in MailKind)


# Every placeholder a template may use (the same names the survey's guide sheet uses).
FIELDS: tuple[str, ...] = (
    "年度", "調査回", "部局名", "課名", "締切", "残り日数", "問い合わせ先", "調査票ID",
    "添付ファイル", "回答状況", "エラー件数", "警告件数", "指摘一覧",
)


@dataclass(frozen=True)
class Template:
    path: Path
    subject: str
    body: str

    def fill(self, values: dict[str, str]) -> tuple[str, str]:
        """(subject, body) with every placeholder filled in."""
        return (_format(self.path, self.subject, values).strip(),
                _format(self.path, self.body, values))


def template_path(folder: Path, kind: MailKind) -> Path:
    return folder / f"{kind.label}.txt"


def load_template(folder: Path, kind: MailKind) -> Template:
    """The kind's template from `folder`, written there from the default on first use;
    checked against every placeholder now, so a broken file stops the run before it starts."""
    path = template_path(folder, kind)
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, raw(f"mail_template_{kind.value}"))
    try:
        text = decode_notepad_text(path.read_bytes())
    except UnicodeDecodeError:
        raise UserError(msg("mail_template_encoding", path=path)) from None
    text = text.replace("\r\n", "\n")
    head, _, body = text.partition("\n")
    prefix = next((p for p in SUBJECT_PREFIXES if head.strip().startswith(p)), None)
    if prefix is None:
        raise UserError(msg("mail_template_no_subject", path=path))
    template = Template(path, head.strip().removeprefix(prefix), body.lstrip("\n"))
    template.fill(dict.fromkeys(FIELDS, ""))  # every field known, every brace paired
    return template


def _format(path: Path, text: str, values: dict[str, str]) -> str:
    try:
        for _literal, field, _spec, _conv in string.Formatter().parse(text):
            if field is not None and field not in values:
                raise UserError(msg("mail_template_unknown_field", path=path, field=field,
                                    known="、".join("{" + f + "}" for f in FIELDS)))
        return text.format_map(values)
    except ValueError as exc:  # a lone brace, a format spec a text field cannot take
        raise UserError(msg("mail_template_syntax", path=path, detail=exc)) from None
