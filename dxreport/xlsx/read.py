"""A streaming reader of the parts of an .xlsx we read: sheets, cells, defined names.

openpyxl's read-only mode builds a Python object per style record and per cell, which is most
of the cost of checking a return (~25 ms a file) and of loading a big master plan. This reader
parses the same XML parts with a bare `xml.parsers.expat` parser (DTDs and entity declarations
forbidden, as defusedxml does: returns are untrusted) and yields what openpyxl would show:

- the cell values typed exactly as openpyxl's worksheet reader types them (its own helpers do
  the conversions: `_cast_number`, `from_excel`, `from_ISO8601`, the shared-formula
  `Translator`, `is_date_format`), the cell's `data_type` and its `number_format`;
- worksheets (in order, with their state), the workbook-level defined names as openpyxl's
  `DefinedName` objects, and the date system (1900 or 1904).

Only the sheets asked for are parsed, when asked for. Chart sheets are not worksheets and are
left out (as in openpyxl's `wb.worksheets`).

One deliberate difference: `cells()` (and `rows()`, built from it) yields every cell of the
sheet, whereas openpyxl's read-only worksheet drops cells outside the sheet's stated
`<dimension>` (a stale dimension written by some tools), as its full load does not.
Where openpyxl and Excel disagree, the reader shows what Excel shows: `_xHHHH_` escapes in
text are decoded (`_x000D_` is a carriage return). As in openpyxl, only the stylesheet's own
`<numFmts>` give cells their formats (a conditional format's `<dxf>` may reuse an id).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element
from xml.parsers import expat

from openpyxl.formula.translate import Translator
from openpyxl.styles.numbers import (
    BUILTIN_FORMATS,
    BUILTIN_FORMATS_MAX_SIZE,
    BUILTIN_FORMATS_REVERSE,
    builtin_format_code,
    is_date_format,
    is_timedelta_format,
)
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601
from openpyxl.workbook.defined_name import DefinedName, DefinedNameDict
from openpyxl.worksheet._reader import _cast_number
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "http://schemas.openxmlformats.org/package/2006/content-types}"
WORKBOOK_TYPES = [  # the order openpyxl looks for them in
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
]
SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STYLES_PART = "xl/styles.xml"  # openpyxl reads the stylesheet from this fixed name
PRINT_NAMES = ("_xlnm.Print_Titles", "_xlnm.Print_Area", "_xlnm._FilterDatabase")
CHUNK = 1 << 20
_COLUMNS: dict[str, int] = {}

_ROW, _C, _V, _F, _IS = MAIN + "row", MAIN + "c", MAIN + "v", MAIN + "f", MAIN + "is"
_T, _R, _RPH, _SI = MAIN + "t", MAIN + "r", MAIN + "rPh", MAIN + "si"


class XlsxReadError(ValueError):
    """The package or one of its parts cannot be read (corrupt zip or XML, DTD, bad part)."""


class XlsxCell:
    """One cell as openpyxl's read-only cell shows it: value, data_type, number_format."""

    __slots__ = ("column", "data_type", "number_format", "row", "value")

    def __init__(self, row: int, column: int, value: object, data_type: str,
                 number_format: str) -> None:
        self.row, self.column, self.value = row, column, value
        self.data_type, self.number_format = data_type, number_format

    def __repr__(self) -> str:
        return (f"XlsxCell({self.row}, {self.column}, {self.value!r}, {self.data_type!r}, "
                f"{self.number_format!r})")


class SheetEntry:
    """A worksheet of the workbook: its title, state (visible/hidden/veryHidden) and part."""

    __slots__ = ("part", "state", "title")

    def __init__(self, title: str, state: str, part: str) -> None:
        self.title, self.state, self.part = title, state, part


class XlsxDtdError(XlsxReadError):
    """A part declares a DTD or entities (billion laughs, external entities): refused."""

    def __init__(self, message: str, part: str | None = None) -> None:
        super().__init__(message)
        self.part = part


