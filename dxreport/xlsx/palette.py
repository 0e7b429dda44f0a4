"""The one palette of the generated workbooks, and the one-line legend that explains it.

Colour carries one meaning each, the same on every sheet and chart: the ratings run from green
(best) through light green and amber to red (worst); grey marks what was not submitted or not
answered; blue marks a change since the previous consolidation. The header blue and the pale
shade of a recomputable formula cell are the only other colours. Every fill, conditional
format and chart series takes its colour from here.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import PatternFill

# best → worst: A green, B light green, C amber, D red (fills under black text)
RATING_STEPS: tuple[str, ...] = ("63BE7B", "C6E0B4", "FFC000", "F8696B")
NOT_SUBMITTED = "D9D9D9"  # grey: 未提出 / 未回答 / no accepted answer
CHANGED = "9BC2E6"  # blue: changed since the previous consolidation
NOT_RATED = "FFFFFF"  # 評価対象外: no colour (outlined in OUTLINE in charts)
OUTLINE = "A6A6A6"
HEADER = "305496"
FORMULA = "EDF3FB"  # a cell an auditor can recompute (its formula is in the cell)
LINK = "0563C1"  # a link (Excel's own hyperlink blue)
LEGEND_MARK = "■"

# The survey's 入力チェック states (rules.entry): (fill, text colour, bold). The 要記入 pink is a
# prompt to the clerk, not an error: ERROR below (a finding in a return copy) is a clearly
# different, saturated red with white text.
CHECK_OK_FILL, CHECK_OK_TEXT = "E2EFDA", "375623"
CHECK_TODO_FILL, CHECK_TODO_TEXT = "FCE4D6", "C00000"
CHECK_EMPTY_FILL, CHECK_EMPTY_TEXT = "EDEDED", "595959"
ERROR_FILL, ERROR_TEXT = "C00000", "FFFFFF"  # a finding that sends the file back
WARNING_FILL, WARNING_TEXT = "FFEB9C", "7F6000"  # a finding to check, accepted as it is


def fill(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour)


def rating_colours(n_bands: int) -> list[str]:
    """The colours of `n_bands` rating bands, best first: four bands take the four steps;
    another number spreads over them, keeping green first and red last."""
    if n_bands <= 1:
        return list(RATING_STEPS[:n_bands])
    last = len(RATING_STEPS) - 1
    return [RATING_STEPS[round(i * last / (n_bands - 1))] for i in range(n_bands)]


def legend(title: str, items: Sequence[tuple[str, str]], font_name: str) -> CellRichText:
    """One line for the cell above a table: `title` then a coloured ■ and the label of each
    (label, colour) item. Text in a single cell, so it runs on over the columns whatever
    their widths."""
    parts: list[str | TextBlock] = [f"{title}："]
    for label, colour in items:
        parts.append(TextBlock(InlineFont(rFont=font_name, sz=12, color=colour), LEGEND_MARK))
        parts.append(f"{label}　")
    return CellRichText(parts)
