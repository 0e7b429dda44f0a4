"""A source-only VBA project (`xl/vbaProject.bin`) per MS-OVBA, built without Excel.

`_VBA_PROJECT` says version 0xFFFF and carries no p-code, and every MODULEOFFSET is 0, so the
module streams are just compressed source: Excel discards nothing and compiles the source on
open. The layout (PROJECT stream lines, `_VBA_PROJECT` bytes) mirrors the standalone
quickstart workbook xlwings ships, a project in the same source-only form that Excel opens.
Its CMG/DPB/GC lines are not copied: they are encrypted with a key derived from the project
ID (MS-OVBA §2.4.3), so we encrypt the same state (not protected, no password, visible) with
our own ID, as Excel would.

Code page: 932 (Shift_JIS), what Excel writes on the Japanese Windows PCs this workbook is for.
All module text is required to be ASCII, which is identical in 932 and 1252, so the choice
cannot garble code on either.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from dxreport.xlsx.cfb_writer import build_compound_file
from dxreport.xlsx.ovba_compression import compress
from dxreport.xlsx.ovba_encryption import encrypt

CODE_PAGE = 932
PROJECT_NAME = "VBAProject"
# Fixed so that building twice gives identical bytes.
PROJECT_ID = "{6B0C1D1E-2F3A-4D5B-8C6D-7E8F9A0B1C2D}"

# The decrypted values of the protection lines (MS-OVBA §2.3.1.15-17), for a project that is
# open to anyone: ProjectProtectionState with no flag set, ProjectPassword "no password",
# ProjectVisibilityState "visible".
NOT_PROTECTED = struct.pack("<I", 0)
NO_PASSWORD = b"\x00"
VISIBLE = b"\xff"

_WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
_WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"

# References as Excel writes them for a new workbook: OLE Automation and the Office library.
REFERENCES: tuple[tuple[str, str], ...] = (
    (
        "stdole",
        "*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#"
        "C:\\Windows\\System32\\stdole2.tlb#OLE Automation",
    ),
    (
        "Office",
        "*\\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#"
        "C:\\Program Files\\Common Files\\Microsoft Shared\\OFFICE16\\MSO.DLL#"
        "Microsoft Office 16.0 Object Library",
    ),
)


class ModuleKind(Enum):
    STANDARD = "standard"
    DOCUMENT = "document"


@dataclass(frozen=True)
class VbaModule:
    """One module: `source` is the full stream text, `Attribute` lines included, CRLF."""

    name: str
    kind: ModuleKind
    source: str


def standard_module(name: str, bas_text: str) -> VbaModule:
    """A standard module from the text of an exported `.bas` file (its VB_Name must match)."""
    text = _crlf(bas_text)
    first = text.split("\r\n", 1)[0]
    expected = f'Attribute VB_Name = "{name}"'
    if first != expected:
        raise ValueError(f"module {name}: first line must be {expected!r}, got {first!r}")
    return VbaModule(name, ModuleKind.STANDARD, text)


def document_module(code_name: str, *, workbook: bool = False) -> VbaModule:
    """An empty document module for the workbook or one worksheet, as Excel creates it."""
    base = _WORKBOOK_BASE if workbook else _WORKSHEET_BASE
    lines = [
        f'Attribute VB_Name = "{code_name}"',
        f'Attribute VB_Base = "{base}"',
        "Attribute VB_GlobalNameSpace = False",
        "Attribute VB_Creatable = False",
        "Attribute VB_PredeclaredId = True",
        "Attribute VB_Exposed = True",
        "Attribute VB_TemplateDerived = False",
        "Attribute VB_Customizable = True",
    ]
    return VbaModule(code_name, ModuleKind.DOCUMENT, "".join(line + "\r\n" for line in lines))


def _crlf(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        text += "\n"
    return text.replace("\n", "\r\n")


def _mbcs(text: str) -> bytes:
    if not text.isascii():
        raise ValueError(f"VBA project text must be ASCII: {text[:60]!r}")
    return text.encode("cp932")


def _rec(record_id: int, payload: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(payload)) + payload


def _u32(value: int) -> bytes:
    return struct.pack("<I", value)


def _u16(value: int) -> bytes:
    return struct.pack("<H", value)


def dir_stream(modules: Sequence[VbaModule]) -> bytes:
    """The decompressed `VBA/dir` stream (MS-OVBA 2.3.4.2)."""
    out = bytearray()
    out += _rec(0x0001, _u32(0x00000001))  # PROJECTSYSKIND: 32-bit Windows
    out += _rec(0x0002, _u32(0x0409))  # PROJECTLCID (MUST be 0x409)
    out += _rec(0x0014, _u32(0x0409))  # PROJECTLCIDINVOKE (MUST be 0x409)
    out += _rec(0x0003, _u16(CODE_PAGE))  # PROJECTCODEPAGE
    out += _rec(0x0004, _mbcs(PROJECT_NAME))  # PROJECTNAME
    out += _rec(0x0005, b"") + _rec(0x0040, b"")  # PROJECTDOCSTRING (+ Unicode)
    out += _rec(0x0006, b"") + _rec(0x003D, b"")  # PROJECTHELPFILEPATH (+ second path)
    out += _rec(0x0007, _u32(0))  # PROJECTHELPCONTEXT
    out += _rec(0x0008, _u32(0))  # PROJECTLIBFLAGS
    # PROJECTVERSION has a fixed Reserved size field of 4, then major (4) and minor (2).
    out += struct.pack("<HI", 0x0009, 4) + _u32(1) + _u16(0)
    out += _rec(0x000C, b"") + _rec(0x003C, b"")  # PROJECTCONSTANTS (+ Unicode)
    for name, libid in REFERENCES:
        out += _rec(0x0016, _mbcs(name)) + _rec(0x003E, name.encode("utf-16-le"))
        libid_bytes = _mbcs(libid)
        registered = _u32(len(libid_bytes)) + libid_bytes + _u32(0) + _u16(0)
        out += _rec(0x000D, registered)  # REFERENCEREGISTERED
    out += _rec(0x000F, _u16(len(modules)))  # PROJECTMODULES
    out += _rec(0x0013, _u16(0xFFFF))  # PROJECTCOOKIE
    for module in modules:
        out += _rec(0x0019, _mbcs(module.name)) + _rec(0x0047, module.name.encode("utf-16-le"))
        out += _rec(0x001A, _mbcs(module.name)) + _rec(0x0032, module.name.encode("utf-16-le"))
        out += _rec(0x001C, b"") + _rec(0x0048, b"")  # MODULEDOCSTRING (+ Unicode)
        out += _rec(0x0031, _u32(0))  # MODULEOFFSET: source starts at 0, no p-code
        out += _rec(0x001E, _u32(0))  # MODULEHELPCONTEXT
        out += _rec(0x002C, _u16(0xFFFF))  # MODULECOOKIE
        module_type = 0x0021 if module.kind is ModuleKind.STANDARD else 0x0022
        out += struct.pack("<HI", module_type, 0)  # MODULETYPE
        out += struct.pack("<HI", 0x002B, 0)  # module terminator
    out += struct.pack("<HI", 0x0010, 0)  # dir terminator
    return bytes(out)


def project_stream(modules: Sequence[VbaModule]) -> bytes:
    """The `PROJECT` stream (MS-OVBA 2.3.1): text properties of an unprotected project."""
    lines = [f'ID="{PROJECT_ID}"']
    for m in modules:
        if m.kind is ModuleKind.DOCUMENT:
            lines.append(f"Document={m.name}/&H00000000")
        else:
            lines.append(f"Module={m.name}")
    lines += [
        f'Name="{PROJECT_NAME}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        _protection_line("CMG", NOT_PROTECTED),
        _protection_line("DPB", NO_PASSWORD),
        _protection_line("GC", VISIBLE),
        "",
        "[Host Extender Info]",
        "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",
        "",
        "[Workspace]",
    ]
    lines += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return _mbcs("".join(line + "\r\n" for line in lines))


def _protection_line(key: str, value: bytes) -> str:
    """`KEY="hex"`: `value` encrypted with our project ID; the seed (random in Excel) is
    derived from the ID and the key, so that every build gives the same bytes."""
    seed = hashlib.sha256(f"{PROJECT_ID}{key}".encode("ascii")).digest()[0]
    return f'{key}="{encrypt(PROJECT_ID, value, seed)}"'


def projectwm_stream(modules: Sequence[VbaModule]) -> bytes:
    """The `PROJECTwm` stream: each module name in MBCS and UTF-16, then a terminator."""
    out = bytearray()
    for m in modules:
        out += _mbcs(m.name) + b"\0" + m.name.encode("utf-16-le") + b"\0\0"
    return bytes(out + b"\0\0")


# Reserved1 0x61CC, Version 0xFFFF (no p-code: compile from source), Reserved2, Reserved3.
VBA_PROJECT_STREAM = bytes.fromhex("cc61ffff000100")


def build_vba_project(modules: Sequence[VbaModule]) -> bytes:
    """Return the bytes of `vbaProject.bin` holding `modules` (documents first, as Excel)."""
    names = [m.name.upper() for m in modules]
    if len(set(names)) != len(names):
        raise ValueError("duplicate module name")
    for m in modules:
        if not m.name.isidentifier() or not m.name.isascii() or len(m.name) > 31:
            raise ValueError(f"bad module name: {m.name!r}")
        _mbcs(m.source)
    streams = {
        "PROJECT": project_stream(modules),
        "PROJECTwm": projectwm_stream(modules),
        "VBA/_VBA_PROJECT": VBA_PROJECT_STREAM,
        "VBA/dir": compress(dir_stream(modules)),
    }
    for m in modules:
        streams[f"VBA/{m.name}"] = compress(_mbcs(m.source))
    return build_compound_file(streams)
