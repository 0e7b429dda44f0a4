"""A TOML syntax error in 設定.toml, explained in Japanese: where, what and how to fix it.

The file is edited by hand in Notepad, so the mistakes are a clerk's, not a programmer's:
a value without quotes, a Windows path in "…" (where `\\` starts an escape), a quote not
closed, a setting written twice, full-width ＝ or “ ” typed by the Japanese IME. tomllib
only says e.g. "Invalid value (at line 1, column 15)" in English. Here its kind and
position are read back, the offending line is looked at, and one catalogue message says
what is wrong with a corrected example; a kind we do not know still gets a Japanese
explanation with the line and the line's text, never tomllib's English.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from dxreport.messages import has, msg

_POSITION = re.compile(
    r"^(?P<kind>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$",
    re.DOTALL)

# What the Japanese IME types instead of TOML's half-width symbols (outside "…").
FULL_WIDTH = "＝“”‘’［］｛｝　＃，．：＂＇＿－０１２３４５６７８９"

# tomllib's kinds (the text before " (at …)"), by what a clerk did wrong.
_BACKSLASH = ("Unescaped '\\' in a string", "Invalid hex value",
              "Escaped character is not a Unicode scalar value")
_UNCLOSED_STRING = ("Unterminated string", "Expected '\"'", "Expected \"'\"",
                    "Expected '\"\"\"'", "Expected \"'''\"")
_DUPLICATE = ("Cannot overwrite a value", "Cannot declare", "Duplicate inline table key",
              "Cannot mutate immutable namespace", "Cannot redefine namespace")
_HEADER = ("Expected ']' at the end of a table declaration",
           "Expected ']]' at the end of an array declaration")
_BRACKETS = ("Unclosed array", "Unclosed inline table")
_KEY = re.compile(r"""^\s*([A-Za-z0-9_.\-]+)""")


@dataclass(frozen=True)
class _Where:
    kind: str
    line: int  # 1-based
    column: int | None  # 1-based; None: the error is at the end of the file
    text: str  # the offending line as written


def explain(path: Path, text: str, exc: tomllib.TOMLDecodeError,
            text_keys: frozenset[str] = frozenset()) -> str:
    """The Japanese message for `exc`, raised reading `text` (the file at `path`).

    `text_keys`: the settings whose value is text; a bare value there is told to take
    quotes, while a date or a number is shown its setting's own hint instead."""
    where = _locate(text, str(exc))
    head = (msg("wf_settings_syntax", path=path, line=where.line, column=where.column)
            if where.column is not None
            else msg("wf_settings_syntax_at_line", path=path, line=where.line))
    shown = msg("wf_settings_syntax_shown", line=where.line, text=where.text.strip())
    return "\n".join((head, shown, _problem(text, where, text_keys),
                      msg("wf_settings_syntax_after")))


def _locate(text: str, detail: str) -> _Where:
    lines = text.replace("\r\n", "\n").split("\n")
    m = _POSITION.match(detail)
    kind = m["kind"] if m else detail
    if m and m["line"]:
        n = int(m["line"])
        return _Where(kind, n, int(m["column"]), lines[n - 1] if n <= len(lines) else "")
    n = _statement_start(lines)  # "at end of document": where the open statement began
    return _Where(kind, n, None, lines[n - 1])


def _statement_start(lines: list[str]) -> int:
    """The line where the statement left open at the end of the file begins: the first
    line that the file's lines before it parse without, and with it do not."""
    for n in range(len(lines), 0, -1):
        try:
            tomllib.loads("\n".join(lines[:n - 1]))
        except tomllib.TOMLDecodeError:
            continue
        if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#"):
            return n
    return max(1, len(lines))


