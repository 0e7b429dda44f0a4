"""The library face: one `Round` object per working folder.

The CLI, the Excel buttons and the demo all call these methods, the way sqlite-utils' command
line and library are two faces of the same functions. An analyst uses the same object::

    from dxreport.api import Round

    rnd = Round.create("R8_年度末", year="R8", round="年度末")
    rnd.populate()
    # ... divisions return their files into rnd.folder.returns ...
    rnd.validate()
    print(rnd.status().count("accepted"))
    result = rnd.consolidate()

Stage modules are imported inside the methods: opening a round to read its board must not pay
for openpyxl and the whole survey writer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dxreport.errors import UsageError, UserError
from dxreport.messages import msg
from dxreport.round.folder import (
    Settings,
    WorkFolder,
    check_new_folder,
    default_deadline,
    init_folder,
    open_folder,
    resolve_round,
)
from dxreport.round.ledger import Ledger
from dxreport.rules.fiscal_year import parse_fiscal_year

if TYPE_CHECKING:
    import pandas as pd

    from dxreport.checks.validate import ValidationRun
    from dxreport.consolidate.run import ConsolidationResult
    from dxreport.mail.drafts import MailRun
    from dxreport.mail.templates import MailKind
    from dxreport.round.board import Board
    from dxreport.rules.plan_model import Plan
    from dxreport.survey.populate import PopulateResult


class Round:
    """One reporting round (照会 → 回答 → 集約) in its working folder."""

    def __init__(self, folder: WorkFolder) -> None:
        self.folder = folder

    # ------------------------------------------------------------------ opening
    @classmethod
    def create(
        cls,
        folder: str | os.PathLike[str],
        year: str | int | None = None,
        round: str | None = None,
        deadline: str | dt.date | None = None,
        contact: str | None = None,
        master: str | os.PathLike[str] | None = None,
        previous: str | os.PathLike[str] | None = None,
        allow_skip: bool = False,
        *,
        contact_extension: str | None = None,
        contact_email: str | None = None,
        submission: str | None = None,
    ) -> Round:
        """Create a working folder (`dxreport init`). Without `master`, the embedded plan's
        master is written into the folder as its own, editable copy.

        With `previous` (`init --from`), the round follows that working folder's round: year
        and round default to the next one (中間 → 年度末 → next year's 中間), the settings
        (contact, password, template, validation, rating), its master as edited and the mails'
        texts are carried over, and 設定.toml records the predecessor (`round.chain`). A
        round that is not after it is refused, and one that leaves rounds out unless
        `allow_skip`. Without `previous`: year R8, 年度末 by default.

        Everything that can fail (settings, the plan, the master) is done before the first
        byte is written; a failure leaves the folder as it was (see `init_folder`)."""
        from dxreport.plan.importer import import_plan
        from dxreport.plan.master import master_bytes

        root = Path(folder)
        given = {"contact": contact, "contact_extension": contact_extension,
                 "contact_email": contact_email, "submission": submission}
        extra = {k: v for k, v in given.items() if v is not None}
        if previous is not None:
            return cls._create_after(root, Path(previous), year, round, deadline, extra,
                                     master, allow_skip)
        fiscal_year = parse_fiscal_year(year if year is not None else "R8")
        round_name, round_code = resolve_round(round if round is not None else "年度末")
        deadline_date = _deadline(deadline, fiscal_year, round_code)
        check_new_folder(root)  # before the plan is read: the quick answer first
        if master is not None:
            master_setting = _checked_master(Path(master))
        else:
            master_setting = f"マスタ計画_{fiscal_year}.xlsx"
        settings = Settings(fiscal_year=fiscal_year, round_name=round_name,
                            round_code=round_code, deadline=deadline_date,
                            master=master_setting, **extra)
        files = {}
        if master is None and not (root / master_setting).exists():  # one put there is kept
            imported = import_plan()
            files[master_setting] = master_bytes(imported.plan, imported.findings)
        return cls(init_folder(root, settings, files))

    @classmethod
    def _create_after(cls, root: Path, previous: Path, year: str | int | None,
                      round_arg: str | None, deadline: str | dt.date | None,
                      given: dict[str, str], master: str | os.PathLike[str] | None,
                      allow_skip: bool) -> Round:
        """`create(..., previous=...)`: the next round from the last (see `create`). The
        contact and submission settings `given` replace the previous round's; the others are
        carried over."""
        from dxreport.round.chain import next_round, record
        from dxreport.round.folder import master_file

        check_new_folder(root)
        prev = open_folder(previous)
        if prev.root.resolve() == root.resolve():
            raise UserError(msg("chain_same_folder", path=root))
        fiscal_year, round_name, round_code = next_round(prev.settings, year, round_arg,
                                                         allow_skip=allow_skip)
        with Ledger.open(prev) as ledger:  # draws the predecessor's ID if it had none yet
            round_id = ledger.round_id()
        files: dict[str, bytes] = {}
        if master is not None:
            master_setting = _checked_master(Path(master))
        else:
            master_setting = _carry(prev.settings.master, master_file(prev), files)
            _checked_master(master_file(prev))
        template = prev.settings.template
        if prev.template_path is not None and prev.template_path.is_file():
            template = _carry(template, prev.template_path, files)
        if prev.mail_templates.is_dir():  # the mails' texts as the DX division edited them
            for text in sorted(prev.mail_templates.iterdir()):
                if text.is_file():
                    files[text.relative_to(prev.root).as_posix()] = text.read_bytes()
        settings = prev.settings.model_copy(update={
            "fiscal_year": fiscal_year, "round_name": round_name, "round_code": round_code,
            "deadline": _deadline(deadline, fiscal_year, round_code),
            **given,
            "master": master_setting, "template": template,
            "previous": record(prev, round_id, root),
        })
        return cls(init_folder(root, Settings.model_validate(settings.model_dump()), files))

    @classmethod
    def open(cls, folder: str | os.PathLike[str]) -> Round:
        """Open an initialised working folder (its 設定.toml is checked now)."""
        return cls(open_folder(Path(folder)))

    @property
    def root(self) -> Path:
        return self.folder.root

    @property
    def settings(self) -> Settings:
        return self.folder.settings

    def plan(self) -> Plan:
        """The master plan the settings point at, edits made in Excel included."""
        from dxreport.plan.master import load_plan

        return load_plan(self.folder)

    # ------------------------------------------------------------------ the stages
    def populate(self, divisions: list[str] | None = None,
                 progress: bool = False, regenerate: bool = False) -> PopulateResult:
        """Write one survey per division into 1_配布 (all, or the given division codes).

        A division already sent its survey in this round is refused (`UserError` listing what
        would change) unless `regenerate`; a regeneration keeps every earlier distribution in
        the ledger, and returns of those are still checked against what they carried."""
        from dxreport.survey.populate import populate

        return populate(self.folder, divisions, progress=progress, regenerate=regenerate)

    def validate(self, progress: bool = False) -> ValidationRun:
        """Check every file in 2_回収 not checked before; record verdicts in the ledger."""
        from dxreport.checks.validate import validate

        return validate(self.folder, progress=progress)

    def status(self) -> Board:
        """Every division's standing in this round, from the ledger (writes nothing)."""
        from dxreport.round.board import build_board

        with self._ledger() as (ledger, names, round_of):
            return build_board(ledger, names, round_of)

    def consolidate(self) -> ConsolidationResult:
        """Write the next status workbook into 5_集約 from the returns that count."""
        from dxreport.consolidate.run import consolidate

        return consolidate(self.folder)

    def latest_consolidation(self) -> Path | None:
        """The newest status workbook of this round, or None."""
        from dxreport.consolidate.run import latest_output

        return latest_output(self.folder)

    def mail(self, kind: str | MailKind, today: dt.date | None = None) -> MailRun:
        """Write unsent drafts (.eml) of `kind` (照会 / 督促 / 差し戻し) into 6_メール, one per
        division the board names for it, with メール一覧.xlsx. `today` counts the days left
        to the deadline (default: today)."""
        from dxreport.mail.drafts import write_mails
        from dxreport.mail.templates import MailKind
        from dxreport.plan.master import division_addresses

        mail_kind = MailKind.parse(kind)
        board = self.status()  # who is due which mail: the board's standings, nothing else
        return write_mails(self.folder, mail_kind, board, division_addresses(self.folder),
                           today=today)

    # ------------------------------------------------------------------ tidy tables
    def kpi_results(self) -> pd.DataFrame:
        """One row per KPI (per 小/中 part of a composite one): target, actual, achievement
        rate, rating and where the actual came from — what the next status workbook's KPI一覧
        would say, computed without writing anything."""
        from dxreport.consolidate.run import current_input
        from dxreport.consolidate.tables import KPI_COLUMNS, kpi_records

        inp, summary = current_input(self.folder)
        return _frame(kpi_records(inp, summary), KPI_COLUMNS)

    def history(self) -> pd.DataFrame:
        """One row per KPI (per 小/中 part) and round of the chain (the rounds before this one,
        walked back through 設定.toml's `[previous]`, then this one): the year's target, the
        path's value at that round, the accepted actual, its rate and rating, and whether it
        is on the path to the R12 target — what the 推移 sheet shows, for a notebook::

            h = rnd.history()
            h[h.kpi_id == "KPI-A04"].plot(x="round", y=["actual", "path_value"])
        """
        from dxreport.consolidate.history import HISTORY_COLUMNS, history_records
        from dxreport.consolidate.run import current_input, load_history, rating_settings

        inp, _summary = current_input(self.folder)
        history, _base = load_history(self.folder)
        inp = inp.model_copy(update={"history": history})
        return _frame(history_records(inp, rating_settings(self.folder)), HISTORY_COLUMNS)

    def initiative_reports(self) -> pd.DataFrame:
        """One row per initiative (plan row): status and texts as 取組一覧 shows them."""
        from dxreport.consolidate.run import current_input
        from dxreport.consolidate.tables import INITIATIVE_COLUMNS, initiative_records

        inp, _summary = current_input(self.folder)
        return _frame(initiative_records(inp), INITIATIVE_COLUMNS)

    def submissions(self) -> pd.DataFrame:
        """One row per file received for this round: verdict, whether it is the return that
        counts, whether consolidation uses its values."""
        from dxreport.round.tables import SUBMISSION_COLUMNS, submission_records

        with self._ledger() as (ledger, names, round_of):
            return _frame(submission_records(ledger, names, round_of), SUBMISSION_COLUMNS)

    def findings(self) -> pd.DataFrame:
        """One row per finding on a file of this round (code, severity, sheet, cell, message,
        what to do), as 検証結果.xlsx lists them."""
        from dxreport.checks.findings import stored_view
        from dxreport.round.tables import FINDING_COLUMNS, finding_records

        with self._ledger() as (ledger, names, round_of):
            return _frame(finding_records(ledger, names, round_of, stored_view),
                          FINDING_COLUMNS)

    @contextlib.contextmanager
    def _ledger(self) -> Iterator[tuple[Ledger, dict[str, tuple[str, str]], tuple[str, str]]]:
        from dxreport.plan.master import division_names

        names = division_names(self.folder)
        s = self.folder.settings
        with Ledger.open(self.folder) as ledger:
            yield ledger, names, (s.fiscal_year, s.round_code)


def _checked_master(path: Path) -> str:
    """An explicitly chosen master: read now (a wrong file is reported at init, not at
    populate time), kept as an absolute path."""
    from dxreport.plan.master import load_master

    if not path.is_file():
        raise UserError(msg("file_not_found", path=path))
    load_master(path)
    return os.path.abspath(path)


def _carry(setting: str, path: Path, files: dict[str, bytes]) -> str:
    """A file of the previous round's settings, for the new round: one inside the previous
    folder (a relative setting) is copied to the same place in the new folder, as it is now;
    one outside it (an absolute setting, e.g. a shared master) stays where it is."""
    if Path(setting).is_absolute():
        return setting
    files[Path(setting).as_posix()] = path.read_bytes()
    return setting


def _frame(records: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    try:
        import pandas as pd
    except ModuleNotFoundError:  # pandas is an extra for analysts: say how to get it
        raise UserError(msg("api_needs_pandas")) from None
    return pd.DataFrame.from_records(records, columns=list(columns))


def _deadline(value: str | dt.date | None, fiscal_year: str, round_code: str) -> dt.date:
    if value is None:
        return default_deadline(fiscal_year, round_code)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(msg("sv_bad_deadline", value=value)) from None


__all__ = ["Round"]
