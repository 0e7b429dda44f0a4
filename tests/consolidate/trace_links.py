"""Following the status workbook's trace links as a reader's click would."""

from __future__ import annotations

import re
from pathlib import Path

from dxreport.consolidate.trace_link import parse_target

_HYPERLINK = re.compile(r'^=HYPERLINK\("((?:[^"]|"")*)","((?:[^"]|"")*)"\)$')


def link_parts(formula: str) -> tuple[str, str]:
    """(target, shown name) of a `=HYPERLINK("…","…")` cell."""
    m = _HYPERLINK.match(formula)
    assert m is not None, formula
    return m[1].replace('""', '"'), m[2].replace('""', '"')


def follow(status: Path, formula: str) -> tuple[Path, str, str, str]:
    """(file, sheet, cell, shown name) a link of the status workbook at `status` opens;
    the relative path resolved from the workbook's folder, as Excel does."""
    target, shown = link_parts(formula)
    rel, sheet, cell = parse_target(target)
    return (status.parent / rel).resolve(), sheet, cell, shown
