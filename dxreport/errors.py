"""User-facing errors: a Japanese message that says where and what to do, never a traceback."""

from __future__ import annotations


class UserError(Exception):
    """A mistake in the user's input or environment, reported as a Japanese message.

    `message` is already rendered from the catalogue in `dxreport.messages` (one module per stage).
    The CLI prints it and exits with `exit_code`; the Excel layer shows it in a message box.
    """

    exit_code = 1

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class UsageError(UserError):
    """Wrong command-line usage (exit code 2)."""

    exit_code = 2


class FileFault(UserError):
    """A file could not be written or read for a cause of the machine, not of its content:
    the disk is full, the file is open in Excel or not ours to write, its path is too long.
    The message (`fileio.file_fault`) names the file and what to do.

    `kind` is one of `FileFault.KINDS`. A run stops at a fault that every further write
    would meet too (`stops_run`: a full disk, a broken drive); a locked return copy or a
    name too long is one file's problem, and the run goes on without it."""

    DISK_FULL = "disk_full"
    LOCKED = "locked"  # open in Excel, read-only, no permission
    TOO_LONG = "too_long"
    OTHER = "other"
    KINDS = (DISK_FULL, LOCKED, TOO_LONG, OTHER)

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind

    @property
    def stops_run(self) -> bool:
        return self.kind in (self.DISK_FULL, self.OTHER)