def _forbid(*_args: object) -> Any:  # an expat handler; never returns
    raise XlsxDtdError("DTD or entity declarations are not allowed")


def guarded_parser(namespace_separator: str | None = "}") -> expat.XMLParserType:
    """A bare expat parser with the guards defusedxml installs (no DTD, no entity or external
    declaration: `XlsxDtdError`). With a separator, names come as `namespace}tag`."""
    p = expat.ParserCreate(namespace_separator=namespace_separator) \
        if namespace_separator is not None else expat.ParserCreate()
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    p.StartDoctypeDeclHandler = _forbid
    p.EntityDeclHandler = _forbid
    p.UnparsedEntityDeclHandler = _forbid
    p.ExternalEntityRefHandler = _forbid
    return p


def _parser() -> expat.XMLParserType:
    """A guarded parser with namespaces resolved, buffering text for the handlers."""
    p = guarded_parser()
    p.buffer_text = True
    p.buffer_size = 1 << 16
    return p


def _coordinate(ref: str) -> tuple[int, int]:
    """openpyxl's `coordinate_to_tuple`, with the common case (`AB12`) cached by column."""
    letters = ref.rstrip("0123456789")
    col = _COLUMNS.get(letters)
    digits = ref[len(letters):]
    if col is None or not digits or (row := int(digits)) == 0:
        row, col = coordinate_to_tuple(ref)  # `$`, lower case, or the error openpyxl gives
        if letters.isascii() and letters.isalpha() and letters.isupper():
            _COLUMNS[letters] = col
    return row, col


