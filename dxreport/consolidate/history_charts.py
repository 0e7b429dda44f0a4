"""推移グラフ: a line chart for each KPI that is behind its path to the R12 target.

The 推移 sheet lists every KPI; the ones an auditor asks about are those behind the path
(`rules.achievement.on_path`, judged as 推移 judges them: `history.latest_judged`). Each gets a
block: its ID and name, a small table (one row per round of the chain: the accepted actual,
the value on the path and the year's target) and, beside it, a line chart drawn from that
table, so the figures under the lines stay readable and printable.
"""

from __future__ import annotations

from openpyxl.chart import LineChart, Reference
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.text import (
    CharacterProperties,
    Font,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from dxreport.consolidate.history import RoundCell, kpi_rounds, latest_judged, parts_of, round_label
from dxreport.consolidate.inputs import ConsolidationInput
from dxreport.messages import msg
from dxreport.rules.plan_model import Kpi
from dxreport.rules.rating import RatingSettings
from dxreport.xlsx import palette
from dxreport.xlsx.sheet_table import (
    BORDER,
    FILL_HEADER,
    FONT_BOLD,
    FONT_HEADER,
    FONT_NAME,
    FONT_TITLE,
    HEADER_ALIGN,
    by_value_format,
    finish_sheet,
    put,
    value_decimals,
)

CHART_COL = 6  # the chart starts in column F, right of the table (A–E)
ROW_POINTS = 15.0  # every row of the sheet: the chart's height in rows is then known
CHART_HEIGHT_CM = 6.0
CHART_ROWS = 12  # 6 cm = 170 pt: the rows a chart covers
CHART_WIDTH_CM = 15
BLOCKS_PER_PAGE = 2  # A4 landscape: two blocks and the sheet's title; no block is split
MAX_CHARTS = 100  # 50 pages: beyond that nobody reads charts (推移's filter lists the rest)
TITLE_POINTS = 11  # the chart's title: the name is printed in full above the block
TITLE_CHARS = 40
TABLE_WIDTHS = (12, 12, 12, 12, 2)
SHOWN_DECIMALS = 3


def behind_kpis(table: list[tuple[Kpi, list[RoundCell]]]
                ) -> list[tuple[Kpi, list[RoundCell]]]:
    """The KPIs whose latest judged round is behind the path, in plan order."""
    return [(kpi, cells) for kpi, cells in table
            if latest_judged(cells).path.on_path is False]


def _series_heads(kpi: Kpi) -> list[tuple[str, str | None, str]]:
    """(header, part, kind) of the table's value columns: actual, path, target per part."""
    heads = []
    for part in parts_of(kpi):
        suffix = f"（{part}）" if part else ""
        heads += [(msg("cons_chart_actual") + suffix, part, "actual"),
                  (msg("cons_h_history_expected") + suffix, part, "path"),
                  (msg("cons_chart_target") + suffix, part, "target")]
    return heads


def _value(cell: RoundCell, part: str | None, kind: str) -> float | None:
    if kind == "actual":
        return cell.actuals[part]
    if kind == "path":
        return cell.path.expected.get(part)
    return cell.evaluation[part].target


_LINE_STYLE = {"actual": (palette.HEADER, "solid"), "path": (palette.RATING_STEPS[-1], "dash"),
               "target": (palette.OUTLINE, "sysDot")}


def _chart(ws: Worksheet, kpi: Kpi, heads: list[tuple[str, str | None, str]], header: int,
           last: int) -> LineChart:
    chart = LineChart()
    chart.title = _title(f"{kpi.id} {kpi.name}")
    chart.width, chart.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
    chart.y_axis.title = kpi.unit or None
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.legend.position = "b"
    for col, (_head, _part, kind) in enumerate(heads, start=2):
        chart.add_data(Reference(ws, min_col=col, min_row=header, max_row=last),
                       titles_from_data=True)
        colour, dash = _LINE_STYLE[kind]
        series = chart.series[-1]
        series.graphicalProperties = GraphicalProperties(
            ln=LineProperties(solidFill=colour, prstDash=dash, w=28575 if kind == "actual"
                              else 19050))
        series.marker.symbol = "circle" if kind == "actual" else "none"
        series.smooth = False
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
    return chart


def _title(text: str) -> Title:
    """A chart title in the sheet's font at `TITLE_POINTS` (the default prints at 18 pt and
    wraps a long name over half the chart), cut to one line."""
    if len(text) > TITLE_CHARS:
        text = text[:TITLE_CHARS - 1] + "…"
    face = Font(typeface=FONT_NAME)
    props = CharacterProperties(sz=TITLE_POINTS * 100, b=True, latin=face, ea=face)
    para = Paragraph(pPr=ParagraphProperties(defRPr=props),
                     r=[RegularTextRun(rPr=props, t=text)])
    return Title(tx=Text(rich=RichText(p=[para])), overlay=False)


def _block(ws: Worksheet, row: int, kpi: Kpi, cells: list[RoundCell], division: str) -> int:
    """One KPI's title, table and chart from `row`; the first row after the block."""
    put(ws, row, 1, f"{kpi.id} {kpi.name}（{division}）", font=FONT_BOLD)
    judged = latest_judged(cells)
    put(ws, row + 1, 1, msg("cons_chart_judged", round=round_label(judged.round),
                            note=judged.path.note or msg("path_behind")))
    header = row + 2
    heads = _series_heads(kpi)
    for col, text in enumerate([msg("cons_chart_round"), *(h[0] for h in heads)], start=1):
        c = put(ws, header, col, text, font=FONT_HEADER)
        c.fill, c.alignment, c.border = FILL_HEADER, HEADER_ALIGN, BORDER
    for n, cell in enumerate(cells, start=header + 1):
        put(ws, n, 1, round_label(cell.round)).border = BORDER
        for col, (_h, part, kind) in enumerate(heads, start=2):
            v = _value(cell, part, kind)
            c = put(ws, n, col, _shown(v))
            c.border = BORDER
            c.number_format = by_value_format(value_decimals(_shown(v)))
    last = header + len(cells)
    # below the title row, which runs on over the chart's columns
    ws.add_chart(_chart(ws, kpi, heads, header, last),
                 f"{get_column_letter(CHART_COL)}{row + 1}")
    return row + 1 + max(last - row, CHART_ROWS) + 1


def _shown(v: float | None) -> float | None:
    """A value as the table shows it: a point on the path is computed (59.60000000000001)."""
    return round(v, SHOWN_DECIMALS) if v is not None else None


def write_history_charts(ws: Worksheet, inp: ConsolidationInput, settings: RatingSettings,
                         table: list[tuple[Kpi, list[RoundCell]]] | None = None) -> None:
    """The 推移グラフ sheet (see the module doc); a note instead when no KPI is behind."""
    put(ws, 1, 1, msg("cons_charts_title"), font=FONT_TITLE)
    behind = behind_kpis(table if table is not None else kpi_rounds(inp, settings))
    intro = msg("cons_charts_intro", n=len(behind)) if behind else msg("cons_charts_none")
    if len(behind) > MAX_CHARTS:
        intro += msg("cons_charts_capped", shown=MAX_CHARTS, rest=len(behind) - MAX_CHARTS)
        behind = behind[:MAX_CHARTS]
    put(ws, 2, 1, intro)
    row = 4
    for n, (kpi, cells) in enumerate(behind, start=1):
        row = _block(ws, row, kpi, cells, inp.plan.division(kpi.division_code).name)
        if n % BLOCKS_PER_PAGE == 0 and n < len(behind):
            ws.row_breaks.append(Break(id=row - 1))
    for r in range(1, row + 1):
        ws.row_dimensions[r].height = ROW_POINTS
    widths = [*TABLE_WIDTHS, *([9.5] * 9)]  # the chart's columns: about 15 cm
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    finish_sheet(ws, header_row=None, last_row=row, n_cols=len(widths))
    # a block must not break across pages: one chart per block, the page breaks between them
    ws.page_setup.fitToHeight = 0


__all__ = ["behind_kpis", "write_history_charts"]
