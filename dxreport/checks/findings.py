"""Findings: what validation found in a returned file, with stable codes and a verdict.

A code never changes meaning once published (auditors and divisions quote them). Families:
F = the file itself (unsafe or unreadable: always rejected), I = identity (is it one of our
surveys, for this round), S = structure (sheets, headers, key rows, locked master values),
V = values typed by the division. The Japanese wording lives in `messages/checks.py` under
`chk_<code>_msg` (what was found) and `chk_<code>_action` (what to do).

A finding keeps its named parameters (`params`: the header, the key, the raw text...), as
frictionless-py's typed errors do; its texts are rendered from the catalogue when shown and
are never parsed back, so rewording a message cannot change what a check does. The ledger
stores code, severity, place and parameters (`stored`); findings stored by earlier versions,
which kept only the rendered texts, still load and show those texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from dxreport.messages import has, msg
from dxreport.rules.verdicts import Verdict

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class CheckDef:
    code: str
    severity: Severity
    fields: tuple[str, ...] = ()  # placeholders the message/action templates need
    fatal: bool = False  # rejects the file outright (all F codes, identity failures)

    @property
    def msg_key(self) -> str:
        return message_key(self.code)

    @property
    def action_key(self) -> str:
        return action_key(self.code)


def message_key(code: str) -> str:
    return f"chk_{code}_msg"


def action_key(code: str) -> str:
    return f"chk_{code}_action"


def _defs(*items: CheckDef) -> dict[str, CheckDef]:
    return {d.code: d for d in items}


E: Severity = "error"
W: Severity = "warning"

CATALOGUE: dict[str, CheckDef] = _defs(
    # file: the bytes themselves; nothing of the content is trusted or read
    CheckDef("F001", E, ("detail",), fatal=True),  # not an Excel workbook
    CheckDef("F002", E, ("detail",), fatal=True),  # corrupt or truncated
    CheckDef("F003", E, (), fatal=True),  # password-encrypted OOXML
    CheckDef("F004", E, (), fatal=True),  # legacy .xls / other OLE2 file
    CheckDef("F005", E, ("detail",), fatal=True),  # macro-enabled (.xlsm/.xlsb/vbaProject.bin)
    CheckDef("F006", E, ("size", "limit"), fatal=True),  # file too large
    CheckDef("F007", E, ("size", "limit"), fatal=True),  # zip bomb: total uncompressed size
    CheckDef("F008", E, ("part", "size", "limit"), fatal=True),  # zip bomb: one entry too large
    CheckDef("F009", E, ("part", "ratio"), fatal=True),  # zip bomb: compression ratio
    CheckDef("F010", E, ("count", "limit"), fatal=True),  # zip bomb: too many entries
    CheckDef("F011", E, ("part",), fatal=True),  # XML with DTD / entity declarations
    CheckDef("F012", E, ("count",), fatal=True),  # external workbook links
    CheckDef("F013", E, ("kind",), fatal=True),  # validation itself failed on this file
    CheckDef("F014", E, (), fatal=True),  # saved as Strict Open XML
    CheckDef("F015", E, ("count", "part"), fatal=True),  # Excel 4.0 (XLM) macro sheet
    CheckDef("F016", E, ("count", "part"), fatal=True),  # ActiveX control
    CheckDef("F017", E, ("count", "part"), fatal=True),  # embedded OLE object
    # identity
    CheckDef("I001", E, (), fatal=True),  # no survey metadata
    CheckDef("I002", E, ("survey_id",), fatal=True),  # survey ID not in what populate sent
    CheckDef("I003", E, ("found", "expected"), fatal=True),  # other year or round
    CheckDef("I004", E, ("found", "expected")),  # other template version: send back
    CheckDef("I005", W, ("first",)),  # exact duplicate of an earlier file: noted, ignored
    CheckDef("I006", W, ("newer",)),  # superseded by a newer return for the same survey
    CheckDef("I007", E, ("found", "expected"), fatal=True),  # division differs from record
    CheckDef("I008", E, ("survey_id",), fatal=True),  # a distribution the ledger never sent
    # structure
    CheckDef("S001", E, ("required",)),  # required sheet missing
    CheckDef("S002", E, ("required", "found")),  # required sheet renamed
    CheckDef("S003", E, ("expected", "found")),  # key header changed
    CheckDef("S004", E, ("key", "name")),  # key row deleted
    CheckDef("S005", E, ("key", "name", "cells")),  # key row duplicated
    CheckDef("S006", W, ("cells",)),  # unknown rows added (ignored)
    CheckDef("S007", E, ("field", "expected", "found")),  # locked master value changed
    # values
    CheckDef("V001", E),  # required actual missing
    CheckDef("V002", E, ("raw", "reason")),  # not a number
    CheckDef("V003", W, ("raw", "read_as", "reason")),  # normalised: says what was read
    CheckDef("V004", E, ("raw", "reason")),  # ambiguous
    CheckDef("V005", E, ("value",)),  # negative where impossible
    CheckDef("V006", E, ("value",)),  # percent over 100
    CheckDef("V007", W, ("value", "baseline", "target", "factor")),  # implausible
    CheckDef("V008", E, ("date", "fiscal_year", "start", "end")),  # as-of date outside FY
    CheckDef("V009", E, ("raw", "reason")),  # as-of date unreadable
    CheckDef("V010", W, ("status", "detail")),  # status inconsistent with numbers
    CheckDef("V011", E, ("value", "target")),  # comment required when behind target
    CheckDef("V012", E, ("length", "limit")),  # text over length
    CheckDef("V013", E, ("formula",)),  # formula in an input cell
    CheckDef("V014", E, ("formula",)),  # external link in an input cell
    CheckDef("V015", E),  # progress status (進捗状況) not chosen
    CheckDef("V016", E, ("raw", "statuses")),  # progress status not one of the list
    CheckDef("V017", E, ("status", "field")),  # 遅れ/未着手 without 課題 or 今後の対応
    CheckDef("V018", E),  # 実施内容・実績 missing
    CheckDef("V019", W, ("value", "baseline", "target", "unit", "suggested")),  # 千-unit ×1000
    CheckDef("V020", E),  # an actual without its 基準日
    CheckDef("V021", E),  # an actual without its 出典
    CheckDef("V022", W, ("value", "kpi")),  # typed over a same-indicator reference row
)


Param = str | int | float | bool | None  # what a parameter may be: JSON keeps it as it is
STORED_KEYS = frozenset({"code", "severity", "sheet", "cell", "params", "subject"})


class Subject(BaseModel):
    """The survey item a finding's cell belongs to, in the words of the sheet: the row's
    KPI ID or 取組ID, its 指標名 or 事業名 as distributed, and the column's title. What a
    clerk looks for; `シート!セル` alone tells them nothing."""

    model_config = ConfigDict(frozen=True)

    key: str
    item: str = ""
    column: str = ""


class Finding(BaseModel):
    """One problem in one file, located as precisely as we can (sheet and cell), with the
    named parameters its message and action are rendered from."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    sheet: str | None = None
    cell: str | None = None
    params: dict[str, Param] = Field(default_factory=dict)
    file: str | None = None
    subject: Subject | None = None  # the row and column of the survey (None: not on a row)
    # the texts of a finding stored before findings kept their parameters (older ledgers)
    stored_message: str | None = Field(default=None, repr=False)
    stored_action: str | None = Field(default=None, repr=False)

    @model_validator(mode="before")
    @classmethod
    def _older_form(cls, data: Any) -> Any:
        """A stored finding without `params` is of the older form: keep its rendered texts."""
        if isinstance(data, dict) and "params" not in data and "message" in data:
            data = {**data, "stored_message": data.get("message"),
                    "stored_action": data.get("action")}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def message(self) -> str:
        """What was found, in Japanese (rendered now from the catalogue)."""
        return self._render(message_key(self.code), self.stored_message)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def action(self) -> str:
        """What to do about it, in Japanese."""
        return self._render(action_key(self.code), self.stored_action)

    def _render(self, key: str, stored: str | None) -> str:
        if stored is not None or not has(key):
            return stored or ""
        return msg(key, **self.params)

    def stored(self) -> dict[str, Any]:
        """The finding as the ledger keeps it: code, severity, place and parameters."""
        if self.stored_message is not None:  # an older finding: its texts are all it has
            return {"code": self.code, "severity": self.severity, "sheet": self.sheet,
                    "cell": self.cell, "message": self.stored_message,
                    "action": self.stored_action}
        stored = self.model_dump(include=set(STORED_KEYS - {"subject"}))
        if self.subject is not None:  # findings off the survey's rows keep their old form
            stored["subject"] = self.subject.model_dump()
        return stored

    @classmethod
    def from_stored(cls, data: dict[str, Any], file: str | None = None) -> Finding:
        """A finding as `stored` (or an older version) kept it (ValueError / KeyError when its
        texts cannot be rendered)."""
        found = cls.model_validate({k: v for k, v in data.items()
                                    if k in STORED_KEYS | {"message", "action"}} | {"file": file})
        found.message, found.action  # noqa: B018  # renders now: a broken record fails here
        return found

    @property
    def fatal(self) -> bool:
        d = CATALOGUE.get(self.code)
        return d.fatal if d else self.code.startswith("F")

    @property
    def location(self) -> str:
        """`シート!セル` as people write it ('' when the finding is about the whole file)."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.cell or ""

    @property
    def severity_label(self) -> str:
        return msg(f"chk_severity_{self.severity}")


def finding(
    code: str,
    *,
    sheet: str | None = None,
    cell: str | None = None,
    file: str | None = None,
    **fields: object,
) -> Finding:
    """Build the finding `code` with its catalogued severity and its named parameters."""
    d = CATALOGUE[code]
    missing = [f for f in d.fields if f not in fields]
    if missing:
        raise ValueError(f"finding {code} needs fields {missing}")
    params = {k: v if v is None or isinstance(v, str | int | float | bool) else str(v)
              for k, v in fields.items()}
    return Finding(code=code, severity=d.severity, sheet=sheet, cell=cell, params=params,
                   file=file)


def verdict(findings: Iterable[Finding]) -> Verdict:
    """rejected: any F or fatal I; returned: any other error; else warnings or clean."""
    found = list(findings)
    if any(f.fatal for f in found):
        return Verdict.REJECTED
    if any(f.severity == "error" for f in found):
        return Verdict.RETURNED
    if found:
        return Verdict.ACCEPTED_WITH_WARNINGS
    return Verdict.ACCEPTED


def counts(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    found = list(findings)
    errors = sum(1 for f in found if f.severity == "error")
    return errors, len(found) - errors


def stored_view(stored: dict[str, Any]) -> dict[str, Any]:
    """A finding as the ledger keeps it -> the columns people read (the library's table),
    rendered from its parameters exactly as 検証結果.xlsx renders it."""
    f = Finding.from_stored(stored)
    return {"code": f.code, "severity": f.severity_label, "sheet": f.sheet, "cell": f.cell,
            "message": f.message, "action": f.action}
