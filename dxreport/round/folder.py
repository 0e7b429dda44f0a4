"""The DX division's working folder for one round, and its settings file.

Layout (DESIGN.md §4)::

    <作業フォルダ>/
      設定.toml       settings of the round (a person may edit it)
      1_配布/         generated surveys
      2_回収/         returned files, any names
      3_受付/         immutable intake copies (by SHA-256) and the ledger
      4_差し戻し/     annotated copies to send back
      5_集約/         status workbooks
      6_メール/       unsent mail drafts, one folder per run (made on first use)
      メール文面/     the mails' editable texts (written on first use)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dxreport.errors import UserError
from dxreport.fileio import (
    UTF16_ENCODING,
    decode_notepad_text,
    write_bytes_atomic,
    write_text_atomic,
)
from dxreport.messages import has, msg
from dxreport.round.settings_syntax import explain
from dxreport.rules.fiscal_year import fiscal_year_start, parse_fiscal_year
from dxreport.rules.rating import RatingSettings

if TYPE_CHECKING:
    from tomlkit.container import Container
    from tomlkit.items import Table

SETTINGS_FILE = "設定.toml"
DISTRIBUTE_DIR = "1_配布"
RETURNS_DIR = "2_回収"
INTAKE_DIR = "3_受付"
SEND_BACK_DIR = "4_差し戻し"
CONSOLIDATED_DIR = "5_集約"
MAIL_DIR = "6_メール"
MAIL_TEMPLATES_DIR = "メール文面"
LEDGER_FILE = "ledger.sqlite3"
SUBDIRS = (DISTRIBUTE_DIR, RETURNS_DIR, INTAKE_DIR, SEND_BACK_DIR, CONSOLIDATED_DIR)

# Known rounds: the short name typed on the command line -> (display name, ASCII code).
ROUNDS: dict[str, tuple[str, str]] = {
    "年度末": ("年度末実績", "FINAL"),
    "中間": ("中間（9月末時点）", "MID"),
}
ROUND_SEQUENCE: tuple[str, ...] = ("MID", "FINAL")
"""Round codes in the order they come within a fiscal year (中間 → 年度末)."""

class ValidationSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    implausible_factor: float = Field(3.0, gt=1.0)  # actual beyond factor x target/baseline
    max_text_length: int = Field(1000, ge=10, le=32767)  # Excel's cell limit is 32767
    max_file_mb: float = Field(20.0, gt=0)


class PreviousRound(BaseModel):
    """The round this one follows (`dxreport init --from`): where its folder was and the ID
    its ledger carries, so a folder that moved is still recognised (`round.chain`)."""

    model_config = ConfigDict(extra="forbid")

    folder: str  # relative to this working folder, or absolute
    round_id: str
    fiscal_year: str
    round_name: str
    round_code: str


class Settings(BaseModel):
    """Settings of one round, stored in `設定.toml` of the working folder."""

    model_config = ConfigDict(extra="forbid")

    fiscal_year: str = "R8"
    round_name: str = "年度末実績"
    round_code: str = "FINAL"
    deadline: dt.date
    contact: str = "デジタル変革課"  # 問い合わせ先: the division and desk a clerk asks
    contact_extension: str = ""  # its 内線
    contact_email: str = ""  # its mail address, also where returns are sent
    submission: str = Field(default_factory=lambda: msg("wf_default_submission"))  # 提出方法
    master: str = "マスタ計画_R8.xlsx"  # relative to the folder, or absolute
    sheet_password: str = ""  # empty: protected without a password
    template: str = ""  # survey template .xlsx (relative or absolute); empty: the built-in one
    validation: ValidationSettings = Field(default_factory=ValidationSettings)
    rating: dict[str, Any] = Field(default_factory=dict)  # read by consolidate's RatingSettings
    previous: PreviousRound | None = None  # the round this one follows, if made with --from

    @field_validator("fiscal_year")
    @classmethod
    def _year(cls, v: str) -> str:
        return parse_fiscal_year(v)  # 令和8年度 typed in Notepad becomes R8

    @property
    def contact_text(self) -> str:
        """問い合わせ先 as the survey and the mails show it: desk, then 内線 and mail."""
        details = [msg("wf_contact_extension", extension=self.contact_extension)
                   if self.contact_extension.strip() else "", self.contact_email.strip()]
        details = [d for d in details if d]
        if not details:
            return self.contact
        return msg("wf_contact_text", contact=self.contact, details="、".join(details))

    @field_validator("round_code")
    @classmethod
    def _round_code(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Z0-9]{1,12}", v):
            raise ValueError(v)
        return v




@dataclass(frozen=True)
class WorkFolder:
    root: Path
    settings: Settings

    @property
    def distribute(self) -> Path:
        return self.root / DISTRIBUTE_DIR

    @property
    def returns(self) -> Path:
        return self.root / RETURNS_DIR

    @property
    def intake(self) -> Path:
        return self.root / INTAKE_DIR

    @property
    def send_back(self) -> Path:
        return self.root / SEND_BACK_DIR

    @property
    def consolidated(self) -> Path:
        return self.root / CONSOLIDATED_DIR

    @property
    def mail(self) -> Path:
        return self.root / MAIL_DIR

    @property
    def mail_templates(self) -> Path:
        return self.root / MAIL_TEMPLATES_DIR

    @property
    def settings_path(self) -> Path:
        return self.root / SETTINGS_FILE

    @property
    def master_path(self) -> Path:
        p = Path(self.settings.master)
        return p if p.is_absolute() else self.root / p

    @property
    def template_path(self) -> Path | None:
        """The survey template chosen in the settings, or None for the built-in one."""
        if not self.settings.template:
            return None
        p = Path(self.settings.template)
        return p if p.is_absolute() else self.root / p

    @property
    def ledger_path(self) -> Path:
        return self.intake / LEDGER_FILE


def default_deadline(fiscal_year: str, round_code: str) -> dt.date:
    start = fiscal_year_start(fiscal_year)
    return dt.date(start, 10, 31) if round_code == "MID" else dt.date(start + 1, 4, 30)


def resolve_round(round_arg: str) -> tuple[str, str]:
    """`年度末` / `中間` (or their display names) -> (display name, code)."""
    for short, (name, code) in ROUNDS.items():
        if round_arg in (short, name, code):
            return name, code
    raise UserError(msg("wf_unknown_round", value=round_arg, known="、".join(ROUNDS)))


def render_settings(s: Settings) -> str:
    """The settings file as commented TOML a person can edit in Notepad.

    Written by tomlkit, which quotes and escapes every value (a Windows path's backslashes,
    quotes in a name) and keeps the comments; the comments come from the catalogue
    (`wf_comment_<key>`), each above the setting it explains. Read back with tomllib.
    tomlkit is imported here: only `init` writes the file, every command reads it."""
    import tomlkit

    doc = tomlkit.document()
    _comment(doc, "wf_comment_header")
    doc.add(tomlkit.nl())
    _add_fields(doc, s, exclude=("validation", "rating", "previous"))
    validation = tomlkit.table()
    _add_fields(validation, s.validation)
    doc.add(tomlkit.nl())
    doc.add("validation", validation)
    rating = tomlkit.table()
    _comment(rating, "wf_comment_rating")
    for key, value in s.rating.items():  # as read from the file: plain TOML values
        rating.add(key, _inline(value))
    doc.add(tomlkit.nl())
    doc.add("rating", rating)
    if s.previous is not None:  # last: TOML has no null, the table is there or not
        previous = tomlkit.table()
        _comment(previous, "wf_comment_previous")
        _add_fields(previous, s.previous)
        doc.add(tomlkit.nl())
        doc.add("previous", previous)
    return tomlkit.dumps(doc)


def _comment(container: Container | Table, key: str) -> None:
    import tomlkit

    for line in msg(key).splitlines():
        container.add(tomlkit.comment(line))


def _inline(value: Any) -> Any:
    """Tables inside a list written inline, one per line (`bands = [{code = "A", ...}, ...]`,
    as the README shows), not as `[[rating.bands]]` sections: a line a person appends at the
    end of the file must still land in `[rating]`, not in its last band."""
    import tomlkit

    if isinstance(value, list):
        array = tomlkit.array()
        array.extend(_inline(v) for v in value)
        return array.multiline(any(isinstance(v, dict) for v in value))
    if isinstance(value, dict):
        table = tomlkit.inline_table()
        table.update({k: _inline(v) for k, v in value.items()})
        return table
    return value


def _add_fields(container: Container | Table, model: BaseModel,
                exclude: tuple[str, ...] = ()) -> None:
    """Each field of `model` in declaration order, under its comment if it has one."""
    for key in type(model).model_fields:
        if key in exclude:
            continue
        if has(f"wf_comment_{key}"):
            _comment(container, f"wf_comment_{key}")
        container.add(key, getattr(model, key))


def check_new_folder(root: Path) -> None:
    """A working folder can be made at `root`: nothing there, or a folder without 設定.toml."""
    if root.exists() and not root.is_dir():
        raise UserError(msg("wf_not_a_folder", path=root))
    if (root / SETTINGS_FILE).exists():
        raise UserError(msg("wf_already_initialised", path=root / SETTINGS_FILE))


def init_folder(root: Path, settings: Settings,
                files: Mapping[str, bytes] | None = None) -> WorkFolder:
    """Create the folder layout, `files` (names relative to the folder; one already there is
    kept) and the settings file; an existing settings file is kept.

    All or nothing: the caller prepares every byte first, and whatever this call made is
    removed again if a step fails, so a failed init never leaves a folder that the next init
    would call initialised. 設定.toml is written last: it is what marks a folder as made."""
    root = Path(root)
    check_new_folder(root)
    text = render_settings(settings)
    made: list[Path] = []  # what this call created, in order
    try:
        for folder in [*reversed(Path(root).absolute().parents), root.absolute()]:
            if not folder.exists():
                folder.mkdir()
                made.append(folder)
        for sub in SUBDIRS:
            if not (root / sub).is_dir():
                (root / sub).mkdir()
                made.append(root / sub)
        for name, data in (files or {}).items():
            parent = (root / name).parent
            if not parent.is_dir():  # a file carried in a sub-folder (メール文面/)
                parent.mkdir()
                made.append(parent)
            if not (root / name).exists():
                write_bytes_atomic(root / name, data)
                made.append(root / name)
        write_text_atomic(root / SETTINGS_FILE, text)
    except BaseException:
        _remove(made)
        raise
    return WorkFolder(root, settings)


def _remove(made: list[Path]) -> None:
    """Undo an init: newest first, each only if it is still what we made (an empty folder)."""
    for path in reversed(made):
        with contextlib.suppress(OSError):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink()


def open_folder(root: Path) -> WorkFolder:
    """Open an initialised working folder, with its settings validated."""
    root = Path(root)
    if not root.is_dir():
        raise UserError(msg("wf_missing", path=root))
    path = root / SETTINGS_FILE
    if not path.is_file():
        raise UserError(msg("wf_no_settings", path=path))
    try:
        text = decode_notepad_text(path.read_bytes())
    except UnicodeDecodeError as exc:
        key = "wf_settings_utf16" if exc.encoding == UTF16_ENCODING else "wf_settings_encoding"
        raise UserError(msg(key, path=path)) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(explain(path, text, exc, _TEXT_KEYS)) from None
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        raise UserError(_settings_error(path, exc)) from None
    _check_rating(path, settings.rating)
    for sub in SUBDIRS:
        (root / sub).mkdir(exist_ok=True)
    return WorkFolder(root, settings)


_TEXT_KEYS = frozenset(key for model in (Settings, ValidationSettings, PreviousRound)
                      for key, f in model.model_fields.items() if f.annotation is str)
"""The settings whose value is text (in quotes), for the syntax explanation's advice."""


