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
