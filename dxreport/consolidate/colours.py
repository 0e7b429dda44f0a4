"""What the palette's colours mean in the status workbook: the rating of each label, the
legends above the colour-coded tables, the conditional formats of the rating columns and the
colours of the charts. The colours themselves live in `xlsx.palette`."""

from __future__ import annotations

from openpyxl.cell.rich_text import CellRichText
from openpyxl.chart import BarChart
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from dxreport.messages import msg
from dxreport.rules.rating import NOT_RATED, NOT_SUBMITTED, RatingSettings
from dxreport.xlsx import palette
from dxreport.xlsx.sheet_table import FONT_NAME


def rating_colour(settings: RatingSettings, code: str) -> str:
    """The palette colour of a rating code (A–D, 未提出 grey, 評価対象外 none)."""
    if code == NOT_SUBMITTED:
        return palette.NOT_SUBMITTED
    if code == NOT_RATED:
        return palette.NOT_RATED
    codes = [b.code for b in settings.bands]
    return palette.rating_colours(len(codes))[codes.index(code)]


# 進捗状況 on the same scale as the ratings; any other bucket (未回答, a division's
# standing such as 差し戻し) is grey: there is no answer to count.
_STATUS_STEPS = {"完了": 0, "順調": 0, "概ね順調": 1, "遅れ": 2, "未着手": 3}


def status_colour(status: str) -> str:
    step = _STATUS_STEPS.get(status)
    return palette.NOT_SUBMITTED if step is None else palette.RATING_STEPS[step]


def _legend(items: list[tuple[str, str]]) -> CellRichText:
    return palette.legend(msg("cons_legend"), items, FONT_NAME)


def kpi_legend(settings: RatingSettings) -> CellRichText:
    """評価 A–D, 未提出 and the formula shade: the colours of KPI一覧."""
    items = [(b.label, rating_colour(settings, b.code)) for b in settings.bands]
    items.append((settings.not_submitted_label, palette.NOT_SUBMITTED))
    items.append((msg("cons_legend_formula"), palette.FORMULA))
    return _legend(items)


def missing_legend(label: str) -> CellRichText:
    """The grey of rows without an accepted answer (`label`: 未回答 / 使える回答なし)."""
    return _legend([(label, palette.NOT_SUBMITTED)])


def changes_legend() -> CellRichText:
    """前回比較: blue for a change, grey for a value still missing."""
    return _legend([(msg("cons_legend_changed"), palette.CHANGED),
                    (msg("cons_change_missing"), palette.NOT_SUBMITTED)])


def rating_formats(ws: Worksheet, cells: str, settings: RatingSettings) -> None:
    """Colour the rating cells in `cells` (a range) by their value, formulas included:
    Excel and LibreOffice evaluate the rule on the computed rating."""
    labelled = [(b.label, b.code) for b in settings.bands]
    labelled.append((settings.not_submitted_label, NOT_SUBMITTED))
    for label, code in labelled:
        colour = rating_colour(settings, code)
        fill = PatternFill(start_color=colour, end_color=colour, fill_type="solid")
        quoted = '"' + label.replace('"', '""') + '"'
        ws.conditional_formatting.add(cells, CellIsRule(operator="equal", formula=[quoted],
                                                        fill=fill))


def shape(colour: str) -> GraphicalProperties:
    shape = GraphicalProperties(solidFill=colour)
    if colour == palette.NOT_RATED:
        shape.line.solidFill = palette.OUTLINE
    return shape


def colour_series(chart: BarChart, settings: RatingSettings, codes: list[str]) -> None:
    """One series per rating code (stacked charts): each in its rating's colour."""
    for series, code in zip(chart.series, codes, strict=False):
        series.graphicalProperties = shape(rating_colour(settings, code))


def colour_points(chart: BarChart, colours: list[str]) -> None:
    """One series, one colour per point (a rating's, a status's)."""
    (series,) = chart.series
    series.dPt = [DataPoint(idx=i, spPr=shape(c)) for i, c in enumerate(colours)]
