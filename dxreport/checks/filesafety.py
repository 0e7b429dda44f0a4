"""Open a returned workbook without trusting it.

`inspect_file` reads the file's bytes once (bounded by `Limits.max_file_bytes`), never writes
to it, and checks, before any Excel library sees the content:

1. OLE2 compound files (magic D0CF11E0): a password-encrypted .xlsx is an OLE2 file holding
   `EncryptionInfo` + `EncryptedPackage` streams (F003); anything else OLE2 is a legacy .xls
   or another old Office file (F004).
2. The zip container: not a zip (F001), corrupt or truncated (F002), zip-level password (F003),
   then the zip-bomb limits from the central directory: entry count (F010), total (F007) and
   per-entry (F008) uncompressed size, compression ratio (F009). Python's zipfile stops at the
   declared size and fails the CRC if an entry inflates further, so declared sizes are binding.
3. The package: a spreadsheet main part must exist (F001); macro-enabled types, a
   `vbaProject.bin` or an .xlsm/.xlsb/.xltm/.xlam name (F005); external links (F012).
4. Every .xml/.rels part is parsed with defusedxml's guards (DTD, entity and external
   declarations forbidden), so an entity expansion (billion laughs) or external entity is
   reported (F011) and never expanded. openpyxl itself then parses through defusedxml too.

Only then is the workbook loaded (formulas kept as formulas, VBA and external links dropped,
nothing evaluated); any exception there becomes F002.

`read_only=True` (what validation uses) reads a `WorkbookSnapshot` with `dxreport.xlsx.read`
(a streaming expat reader, DTDs and entities forbidden): every non-empty cell's value, type and
number format exactly as openpyxl shows them, the sheet names and states and the defined names
— all the checks look at — for about a fifth of the cost of openpyxl's read-only load (no
stylesheet objects and no cell objects are built). The annotated return copy needs the full
workbook and loads it with openpyxl (`read_only=False`).
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import olefile
import openpyxl
from openpyxl.workbook.workbook import Workbook
from pydantic import BaseModel, Field

from dxreport.checks.findings import Finding, finding
from dxreport.messages import msg
from dxreport.xlsx.read import (
    XlsxCell,
    XlsxDtdError,
    XlsxReader,
    XlsxReadError,
    guarded_parser,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
MACRO_EXTENSIONS = {".xlsm", ".xlsb", ".xltm", ".xlam"}
SPREADSHEET_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
}
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
MB = 1024 * 1024


class Limits(BaseModel):
    """Size limits for untrusted returns. A real survey is well under 1 MB on every axis."""

    max_file_bytes: int = Field(default=20 * MB, gt=0)
    max_total_uncompressed: int = Field(default=50 * MB, gt=0)
    max_entry_uncompressed: int = Field(default=50 * MB, gt=0)
    max_entries: int = Field(default=2000, gt=0)
    max_ratio: float = Field(default=200.0, gt=1)
    # Small parts (styles, empty sheets) legitimately compress very well; ratio only matters
    # for entries large enough to hurt.
    ratio_min_bytes: int = Field(default=1 * MB, ge=0)


SnapshotCell = XlsxCell  # what the checks read of one non-empty cell (row, column, value,
#                          data_type, number_format: as an openpyxl cell shows them)


class SnapshotSheet:
    """A worksheet's non-empty cells, in `_cells` as an ordinary openpyxl worksheet keeps them
    (so `anchors.cell_values` and the value checks read both alike)."""

    def __init__(self, title: str, state: str, cells: dict[tuple[int, int], SnapshotCell]
                 ) -> None:
        self.title, self.sheet_state, self._cells = title, state, cells

    def cell(self, row: int, column: int) -> SnapshotCell:
        """The cell at (row, column); an empty stand-in (value None) when nothing is there."""
        found = self._cells.get((row, column))
        return found if found is not None else SnapshotCell(row, column, None, "n", "General")


class WorkbookSnapshot:
    """The parts of a workbook the checks read: sheets (in order), their cells, defined names.

    Read whole with `xlsx_read` (formulas as formula text, never evaluated): a sheet that
    cannot be read fails here, as F002, never later inside a check."""

    def __init__(self, reader: XlsxReader) -> None:
        self.worksheets = [
            SnapshotSheet(entry.title, entry.state,
                          {(c.row, c.column): c for c in reader.cells(entry.title)})
            for entry in reader.sheets
        ]
        self.sheetnames = [ws.title for ws in self.worksheets]
        self.defined_names = reader.defined_names
        self.epoch = reader.epoch  # the date system (1900 or 1904), as openpyxl's `wb.epoch`
        self._by_title = {ws.title: ws for ws in self.worksheets}

    def __getitem__(self, title: str) -> SnapshotSheet:
        return self._by_title[title]

    def __contains__(self, title: object) -> bool:
        return title in self._by_title


@dataclass(frozen=True)
class SafeWorkbook:
    """A return that passed the file checks, loaded in memory (the file itself is untouched).

    `workbook` is an openpyxl `Workbook`, or with `inspect_file(..., read_only=True)` a
    `WorkbookSnapshot`."""

    path: Path
    workbook: Workbook | WorkbookSnapshot
    sha256: str
    size: int


def inspect_file(
    path: Path | str, limits: Limits | None = None, *, read_only: bool = False
) -> SafeWorkbook | list[Finding]:
    """Check `path` and load it, or return the findings that make it unsafe or unreadable.

    `read_only`: load a `WorkbookSnapshot` (what the checks need, about 3x cheaper) instead of
    the full, editable workbook."""
    path = Path(path)
    limits = limits or Limits()
    try:
        return _inspect(path, limits, read_only)
    except Exception as exc:  # the promise: no input makes validation crash
        return [_f(path, "F002", detail=msg("chk_detail_load_failed", kind=type(exc).__name__))]


def _f(path: Path, code: str, **fields: Any) -> Finding:
    return finding(code, file=path.name, **fields)


def human_size(n: float) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")


def _inspect(path: Path, limits: Limits, read_only: bool) -> SafeWorkbook | list[Finding]:
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        return [_f(path, "F006", size=human_size(size), limit=human_size(limits.max_file_bytes))]
    with open(path, "rb") as fh:  # read once: all checks and the load see the same bytes
        data = fh.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:  # grew while we looked
        return [_f(path, "F006", size=human_size(len(data)),
                   limit=human_size(limits.max_file_bytes))]
    if not data:
        return [_f(path, "F001", detail=msg("chk_detail_empty"))]
    if data.startswith(OLE_MAGIC):
        return [_inspect_ole(path, data)]
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        if data.startswith(ZIP_MAGIC):
            return [_f(path, "F002", detail=msg("chk_detail_bad_zip"))]
        return [_f(path, "F001", detail=msg("chk_detail_not_zip"))]
    with zf:
        found = _check_zip_limits(path, zf, limits)
        if found:
            return found
        found = _check_package(path, zf)
        if found:
            return found
    return _load(path, data, read_only)


def _inspect_ole(path: Path, data: bytes) -> Finding:
    try:
        # A file object, never bytes: olefile treats bytes shorter than 1536 as a *path*.
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            encrypted = ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage")
    except Exception:  # olefile raises plain OSError and others on broken headers
        return _f(path, "F002", detail=msg("chk_detail_bad_ole"))
    return _f(path, "F003") if encrypted else _f(path, "F004")


def _check_zip_limits(path: Path, zf: zipfile.ZipFile, limits: Limits) -> list[Finding]:
    infos = zf.infolist()
    if len(infos) > limits.max_entries:
        return [_f(path, "F010", count=len(infos), limit=limits.max_entries)]
    if any(i.flag_bits & 0x1 for i in infos):  # zip-level password on an entry
        return [_f(path, "F003")]
    found: list[Finding] = []
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_uncompressed:
        found.append(_f(path, "F007", size=human_size(total),
                        limit=human_size(limits.max_total_uncompressed)))
    for i in infos:
        if i.file_size > limits.max_entry_uncompressed:
            found.append(_f(path, "F008", part=i.filename, size=human_size(i.file_size),
                            limit=human_size(limits.max_entry_uncompressed)))
        elif i.file_size >= max(limits.ratio_min_bytes, 1):
            ratio = i.file_size / i.compress_size if i.compress_size else float("inf")
            if ratio > limits.max_ratio:
                shown = "∞" if ratio == float("inf") else f"{ratio:.0f}"
                found.append(_f(path, "F009", part=i.filename, ratio=shown))
    return found


def _check_package(path: Path, zf: zipfile.ZipFile) -> list[Finding]:
    names = zf.namelist()
    found: list[Finding] = []
    # XML safety first: nothing below may parse a part that declares entities.
    for name in names:
        if name.lower().endswith((".xml", ".rels")):
            problem = _xml_problem(zf, name)
            if problem == "dtd":
                return [_f(path, "F011", part=name)]
            if problem == "broken":
                return [_f(path, "F002", detail=msg("chk_detail_bad_xml", part=name))]
    pkg = read_package(zf)
    if pkg is None:
        return [_f(path, "F001", detail=msg("chk_detail_no_workbook"))]
    if pkg.strict:  # ISO Strict namespaces: neither Excel's defaults nor openpyxl read them
        return [_f(path, "F014")]
    types = set(pkg.types.values()) | pkg.default_types
    ext = PurePosixPath(path.name).suffix.lower()
    if any("macroenabled" in t or "vbaproject" in t for t in types):
        found.append(_f(path, "F005", detail=msg("chk_detail_macro_type")))
    elif pkg.parts_of(RISKY_KINDS["vba"]) or any(n.lower().endswith("vbaproject.bin")
                                                  for n in names):
        found.append(_f(path, "F005", detail=msg("chk_detail_macro_part")))
    elif ext in MACRO_EXTENSIONS:
        found.append(_f(path, "F005", detail=msg("chk_detail_macro_ext", ext=ext)))
    elif not types & SPREADSHEET_MAIN_TYPES:
        return [_f(path, "F001", detail=msg("chk_detail_no_workbook"))]
    # Recognised by content type and relationship (where Excel looks), and by the usual
    # folder too: a part moved elsewhere keeps its meaning for Excel.
    links = pkg.parts_of(RISKY_KINDS["link"]) | {
        n for n in names if n.lower().startswith("xl/externallinks/")
        and n.lower().endswith(".xml")}
    if links:
        found.append(_f(path, "F012", count=len(links)))
    for code, kind in (("F015", "xlm"), ("F016", "activex"), ("F017", "ole")):
        parts = pkg.parts_of(RISKY_KINDS[kind])
        if parts:
            found.append(_f(path, code, count=len(parts), part=sorted(parts)[0]))
    return found


# Active or linked content a survey never holds, each known by its content types and by the
# last segment of its relationship types (transitional and Strict namespaces alike).
RISKY_KINDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "vba": (frozenset({"application/vnd.ms-office.vbaproject"}),
            frozenset({"vbaproject"})),
    "link": (frozenset({
        "application/vnd.openxmlformats-officedocument.spreadsheetml.externallink+xml"}),
        frozenset({"externallink"})),
    "xlm": (frozenset({"application/vnd.ms-excel.macrosheet+xml",
                       "application/vnd.ms-excel.intlmacrosheet+xml",
                       "application/vnd.ms-excel.macrosheet"}),
            frozenset({"xlmacrosheet", "xlintlmacrosheet"})),
    "activex": (frozenset({"application/vnd.ms-office.activex+xml",
                           "application/vnd.ms-office.activex"}),
                frozenset({"control", "activexcontrolbinary"})),
    "ole": (frozenset({"application/vnd.openxmlformats-officedocument.oleobject"}),
            frozenset({"oleobject"})),
}
STRICT_NAMESPACE = "http://purl.oclc.org/ooxml/"


@dataclass
class Package:
    """What the package says its parts are: content types and relationships."""

    types: dict[str, str]  # part name (no leading /) -> content type (lower case)
    default_types: set[str]
    by_extension: dict[str, str]
    rels: list[tuple[str, str, str]]  # (source .rels part, type (lower case), target part)
    strict: bool
    names: list[str]  # every part in the zip

    def content_type(self, part: str) -> str:
        if part in self.types:
            return self.types[part]
        return self.by_extension.get(PurePosixPath(part).suffix.lower().lstrip("."), "")

    def parts_of(self, kind: tuple[frozenset[str], frozenset[str]]) -> set[str]:
        """Parts of a kind: by content type, or as the target of such a relationship."""
        content_types, rel_types = kind
        parts = {p for p in self.names if self.content_type(p) in content_types}
        parts |= {target for _src, rel, target in self.rels
                  if rel.rstrip("/").rsplit("/", 1)[-1] in rel_types}
        return parts


def read_package(zf: zipfile.ZipFile) -> Package | None:
    """The package's content types and every relationship; None without [Content_Types].xml.

    Parsed with the guarded parser (no DTD, no entities), after the scan above."""
    overrides: dict[str, str] = {}
    by_ext: dict[str, str] = {}
    strict = [False]

    def types_start(name: str, attrs: dict[str, str]) -> None:
        if name == CT_NS[1:-1] + "}Override":
            overrides[attrs.get("PartName", "").lstrip("/")] = attrs.get(
                "ContentType", "").lower()
        elif name == CT_NS[1:-1] + "}Default":
            by_ext[attrs.get("Extension", "").lower()] = attrs.get("ContentType", "").lower()

    try:
        _parse(zf, "[Content_Types].xml", types_start)
    except KeyError:
        return None
    rels: list[tuple[str, str, str]] = []
    for rels_part in (n for n in zf.namelist() if n.lower().endswith(".rels")):
        folder = PurePosixPath(rels_part).parent.parent  # xl/_rels/x.rels -> xl

        def rel_start(name: str, attrs: dict[str, str], rels_part: str = rels_part,
                      folder: PurePosixPath = folder) -> None:
            if not name.endswith("}Relationship"):
                return
            kind = attrs.get("Type", "")
            if kind.startswith(STRICT_NAMESPACE):
                strict[0] = True
            target = attrs.get("Target", "")
            if attrs.get("TargetMode") != "External":
                target = target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(posixpath.join(str(folder), target)).lstrip("./")
            rels.append((rels_part, kind.lower(), target))

        _parse(zf, rels_part, rel_start)
    main = next((p for p, t in overrides.items() if t in SPREADSHEET_MAIN_TYPES), None)
    if main is not None and main in zf.namelist():
        with zf.open(main) as stream:  # Strict names its elements in the ISO namespace
            strict[0] = strict[0] or STRICT_NAMESPACE.encode() in stream.read(4096)
    return Package(types=overrides, default_types=set(by_ext.values()), by_extension=by_ext,
                   rels=rels, strict=strict[0], names=zf.namelist())


def _parse(zf: zipfile.ZipFile, part: str, start: Any) -> None:
    parser = guarded_parser()
    parser.StartElementHandler = start
    with zf.open(part) as stream:
        parser.ParseFile(stream)


def _xml_problem(zf: zipfile.ZipFile, name: str) -> str | None:
    """'dtd' for DTD/entity/external declarations, 'broken' for malformed XML, else None.

    The reader's guarded expat parser (defusedxml's guards on a bare parser): no tree is
    built and no Python runs per element, so checking every part costs ~1 ms a survey."""
    parser = guarded_parser(None)
    try:
        with zf.open(name) as stream:
            parser.ParseFile(stream)
    except XlsxDtdError:
        return "dtd"
    except Exception:  # ExpatError, zlib errors, CRC mismatch (lying sizes)
        return "broken"
    return None


def _load(path: Path, data: bytes, read_only: bool) -> SafeWorkbook | list[Finding]:
    wb: Workbook | WorkbookSnapshot
    try:
        if read_only:
            with XlsxReader(data, data_only=False) as reader:
                wb = WorkbookSnapshot(reader)
        else:
            with warnings.catch_warnings():
                # openpyxl warns about features it drops (extensions, unsupported validation).
                warnings.simplefilter("ignore")
                wb = openpyxl.load_workbook(
                    io.BytesIO(data), read_only=False, keep_vba=False, data_only=False,
                    keep_links=False,
                )
    except XlsxDtdError as exc:  # in a part the scan above does not cover (not named .xml)
        return [_f(path, "F011", part=exc.part or path.name)]
    except Exception as exc:
        cause = exc.__cause__ if isinstance(exc, XlsxReadError) and exc.__cause__ else exc
        return [_f(path, "F002", detail=msg("chk_detail_load_failed",
                                            kind=type(cause).__name__))]
    return SafeWorkbook(path=path, workbook=wb, sha256=hashlib.sha256(data).hexdigest(),
                        size=len(data))
