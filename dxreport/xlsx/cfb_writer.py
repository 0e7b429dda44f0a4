"""A minimal MS-CFB (compound file) version 3 writer, enough for `vbaProject.bin`.

olefile reads compound files but cannot create them, so we write one: 512-byte sectors, a FAT
(no DIFAT: up to 109 FAT sectors, about 6.8 MB), a miniFAT and mini stream for streams below
4096 bytes, and one directory red-black tree per storage. Timestamps and CLSIDs are zero so
the same input always gives the same bytes.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
_ENTRIES_PER_SECTOR = SECTOR // 4
_MAX_HEADER_DIFAT = 109

_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    sid: int = -1
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = _BLACK
    start: int = ENDOFCHAIN
    size: int = 0


def _name_key(name: str) -> tuple[int, str]:
    # MS-CFB 2.6.4: shorter names sort first, then code points of the upper-cased names.
    return (len(name.encode("utf-16-le")) // 2, name.upper())


def _assign_tree(nodes: list[_Entry], depth: int, red_level: int) -> int:
    """Make a balanced BST of the sorted `nodes`; return the root's stream id.

    Nodes on the deepest level of an incomplete tree are red, all others black: every path
    then holds the same number of black nodes, so the tree is a valid red-black tree.
    """
    if not nodes:
        return NOSTREAM
    mid = len(nodes) // 2
    node = nodes[mid]
    node.color = _RED if depth == red_level else _BLACK
    node.left = _assign_tree(nodes[:mid], depth + 1, red_level)
    node.right = _assign_tree(nodes[mid + 1 :], depth + 1, red_level)
    return node.sid


def _tree_depth(n: int) -> int:
    return max(n.bit_length() - 1, 0)


def _is_perfect(n: int) -> bool:
    return (n + 1) & n == 0


def _chain(fat: list[int], start: int, count: int) -> None:
    for i in range(count):
        fat[start + i] = start + i + 1 if i < count - 1 else ENDOFCHAIN


def _pad(data: bytes, unit: int) -> bytes:
    return data + b"\0" * (-len(data) % unit)


def build_compound_file(streams: dict[str, bytes]) -> bytes:
    """Return a compound file holding `streams`, keyed by '/'-separated paths ("VBA/dir")."""
    root = _Entry("Root Entry", _ROOT)
    for path, data in streams.items():
        parts = path.split("/")
        node = root
        for part in parts[:-1]:
            node = node.children.setdefault(part, _Entry(part, _STORAGE))
            if node.kind != _STORAGE:
                raise ValueError(f"{path}: {part} is a stream, not a storage")
        if len(parts[-1]) > 31 or parts[-1] in node.children:
            raise ValueError(f"bad or duplicate stream name: {path}")
        node.children[parts[-1]] = _Entry(parts[-1], _STREAM, data=bytes(data))

    # Stream ids in breadth-first order, siblings sorted by the CFB comparison rule.
    entries: list[_Entry] = [root]
    root.sid = 0
    queue = [root]
    while queue:
        parent = queue.pop(0)
        kids = sorted(parent.children.values(), key=lambda e: _name_key(e.name))
        for kid in kids:
            kid.sid = len(entries)
            entries.append(kid)
        red_level = -1 if _is_perfect(len(kids)) else _tree_depth(len(kids))
        parent.child = _assign_tree(kids, 0, red_level)
        queue.extend(k for k in kids if k.kind == _STORAGE)

    # Small streams go to the mini stream, the others to regular sectors.
    mini_stream = bytearray()
    minifat: list[int] = []
    big: list[_Entry] = []
    for e in entries:
        if e.kind != _STREAM:
            continue
        e.size = len(e.data)
        if e.size == 0:
            e.start = ENDOFCHAIN
        elif e.size < MINI_CUTOFF:
            first = len(minifat)
            count = -(-e.size // MINI_SECTOR)
            minifat.extend(range(first + 1, first + count))
            minifat.append(ENDOFCHAIN)
            e.start = first
            mini_stream += _pad(e.data, MINI_SECTOR)
        else:
            big.append(e)

    dir_sectors = -(-len(entries) * 128 // SECTOR)
    minifat_bytes = _pad(b"".join(struct.pack("<I", v) for v in minifat), SECTOR)
    minifat_sectors = len(minifat_bytes) // SECTOR if minifat else 0
    mini_sectors = -(-len(mini_stream) // SECTOR)
    big_sectors = sum(-(-len(e.data) // SECTOR) for e in big)
    content = dir_sectors + minifat_sectors + mini_sectors + big_sectors
    fat_sectors = 1
    while fat_sectors * _ENTRIES_PER_SECTOR < content + fat_sectors:
        fat_sectors += 1
    if fat_sectors > _MAX_HEADER_DIFAT:
        raise ValueError("compound file too large for a header-only DIFAT")

    fat = [FREESECT] * (fat_sectors * _ENTRIES_PER_SECTOR)
    for i in range(fat_sectors):
        fat[i] = FATSECT
    cursor = fat_sectors
    dir_start = cursor
    _chain(fat, cursor, dir_sectors)
    cursor += dir_sectors
    minifat_start = cursor if minifat_sectors else ENDOFCHAIN
    _chain(fat, cursor, minifat_sectors)
    cursor += minifat_sectors
    if mini_sectors:
        root.start = cursor
        root.size = len(mini_stream)
        _chain(fat, cursor, mini_sectors)
        cursor += mini_sectors
    body = [_pad(bytes(mini_stream), SECTOR)]
    for e in big:
        count = -(-len(e.data) // SECTOR)
        e.start = cursor
        _chain(fat, cursor, count)
        cursor += count
        body.append(_pad(e.data, SECTOR))

    directory = b"".join(_dir_entry(e) for e in entries)
    directory += _free_dir_entry() * (dir_sectors * SECTOR // 128 - len(entries))

    difat = list(range(fat_sectors)) + [FREESECT] * (_MAX_HEADER_DIFAT - fat_sectors)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"),
        b"\0" * 16,
        0x003E,  # minor version
        0x0003,  # major version 3: 512-byte sectors
        0xFFFE,  # little-endian
        9,  # sector shift: 2**9
        6,  # mini sector shift: 2**6
        b"\0" * 6,
        0,  # directory sector count (always 0 in version 3)
        fat_sectors,
        dir_start,
        0,  # transaction signature
        MINI_CUTOFF,
        minifat_start,
        minifat_sectors,
        ENDOFCHAIN,  # no DIFAT sectors
        0,
    ) + struct.pack(f"<{_MAX_HEADER_DIFAT}I", *difat)
    assert len(header) == SECTOR
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    return header + fat_bytes + directory + minifat_bytes + b"".join(body)


def _dir_entry(e: _Entry) -> bytes:
    name = e.name.encode("utf-16-le")
    size = e.size if e.kind in (_STREAM, _ROOT) else 0
    start = e.start if e.kind in (_STREAM, _ROOT) else 0
    if e.kind == _ROOT and not size:
        start = ENDOFCHAIN
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name,
        len(name) + 2,
        e.kind,
        e.color,
        e.left,
        e.right,
        e.child,
        b"\0" * 16,
        0,
        0,
        0,
        start,
        size,
    )


def _free_dir_entry() -> bytes:
    return struct.pack(
        "<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"", 0, 0, 0, 0, 0
    )