class _Text:
    """openpyxl's `Text.content` of an <si> or <is>: the plain <t> (the last one), then the
    <t> of each rich-text run <r>. Phonetic runs (<rPh>, furigana the IME records) are not
    part of what Excel shows: everything inside them, runs included, is skipped."""

    __slots__ = ("buf", "phonetic", "plain", "run_t", "runs", "where")

    def __init__(self) -> None:
        self.plain: str | None = None
        self.runs: list[str] = []
        self.where = ""  # "", "r": the element the next <t> belongs to
        self.run_t: str | None = None
        self.buf: list[str] | None = None
        self.phonetic = 0  # depth inside <rPh>

    def content(self) -> str:
        if not self.runs:
            return unescape(self.plain or "")
        return unescape("".join(([self.plain] if self.plain is not None else []) + self.runs))


ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Excel's `_xHHHH_` escapes in text (`_x000D_` is a carriage return, `_x005F_` a literal
    underscore, so `_x005F_x000D_` shows as `_x000D_`): decoded, as Excel shows the text.
    openpyxl keeps them literally (it only drops `x005F_`): a deliberate difference."""
    if "_x" not in text:
        return text
    return ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), text)


class _TextReader:
    """Start/end handlers for the inside of an <si>/<is> element (shared with the sheet)."""

    @staticmethod
    def start(text: _Text, name: str) -> None:
        if name == _RPH:
            text.phonetic += 1
        elif text.phonetic:
            return
        elif name == _T:
            text.buf = []
        elif name == _R:
            text.where, text.run_t = "r", None

    @staticmethod
    def end(text: _Text, name: str) -> None:
        if name == _RPH:
            text.phonetic = max(0, text.phonetic - 1)
        elif text.phonetic:
            return
        elif name == _T:
            value = "".join(text.buf) if text.buf else None
            text.buf = None
            if text.where == "":
                text.plain = value
            elif text.where == "r":
                text.run_t = value
        elif name == _R:
            if text.run_t is not None:
                text.runs.append(text.run_t)
            text.where = ""


def _feed(parser: expat.XMLParserType, stream: Any, part: str) -> Iterator[None]:
    """Parse `stream` chunk by chunk, yielding after each chunk (the caller drains results).
    A DTD or entity declaration names the part it is in."""
    try:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            parser.Parse(chunk, False)
            yield
        parser.Parse(b"", True)
    except XlsxDtdError as exc:
        raise XlsxDtdError(f"{part}: {exc}", part=part) from None
    yield


class _Styles:
    """Per cell-style index: the number format openpyxl shows and whether it is a date."""

    def __init__(self, xf_formats: list[int], custom: dict[int, str]) -> None:
        self.dates: set[int] = set()
        self.timedeltas: set[int] = set()
        if not xf_formats:  # no cellXfs: openpyxl keeps its default style (General)
            self.formats = ["General"]
            return
        # As openpyxl's Stylesheet._normalise_numbers and ReadOnlyCell.number_format.
        extra: list[str] = []
        ids: list[int] = []
        for idx, num_id in enumerate(xf_formats):
            if num_id in custom:
                fmt: str | None = custom[num_id]
                if fmt in BUILTIN_FORMATS_REVERSE:
                    num_id = BUILTIN_FORMATS_REVERSE[fmt]
                else:
                    if fmt not in extra:
                        extra.append(fmt)  # type: ignore[arg-type]
                    num_id = extra.index(fmt) + BUILTIN_FORMATS_MAX_SIZE  # type: ignore[arg-type]
            else:
                fmt = builtin_format_code(num_id)
            if is_date_format(fmt):
                self.dates.add(idx)
            if is_timedelta_format(fmt):
                self.timedeltas.add(idx)
            ids.append(num_id)
        self.formats = [self._shown(i, extra) for i in ids]

    @staticmethod
    def _shown(num_id: int, extra: list[str]) -> str:
        if num_id < BUILTIN_FORMATS_MAX_SIZE:
            return BUILTIN_FORMATS.get(num_id, "General")
        k = num_id - BUILTIN_FORMATS_MAX_SIZE
        # An id with no <numFmt> behind it (a broken stylesheet): openpyxl fails on it.
        return extra[k] if k < len(extra) else "General"


class XlsxReader:
    """Read an .xlsx (a path or its bytes). Sheets are parsed only when asked for.

    `data_only`: formulas give their cached result (as openpyxl's `data_only=True`); otherwise
    a formula cell's value is "=" + its text and its data_type "f"."""

    def __init__(self, source: bytes | str | Path, *, data_only: bool = False) -> None:
        self.data_only = data_only
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes)
                                        else source)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
            raise XlsxReadError(f"not a readable zip package: {exc}") from exc
        try:
            self._names = set(self._zip.namelist())
            self._read_workbook()
        except XlsxReadError:
            self.close()
            raise
        except (KeyError, ValueError, OSError, EOFError, zlib.error, expat.ExpatError,
                zipfile.BadZipFile, TypeError) as exc:
            self.close()
            raise XlsxReadError(f"{type(exc).__name__}: {exc}") from exc
        self._strings: list[str] | None = None
        self._styles: _Styles | None = None

    # -- the package ------------------------------------------------------------------
    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> XlsxReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _parse_part(self, part: str, start: Any, end: Any = None, chars: Any = None) -> None:
        p = _parser()
        p.StartElementHandler = start
        if end is not None:
            p.EndElementHandler = end
        if chars is not None:
            p.CharacterDataHandler = chars
        with self._zip.open(part) as stream:
            for _ in _feed(p, stream, part):
                pass

    def _read_workbook(self) -> None:
        overrides: list[tuple[str, str]] = []
        defaults: set[str] = set()

        def types(name: str, attrs: dict[str, str]) -> None:
            if name == CT + "Override":
                overrides.append((attrs.get("ContentType", ""), attrs.get("PartName", "")))
            elif name == CT + "Default":
                defaults.add(attrs.get("ContentType", ""))

        self._parse_part("[Content_Types].xml", types)
        workbook_part = next((part[1:] for ct in WORKBOOK_TYPES for t, part in overrides
                              if t == ct), None)
        if workbook_part is None:
            if not defaults & set(WORKBOOK_TYPES):
                raise XlsxReadError("File contains no valid workbook part")
            workbook_part = "xl/workbook.xml"
        self._strings_part = next((part[1:] for t, part in overrides if t == SHARED_STRINGS),
                                  None)

        sheets: list[tuple[str, str, str | None]] = []  # name, state, r:id
        names: list[Element] = []
        name_text: list[str] = []
        self.date1904 = False

        def start(name: str, attrs: dict[str, str]) -> None:
            if name == MAIN + "sheet":
                sheets.append((attrs.get("name", ""), attrs.get("state", "visible"),
                               attrs.get(REL_NS + "id")))
            elif name == MAIN + "workbookPr":
                value = attrs.get("date1904")
                self.date1904 = value is not None and value not in ("false", "f", "0") \
                    and bool(value)
            elif name == MAIN + "definedName":
                names.append(Element("definedName", {k: v for k, v in attrs.items()
                                                     if "}" not in k}))
                name_text.clear()

        def end(name: str) -> None:
            if name == MAIN + "definedName":
                names[-1].text = "".join(name_text) or None

        self._parse_part(workbook_part, start, end, name_text.append)
        self.epoch = CALENDAR_MAC_1904 if self.date1904 else WINDOWS_EPOCH

        rels: dict[str, tuple[str, str]] = {}  # Id -> (Type, target part)
        rels_part = posixpath.join(posixpath.dirname(workbook_part), "_rels",
                                   posixpath.basename(workbook_part) + ".rels")
        base = posixpath.dirname(workbook_part)

        def rel(name: str, attrs: dict[str, str]) -> None:
            if name == PKG_REL + "Relationship":
                target = attrs.get("Target", "")
                if attrs.get("TargetMode") != "External":
                    target = target[1:] if target.startswith("/") else \
                        posixpath.normpath(posixpath.join(base, target))
                rels[attrs.get("Id", "")] = (attrs.get("Type", ""), target)

        if rels_part in self._names:
            self._parse_part(rels_part, rel)
        self.sheets: list[SheetEntry] = []
        for title, state, rid in sheets:
            if not rid:
                continue  # openpyxl drops a <sheet> without r:id (with a warning)
            kind, target = rels[rid]  # KeyError as in openpyxl: a sheet with no relationship
            if target not in self._names or "chartsheet" in kind:
                continue
            self.sheets.append(SheetEntry(title, state, target))
        self._by_title = {s.title: s for s in self.sheets}
        self.sheetnames = [s.title for s in self.sheets]

        self.defined_names = DefinedNameDict()
        for el in names:
            defn = DefinedName.from_tree(el)
            if defn.localSheetId is None and defn.name not in PRINT_NAMES:
                self.defined_names[defn.name] = defn

    def _shared_strings(self) -> list[str]:
        if self._strings is not None:
            return self._strings
        strings: list[str] = []
        if self._strings_part is not None:
            state: list[_Text | None] = [None]

            def start(name: str, _attrs: dict[str, str]) -> None:
                if name == _SI:
                    state[0] = _Text()
                elif state[0] is not None:
                    _TextReader.start(state[0], name)

            def end(name: str) -> None:
                text = state[0]
                if text is None:
                    return
                if name == _SI:
                    strings.append(text.content())
                    state[0] = None
                else:
                    _TextReader.end(text, name)

            def chars(data: str) -> None:
                text = state[0]
                if text is not None and text.buf is not None:
                    text.buf.append(data)

            self._parse_part(self._strings_part, start, end, chars)
        self._strings = strings
        return strings

    def _style_table(self) -> _Styles:
        if self._styles is not None:
            return self._styles
        xf_formats: list[int] = []
        custom: dict[int, str] = {}
        if STYLES_PART in self._names:
            where: list[str] = [""]

            def start(name: str, attrs: dict[str, str]) -> None:
                if name == MAIN + "cellXfs":
                    where[0] = "cellXfs"
                elif name == MAIN + "xf" and where[0] == "cellXfs":
                    xf_formats.append(int(attrs.get("numFmtId", 0)))
                    where[0] = "xf"
                elif name == MAIN + "numFmts":
                    where[0] = "numFmts"
                elif name == MAIN + "numFmt" and where[0] == "numFmts":
                    # only the stylesheet's own formats: a <dxf>'s format (conditional
                    # formatting) may reuse an id but applies only while its rule matches
                    custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")

            def end(name: str) -> None:
                if name in (MAIN + "cellXfs", MAIN + "numFmts"):
                    where[0] = ""
                elif name == MAIN + "xf" and where[0] == "xf":
                    where[0] = "cellXfs"

            self._parse_part(STYLES_PART, start, end)
        self._styles = _Styles(xf_formats, custom)
        return self._styles

    # -- sheets -----------------------------------------------------------------------
    def _rows(self, title: str) -> Iterator[tuple[int, list[tuple[int, Any, str, int, int]]]]:
        """(row number, [(column, value, data_type, style id, row), ...]) in document order, as
        openpyxl's WorkSheetParser gives them, every <c> included (also empty ones)."""
        entry = self._by_title[title]
        try:
            strings = self._shared_strings()
            styles = self._style_table()
            parser = _SheetParser(strings, styles, self.data_only, self.epoch)
            with self._zip.open(entry.part) as stream:
                for _ in _feed(parser.expat, stream, entry.part):
                    if parser.rows:
                        rows, parser.rows = parser.rows, []
                        yield from rows
        except XlsxReadError:
            raise
        except (KeyError, ValueError, OSError, EOFError, zlib.error, expat.ExpatError,
                zipfile.BadZipFile, TypeError, IndexError, OverflowError) as exc:
            raise XlsxReadError(f"{title}: {type(exc).__name__}: {exc}") from exc

    def cells(self, title: str) -> Iterator[XlsxCell]:
        """Every cell of the sheet holding a value (None-valued cells are left out)."""
        formats = self._style_table().formats
        n = len(formats)
        for _row, cells in self._rows(title):
            for column, value, data_type, style, row in cells:
                if value is not None:
                    yield XlsxCell(row, column, value, data_type,
                                   formats[style] if 0 <= style < n else "General")

    def rows(self, title: str) -> list[tuple[int, tuple[Any, ...]]]:
        """(row number, values from column A) of every row holding a value, in order: what a
        table-shaped sheet (the master plan's) is read as. Built from `cells()`, so a stale
        `<dimension>` cannot hide rows (openpyxl's read-only `iter_rows` would)."""
        grid: dict[int, dict[int, Any]] = {}
        for c in self.cells(title):
            grid.setdefault(c.row, {})[c.column] = c.value
        width = max((max(cols) for cols in grid.values()), default=0)
        return [(r, tuple(grid[r].get(col) for col in range(1, width + 1)))
                for r in sorted(grid)]