def _problem(text: str, w: _Where, text_keys: frozenset[str]) -> str:
    """What is wrong on the line and how to write it, by what the clerk most likely did."""
    outside = _outside_strings(w.text)
    wide = sorted({c for c in outside if c in FULL_WIDTH}, key=FULL_WIDTH.index)
    key = _key_of(w.text)
    if wide:
        shown = "".join(f"「{'全角の空白' if c == '　' else c}」" for c in wide)
        return msg("wf_toml_full_width", chars=shown)
    if w.kind.startswith(_BACKSLASH):
        return msg("wf_toml_backslash", example=_single_quoted(w.text))
    if w.kind.startswith(_UNCLOSED_STRING) or (
            w.kind == "Illegal character '\\n'" and _open_quote(w.text)):
        return msg("wf_toml_unclosed_string", quote=_open_quote(w.text) or '"')
    if w.kind.startswith("Illegal character"):
        return msg("wf_toml_control_character")
    if w.kind.startswith(_DUPLICATE):
        return _duplicate(text, w)
    if w.kind.startswith(_HEADER) or (w.text.lstrip().startswith("[")
                                     and w.kind == "Invalid initial character for a key part"):
        return msg("wf_toml_header")
    if w.kind.startswith("Expected '=' after a key"):
        return msg("wf_toml_missing_equals", key=key or "?")
    if w.kind.startswith(_BRACKETS) or _left_open(outside, at_end=w.column is None):
        return msg("wf_toml_unclosed_brackets")
    if w.kind == "Invalid statement":
        return msg("wf_toml_invalid_statement")
    value = w.text.partition("=")[2].split("#")[0].strip()
    if w.kind == "Invalid value":
        if not value:
            return msg("wf_toml_empty_value", key=key or "?") + _key_hint(key)
        if key in text_keys or not _key_hint(key):
            return msg("wf_toml_unquoted", value=value, key=key or "?",
                       bare=value.strip("\"'"))
        return msg("wf_toml_bad_value", value=value) + _key_hint(key)
    if w.kind == "Invalid date or datetime":
        return msg("wf_toml_bad_date", value=value) + _key_hint(key)
    if w.kind.startswith("Expected newline or end of document"):
        rest = w.text[w.column - 1:].strip() if w.column else ""
        return msg("wf_toml_trailing", rest=rest) + _key_hint(key)
    return msg("wf_toml_other") + _key_hint(key)


def _key_hint(key: str | None) -> str:
    """The setting's own hint (what to write there), when it has one."""
    return " " + msg(f"wf_hint_{key}") if key and has(f"wf_hint_{key}") else ""


def _key_of(line: str) -> str | None:
    m = _KEY.match(line)
    return m[1] if m else None


def _scan(line: str) -> tuple[str, str]:
    """(the line without its quoted strings and its comment, the quote a string was opened
    with and not closed with, or ""): one walk for both questions."""
    out, quote = [], ""
    for c in line:
        if quote:
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#":
            break
        else:
            out.append(c)
    return "".join(out), quote


def _outside_strings(line: str) -> str:
    """The line without its quoted strings and its comment: where TOML's symbols belong."""
    return _scan(line)[0]


def _left_open(outside: str, *, at_end: bool) -> bool:
    """Brackets opened on the line and not closed: `{…}` must close on its own line, and a
    statement still open at the end of the file is a `[` never closed."""
    inline = outside.count("{") > outside.count("}")
    return inline or (at_end and outside.count("[") > outside.count("]"))


def _open_quote(line: str) -> str | None:
    """The quote a string on `line` was opened with and not closed with, if any."""
    return _scan(line)[1] or None


def _single_quoted(line: str) -> str:
    """The line with its "…" written as '…' (a Windows path read as written)."""
    key, _, value = line.partition("=")
    inner = value.strip()
    if inner.startswith('"') and inner.endswith('"') and len(inner) >= 2:
        inner = inner[1:-1]
    return f"{key.strip()} = '{inner}'"


def _duplicate(text: str, w: _Where) -> str:
    """Which setting or heading is written twice, and the line of its first appearance."""
    lines = text.replace("\r\n", "\n").split("\n")
    header = w.text.strip()
    if header.startswith("["):
        name = header
        first = next((i + 1 for i, line in enumerate(lines[:w.line - 1])
                      if line.strip() == header), None)
    elif m := re.search(r"Duplicate inline table key '(.+)'", w.kind):
        return msg("wf_toml_duplicate", name=m[1])
    else:
        name = _key_of(w.text) or w.text.strip()
        table = _table_at(lines, w.line)
        first = next((i + 1 for i, line in enumerate(lines[:w.line - 1])
                      if _key_of(line) == name and _table_at(lines, i + 1) == table), None)
    if first is None:
        return msg("wf_toml_duplicate", name=name)
    return msg("wf_toml_duplicate_at", name=name, first=first)


def _table_at(lines: list[str], n: int) -> str:
    """The heading (`[rating]`) line `n` belongs to; "" above the first heading."""
    for line in reversed(lines[:n - 1]):
        if line.strip().startswith("["):
            return line.strip()
    return ""
