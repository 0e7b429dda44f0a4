"""The one-click trace: a relative `HYPERLINK` from the status workbook (in 5_集約) to the
accepted file's intake copy in 3_受付, at the exact sheet and cell, shown under the file name
the division sent.

Relative, so the link keeps working when the whole work folder is copied or moved (a share,
a USB stick for the auditor). The target uses Excel's documented form for a cell in another
workbook, `[path]'Sheet'!A1`; forward slashes are read by Excel on Windows and Mac and by
LibreOffice.
"""

from __future__ import annotations

import re

from dxreport.checks.intake import intake_name
from dxreport.consolidate.inputs import Trace
from dxreport.round.folder import INTAKE_DIR
from dxreport.xlsx.sheet_table import Formula

# Excel refuses a HYPERLINK argument longer than 255 characters.
_MAX_ARGUMENT = 255
# characters a formula's string literal cannot carry in an .xlsx (and line breaks)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\ufffe\uffff]")
_LINK = re.compile(r"^\[(?P<path>[^\]]+)\]'(?P<sheet>(?:[^']|'')+)'!(?P<cell>[A-Z]+[0-9]+)$")


def link_target(trace: Trace) -> str:
    """`[../3_受付/<sha256>.xlsx]'Sheet'!H12`: the intake copy's cell, relative to 5_集約."""
    path = f"../{INTAKE_DIR}/{intake_name(trace.sha256, trace.file_name)}"
    sheet = trace.sheet.replace("'", "''")
    return f"[{path}]'{sheet}'!{trace.cell}"


def parse_target(target: str) -> tuple[str, str, str]:
    """(relative path, sheet, cell) of a `link_target` (the reverse, for tests and checks)."""
    m = _LINK.match(target)
    if m is None:
        raise ValueError(f"not a trace link: {target}")
    return m["path"], m["sheet"].replace("''", "'"), m["cell"]


def _literal(text: str) -> str:
    """`text` as a formula's string literal: quotes doubled, control characters dropped,
    cut to what HYPERLINK accepts (a long name ends in …)."""
    text = _UNSAFE.sub("", text)
    if len(text) > _MAX_ARGUMENT:
        text = text[: _MAX_ARGUMENT - 1] + "…"
    return '"' + text.replace('"', '""') + '"'


def trace_link(trace: Trace) -> Formula:
    """The HYPERLINK cell: one click opens the returned file at the cell the value came from;
    the cell reads as the file name the division sent."""
    return Formula(f"=HYPERLINK({_literal(link_target(trace))},{_literal(trace.file_name)})",
                   shown=trace.file_name)
