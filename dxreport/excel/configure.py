"""`dxreport excel configure`: tell a control workbook which Python runs its buttons.

xlwings reads the interpreter from the hidden `xlwings.conf` sheet (key in column A, value in
column B). The offline kit's install.cmd writes the path of the environment it just made, so a
clerk never unhides a sheet. The workbook is edited at the zip level, not through openpyxl: a
round trip through openpyxl would drop the VBA buttons (VML) it cannot read back.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml import ElementTree

from dxreport.errors import UserError
from dxreport.excel.xlsm_build import CONF_SHEET
from dxreport.fileio import write_bytes_atomic
from dxreport.messages import msg

INTERPRETER_KEY = "Interpreter_Win"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def configure(workbook: Path, interpreter: str, out: Path | None = None) -> Path:
    """Write `interpreter` as Interpreter_Win of `workbook`'s xlwings.conf sheet; save to `out`
    (default: in place). Every other part is copied byte for byte."""
    target = out or workbook
    try:
        with zipfile.ZipFile(workbook) as src:
            infos = src.infolist()
            parts = {info.filename: src.read(info.filename) for info in infos}
    except (OSError, zipfile.BadZipFile) as exc:
        raise UserError(msg("excel_configure_unreadable", path=workbook, detail=exc)) from exc
    sheet = _conf_sheet_part(parts)
    if sheet is None:
        raise UserError(msg("excel_configure_no_conf", path=workbook, sheet=CONF_SHEET))
    parts[sheet] = set_conf_value(parts[sheet].decode("utf-8"), INTERPRETER_KEY,
                                  interpreter).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as dst:
        for info in infos:  # same order, names, dates and compression as the original
            dst.writestr(info, parts[info.filename], compress_type=info.compress_type)
    write_bytes_atomic(target, buffer.getvalue())
    return target


def _conf_sheet_part(parts: dict[str, bytes]) -> str | None:
    """The zip member of the sheet named xlwings.conf, found the way Excel finds it."""
    book = ElementTree.fromstring(parts["xl/workbook.xml"])
    rid = next((s.get(_REL) for s in book.iter(f"{_MAIN}sheet") if s.get("name") == CONF_SHEET),
               None)
    if rid is None:
        return None
    rels = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
            return name if name in parts else None
    return None


def set_conf_value(sheet_xml: str, key: str, value: str) -> str:
    """`sheet_xml` with column B of the row whose column A holds `key` set to `value`."""
    for row in re.finditer(r"<row\b[^>]*>(.*?)</row>", sheet_xml, re.S):
        cells = row.group(1)
        if f"<t>{escape(key)}</t>" not in cells or not re.search(r'<c r="A\d+"', cells):
            continue
        number = re.search(r'<c r="A(\d+)"', cells)
        assert number is not None
        new_cell = (f'<c r="B{number.group(1)}" t="inlineStr"><is><t xml:space="preserve">'
                    f"{escape(value)}</t></is></c>")
        old = re.search(rf'<c r="B{number.group(1)}"(?:[^>]*?/>|[^>]*>.*?</c>)', cells, re.S)
        if old is not None:
            cells = cells[: old.start()] + new_cell + cells[old.end():]
        else:  # no B cell yet: after the A cell
            a_cell = re.search(r'<c r="A\d+"(?:[^>]*?/>|[^>]*>.*?</c>)', cells, re.S)
            assert a_cell is not None
            cells = cells[: a_cell.end()] + new_cell + cells[a_cell.end():]
        start, end = row.span(1)
        return sheet_xml[:start] + cells + sheet_xml[end:]
    raise UserError(msg("excel_configure_no_key", sheet=CONF_SHEET, key=key))
