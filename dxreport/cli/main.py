"""The command line (thin): parse arguments, call the stage functions, print Japanese output.

Each stage registers its subcommands from its own `command.py` (`register(subparsers)`), and each
handler returns an exit code. User mistakes arrive as `UserError` and are printed, never traced.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import platform
import sys
import tempfile
import traceback
from collections.abc import Sequence

from dxreport.cli.recorded import recorded_lines
from dxreport.errors import FileFault, UsageError, UserError
from dxreport.fileio import file_fault
from dxreport.messages import argparse_text, msg
from dxreport.resources import version
from dxreport.round.ledger import now

# Modules that contribute subcommands; each has `register(subparsers) -> None`.
COMMAND_MODULES: tuple[str, ...] = (
    "dxreport.cli.plan",
    "dxreport.cli.survey",
    "dxreport.cli.validate",
    "dxreport.cli.consolidate",
    "dxreport.cli.mail",
    "dxreport.cli.excel",
    "dxreport.cli.demo",
    "dxreport.cli.selfcheck",
)


class _JapaneseParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(msg("error_prefix", text=message))


class _Version(argparse.Action):
    """`--version`: printed as written (argparse's own action would re-wrap the path)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help=msg("help_version"))

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(version_text())
        parser.exit()


def version_text() -> str:
    """The installed dxreport's version and the Python running it (the self-check's answer)."""
    return msg("cli_version", version=version(), python=platform.python_version(),
               executable=sys.executable)


def build_parser() -> argparse.ArgumentParser:
    argparse._ = argparse_text  # type: ignore[attr-defined]  # argparse looks its wording up here
    parser = _JapaneseParser(prog="dxreport", description=msg("prog_description"))
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_JapaneseParser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # stage not built yet
                continue
            raise
        module.register(sub)
    return parser


def _configure_stdio() -> None:
    # Japanese output must not crash on a non-UTF-8 console (e.g. Windows cp932 pipes).
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def _quiet_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """A workbook whose writing failed on a full disk is closed again when it is collected
    (zipfile's finaliser), fails again and would print a traceback after our message: the
    run has already said which file and why. Anything else is shown as Python shows it."""
    if isinstance(unraisable.exc_value, OSError):
        return
    sys.__unraisablehook__(unraisable)


def main(argv: Sequence[str] | None = None) -> int:
    _configure_stdio()
    previous, sys.unraisablehook = sys.unraisablehook, _quiet_unraisable
    code = 1
    try:
        code = _main(argv)
        return code
    finally:
        if code != 0:
            gc.collect()  # finalise now, under the quiet hook, what a failed write left open
        sys.unraisablehook = previous


def _main(argv: Sequence[str] | None) -> int:
    started = now()
    args: argparse.Namespace | None = None
    try:
        args = build_parser().parse_args(argv)
        return int(args.handler(args) or 0)
    except FileFault as exc:  # the run stopped at a fault of the machine: and what it kept
        print("\n".join([exc.message, *recorded_lines(args, started)]), file=sys.stderr)
        return exc.exit_code
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:  # Ctrl+C: what was recorded, and that running again goes on
        print("\n".join([msg("cli_interrupted"),
                         *recorded_lines(args, started, interrupted=True)]), file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into a reader that stopped (`| head`): not a defect
        # Python would complain again flushing stdout at exit: point it at nothing
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # the machine refused a file no stage named: still which and why
        print(file_fault(exc).message, file=sys.stderr)
        return 1
    except Exception as exc:  # a defect of ours: say so in Japanese, keep the details in a file
        if os.environ.get("DXREPORT_DEBUG"):
            raise
        print(msg("unexpected", kind=type(exc).__name__, detail=exc), file=sys.stderr)
        print(msg("unexpected_log", path=_write_crash_log()), file=sys.stderr)
        return 1


def _write_crash_log() -> str:
    fd, path = tempfile.mkstemp(prefix="dxreport-error-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        traceback.print_exc(file=f)
    return path


if __name__ == "__main__":
    raise SystemExit(main())