def _hint(loc: tuple[Any, ...]) -> str:
    """What to write, for the setting at `loc` (the field's own hint, else the comments)."""
    names = [p for p in loc if isinstance(p, str)]
    if len(names) == 2 and names[0] == "rating" and names[1] in Settings.model_fields:
        return msg("wf_hint_below_rating")  # a line appended at the end of the file
    leaf = names[-1] if names else ""
    if has(f"wf_hint_{leaf}"):
        return msg(f"wf_hint_{leaf}")
    return msg("wf_setting_see_comment")


def _check_rating(path: Path, rating: dict[str, Any]) -> None:
    """`[rating]` checked when the folder opens, like every other setting, not first at the
    year-end consolidation."""
    try:
        RatingSettings.model_validate(rating)
    except ValidationError as exc:
        raise UserError(_settings_error(path, exc, ("rating",))) from None


def _settings_error(path: Path, exc: ValidationError, prefix: tuple[str, ...] = ()) -> str:
    lines = [msg("wf_settings_invalid", path=path)]
    for err in exc.errors():
        err = {**err, "loc": (*prefix, *err["loc"])}
        key = ".".join(str(p) for p in err["loc"]) or "?"
        if err["type"] == "missing":
            problem = msg("wf_setting_missing")
        elif err["type"] == "extra_forbidden":
            problem = msg("wf_setting_unknown")
        elif isinstance(err.get("ctx", {}).get("error"), UserError):  # a rule's Japanese reason
            problem = str(err["ctx"]["error"])
        elif err["type"] == "value_error" and prefix:  # our validators' Japanese reason
            problem = str(err["msg"]).removeprefix("Value error, ")
        else:
            problem = msg("wf_setting_bad_value", value=err.get("input"))
        lines.append(msg("wf_setting_line", key=key, problem=problem, hint=_hint(err["loc"])))
    return "\n".join(lines)


def master_file(folder: WorkFolder) -> Path:
    """The master workbook the settings point at; a clear error when it is missing."""
    if not folder.master_path.is_file():
        raise UserError(msg("wf_master_missing", path=folder.master_path))
    return folder.master_path
