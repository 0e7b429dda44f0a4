"""A faster serialiser for the cells of the status workbook (same bytes as openpyxl's).

openpyxl writes every cell by building an ElementTree element and serialising it through
et_xmlfile's pure-Python writer: most of the save time of a 1.7M-cell workbook. The cells this
package writes are plain (inline text, numbers, its own formulas), so `FastExcelWriter` writes
those as text with the same escaping and attribute order openpyxl uses, and hands anything
else (rich text, dates, comments, hyperlinks, array formulas) to openpyxl's own cell writer.
The determinism test and the byte comparison in tests/consolidate keep the two equal.

A sheet holding a `LazyTable` (sheet_table.write_table(lazy=True)) has no cells until here:
its rows' cells are built one row at a time while the row is written, so the biggest sheets
never hold all their cells at once.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import _escape_cdata  # type: ignore[attr-defined]  # same as openpyxl

from openpyxl.cell._writer import write_cell
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import RowDimension, SheetDimension
from openpyxl.writer.excel import ExcelWriter

from dxreport.xlsx.sheet_table import LEGEND_HEIGHT, LazyTable, lazy_table, value_decimals


class FastWorksheetWriter(WorksheetWriter):
    def __init__(self, ws: Any, out: Any = None) -> None:
        super().__init__(ws, out)
        self._style_ids: dict[int, tuple[Any, str | None]] = {}  # id(StyleArray) -> (it, s)
        self._heads: dict[tuple[int, str | None, str], tuple[str, str]] = {}
        self._iso_dates, self._epoch = ws.parent.iso_dates, ws.parent.epoch
        self._heights: dict[float, dict[str, str]] = {}  # row height -> its row attributes

    def _style(self, style: Any) -> str | None:
        """The ` s="n"` id of a StyleArray (None when unstyled), shared arrays looked up once."""
        hit = self._style_ids.get(id(style))
        if hit is None:
            sid = str(self.ws.parent._cell_styles.add(style)) if style and any(style) else None
            hit = self._style_ids[id(style)] = (style, sid)  # keeps `style` alive: id stays valid
        return hit[1]

    def write_dimensions(self) -> None:
        table = lazy_table(self.ws)
        if table is None:
            super().write_dimensions()
        else:
            self.xf.send(SheetDimension(table.dimension()).to_tree())

    def write_rows(self) -> None:
        table = lazy_table(self.ws)
        if table is None:
            super().write_rows()
            return
        if self.ws._cells or len(self.ws.row_dimensions):
            raise ValueError(f"a lazy table's sheet got other cells or rows: {self.ws.title}")
        xf = self.xf.send(True)
        raw = getattr(xf, "_file", None)
        with xf.element("sheetData"):
            if raw is None or not callable(raw):  # another et_xmlfile: real cells
                for row_idx, height, specs in table.row_specs():
                    self._plain_row(xf, table.cells(row_idx, specs), row_idx,
                                    self._row_attrs(row_idx, height))
            else:
                self._lazy_rows(xf, raw, table)
        self.xf.send(None)

    def _row_attrs(self, row_idx: int, height: float) -> dict[str, str]:
        """The attributes openpyxl gives a row of this height (the same for every row)."""
        attrs = self._heights.get(height)
        if attrs is None:
            attrs = self._heights[height] = dict(RowDimension(self.ws, index=row_idx, ht=height))
        return attrs

    def _lazy_rows(self, xf: Any, raw: Any, table: LazyTable) -> None:
        """Every row of `table` as text: the header through `_simple_xml`, the body in one
        loop whose cell heads (`<c r="B` ... `" s="3" t="inlineStr"`) are built once per
        column and kind of value (1.7M cells at 1,000 divisions)."""
        first = table.first_row
        if table.legend is not None:
            self._spec_row(xf, raw, table, table.top_row, LEGEND_HEIGHT, table.legend_specs())
        height, header = table.header_specs()
        self._spec_row(xf, raw, table, first, height, header)
        heads: dict[tuple, tuple[str, str] | None] = {}  # None: openpyxl writes the cell
        serials: dict[datetime, float] = {}  # the ledger's times recur on many rows
        classify, fill_kind, body_style = table.classify, table.fill_kind, table.body_style
        value_cols = table.value_cols
        for r, values in enumerate(table.rows):
            row_idx = first + 1 + r
            rs = str(row_idx)
            parts = [f'<row r="{rs}"', *(f' {k}="{v}"' for k, v in
                                         self._row_attrs(row_idx, table.height(values)).items()),
                     ">"]
            for c, value in enumerate(values, start=1):
                stored, dtype, quote, is_dt, base, text_like = classify(value)
                if dtype == "d" and type(stored) is datetime and stored.tzinfo is None \
                        and not self._iso_dates:  # as `_simple_xml`: a serial number
                    serial = serials.get(stored)
                    if serial is None:
                        serial = serials[stored] = to_excel(stored, self._epoch)
                    stored, dtype = serial, "n"
                fk = fill_kind(r, c, value)
                dec = value_decimals(value) if c in value_cols else 0
                key = (c, is_dt, quote, text_like, fk, dtype, dec)
                if key in heads:
                    head = heads[key]
                else:
                    style = body_style(c, is_dt, quote, text_like, fk, base, dec)
                    head = heads[key] = self._head(c, style, dtype) \
                        if type(stored) in (str, int, float) or stored is None else None
                if head is None or (dtype != "s" and dtype != "f" and type(stored) is str) \
                        or (type(stored) is float and not math.isfinite(stored)):
                    style = body_style(c, is_dt, quote, text_like, fk, base, dec)
                    text = self._simple_xml(row_idx, c, stored, dtype, style)
                    if text is None:  # a bool, a date...: openpyxl's own writer
                        raw("".join(parts))
                        parts = []
                        cell = table.cells(row_idx, [(c, stored, dtype, style)])[0]
                        write_cell(xf, self.ws, cell, cell.has_style)
                    else:
                        parts.append(text)
                elif stored is None or stored == "":
                    parts.append(f"{head[0]}{rs}{head[1]} />")
                elif dtype == "s":
                    # as `_simple_xml`: preserved when strip() would change non-blank text
                    space = ' xml:space="preserve"' if (
                        stored[0].isspace() or stored[-1].isspace()) and not stored.isspace() \
                        else ""
                    parts.append(f"{head[0]}{rs}{head[1]}><is><t{space}>"
                                 f"{_escape_cdata(stored)}</t></is></c>")
                elif dtype == "f":
                    parts.append(f"{head[0]}{rs}{head[1]}><f>{_escape_cdata(stored[1:])}</f>"
                                 "<v /></c>")
                else:
                    parts.append(f"{head[0]}{rs}{head[1]}><v>{stored:.16g}</v></c>")
            parts.append("</row>")
            raw("".join(parts))

    def _head(self, col: int, style: Any, dtype: str) -> tuple[str, str]:
        """The text before and after the row number in a cell's `<c r="A1" ...`."""
        return self._head_for(col, self._style(style), dtype)

    def _head_for(self, col: int, sid: str | None, dtype: str) -> tuple[str, str]:
        around = self._heads.get((col, sid, dtype))
        if around is None:
            after = '"' + (f' s="{sid}"' if sid is not None else "")
            if dtype == "s":
                after += ' t="inlineStr"'
            elif dtype != "f":
                after += f' t="{dtype}"'
            around = self._heads[(col, sid, dtype)] = (f'<c r="{get_column_letter(col)}', after)
        return around

    def _spec_row(self, xf: Any, raw: Any, table: LazyTable, row_idx: int, height: float,
                  specs: list) -> None:
        with xf.element("row", {"r": f"{row_idx}", **self._row_attrs(row_idx, height)}):
            parts: list[str] = []
            for col, value, dtype, style in specs:
                text = self._simple_xml(row_idx, col, value, dtype, style)
                if text is None:
                    if parts:
                        raw("".join(parts))
                        parts = []
                    cell = table.cells(row_idx, [(col, value, dtype, style)])[0]
                    if value is not None or cell.has_style:
                        write_cell(xf, self.ws, cell, cell.has_style)
                elif text:
                    parts.append(text)
            if parts:
                raw("".join(parts))

    def _simple_xml(self, row_idx: int, col: int, value: Any, dtype: str, style: Any) -> str | None:
        """A plain cell's XML as openpyxl writes it; "" to skip it, None if not plain."""
        kind = type(value)
        if kind is datetime and dtype == "d" and value.tzinfo is None and not self._iso_dates:
            value, kind, dtype = to_excel(value, self._epoch), float, "n"  # as openpyxl does
        if (
            not (kind is str or kind is int or kind is float or value is None)
            or dtype not in ("s", "n", "f", "e")
        ):
            return None
        sid = self._style(style)
        if value is None and sid is None:
            return ""
        around = self._head_for(col, sid, dtype)
        head = f"{around[0]}{row_idx}{around[1]}"
        if value is None or value == "":
            return head + " />"
        if dtype == "f":
            return f"{head}><f>{_escape_cdata(value[1:])}</f><v /></c>"
        if dtype == "s":
            stripped = value.strip()
            space = ' xml:space="preserve"' if stripped and value != stripped else ""
            return f"{head}><is><t{space}>{_escape_cdata(value)}</t></is></c>"
        if kind is str:
            return f"{head}><v>{_escape_cdata(value)}</v></c>"
        text = f"{value:.16g}" if math.isfinite(value) else ""  # as openpyxl's safe_string
        return f"{head}><v>{text}</v></c>" if text else f"{head}><v /></c>"

    def write_row(self, xf: Any, row: Any, row_idx: int) -> None:
        dims = self.ws.row_dimensions.get(row_idx, {})
        raw = getattr(xf, "_file", None)
        if (
            raw is None
            or not callable(raw)  # another et_xmlfile
            or any(cell._comment is not None for cell in row)  # openpyxl records comments
        ):
            self._plain_row(xf, row, row_idx, dims)
            return
        attrs = {"r": f"{row_idx}"}
        attrs.update(dims)
        with xf.element("row", attrs):
            parts: list[str] = []
            for cell in row:
                text = (
                    None
                    if cell._hyperlink is not None
                    else self._simple_xml(
                        row_idx, cell.column, cell._value, cell.data_type, cell._style
                    )
                )
                if text is None:
                    if parts:
                        raw("".join(parts))
                        parts = []
                    if cell._value is not None or cell.has_style:
                        write_cell(xf, self.ws, cell, cell.has_style)
                elif text:
                    parts.append(text)
            if parts:
                raw("".join(parts))

    def _plain_row(self, xf: Any, row: Any, row_idx: int, dims: Any) -> None:
        """openpyxl's own `write_row`, with the row's attributes given."""
        attrs = {"r": f"{row_idx}"}
        attrs.update(dims)
        with xf.element("row", attrs):
            for cell in row:
                if cell._comment is not None:
                    self.ws._comments.append(CommentRecord.from_cell(cell))
                if cell._value is None and not cell.has_style and not cell._comment:
                    continue
                write_cell(xf, self.ws, cell, cell.has_style)


class FastExcelWriter(ExcelWriter):
    def write_worksheet(self, ws: Any) -> None:
        if self.workbook.write_only:
            super().write_worksheet(ws)
            return
        from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing

        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = FastWorksheetWriter(ws)
        writer.write()
        ws._rels = writer._rels
        self._archive.write(writer.out, ws.path[1:])
        self.manifest.append(ws)
        writer.cleanup()
