"""Build the control workbook `dxreport.xlsm` on Linux, without Excel.

openpyxl writes the sheets, names and styles; the zip is then post-processed into a
macro-enabled workbook: `xl/vbaProject.bin` (our source-only VBA project), the macro-enabled
content types, the vbaProject relationship, and a VML drawing (`xlsx.vml_buttons`) with
form-control buttons bound to the macros of `macros/dxreport.bas`. Every zip entry gets a
fixed timestamp and a fixed order, so the same sources always give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dxreport import resources
from dxreport.errors import UserError
from dxreport.messages import msg
from dxreport.round.folder import ROUNDS
from dxreport.xlsx.vba_project import (
    VbaModule,
    build_vba_project,
    document_module,
    standard_module,
)
from dxreport.xlsx.vml_buttons import Anchor, FormButton, buttons_vml

MACROS_DIR = resources.MACROS_DIR  # package data; `macros/` in a checkout
XLWINGS_BAS = resources.xlwings_bas()
# Under the current folder: in a checkout, the committed `workbooks/dxreport.xlsm`.
DEFAULT_OUT = Path("workbooks") / "dxreport.xlsm"

FIXED_ZIP_TIME = (2026, 4, 1, 0, 0, 0)
FIXED_W3C_TIME = "2026-04-01T00:00:00Z"

WORKBOOK_CODE_NAME = "ThisWorkbook"
CONF_SHEET = "xlwings.conf"


@dataclass(frozen=True)
class InputCell:
    """An input cell of the 操作 sheet: label in column A, value in column B (its defined
    name), hint in column E; `choices` (catalogue keys) make it a drop-down list;
    `suggestions` (values) a drop-down that still takes other spellings."""

    label_key: str
    name_key: str
    row: int
    default: str | None = None
    hint_key: str | None = None
    choices: tuple[str, ...] = ()
    number_format: str | None = None
    suggestions: tuple[str, ...] = ()

    @property
    def cell(self) -> str:
        return f"B{self.row}"


# Every button reads the first three; 調査票作成 writes the next six into 設定.toml when it
# prepares a folder; the last two are choices made for one button each.
SETTINGS = (
    InputCell("excel_label_folder", "excel_name_folder", 3, None, "excel_hint_folder"),
    InputCell("excel_label_year", "excel_name_year", 4, "R8", "excel_hint_year"),
    InputCell("excel_label_round", "excel_name_round", 5, "年度末", "excel_hint_round",
              suggestions=tuple(ROUNDS)),  # 年度末実績, FINAL… are read too
)
NEW_ROUND_SECTION_ROW = 7
NEW_ROUND = (
    InputCell("excel_label_previous", "excel_name_previous", 8, None, "excel_hint_previous"),
    InputCell("excel_label_deadline", "excel_name_deadline", 9, None, "excel_hint_deadline",
              number_format='[$-411]ggge"年"m"月"d"日"'),
    InputCell("excel_label_contact", "excel_name_contact", 10, None, "excel_hint_contact"),
    InputCell("excel_label_contact_extension", "excel_name_contact_extension", 11, None,
              "excel_hint_contact_extension", number_format="@"),
    InputCell("excel_label_contact_email", "excel_name_contact_email", 12, None,
              "excel_hint_contact_email"),
    InputCell("excel_label_submission", "excel_name_submission", 13, None,
              "excel_hint_submission"),
)
CHOICES_SECTION_ROW = 15
CHOICES = (
    InputCell("excel_label_regenerate", "excel_name_regenerate", 16, "いいえ",
              "excel_hint_regenerate", choices=("excel_yes", "excel_no")),
    InputCell("excel_label_mail_kind", "excel_name_mail_kind", 17, "照会", "excel_hint_mail_kind",
              choices=("mail_kind_inquiry", "mail_kind_reminder", "mail_kind_return")),
)
INPUT_CELLS = (*SETTINGS, *NEW_ROUND, *CHOICES)
STATUS_ROW = 19
STATUS_CELL = f"B{STATUS_ROW}"
STATUS_MERGE = f"B{STATUS_ROW}:G{STATUS_ROW}"  # wide: a refusal lists many divisions
OUTPUTS_FIRST_ROW, OUTPUTS_ROWS = 22, 10
OUTPUTS_RANGE = f"A{OUTPUTS_FIRST_ROW}:A{OUTPUTS_FIRST_ROW + OUTPUTS_ROWS - 1}"
BOARD_HEADER_KEYS = (  # the columns of adapter.BoardRow.cells()
    "excel_board_department",
    "excel_board_division",
    "excel_board_verdict",
    "excel_board_received",
    "excel_board_errors",
    "excel_board_warnings",
    "excel_board_file",
)

# xlwings reads this sheet as key/value pairs from A1 down to the first empty key. An empty
# Interpreter_Win falls back to `pythonw` on PATH (see GetConfig in xlwings.bas).
CONF_ROWS = (
    ("Interpreter_Win", ""),
    ("Interpreter_Mac", ""),
    ("PYTHONPATH", ""),
    ("Conda Path", ""),
    ("Conda Env", ""),
    ("UDF Modules", ""),
    ("Debug UDFs", False),
    ("Use UDF Server", False),
    ("Show Console", False),
)


@dataclass(frozen=True)
class Button:
    caption_key: str
    macro: str
    row: int  # 0-based top row of the button on the 操作 sheet


BUTTONS = (
    Button("excel_button_populate", "MakeSurveys", 2),
    Button("excel_button_validate", "ValidateReturns", 4),
    Button("excel_button_consolidate", "Consolidate", 6),
    Button("excel_button_refresh", "RefreshStatus", 8),
    Button("excel_button_open_latest", "OpenLatest", 10),
    Button("excel_button_mail", "MakeMails", 16),  # beside its メールの種類 cell (row 17)
)
_BUTTON_COLUMN = 3  # column D
_COLUMN_WIDTHS = {"A": 24, "B": 56, "C": 3, "D": 28}


@dataclass(frozen=True)
class BuildResult:
    path: Path
    modules: tuple[str, ...]
    buttons: int


def collect_modules(macros_dir: Path = MACROS_DIR) -> list[VbaModule]:
    """Document modules (workbook + one per sheet), then macros/*.bas, then xlwings."""
    bas_files = sorted(macros_dir.glob("*.bas"))
    if not bas_files:
        raise UserError(msg("excel_macros_missing", path=macros_dir))
    modules = [document_module(WORKBOOK_CODE_NAME, workbook=True)]
    modules += [document_module(code) for code in _sheet_code_names()]
    for path in [*bas_files, XLWINGS_BAS]:
        raw = path.read_bytes()
        if not raw.isascii():  # see vba_project: the project code page cannot hold Japanese
            line = raw[: next(i for i, b in enumerate(raw) if b > 0x7F)].count(b"\n") + 1
            raise UserError(msg("excel_macro_not_ascii", path=path, line=line))
        text = raw.decode("ascii")
        name = re.match(r'Attribute VB_Name = "([^"]+)"', text)
        if name is None:
            raise UserError(msg("excel_macro_no_name", path=path))
        modules.append(standard_module(name.group(1), text))
    return modules


def _sheet_code_names() -> list[str]:
    return [f"Sheet{i}" for i in range(1, 4)]  # 操作, 提出状況, xlwings.conf


def build_workbook_bytes(macros_dir: Path = MACROS_DIR) -> tuple[bytes, list[VbaModule]]:
    modules = collect_modules(macros_dir)
    vba = build_vba_project(modules)
    xlsx = _openpyxl_workbook()
    return _to_xlsm(xlsx, vba), modules


def build(out: Path = DEFAULT_OUT, macros_dir: Path = MACROS_DIR) -> BuildResult:
    """Build the control workbook to `out` atomically."""
    from dxreport.fileio import write_bytes_atomic

    data, modules = build_workbook_bytes(macros_dir)
    write_bytes_atomic(out, data)
    return BuildResult(Path(out), tuple(m.name for m in modules), len(BUTTONS))


# ---------------------------------------------------------------------------- sheets


def _openpyxl_workbook() -> bytes:
    wb = openpyxl.Workbook()
    wb.code_name = WORKBOOK_CODE_NAME
    codes = _sheet_code_names()
    bold = Font(bold=True)

    ws = wb.active
    ws.title = msg("excel_sheet_control")
    ws.sheet_properties.codeName = codes[0]
    ws["A1"] = msg("excel_title")
    ws["A1"].font = Font(bold=True, size=14)
    for row, key in ((NEW_ROUND_SECTION_ROW, "excel_section_new_round"),
                     (CHOICES_SECTION_ROW, "excel_section_choices")):
        ws[f"A{row}"] = msg(key)
        ws[f"A{row}"].font = Font(bold=True, color="1F4E78")
    ws[f"E{NEW_ROUND_SECTION_ROW}"] = msg("excel_hint_new_round")
    ws[f"E{NEW_ROUND_SECTION_ROW}"].font = _HINT_FONT
    for field in INPUT_CELLS:
        _input_cell(wb, ws, field)
    ws[f"A{STATUS_ROW}"] = msg("excel_label_status")
    ws[f"A{STATUS_ROW}"].font = bold
    ws[f"A{STATUS_ROW}"].alignment = Alignment(vertical="top")
    ws[STATUS_CELL] = msg("excel_status_initial")
    ws[STATUS_CELL].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(STATUS_MERGE)
    ws.row_dimensions[STATUS_ROW].height = 150
    _define(wb, msg("excel_name_status"), ws.title, STATUS_CELL)
    ws[f"A{OUTPUTS_FIRST_ROW - 1}"] = msg("excel_label_outputs")
    ws[f"A{OUTPUTS_FIRST_ROW - 1}"].font = bold
    _define(wb, msg("excel_name_outputs"), ws.title, OUTPUTS_RANGE)
    note_row = OUTPUTS_FIRST_ROW + OUTPUTS_ROWS + 1
    ws[f"A{note_row}"] = msg("excel_instructions")
    ws[f"A{note_row}"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A{note_row}:G{note_row}")
    ws.row_dimensions[note_row].height = 110
    for column, width in _COLUMN_WIDTHS.items():
        ws.column_dimensions[column].width = width
    # printed (or saved as PDF) for a colleague: one landscape page wide
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    board = wb.create_sheet(msg("excel_sheet_board"))
    board.sheet_properties.codeName = codes[1]
    for col, key in enumerate(BOARD_HEADER_KEYS, start=1):
        cell = board.cell(row=1, column=col, value=msg(key))
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for column, width in zip("ABCDEFG", (20, 30, 16, 18, 11, 11, 40), strict=True):
        board.column_dimensions[column].width = width
    board.freeze_panes = "A2"

    conf = wb.create_sheet(CONF_SHEET)
    conf.sheet_properties.codeName = codes[2]
    for row, (key, value) in enumerate(CONF_ROWS, start=1):
        conf.cell(row=row, column=1, value=key)
        conf.cell(row=row, column=2, value=value)
    conf.sheet_state = "hidden"

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


_HINT_FONT = Font(name="Calibri", size=11, color="595959")
_INPUT_BORDER = Border(*(Side(style="thin", color="BFBFBF"),) * 4)


def _input_cell(wb: openpyxl.Workbook, ws: Worksheet, field: InputCell) -> None:
    """Label, light-yellow value cell (with its defined name), hint; a drop-down if it has
    choices (other values are refused by Excel, and by the adapter if pasted)."""
    ws[f"A{field.row}"] = msg(field.label_key)
    ws[f"A{field.row}"].font = Font(bold=True)
    cell = ws[field.cell]
    cell.value = field.default
    cell.fill = PatternFill("solid", fgColor="FFF2CC")  # input cells: light yellow
    cell.border = _INPUT_BORDER  # one box per cell: adjacent inputs stay apart
    if field.number_format:
        cell.number_format = field.number_format
    if field.hint_key:
        ws[f"E{field.row}"] = msg(field.hint_key)
        ws[f"E{field.row}"].font = _HINT_FONT
    if field.choices:
        listed = ",".join(msg(k) for k in field.choices)
        rule = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True,
                              showErrorMessage=True, errorTitle=msg("excel_alert_title"),
                              error=msg("excel_pick_one", choices="、".join(listed.split(","))))
        rule.add(field.cell)
        ws.add_data_validation(rule)
    if field.suggestions:
        rule = DataValidation(type="list", formula1='"' + ",".join(field.suggestions) + '"',
                              allow_blank=True, showErrorMessage=False)
        rule.add(field.cell)
        ws.add_data_validation(rule)
    _define(wb, msg(field.name_key), ws.title, field.cell)


def _define(wb: openpyxl.Workbook, name: str, sheet: str, ref: str) -> None:
    absolute = "$" + "$".join(re.findall(r"[A-Z]+|\d+", ref.split(":")[0]))
    if ":" in ref:
        absolute += ":$" + "$".join(re.findall(r"[A-Z]+|\d+", ref.split(":")[1]))
    wb.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!{absolute}")


# ---------------------------------------------------------------------------- zip post-processing

_MACRO_WORKBOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_PLAIN_WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_VML_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
_VML_PART = "xl/drawings/vmlDrawing1.vml"
_CONTROL_SHEET = "xl/worksheets/sheet1.xml"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _to_xlsm(xlsx: bytes, vba: bytes) -> bytes:
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src:
        for name in src.namelist():
            parts[name] = src.read(name)

    types = parts["[Content_Types].xml"].decode()
    assert _PLAIN_WORKBOOK in types
    types = types.replace(_PLAIN_WORKBOOK, _MACRO_WORKBOOK)
    extra = (
        '<Default Extension="vml" '
        'ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>'
        '<Override PartName="/xl/vbaProject.bin" '
        'ContentType="application/vnd.ms-office.vbaProject"/>'
    )
    parts["[Content_Types].xml"] = types.replace("</Types>", extra + "</Types>").encode()

    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdVba1" Type="{_VBA_REL}" Target="vbaProject.bin"/></Relationships>',
    )
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    parts["xl/vbaProject.bin"] = vba

    sheet = parts[_CONTROL_SHEET].decode()
    assert "legacyDrawing" not in sheet and "xl/worksheets/_rels/sheet1.xml.rels" not in parts
    anchor = re.search(r"<tableParts|<extLst|</worksheet>", sheet)
    assert anchor is not None
    sheet = sheet[: anchor.start()] + '<legacyDrawing r:id="rIdVml1"/>' + sheet[anchor.start() :]
    if "xmlns:r=" not in sheet[:500]:
        sheet = sheet.replace(
            "<worksheet ",
            f'<worksheet xmlns:r="{_R_NS}" ',
            1,
        )
    parts[_CONTROL_SHEET] = sheet.encode()
    parts["xl/worksheets/_rels/sheet1.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdVml1" Type="{_VML_REL}" Target="../drawings/vmlDrawing1.vml"/>'
        "</Relationships>"
    ).encode()
    parts[_VML_PART] = buttons_vml(_form_buttons())

    core = parts["docProps/core.xml"].decode()
    core = re.sub(
        r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
        lambda m: m.group(1) + FIXED_W3C_TIME + m.group(3),
        core,
    )
    parts["docProps/core.xml"] = core.encode()

    out = io.BytesIO()
    order = ["[Content_Types].xml", *sorted(n for n in parts if n != "[Content_Types].xml")]
    with zipfile.ZipFile(out, "w") as dst:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, parts[name])
    return out.getvalue()


def _form_buttons() -> list[FormButton]:
    """Form-control buttons (what Excel writes for Insert > Form Controls > Button)."""
    # Same place as x:Anchor: 20 px rows, columns of (7 * width + 5) px, 0.75 pt per px.
    left = (sum(int(7 * _COLUMN_WIDTHS[c] + 5) for c in "ABC") + 8) * 0.75
    return [
        FormButton(
            caption=msg(button.caption_key),
            macro=button.macro,
            anchor=Anchor(_BUTTON_COLUMN, 8, button.row, 2, _BUTTON_COLUMN, 200,
                          button.row + 1, 16),
            left_pt=left,
            top_pt=(20 * button.row + 2) * 0.75,
        )
        for button in BUTTONS
    ]
