"""Atomic file output: write to a temporary file beside the target, then rename.

A reader (or Excel) never sees a half-written workbook, and a failed run leaves the
previous file intact. And the one place where an `OSError` of the machine (disk full, a file
open in Excel, a path too long) becomes the Japanese message that names the file and what
to do (`file_fault`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from dxreport.errors import FileFault
from dxreport.messages import msg

TMP_PREFIX = ".tmp-"
"""Every temporary file we write starts so (`atomic_path`, intake copies, staged surveys):
scans ignore them, and `remove_leftovers` clears those a killed run left."""

WINDOWS_MAX_PATH = 260  # Explorer, Excel and older programs refuse a path this long

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_LOCKED = {errno.EACCES, errno.EPERM, errno.EROFS, errno.EBUSY, errno.ETXTBSY}
_WIN_DISK_FULL = {39, 112}  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
_WIN_LOCKED = {5, 19, 32, 33}  # ACCESS_DENIED, WRITE_PROTECT, SHARING_ / LOCK_VIOLATION
_WIN_TOO_LONG = {206}  # ERROR_FILENAME_EXCED_RANGE


def fault_kind(exc: OSError, path: Path | str | None = None) -> str:
    """What an `OSError` means to the user: one of `FileFault.KINDS`."""
    winerror = getattr(exc, "winerror", None)
    if exc.errno in _DISK_FULL or winerror in _WIN_DISK_FULL:
        return FileFault.DISK_FULL
    if exc.errno in _LOCKED or winerror in _WIN_LOCKED:
        return FileFault.LOCKED
    if exc.errno == errno.ENAMETOOLONG or winerror in _WIN_TOO_LONG or (
            # Windows says "not found" of a path past MAX_PATH it cannot even look at
            sys.platform == "win32" and exc.errno == errno.ENOENT and path is not None
            and len(str(path)) >= WINDOWS_MAX_PATH):
        return FileFault.TOO_LONG
    return FileFault.OTHER


def file_fault(exc: OSError, path: Path | str | None = None, *,
               writing: bool = True) -> FileFault:
    """The `FileFault` for `exc`, raised writing (or, with `writing=False`, reading) `path`
    (default: the file the error names): which file, what happened, what to do."""
    if path is None:
        path = exc.filename2 if exc.filename2 is not None else exc.filename
    shown = Path(os.fsdecode(path)) if path is not None else Path("?")
    kind = fault_kind(exc, shown)
    if kind == FileFault.DISK_FULL:
        text = msg("fault_disk_full", path=shown)
    elif kind == FileFault.LOCKED:
        text = msg("file_locked" if writing else "fault_read_locked", path=shown)
    elif kind == FileFault.TOO_LONG:
        text = msg("fault_too_long", path=shown, length=len(str(shown.absolute())),
                   limit=WINDOWS_MAX_PATH)
    else:
        code = errno.errorcode.get(exc.errno or 0) or getattr(exc, "winerror", None) or "?"
        text = msg("fault_other", path=shown, code=code,
                   action=msg("fault_writing" if writing else "fault_reading"))
    return FileFault(text, kind)


def check_path_length(path: Path) -> None:
    """Refuse, before anything is written, a path the machine would refuse at the rename
    (a name over 255 bytes anywhere; on Windows a path of MAX_PATH characters or more), so a
    caller that commits before renaming never records a file it cannot put in place."""
    full = str(Path(path).absolute())
    if len(os.fsencode(Path(path).name)) > 255 or (
            sys.platform == "win32" and len(full) >= WINDOWS_MAX_PATH):
        raise file_fault(OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG)), path)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; rename it onto `target` on success.

    Whatever the machine refuses on the way (the folder, the temporary file, a full disk
    while it is written, a target Excel holds open) is a `FileFault` naming `target`, for
    every output alike; the temporary file is removed and `target` stays as it was."""
    target = Path(target)
    tmp: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=target.suffix,
                                        dir=target.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        # mkstemp makes the file readable by its owner only, and the rename keeps that: give
        # it the permissions any new file gets, so colleagues on a shared folder can open it
        os.chmod(tmp, 0o666 & ~_umask())
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        raise file_fault(exc, target) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


def remove_leftovers(folder: Path, *, older_than: float = 0.0) -> list[Path]:
    """Remove the temporary files (`TMP_PREFIX`…, as `tempfile.mkstemp` names them) a killed
    run left in `folder`, those at least `older_than` seconds old. Only to be called while
    holding the folder's run lock, when no run of ours can be writing them. A file of any
    other name is never touched. Returns what was removed."""
    removed = []
    now = time.time()
    for path in folder.glob(f"{TMP_PREFIX}*"):
        if not _OUR_TMP.fullmatch(path.name):
            continue
        with contextlib.suppress(OSError):
            if not path.is_file() or now - path.stat().st_mtime < older_than:
                continue
            path.chmod(0o600)  # an intake copy is read-only (Windows refuses to delete it)
            path.unlink()
            removed.append(path)
    return removed


# mkstemp's names: the prefix, 8 random characters of [a-z0-9_], the suffix we gave
_OUR_TMP = re.compile(re.escape(TMP_PREFIX) + r"(?:populate-)?[a-z0-9_]{8}(?:\.[A-Za-z0-9]{1,8})?")


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
