"""The survey template: loaded once per populate run, checked against the layout.

Each survey starts as a fresh in-memory copy of the template, so whatever the DX division
restyled (wording, colours, fonts, a logo, rows above the tables) carries into every survey.
"""

from __future__ import annotations

import io
import pickle
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.bound_dictionary import BoundDictionary
from openpyxl.workbook.workbook import Workbook

from dxreport.errors import UserError
from dxreport.messages import msg
from dxreport.survey import layout as L
from dxreport.survey.anchors import defined_range, locate_table
from dxreport.survey.template_build import DEFAULT_TEMPLATE


@dataclass(frozen=True)
class Template:
    path: Path
    data: bytes
    version: str

    def open(self) -> Workbook:
        """A fresh, independent workbook to fill for one survey: a copy of the template parsed
        once. Unpickling the parsed workbook takes a tenth of parsing the .xlsx again, and a
        run opens the template once per survey (1,000 at a large prefecture)."""
        if self._parsed is None:
            return self._parse()
        return pickle.loads(self._parsed)  # our own bytes, made in this process

    def _parse(self) -> Workbook:
        return load_workbook(io.BytesIO(self.data), rich_text=False)

    @cached_property
    def _parsed(self) -> bytes | None:
        """The parsed template, pickled; None when a part of a restyled template (a logo, a
        drawing openpyxl keeps) cannot be: each survey then parses the template itself."""
        out = io.BytesIO()
        try:
            _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(self._parse())
        except (pickle.PicklingError, TypeError, AttributeError):
            return None
        return out.getvalue()


class _Pickler(pickle.Pickler):
    """Pickles openpyxl's row and column dimension holders whole: as defaultdicts they would
    lose their sheet and factory (defaultdict's own reduce keeps neither)."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, BoundDictionary):
            return _bound_dictionary, (type(obj), obj.default_factory, dict(obj.__dict__),
                                       dict(obj))
        return NotImplemented


def _bound_dictionary(cls: type, factory: Any, state: dict, items: dict) -> Any:
    obj: Any = defaultdict.__new__(cls)
    defaultdict.__init__(obj, factory)
    obj.__dict__.update(state)
    dict.update(obj, items)
    return obj


def load_template(path: Path | None = None) -> Template:
    """Read and check a template; a broken one is a Japanese error naming what is wrong."""
    path = Path(path) if path is not None else DEFAULT_TEMPLATE
    if not path.is_file():
        raise UserError(msg("sv_template_missing", path=path))
    data = path.read_bytes()
    try:
        wb = load_workbook(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as exc:
        raise UserError(msg("sv_template_unreadable", path=path, detail=exc)) from None
    problems = []
    for table in L.TABLES:
        loc, issues = locate_table(wb, table)
        problems += [i.message for i in issues]
        if loc is not None and loc.prototype_rows < len(table.prototypes):
            problems.append(msg("sv_tpl_no_prototypes", name=table.defined_name,
                                count=len(table.prototypes)))
    for name in (L.NAME_GUIDE_STATUSES,):
        if defined_range(wb, name) is None:
            problems.append(msg("sv_tpl_no_name", name=name))
    version = None
    if L.SHEET_META in wb.sheetnames:
        for label, value in wb[L.SHEET_META].iter_rows(min_col=1, max_col=2, values_only=True):
            if label == L.META_TEMPLATE_VERSION and value:
                version = str(value)
    if version is None:
        problems.append(msg("sv_tpl_no_version", sheet=L.SHEET_META, field=L.META_TEMPLATE_VERSION))
    if problems:
        names = "、".join((L.NAME_KPI_TABLE, L.NAME_INITIATIVE_TABLE, L.NAME_GUIDE_STATUSES))
        raise UserError(msg("sv_template_broken", path=path, detail=" / ".join(problems),
                            names=names))
    return Template(path, data, version or "")
