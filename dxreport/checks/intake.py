"""Taking returned files in: find them under `2_回収/`, hash them, keep an immutable copy.

The copy in `3_受付/<sha256>.<ext>` is what validation reads (the original may be renamed,
moved or re-saved by someone while we work); it is written atomically and made read-only.
Files under `2_回収/` are only ever opened for reading.

Office leaves temporary and lock files next to open workbooks (`~$回答.xlsx` from Excel,
`.~lock.回答.xlsx#` from LibreOffice) and operating systems add their own (`.DS_Store`,
`Thumbs.db`); those are listed as ignored, with a note, never validated.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from dxreport.fileio import TMP_PREFIX, file_fault

IGNORED_NAMES = {".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db"}
IGNORED_PREFIXES = ("~$", ".~lock.", "._", TMP_PREFIX)
CHUNK = 1 << 20


@dataclass(frozen=True)
class Received:
    """One file found under `2_回収/`."""

    path: Path
    name: str  # relative to 2_回収, with "/" separators (as people see it in Explorer)


def is_ignored(name: str) -> bool:
    """Temporary, lock and system files that are never returns."""
    base = PurePosixPath(name).name
    return base.lower() in IGNORED_NAMES or base.startswith(IGNORED_PREFIXES)


def scan_returns(returns: Path) -> tuple[list[Received], list[str]]:
    """(files to validate, ignored names), both sorted by relative name; subfolders included.

    Symbolic links are not followed (a link could point anywhere on the machine).
    """
    found: list[Received] = []
    ignored: list[str] = []
    if not returns.is_dir():
        return found, ignored
    for dirpath, dirnames, filenames in os.walk(returns, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not is_ignored(d))
        for fn in filenames:
            path = Path(dirpath) / fn
            rel = path.relative_to(returns).as_posix()
            if is_ignored(fn) or path.is_symlink() or not path.is_file():
                ignored.append(rel)
                continue
            found.append(Received(path, rel))
    found.sort(key=lambda r: r.name)
    ignored.sort()
    return found, ignored


def hash_file(path: Path) -> tuple[str, int]:
    """(SHA-256 hex, size in bytes), read in chunks (a huge file is never held in memory)."""
    h = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                h.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise file_fault(exc, path, writing=False) from exc
    return h.hexdigest(), size


def intake_name(sha256: str, original: str) -> str:
    """`<sha256>.<ext>`: the extension kept (lower case, ASCII only) so people can open it."""
    ext = PurePosixPath(original).suffix.lower()
    if not ext or not ext[1:].isascii() or not ext[1:].isalnum() or len(ext) > 8:
        ext = ".bin"
    return sha256 + ext


def store_copy(source: Path, intake: Path, original: str) -> tuple[Path, str, int]:
    """Copy `source` into the intake folder by content hash; returns (copy, sha256, size).

    The bytes are hashed while copying, so the stored copy is exactly what was hashed. An
    existing copy with that name is kept as it is (same content, immutable). What the
    machine refuses is a `FileFault`: reading names `source` (open elsewhere), writing names
    the intake folder (disk full); no temporary file is left either way.
    """
    h = hashlib.sha256()
    size = 0
    try:
        intake.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".part", dir=intake)
    except OSError as exc:
        raise file_fault(exc, intake) from exc
    tmp = Path(tmp_name)
    try:
        try:
            with os.fdopen(fd, "wb") as dst, _opened(source) as src:
                while chunk := _read(src, source):
                    h.update(chunk)
                    dst.write(chunk)
                    size += len(chunk)
            sha = h.hexdigest()
            target = intake / intake_name(sha, original)
            if not target.exists():
                os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
                os.replace(tmp, target)
        except OSError as exc:  # reading `source` raised FileFault already: this is writing
            raise file_fault(exc, intake) from exc
    finally:
        if tmp.exists():
            with contextlib.suppress(OSError):
                tmp.chmod(stat.S_IRUSR | stat.S_IWUSR)
                tmp.unlink()
    return target, sha, size


@contextlib.contextmanager
def _opened(source: Path) -> Iterator[BinaryIO]:
    try:
        f = open(source, "rb")  # noqa: SIM115 (a with-block could not tell reading apart)
    except OSError as exc:
        raise file_fault(exc, source, writing=False) from exc
    with f:
        yield f


def _read(src: BinaryIO, source: Path) -> bytes:
    try:
        return src.read(CHUNK)
    except OSError as exc:
        raise file_fault(exc, source, writing=False) from exc
