"""The one text neutraliser: how text that came from a returned file goes into our outputs.

Every writer of such text (the status workbook, 検証結果.xlsx, the return copies and their
comments, the Excel control workbook) calls this module, so a division's text looks the same
and is equally inert everywhere:

- characters an .xlsx cannot hold (the C0 control characters other than tab, LF and CR) are
  replaced with U+FFFD, so the reader sees that something was there;
- text is cut to Excel's 32,767 characters a cell;
- a text starting with `=`, `+`, `-`, `@`, tab or CR stays literal text: a string cell marked
  quote-prefixed (Excel's leading apostrophe), so neither openpyxl (which would store `=...`
  as a formula) nor Excel, when someone edits the cell, turns it into a formula;
- anything else, a line break inside the text included, is kept exactly as typed: auditors must
  see the division's words (a newline is not a formula trigger).
"""

from __future__ import annotations

from typing import Any, Final

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT: Final = "\ufffd"
MAX_CELL_CHARS: Final = 32767  # Excel's limit for the text of one cell


def clean_text(value: str) -> str:
    """`value` with the characters an .xlsx cannot hold replaced by U+FFFD."""
    # isprintable() is False for every character the pattern matches (and for more): most
    # texts skip the regular expression
    return value if value.isprintable() else ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value)


def neutralise(value: str) -> tuple[str, bool]:
    """(the text to store, whether it must be quote-prefixed) for a text cell."""
    text = clean_text(value)[:MAX_CELL_CHARS]
    return text, text.startswith(FORMULA_TRIGGERS)


def put_text(cell: Any, value: Any) -> None:
    """Write `value` (made text) into an openpyxl cell as a literal, neutralised text cell."""
    text, quote = neutralise(value if isinstance(value, str) else str(value))
    cell.value = text
    cell.data_type = "s"  # openpyxl marks '=...' as a formula, '#N/A' as an error; undo that
    if quote:
        cell.quotePrefix = True


def typed_text(value: str) -> str:
    """The neutralised text as a person would type it into Excel (xlwings writes values as
    typed): a leading apostrophe keeps formula-like text literal, as the quote prefix does."""
    text, quote = neutralise(value)
    return "'" + text if quote else text

