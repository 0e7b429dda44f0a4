"""Builds the standard survey template `templates/survey_template.xlsx` from the layout.

The committed template is the output of this module (`python -m dxreport.survey.template_build`).
The DX division may restyle the template in Excel: wording of 記入要領, colours, fonts, a logo,
rows above the tables. What must stay: sheet names, header texts, the defined names and the
placeholders such as {締切} that populate fills in.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from dxreport.messages import msg
from dxreport.resources import SURVEY_TEMPLATE
from dxreport.rules.statuses import STATUS_DEFINITIONS
from dxreport.survey import layout as L
from dxreport.xlsx.print_layout import fit_a4

TEMPLATE_VERSION = "2026.2"  # 2026.2: 回答者 block, 参考 rows, A3 print
# Package data; in a checkout it is `templates/survey_template.xlsx` (see dxreport.resources).
DEFAULT_TEMPLATE = SURVEY_TEMPLATE

FONT = "游ゴシック"
HEADER_ROW = 4  # rows 1-3: title and a short note; the DX division may insert more above

REFERENCE_TINT = "DDEBF7"  # light blue: 記入要領 calls these rows 水色

_thin = Side(style="thin", color="808080")
_border = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


def _named_styles() -> list[NamedStyle]:
    def style(name: str, **kw) -> NamedStyle:
        s = NamedStyle(name=name)
        s.font = kw.get("font", Font(name=FONT, size=10))
        s.fill = kw.get("fill", PatternFill())
        s.border = kw.get("border", Border())
        s.alignment = kw.get("alignment", Alignment(vertical="top"))
        s.protection = kw.get("protection", Protection(locked=True))
        s.number_format = kw.get("number_format", "General")
        return s

    top_wrap = Alignment(vertical="top", wrap_text=True)
    return [
        style(L.STYLE_TITLE, font=Font(name=FONT, size=14, bold=True),
              alignment=Alignment(vertical="center")),
        style(L.STYLE_BODY, alignment=top_wrap),
        style(
            L.STYLE_HEADER,
            font=Font(name=FONT, size=10, bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor="1F4E78"),
            border=_border,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
        style(L.STYLE_MASTER, fill=PatternFill("solid", fgColor="F2F2F2"), border=_border,
              alignment=Alignment(horizontal="right", vertical="top")),
        style(L.STYLE_MASTER_TEXT, fill=PatternFill("solid", fgColor="F2F2F2"), border=_border,
              alignment=top_wrap),
        style(L.STYLE_INPUT, fill=PatternFill("solid", fgColor="FFF2CC"), border=_border,
              alignment=Alignment(horizontal="right", vertical="top"),
              protection=Protection(locked=False)),
        style(L.STYLE_INPUT_TEXT, fill=PatternFill("solid", fgColor="FFF2CC"), border=_border,
              alignment=top_wrap, protection=Protection(locked=False)),
        style(L.STYLE_CHECK, font=Font(name=FONT, size=10), border=_border,
              alignment=top_wrap),  # a narrow column: 「実績値なし（備考に理由）」 wraps
        # another division answers the row: the whole row tinted (not the masters' grey)
        style(L.STYLE_REFERENCE, font=Font(name=FONT, size=10, color="595959"),
              fill=PatternFill("solid", fgColor=REFERENCE_TINT), border=_border,
              alignment=top_wrap),
        style(L.STYLE_REFERENCE_LABEL, font=Font(name=FONT, size=10, bold=True, color="1F4E78"),
              fill=PatternFill("solid", fgColor=REFERENCE_TINT), border=_border,
              alignment=top_wrap),
    ]


def _proto_style(col: L.Column, proto: str) -> str:
    if proto == L.PROTO_REFERENCE:
        return L.STYLE_REFERENCE_LABEL if col.kind is L.Kind.CHECK else L.STYLE_REFERENCE
    if col.kind is L.Kind.INPUT:
        return L.STYLE_INPUT if col.numeric else L.STYLE_INPUT_TEXT
    if col.kind is L.Kind.CHECK:
        return L.STYLE_CHECK
    return L.STYLE_MASTER if col.numeric else L.STYLE_MASTER_TEXT


# (section number, message key): the 記入要領 text; placeholders such as {締切} stay literal.
GUIDE_SUBMIT: tuple[tuple[str, str], ...] = (
    ("1", "sv_guide_01"),
    ("", "sv_guide_02"),
    ("", "sv_guide_submit"),
    ("", "sv_guide_03"),
    ("", "sv_guide_04"),
)
# then the 回答者 block, then:
GUIDE_LINES: tuple[tuple[str, str], ...] = (
    ("2", "sv_guide_05"),
    ("", "sv_guide_06"),
    ("", "sv_guide_07"),
    ("", "sv_guide_08"),
    ("", "sv_guide_previous"),
    ("", "sv_guide_09"),
    ("", "sv_guide_10"),
    ("", "sv_guide_print"),
    ("3", "sv_guide_11"),
    ("", "sv_guide_12"),
    ("", "sv_guide_13"),
    ("", "sv_guide_units"),
    ("", "sv_guide_14"),
    ("4", "sv_guide_15"),
)


def build_template(path: Path = DEFAULT_TEMPLATE) -> Path:
    wb = Workbook()
    for s in _named_styles():
        wb.add_named_style(s)

    # -- 記入要領 ----------------------------------------------------------------------
    guide = wb.active
    guide.title = L.SHEET_GUIDE
    guide.column_dimensions["A"].width = 14
    guide.column_dimensions["B"].width = 68  # A4 portrait with text of 8 pt or more
    guide["A1"] = msg("sv_guide_title")
    guide["A1"].style = L.STYLE_TITLE
    guide["A2"] = msg("sv_guide_subtitle")
    guide["A2"].style = L.STYLE_BODY
    guide["A2"].alignment = Alignment(vertical="top")  # one line, spills to the right
    row = _guide_lines(guide, 4, GUIDE_SUBMIT)
    row = _respondent_block(wb, guide, row)
    # two A4 pages: what to send and who answered; then how to fill in (one page no longer
    # holds both at a readable size)
    guide.row_breaks.append(Break(id=row))
    row = _guide_lines(guide, row + 1, GUIDE_LINES)
    body_end = row - 1
    status_header = row
    for col, text in ((1, msg("sv_status_header")), (2, msg("sv_definition_header"))):
        guide.cell(status_header, col, text).style = L.STYLE_HEADER
    for i, (status, definition) in enumerate(STATUS_DEFINITIONS, start=1):
        guide.cell(status_header + i, 1, status).style = L.STYLE_MASTER_TEXT
        guide.cell(status_header + i, 2, definition).style = L.STYLE_MASTER_TEXT
    status_end = status_header + len(STATUS_DEFINITIONS)
    _name(wb, L.NAME_GUIDE_BODY, guide.title, f"$A$1:$B${body_end}")
    _name(wb, L.NAME_GUIDE_STATUSES, guide.title, f"$A${status_header}:$B${status_end}")
    guide.protection.sheet = True
    fit_a4(guide, landscape=False)

    # -- the two tables ---------------------------------------------------------------
    notes = {L.SHEET_KPI: msg("sv_note_kpi"), L.SHEET_INITIATIVE: msg("sv_note_initiative")}
    for table in L.TABLES:
        ws = wb.create_sheet(table.sheet)
        ws["A1"] = msg("sv_table_title", sheet=table.sheet)
        ws["A1"].style = L.STYLE_TITLE
        ws["A2"] = notes[table.sheet]
        ws["A2"].style = L.STYLE_BODY
        ws["A2"].alignment = Alignment(vertical="top")  # one line, spills to the right
        for idx, column in enumerate(table.columns, start=1):
            letter = get_column_letter(idx)
            ws.column_dimensions[letter].width = column.width
            ws.cell(HEADER_ROW, idx, column.header).style = L.STYLE_HEADER
            for p, proto in enumerate(table.prototypes, start=1):
                ws.cell(HEADER_ROW + p, idx).style = _proto_style(column, proto)
        last = get_column_letter(len(table.columns))
        _name(wb, table.defined_name, ws.title,
              f"$A${HEADER_ROW}:${last}${HEADER_ROW + len(table.prototypes)}")
        ws.protection.sheet = True

    # -- metadata ---------------------------------------------------------------------
    meta = wb.create_sheet(L.SHEET_META)
    meta["A1"], meta["B1"] = "項目", "値"
    meta["A2"], meta["B2"] = L.META_TEMPLATE_VERSION, TEMPLATE_VERSION
    meta.column_dimensions["A"].width = 20
    meta.column_dimensions["B"].width = 70
    _name(wb, L.NAME_META, meta.title, "$A$1:$B$40")
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True

    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _guide_lines(guide: Worksheet, row: int, lines: tuple[tuple[str, str], ...]) -> int:
    """Write 記入要領 lines from `row`; returns the next free row."""
    for mark, key in lines:
        a, b = guide.cell(row, 1, mark or None), guide.cell(row, 2, msg(key))
        a.style = L.STYLE_BODY
        b.style = L.STYLE_BODY
        if mark:
            a.font = b.font = Font(name=FONT, size=11, bold=True)
        row += 1
    return row


def _respondent_block(wb: Workbook, guide: Worksheet, row: int) -> int:
    """The 回答者 block: a heading line, then label | unlocked answer cell per field, under
    the defined name the reader finds it by. Returns the next free row."""
    a, b = guide.cell(row, 1, msg("sv_respondent_header")), guide.cell(
        row, 2, msg("sv_guide_respondent"))
    a.style = b.style = L.STYLE_BODY
    a.font = Font(name=FONT, size=10, bold=True)
    first = row + 1
    for i, fld in enumerate(L.RESPONDENT_FIELDS):
        label = guide.cell(first + i, 1, L.RESPONDENT_LABELS[fld])
        label.style = L.STYLE_MASTER_TEXT
        guide.cell(first + i, 2).style = L.STYLE_INPUT_TEXT
        dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="200",
                            allow_blank=True, showInputMessage=True, showErrorMessage=True)
        dv.promptTitle = dv.errorTitle = L.RESPONDENT_LABELS[fld]
        dv.prompt = msg("sv_dv_respondent_prompt", label=L.RESPONDENT_LABELS[fld])
        dv.error = msg("sv_dv_text_error", max=200)
        dv.add(f"B{first + i}")
        guide.add_data_validation(dv)
    last = first + len(L.RESPONDENT_FIELDS) - 1
    _name(wb, L.NAME_RESPONDENT, guide.title, f"$A${first}:$B${last}")
    return last + 1


def _name(wb: Workbook, name: str, sheet: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=f"{quote_sheetname(sheet)}!{ref}")


if __name__ == "__main__":
    out = build_template(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TEMPLATE)
    print(out)
