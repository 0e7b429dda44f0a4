"""Writing one table-shaped sheet of the status workbook: header, rows, and the finish
(fonts, widths, freeze panes, filter, A4 landscape, read-only protection).

Every string is written through the one neutraliser (`dxreport.xlsx.neutralise`): text that
came from a returned file lands as literal, quote-prefixed text where it looks like a formula,
with the characters XML cannot carry replaced, exactly as in 検証結果.xlsx and return copies.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from dxreport.xlsx import palette
from dxreport.xlsx.neutralise import neutralise
from dxreport.xlsx.print_layout import fit_page, lines_height, text_lines

FONT_NAME = "游ゴシック"
FONT = Font(name=FONT_NAME, size=10)
FONT_BOLD = Font(name=FONT_NAME, size=10, bold=True)
FONT_TITLE = Font(name=FONT_NAME, size=14, bold=True)
FONT_HEADER = Font(name=FONT_NAME, size=10, bold=True, color="FFFFFF")
FONT_LINK = Font(name=FONT_NAME, size=10, color=palette.LINK, underline="single")
FILL_HEADER = palette.fill(palette.HEADER)
FILL_ALERT = palette.fill(palette.NOT_SUBMITTED)  # 未回答 / 未提出 rows
FILL_CHANGED = palette.fill(palette.CHANGED)  # rows changed since the previous run
FILL_FORMULA = palette.fill(palette.FORMULA)  # cells an auditor can recompute
LEGEND_HEIGHT = 20.0
_THIN = Side(style="thin", color="B4B4B4")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
NO_BORDER = Border()
WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")
UNLOCKED = Protection(locked=False)  # a cell the reader may type into on a protected sheet
HEADER_ALIGN = Alignment(vertical="center", wrap_text=True)

DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
# A column's number format chosen per value: as many decimals as the value has (at most
# MAX_DECIMALS), so 69 shows as `69`, never Excel's `69.` of a `#,##0.###` format.
BY_VALUE = "#,##0 by value"
MAX_DECIMALS = 6


def value_decimals(value: Any) -> int:
    """Decimals a number shows under `BY_VALUE` (0 for anything not a finite float)."""
    if type(value) is not float or value != value or value in (float("inf"), float("-inf")):
        return 0
    if value.is_integer():
        return 0
    text = repr(value)
    if "e" in text or "." not in text:
        return MAX_DECIMALS
    return min(len(text.split(".")[1]), MAX_DECIMALS)


def by_value_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class Formula:
    """A formula the writer itself composed (never text from a return)."""

    text: str  # starts with "="
    shown: str | None = None  # what it displays, when known (a link's name): sizes the row


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 12
    number_format: str | None = None
    wrap: bool = False
    link: bool = False  # holds HYPERLINK formulas: shown as a link (blue, underlined)
    editable: bool = False  # unlocked: the reader fills it in on the protected sheet


def _bind(cell: Cell, value: Any) -> bool:
    """Store `value` in `cell` as `put` does; True when it is a datetime (shown as such)."""
    kind = type(value)
    if kind is str:
        # the common case, bound without the generic `cell.value` setter
        text, quote = neutralise(value)
        cell._value = text
        cell.data_type = "s"
        if quote:
            cell.quotePrefix = True
        return False
    if kind is int or kind is float or value is None:
        cell._value = value
        cell.data_type = "n"
        return False
    if isinstance(value, Formula):
        cell.value = value.text
    elif isinstance(value, str):  # a str subclass: as above
        text, quote = neutralise(value)
        cell._value = text
        cell.data_type = "s"
        if quote:
            cell.quotePrefix = True
    elif isinstance(value, datetime):
        # Excel has no time zones: show the ledger's local time as written, zone dropped.
        cell.value = value.replace(tzinfo=None)
        return True
    else:
        cell.value = value
    return False


def put(ws: Worksheet, row: int, col: int, value: Any, *, font: Font = FONT) -> Any:
    """Write one cell; strings always land as literal text, `Formula` as a formula."""
    cell = ws.cell(row=row, column=col)
    cell._style = copy(cell._style)  # its own: a write_table cell shares its StyleArray
    if _bind(cell, value):
        cell.number_format = DATETIME_FORMAT
    cell.font = font
    return cell


# Setting `cell.font = ...` (and fill, border, alignment) hashes the style object and looks it
# up in the workbook's list on every cell: most of the time of a 1.7M-cell workbook. A table
# has only a few distinct styles, so each distinct one is built once on a detached prototype
# cell (the same setters in the same order, so the workbook's style lists and thus the file
# are unchanged) and every cell of that style shares its one StyleArray (1.7M copies would
# cost ~200 MB, and the writer looks each distinct array up once). openpyxl's style setters
# change a cell's StyleArray in place, so a cell written here must be restyled by assigning
# `cell._style = copy(cell._style)` first; nothing does so today. Keyed by object identity:
# the style objects are module constants, kept alive by the cache itself.
_STYLE_CACHE: weakref.WeakKeyDictionary[Workbook, dict[tuple, tuple[StyleArray, tuple]]] = (
    weakref.WeakKeyDictionary()
)


def _bound(ws: Worksheet, value: Any) -> tuple[Any, str, bool, bool, StyleArray | None]:
    """(stored value, data type, quote-prefixed, datetime, style the binding set) of `value`
    as `_bind` stores it in a cell, without a cell for the common types."""
    kind = type(value)
    if kind is str:
        text, quote = neutralise(value)
        return text, "s", quote, False, None
    if kind is int or kind is float or value is None:
        return value, "n", False, False, None
    cell = Cell(ws)  # a formula, a datetime (which sets a number format), anything else
    is_datetime = _bind(cell, value)
    return cell._value, cell.data_type, bool(cell.quotePrefix), is_datetime, cell._style


def _style_of(
    ws: Worksheet, cache: dict, is_datetime: bool, quote: bool, base: StyleArray | None,
    font: Font, border: Border, alignment: Alignment, number_format: str | None,
    fill: PatternFill | None, editable: bool = False,
) -> StyleArray:
    """The shared StyleArray of a table cell (see above); `editable` unlocks it."""
    key = (is_datetime, quote, id(font), id(border), id(alignment), number_format, id(fill),
           editable)
    hit = cache.get(key)
    if hit is None:
        proto = Cell(ws)
        if base is not None:
            proto._style = copy(base)
        elif quote:
            proto.quotePrefix = True
        if is_datetime:
            proto.number_format = DATETIME_FORMAT
        proto.font = font
        proto.border = border
        proto.alignment = alignment
        if number_format:
            proto.number_format = number_format
        if fill is not None:
            proto.fill = fill
        if editable:
            proto.protection = UNLOCKED
        hit = cache[key] = (proto._style, (font, border, alignment, fill))
    return hit[0]


# one cell of a table row: (column, stored value, data type, shared StyleArray)
CellSpec = tuple[int, Any, str, StyleArray]


@dataclass
class LazyTable:
    """A table whose cells exist only while the sheet is saved.

    The big sheets (監査証跡, 取組一覧, KPI一覧: ~1.7M cells for 1,000 divisions) would hold one
    openpyxl Cell (and a RowDimension per row) each until the save; kept as the rows' plain
    values instead, `FastExcelWriter` serialises each row from `row_specs` as it writes it.
    `materialise` turns the table into ordinary cells (openpyxl's own writer, tests): the
    same values and styles, so the same bytes.
    """

    ws: Worksheet
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    first_row: int
    alert_rows: set[int]
    formula_cols: set[int]
    alert_fill: PatternFill = FILL_ALERT
    legend: Any = None  # a one-line legend (rich text) in the row above the header
    muted_rows: frozenset[int] = frozenset()  # rows in grey beside alert rows in another fill
    _local: dict[tuple, StyleArray] = field(default_factory=dict, repr=False)
    _datetime_base: StyleArray | None = field(default=None, repr=False)
    _value_cols: frozenset[int] | None = field(default=None, repr=False)

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.rows)

    @property
    def top_row(self) -> int:
        """The first row written: the legend's, or the header's."""
        return self.first_row - 1 if self.legend is not None else self.first_row

    def dimension(self) -> str:
        """The sheet's used range, as openpyxl's `calculate_dimension` gives for its cells."""
        return f"A{self.top_row}:{get_column_letter(len(self.columns))}{self.last_row}"

    def legend_specs(self) -> list[CellSpec]:
        """The legend row's one cell (empty without a legend)."""
        if self.legend is None:
            return []
        cache = _STYLE_CACHE.setdefault(self.ws.parent, {})
        value, dtype, quote, is_dt, base = _bound(self.ws, self.legend)
        style = _style_of(self.ws, cache, is_dt, quote, base, FONT, NO_BORDER, TOP, None, None)
        return [(1, value, dtype, style)]

    def cells(self, row: int, specs: Sequence[CellSpec]) -> list[Cell]:
        """Cells (not added to the sheet) holding `specs` of row `row`."""
        out = []
        for col, value, dtype, style in specs:
            cell = Cell(self.ws, row=row, column=col)
            cell._value, cell.data_type, cell._style = value, dtype, style  # style shared
            out.append(cell)
        return out

    def header_specs(self) -> tuple[float, list[CellSpec]]:
        """(height, cells) of the header row."""
        ws, columns = self.ws, self.columns
        cache = _STYLE_CACHE.setdefault(ws.parent, {})
        header = []
        for c, col in enumerate(columns, start=1):
            value, dtype, quote, is_dt, base = _bound(ws, col.header)
            style = _style_of(ws, cache, is_dt, quote, base, FONT_HEADER, BORDER, HEADER_ALIGN,
                              None, FILL_HEADER)
            header.append((c, value, dtype, style))
        return _row_height(columns, [c.header for c in columns], 30, all_wrap=True), header

    def classify(self, value: Any) -> tuple[Any, str, bool, bool, StyleArray | None, bool]:
        """(stored value, data type, quote-prefixed, datetime, base style, text-like) of a
        body cell holding `value`, as `_bind` would store it."""
        kind = type(value)
        if kind is str:
            stored, quote = neutralise(value)
            return stored, "s", quote, False, None, True
        if kind is int or kind is float or value is None:
            return value, "n", False, False, None, False
        if kind is Formula:  # the base style `_bind` gives a formula cell is the default one
            return value.text, "f", False, False, None, False
        if kind is datetime and self._datetime_base is not None:
            return value.replace(tzinfo=None), "d", False, True, self._datetime_base, False
        stored, dtype, quote, is_dt, base = _bound(self.ws, value)
        if kind is datetime:  # binding one registered its number format in the workbook
            self._datetime_base = base
        return stored, dtype, quote, is_dt, base, isinstance(value, str)

    def fill_kind(self, row_index: int, column: int, value: Any) -> int:
        """0 plain, 1 alert row, 2 a recomputable formula cell, 3 a muted (grey) row."""
        if row_index in self.alert_rows:
            return 1
        if row_index in self.muted_rows:
            return 3
        return 2 if (column - 1) in self.formula_cols and type(value) is Formula else 0

    @property
    def value_cols(self) -> frozenset[int]:
        """1-based columns whose number format follows each value (`BY_VALUE`)."""
        cols = self._value_cols
        if cols is None:
            cols = self._value_cols = frozenset(
                c for c, col in enumerate(self.columns, start=1) if col.number_format == BY_VALUE)
        return cols

    def body_style(self, column: int, is_dt: bool, quote: bool, text_like: bool,
                   fill_kind: int, base: StyleArray | None, decimals: int = 0) -> StyleArray:
        """The shared StyleArray of a body cell. This table's styles are kept by (column,
        kind of value): the shared cache's key costs five id() calls a cell; a finer key only
        makes more (identical) lookups on its misses, so the style lists fill in the same
        order. `base` is left out of the key as the shared cache leaves it out."""
        key = (column, is_dt, quote, text_like, fill_kind, decimals)
        style = self._local.get(key)
        if style is None:
            col = self.columns[column - 1]
            fill = (self.alert_fill, FILL_FORMULA, FILL_ALERT)[fill_kind - 1] if fill_kind else None
            number_format = col.number_format if not text_like else None
            if number_format == BY_VALUE:
                number_format = by_value_format(decimals)
            cache = _STYLE_CACHE.setdefault(self.ws.parent, {})
            style = self._local[key] = _style_of(
                self.ws, cache, is_dt, quote, base, FONT_LINK if col.link else FONT, BORDER,
                WRAP if col.wrap else TOP,
                number_format or None, fill, col.editable)
        return style

    def height(self, values: Sequence[Any]) -> float:
        return _row_height(self.columns, values)

    def row_specs(self) -> Iterator[tuple[int, float, list[CellSpec]]]:
        """(row number, height, cells) of the legend, the header and every row, in order,
        built now."""
        if self.legend is not None:
            yield self.top_row, LEGEND_HEIGHT, self.legend_specs()
        height, header = self.header_specs()
        yield self.first_row, height, header
        n_cols = len(self.columns)
        for r, values in enumerate(self.rows):
            if len(values) != n_cols:
                raise ValueError(f"row {r} has {len(values)} values for {n_cols} columns")
            specs = []
            value_cols = self.value_cols
            for c, value in enumerate(values, start=1):
                stored, dtype, quote, is_dt, base, text_like = self.classify(value)
                style = self.body_style(c, is_dt, quote, text_like,
                                        self.fill_kind(r, c, value), base,
                                        value_decimals(value) if c in value_cols else 0)
                specs.append((c, stored, dtype, style))
            yield self.first_row + 1 + r, self.height(values), specs


_LAZY_ATTR = "_dxreport_lazy_table"


def lazy_table(ws: Any) -> LazyTable | None:
    """The table `ws` writes at save time, if any."""
    return getattr(ws, _LAZY_ATTR, None)


def _add_cells(table: LazyTable) -> None:
    ws = table.ws
    for excel_row, height, specs in table.row_specs():
        for cell in table.cells(excel_row, specs):
            ws._add_cell(cell)
        ws.row_dimensions[excel_row].height = height


def materialise(wb: Workbook) -> Workbook:
    """Turn every lazy table of `wb` into ordinary cells, in sheet order (as the save would)."""
    for ws in wb.worksheets:
        table = lazy_table(ws)
        if table is not None:
            _add_cells(table)
            delattr(ws, _LAZY_ATTR)
    return wb


def write_table(
    ws: Worksheet,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    *,
    first_row: int = 1,
    alert_rows: set[int] | None = None,
    formula_cols: set[int] | None = None,
    lazy: bool = False,
    alert_fill: PatternFill = FILL_ALERT,
    legend: Any = None,
    muted_rows: set[int] | None = None,
) -> tuple[int, int]:
    """Write a header and rows from `first_row`; return (header_row, last_row).

    `alert_rows` are indexes into `rows` to fill with `alert_fill` (grey: not submitted;
    blue: changed); `muted_rows` are grey beside them (still no value, where alert rows are
    blue); `formula_cols` are 0-based column indexes shaded as recomputable.
    `legend` (from `palette.legend`) goes in the row above the header. `lazy`: the sheet
    holds only this table and is saved by `FastExcelWriter` (or `materialise`d first): its
    cells are built then.
    """
    if legend is not None and first_row < 2:
        raise ValueError("a legend needs the row above the header")
    table = LazyTable(ws, columns, rows, first_row, alert_rows or set(), formula_cols or set(),
                      alert_fill, legend, frozenset(muted_rows or ()))
    for c, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = col.width
    if lazy:
        if ws._cells or lazy_table(ws) is not None:
            raise ValueError(f"lazy table on a sheet with other cells: {ws.title}")
        setattr(ws, _LAZY_ATTR, table)
    else:
        _add_cells(table)
    return first_row, table.last_row


def _row_height(
    columns: Sequence[Column], values: Sequence[Any], minimum: float = 0, *, all_wrap: bool = False
) -> float:
    """Row height that shows wrapped text whole (spreadsheets do not auto-fit written rows)."""
    lines = 1
    for col, value in zip(columns, values, strict=True):
        if type(value) is Formula and value.shown is not None:
            value = value.shown
        if (col.wrap or all_wrap) and isinstance(value, str):
            if len(value) < (col.width - 1.5) / 2 and "\n" not in value:
                continue  # one line even if every character is full-width
            lines = max(lines, text_lines(value, col.width))
    return max(minimum, lines_height(lines))


def list_object(ws: Worksheet, name: str, ref: str) -> None:
    """Make the table at `ref` (header row first) an Excel Table (ListObject) named `name`,
    so Power Query and pivots find it by a stable name; it carries its own filter buttons, so
    the sheet's auto filter over the same range is dropped (Excel allows only one).

    The column names are set here from the headers as written (a lazy table's cells do not
    exist yet; openpyxl would otherwise read them from the cells), so they equal the header
    cells, as Excel requires."""
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    table = lazy_table(ws)
    if table is not None and table.first_row == min_row:
        headers = [c.header for c in table.columns][min_col - 1:max_col]
    else:
        headers = [ws.cell(row=min_row, column=c).value for c in range(min_col, max_col + 1)]
    names = [neutralise(str(h if h is not None else ""))[0] for h in headers]
    if len(set(names)) != len(names) or not all(names):
        raise ValueError(f"{ws.title}: a table needs distinct, non-empty headers: {names}")
    if max_row == min_row:  # a table has at least one (here empty) data row
        max_row += 1
    ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
    t = Table(displayName=name, ref=ref)
    t.tableColumns = [TableColumn(id=i, name=n) for i, n in enumerate(names, start=1)]
    t.autoFilter = AutoFilter(ref=ref)
    ws.add_table(t)
    if ws.auto_filter.ref and range_boundaries(ws.auto_filter.ref)[1] == min_row:
        ws.auto_filter.ref = None


def row_height(columns: Sequence[Column], values: Sequence[Any]) -> float:
    """The height `write_table` gives a row of `values` (for tables placed by hand)."""
    return _row_height(columns, values)


def finish_sheet(
    ws: Worksheet,
    *,
    header_row: int | None,
    last_row: int,
    n_cols: int,
    freeze_cols: int = 0,
    print_cols: int | None = None,
) -> None:
    """Freeze panes, filter, print setup (landscape, fit to width, A3 when wide; only the
    first `print_cols` columns when given: the trace columns after them are for the screen)
    and protection."""
    if header_row is not None:
        # a coordinate, not `ws.cell(...)`: that would add a cell to a lazy table's sheet
        ws.freeze_panes = f"{get_column_letter(freeze_cols + 1)}{header_row + 1}"
        ref = f"A{header_row}:{get_column_letter(n_cols)}{max(last_row, header_row)}"
        ws.auto_filter.ref = ref
        table = lazy_table(ws)
        above = header_row - 1 if (
            (table is not None and table.legend is not None and table.first_row == header_row)
            or (header_row - 1, 1) in ws._cells
        ) else header_row
        ws.print_title_rows = f"{max(above, 1)}:{header_row}"  # the legend repeats too
    printed = n_cols if print_cols is None else min(print_cols, n_cols)
    fit_page(ws, (ws.column_dimensions[get_column_letter(c)].width or 13
                  for c in range(1, printed + 1)))
    if print_cols is not None:
        ws.print_area = f"A1:{get_column_letter(printed)}{max(last_row, header_row or 1)}"
    ws.print_options.gridLines = False
    # Read-only for readers, but filtering and sorting views stay usable (no password: the
    # protection prevents accidents, the file's SHA-256 in the ledger guards integrity).
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False
