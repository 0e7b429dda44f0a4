"""Builders for the corpus of bad returns: every file is made by the tests in a tmp dir."""

from __future__ import annotations

import hashlib
import struct
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

SHEET = "調査票"


def survey_like_xlsx(path: Path) -> Path:
    """A small workbook shaped like a survey: protected sheet, unlocked input cells, a list
    validation, conditional formatting, defined names, a hidden key column, a comment."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(["KPI_ID", "指標名", "基準値", "目標値", "実績値", "進捗状況", "コメント"])
    ws.append(["K001", "電子申請件数", 100, 200, None, None, None])
    ws.append(["K002", "オンライン化率", 40.5, 60, None, None, None])
    for row in (2, 3):
        for col in ("E", "F", "G"):
            ws[f"{col}{row}"].protection = Protection(locked=False)
    ws["E3"].number_format = '0.0"%"'
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 30
    dv = DataValidation(type="list", formula1='"順調,遅れ,完了"', allow_blank=True)
    dv.add("F2:F3")
    ws.add_data_validation(dv)
    ws.conditional_formatting.add(
        "E2:E3", CellIsRule(operator="lessThan", formula=["0"],
                            fill=PatternFill("solid", fgColor="FF0000")))
    ws["B2"].comment = Comment("配布時のメモ", "デジタル変革課")
    ws.protection.sheet = True
    ws.protection.password = "dx-secret"
    wb.defined_names["調査票ID"] = DefinedName("調査票ID", attr_text=f"'{SHEET}'!$A$1")
    ws.defined_names["入力範囲"] = DefinedName("入力範囲", attr_text=f"'{SHEET}'!$E$2:$G$3")
    meta = wb.create_sheet("_meta")
    meta["A1"] = "survey_id"
    meta["B1"] = "R8-1-0001"
    meta.sheet_state = "hidden"
    wb.security = WorkbookProtection(lockStructure=True)
    wb.save(path)
    return path


def rewrite_zip(src: Path, dst: Path, *, replace: dict[str, bytes] | None = None,
                add: dict[str, bytes] | None = None, drop: set[str] | None = None) -> Path:
    replace, add, drop = replace or {}, add or {}, drop or set()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = replace.get(info.filename, zin.read(info.filename))
            zout.writestr(info.filename, data)
        for name, data in add.items():
            zout.writestr(name, data)
    return dst


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------- a tiny CFB writer
ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def make_cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors) holding `streams`.

    Streams are padded to 4096 bytes so they live in regular sectors (no mini stream);
    at most 3 streams and 126 data sectors, plenty for fixtures.
    """
    assert 1 <= len(streams) <= 3
    items = sorted(streams.items(), key=lambda kv: (len(kv[0]), kv[0].upper()))
    fat = [FATSECT, ENDOFCHAIN]  # sector 0: FAT, sector 1: directory
    data = b""
    entries = []
    for name, payload in items:
        payload = payload.ljust(4096, b"\0")
        nsec = -(-len(payload) // 512)
        start = len(fat)
        fat += [start + i + 1 for i in range(nsec - 1)] + [ENDOFCHAIN]
        data += payload.ljust(nsec * 512, b"\0")
        entries.append((name, start, len(payload)))
    assert len(fat) <= 128
    fat += [FREESECT] * (128 - len(fat))

    def direntry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
                + struct.pack("<III", NOSTREAM, right, child) + b"\0" * 16 + b"\0" * 4
                + b"\0" * 16 + struct.pack("<IQ", start, size))

    dirs = direntry("Root Entry", 5, 1, NOSTREAM, ENDOFCHAIN, 0)
    for i, (name, start, size) in enumerate(entries, start=1):
        right = i + 1 if i < len(entries) else NOSTREAM  # a right-leaning chain keeps BST order
        dirs += direntry(name, 2, NOSTREAM, right, start, size)
    while len(dirs) < 512:
        dirs += b"\0" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack(
            "<III", NOSTREAM, NOSTREAM, NOSTREAM) + b"\0" * 48
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
              + struct.pack("<I", 0) + struct.pack("<I", FREESECT) * 108)
    assert len(header) == 512
    return header + struct.pack("<128I", *fat) + dirs + data