class _SheetParser:
    """Expat handlers for a worksheet's XML, collecting rows as openpyxl's parser types them."""

    def __init__(self, strings: list[str], styles: _Styles, data_only: bool, epoch: Any
                 ) -> None:
        self.strings, self.data_only, self.epoch = strings, data_only, epoch
        self.dates, self.timedeltas = styles.dates, styles.timedeltas
        self.rows: list[tuple[int, list[tuple[int, Any, str, int, int]]]] = []
        self.row: list[tuple[int, Any, str, int, int]] | None = None
        self.row_counter = self.col_counter = 0
        self.shared: dict[str | None, Translator] = {}
        self.in_c = False
        self.text: _Text | None = None  # inside <is>
        self.buf: list[str] | None = None  # collecting <v> or <f> text
        self.reset_cell()
        p = _parser()
        p.StartElementHandler = self.start
        p.EndElementHandler = self.end
        p.CharacterDataHandler = self.chars
        self.expat = p

    def reset_cell(self) -> None:
        self.t, self.style = "n", 0
        self.ref: str | None = None
        self.v: str | None = None
        self.v_seen = False
        self.f_attrs: dict[str, str] | None = None
        self.f_text: str | None = None
        self.inline: _Text | None = None

    def chars(self, data: str) -> None:
        buf = self.buf
        if buf is not None:
            buf.append(data)
        elif self.text is not None and self.text.buf is not None:
            self.text.buf.append(data)

    # The handlers run once per element of sheets with hundreds of thousands of cells: the
    # common elements are tested first and the work for a cell is done inline.
    def start(self, name: str, attrs: dict[str, str]) -> None:
        text = self.text
        if text is not None:  # inside <is>
            _TextReader.start(text, name)
        elif name == _C:
            self.t = attrs.get("t", "n")
            self.ref = attrs.get("r")
            s = attrs.get("s")
            self.style = int(s) if s else 0
            self.v = self.f_attrs = self.f_text = self.inline = None
            self.v_seen = False
            self.in_c = True
        elif not self.in_c:
            if name == _ROW:
                r = attrs.get("r")
                if r is not None:
                    try:
                        self.row_counter = int(r)
                    except ValueError:
                        val = float(r)
                        if not val.is_integer():
                            raise ValueError(f"{r} is not a valid row number") from None
                        self.row_counter = int(val)
                else:
                    self.row_counter += 1
                self.col_counter = 0
                self.row = []
        elif name == _V:
            if not self.v_seen:
                self.buf = []
        elif name == _IS:
            if self.inline is None:
                self.inline = self.text = _Text()
        elif name == _F and self.f_attrs is None:
            self.f_attrs = attrs
            self.buf = []

    def end(self, name: str) -> None:
        text = self.text
        if text is not None:
            if name == _IS:
                self.text = None
            else:
                _TextReader.end(text, name)
        elif name == _C:
            self.in_c = False
            self.finish_cell()
        elif name == _V:
            if self.buf is not None:
                self.v = "".join(self.buf)
                self.v_seen = True
                self.buf = None
        elif name == _ROW:
            if self.row is not None:
                self.rows.append((self.row_counter, self.row))
                self.row = None
        elif name == _F and self.buf is not None:
            self.f_text = "".join(self.buf) or None
            self.buf = None

    def finish_cell(self) -> None:
        """openpyxl's WorkSheetParser.parse_cell, on the collected parts of one <c>."""
        data_type = self.t
        ref = self.ref
        if ref:
            row, column = _coordinate(ref)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        value: Any = None if data_type == "inlineStr" else (self.v or None)
        if not self.data_only and self.f_attrs is not None:
            data_type = "f"
            value = self.formula(ref)
        elif value is not None:
            if data_type == "n":
                value = _cast_number(value)
                if self.style in self.dates:
                    data_type = "d"
                    try:
                        value = from_excel(value, self.epoch,
                                           timedelta=self.style in self.timedeltas)
                    except (OverflowError, ValueError):
                        data_type, value = "e", "#VALUE!"
            elif data_type == "s":
                value = self.strings[int(value)]
            elif data_type == "b":
                value = bool(int(value))
            elif data_type == "str":
                data_type = "s"
            elif data_type == "d":
                value = from_ISO8601(value)
        elif data_type == "inlineStr" and self.inline is not None:
            data_type = "s"
            value = self.inline.content()
        if self.row is None:  # a <c> outside any <row>: openpyxl never sees it
            return
        self.row.append((column, value, data_type, self.style, row))

    def formula(self, ref: str | None) -> Any:
        attrs = self.f_attrs or {}
        kind = attrs.get("t")
        value: Any = "=" + (self.f_text or "")
        if kind == "array":
            return ArrayFormula(ref=attrs.get("ref"), text=value)
        if kind == "shared":
            idx = attrs.get("si")
            if idx in self.shared:
                return self.shared[idx].translate_formula(ref)
            if value != "=":
                self.shared[idx] = Translator(value, ref)
            return value
        if kind == "dataTable":
            return DataTableFormula(**attrs)
        return value
