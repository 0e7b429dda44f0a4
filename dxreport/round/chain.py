"""Rounds in a chain: the next round from the last, and the walk back to the first.

The plan runs R8–R12 with two rounds a year (中間 → 年度末), so every round has a place
(`position`) on one line of ten. `dxreport init --from` makes the next round after its
predecessor (`next_round`: forwards only, and a skipped round only when asked), and records the
predecessor in 設定.toml `[previous]`: its folder and the round ID its ledger carries.

`predecessors` walks that record back. A predecessor is looked for at its recorded path; when
that is gone, or holds another round, it is looked for by its round ID among the folders next
to the recorded path and next to this folder (a year's folders usually sit side by side, and
move together). What cannot be found is said in a note, never guessed: the walk stops there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dxreport.errors import UserError
from dxreport.messages import msg
from dxreport.round.folder import (
    ROUND_SEQUENCE,
    ROUNDS,
    SETTINGS_FILE,
    PreviousRound,
    Settings,
    WorkFolder,
    open_folder,
    resolve_round,
)
from dxreport.round.ledger import read_round_id
from dxreport.rules.fiscal_year import parse_fiscal_year
from dxreport.rules.plan_model import YEARS

MAX_ROUNDS = len(YEARS) * len(ROUND_SEQUENCE)
"""Every round of the plan: no chain is longer (a longer one is a loop)."""


def position(fiscal_year: str, round_code: str) -> int | None:
    """The round's place among the plan's rounds (R8 中間 = 0 … R12 年度末 = 9); None for a
    year outside the plan or a round code typed by hand that has no place."""
    if fiscal_year not in YEARS or round_code not in ROUND_SEQUENCE:
        return None
    return YEARS.index(fiscal_year) * len(ROUND_SEQUENCE) + ROUND_SEQUENCE.index(round_code)


def round_at(pos: int) -> tuple[str, str, str]:
    """(fiscal year, display name, code) of the round at `pos`."""
    year = YEARS[pos // len(ROUND_SEQUENCE)]
    code = ROUND_SEQUENCE[pos % len(ROUND_SEQUENCE)]
    return year, resolve_round(code)[0], code


def short_name(round_code: str, round_name: str) -> str:
    """`中間` / `年度末` for a known round, else its display name."""
    return next((k for k, (_, c) in ROUNDS.items() if c == round_code), round_name)


def label(fiscal_year: str, round_code: str, round_name: str) -> str:
    """How a round is named in messages and column headers: `R8 中間`."""
    return f"{fiscal_year} {short_name(round_code, round_name)}"


def _label_at(pos: int) -> str:
    year, name, code = round_at(pos)
    return label(year, code, name)


def next_round(prev: Settings, year: str | int | None = None, round_arg: str | None = None,
               *, allow_skip: bool = False) -> tuple[str, str, str]:
    """(fiscal year, display name, code) of the round that follows `prev`.

    Without `year` and `round_arg`: the very next round (中間 → 年度末 → next year's 中間).
    With one of them: the first round after `prev` that has it. A round that is not after
    `prev` is refused; one that leaves rounds out is refused unless `allow_skip`."""
    before = position(prev.fiscal_year, prev.round_code)
    prev_label = label(prev.fiscal_year, prev.round_code, prev.round_name)
    if before is None:
        raise UserError(msg("chain_unknown_round", round=prev_label))
    fy = parse_fiscal_year(year) if year is not None else None
    code = resolve_round(round_arg)[1] if round_arg is not None else None
    if fy is not None and code is not None:
        pos = position(fy, code)
        assert pos is not None
    else:
        later = [p for p in range(before + 1, MAX_ROUNDS)
                 if fy in (None, round_at(p)[0]) and code in (None, round_at(p)[2])]
        if not later:
            if fy is None and code is None:
                raise UserError(msg("chain_plan_ended", previous=prev_label, last=YEARS[-1]))
            wanted = " ".join(str(x) for x in (fy, round_arg) if x is not None)
            raise UserError(msg("chain_backwards", previous=prev_label, requested=wanted))
        pos = later[0]
    if pos <= before:
        raise UserError(msg("chain_backwards", previous=prev_label, requested=_label_at(pos)))
    skipped = [_label_at(p) for p in range(before + 1, pos)]
    if skipped and not allow_skip:
        raise UserError(msg("chain_skips", previous=prev_label, requested=_label_at(pos),
                            skipped="、".join(skipped)))
    return round_at(pos)


def record(prev: WorkFolder, round_id: str, new_root: Path) -> PreviousRound:
    """What the new round's 設定.toml says of its predecessor. The path is relative to the new
    folder when it can be (two folders moved together stay linked), else absolute."""
    target = prev.root.absolute()
    try:
        where = os.path.relpath(target, new_root.absolute())
    except ValueError:  # another drive (Windows)
        where = str(target)
    s = prev.settings
    return PreviousRound(folder=Path(where).as_posix(), round_id=round_id,
                         fiscal_year=s.fiscal_year, round_code=s.round_code,
                         round_name=s.round_name)


# ------------------------------------------------------------------ the walk back
@dataclass(frozen=True)
class Chain:
    """The rounds before a folder's round, oldest first, and what the walk has to say."""

    folders: list[WorkFolder] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # moved, missing, out of order
    broken: bool = False  # a predecessor could not be found: the chain starts later


def recorded_path(folder: WorkFolder) -> Path | None:
    """Where `folder`'s 設定.toml says its predecessor is (None: it has none)."""
    rec = folder.settings.previous
    if rec is None:
        return None
    p = Path(rec.folder)
    return p if p.is_absolute() else folder.root / p


def find(folder: WorkFolder) -> tuple[WorkFolder | None, str | None]:
    """`folder`'s predecessor, and a note when it was found elsewhere or not at all."""
    rec = folder.settings.previous
    path = recorded_path(folder)
    assert rec is not None and path is not None
    what = label(rec.fiscal_year, rec.round_code, rec.round_name)
    if _is_round(path, rec):
        return _open(path, what)
    found = _search(rec.round_id, [path.parent, folder.root.parent], exclude=folder.root)
    if len(found) == 1:
        opened, problem = _open(found[0], what)
        return opened, problem or msg("chain_moved", round=what, recorded=rec.folder,
                                      found=found[0], settings=folder.settings_path)
    if len(found) > 1:
        return None, msg("chain_ambiguous", round=what, id=rec.round_id,
                         paths="、".join(str(p) for p in found), settings=folder.settings_path)
    return None, msg("chain_missing", round=what, path=path, id=rec.round_id,
                     settings=folder.settings_path)


def _is_round(path: Path, rec: PreviousRound) -> bool:
    """The folder at `path` is the recorded round: same ID, or (a ledger from before IDs)
    the same year and round."""
    if not (path / SETTINGS_FILE).is_file():
        return False
    found = read_round_id(path)
    if found is not None:
        return found == rec.round_id
    try:
        s = open_folder(path).settings
    except UserError:
        return False
    return (s.fiscal_year, s.round_code) == (rec.fiscal_year, rec.round_code)


def _search(round_id: str, places: list[Path], exclude: Path) -> list[Path]:
    """Working folders directly inside `places` whose ledger carries `round_id`."""
    seen: set[Path] = set()
    out: list[Path] = []
    for place in places:
        try:
            entries = sorted(place.iterdir()) if place.is_dir() else []
        except OSError:
            continue
        for entry in entries:
            key = entry.resolve()
            if key in seen or key == exclude.resolve():
                continue
            seen.add(key)
            if (entry / SETTINGS_FILE).is_file() and read_round_id(entry) == round_id:
                out.append(entry)
    return out


def _open(path: Path, what: str) -> tuple[WorkFolder | None, str | None]:
    try:
        return open_folder(path), None
    except UserError as exc:
        return None, msg("chain_unreadable", round=what, path=path, detail=exc)


def predecessors(folder: WorkFolder) -> Chain:
    """Walk `folder`'s `[previous]` records back to the first round (see the module doc)."""
    out: list[WorkFolder] = []
    notes: list[str] = []
    here = folder
    seen = {folder.root.resolve()}
    while here.settings.previous is not None and len(out) < MAX_ROUNDS:
        prev, note = find(here)
        if note:
            notes.append(note)
        if prev is None:
            return Chain(out[::-1], notes, broken=True)
        if prev.root.resolve() in seen or not _earlier(prev.settings, here.settings):
            notes.append(msg("chain_not_earlier", path=prev.root,
                             round=_settings_label(prev.settings),
                             this=_settings_label(here.settings)))
            return Chain(out[::-1], notes, broken=True)
        seen.add(prev.root.resolve())
        out.append(prev)
        here = prev
    return Chain(out[::-1], notes)


def _settings_label(s: Settings) -> str:
    return label(s.fiscal_year, s.round_code, s.round_name)


def _earlier(a: Settings, b: Settings) -> bool:
    pa, pb = position(a.fiscal_year, a.round_code), position(b.fiscal_year, b.round_code)
    return pa is not None and pb is not None and pa < pb


__all__ = ["MAX_ROUNDS", "Chain", "find", "label", "next_round", "position", "predecessors",
           "record", "round_at", "short_name"]
