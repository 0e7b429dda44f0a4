"""Atomic file output: write to a temporary file beside the target, then rename.

A reader (or Excel) never sees a half-written workbook, and a failed run leaves the
previous file intact.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from dxreport.errors import UserError
from dxreport.messages import msg


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; rename it onto `target` on success.

    A target Excel holds open (Windows locks it) or a folder we may not write to is the
    user's to fix: `UserError` naming the file, for every output alike."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=target.suffix, dir=target.parent)
    except PermissionError as exc:
        raise UserError(msg("file_locked", path=target)) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    # mkstemp makes the file readable by its owner only, and the rename keeps that: give it
    # the permissions any new file gets, so colleagues on a shared folder can open outputs
    os.chmod(tmp, 0o666 & ~_umask())
    try:
        yield tmp
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise UserError(msg("file_locked", path=target)) from exc
    finally:
        if tmp.exists():
            tmp.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


NOTEPAD_ENCODINGS = ("utf-8-sig", "cp932")
"""How Notepad on a Japanese Windows saves text, in the order tried: UTF-8 with or without a
BOM (`utf-8-sig` takes both), then the older default ANSI = cp932 (Shift_JIS). UTF-8 first:
valid UTF-8 with Japanese text is almost never valid cp932, the reverse is common."""


UTF16_ENCODING = "utf-16"
"""`UnicodeDecodeError.encoding` of text Notepad saved as "Unicode" (UTF-16): cp932 would
decode its bytes into nonsense rather than fail, so it is recognised first and refused."""


def decode_notepad_text(data: bytes) -> str:
    """Text a person saved in Notepad, whichever encoding it chose; `UnicodeDecodeError` if
    none fits (the caller names the file and what to do; `encoding` is `UTF16_ENCODING` for
    Notepad's "Unicode" / "Unicode big endian", so the caller can say which it was)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        # a BOM of UTF-16 LE/BE, or NULs (UTF-16 without a BOM): never UTF-8 or cp932 text
        raise UnicodeDecodeError(UTF16_ENCODING, data[:2], 0, 2, "UTF-16 text")
    for encoding in NOTEPAD_ENCODINGS[:-1]:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return data.decode(NOTEPAD_ENCODINGS[-1])


def write_text_atomic(target: Path, text: str) -> None:
    write_bytes_atomic(target, text.encode("utf-8"))


def save_atomic(target: Path, save: Callable[[Path], object]) -> None:
    """Run `save(tmp_path)` (e.g. `workbook.save`) and move the result onto `target`."""
    with atomic_path(target) as tmp:
        save(tmp)


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


# What Windows refuses in a file name (and control characters); with `spaces`, whitespace too.
_NOT_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_NOT_IN_NAME_OR_SPACE = re.compile(r'[\\/:*?"<>|\x00-\x1f\s]+')


def windows_name(text: str, replacement: str = "_", *, spaces: bool = False) -> str:
    """`text` usable inside a Windows file name: each character Windows refuses becomes
    `replacement`; with `spaces`, each run of them or of whitespace does. The one rule for
    every file name we make from a division's or a round's name."""
    return (_NOT_IN_NAME_OR_SPACE if spaces else _NOT_IN_NAME).sub(replacement, text)
