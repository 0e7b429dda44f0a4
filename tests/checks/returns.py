"""Returns built from REAL generated surveys (the embedded R8 plan), edited with openpyxl."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from dxreport.api import Round
from dxreport.round.folder import WorkFolder, open_folder
from dxreport.round.ledger import Ledger
from dxreport.survey import layout as L
from dxreport.survey.populate import populate
from dxreport.survey.reader import read_survey

DIVISIONS = ("KIKAKU-DX", "SOMU-JINJI")


def make_populated(root: Path) -> WorkFolder:
    wf = Round.create(root).folder
    populate(wf, list(DIVISIONS))
    return wf


def clone(template: Path, root: Path) -> WorkFolder:
    shutil.copytree(template, root)
    return open_folder(root)


def survey_path(wf: WorkFolder, division: str = "KIKAKU-DX") -> Path:
    return next(wf.distribute.glob(f"R8_{division}_*.xlsx"))


def _value(q: dict | None) -> float | None:
    if not q:
        return None
    v = q.get("part_value") if q.get("part") else q.get("value")
    return v if isinstance(v, int | float) else None


def filled(wf: WorkFolder, division: str = "KIKAKU-DX") -> Workbook:
    """The division's survey with every answer row answered cleanly (targets met)."""
    path = survey_path(wf, division)
    wb = load_workbook(path)
    ret = read_survey(wb)
    with Ledger.open(wf) as led:
        rec = led.survey(ret.survey_id)
    kpis = {r["key"]: r for r in rec.carried["kpi_rows"]}
    answers = {r["key"]: r["answer"] for r in rec.carried["initiative_rows"]}
    for row in ret.kpi_rows:
        r = kpis[row.key]
        if r.get("same_as"):  # a reference row (the indicator is answered on another row)
            continue
        value = _value(r["targets"].get("R8")) or _value(r["baseline"]) or 1
        put(wb, row.inputs["actual"].cell, value)
        put(wb, row.inputs["as_of"].cell, dt.datetime(2027, 3, 31))
        put(wb, row.inputs["source"].cell, "業務システム集計")
        put(wb, row.inputs["note"].cell, "特になし")
    for row in ret.initiative_rows:
        if answers[row.key]:
            put(wb, row.inputs["status"].cell, "順調")
            put(wb, row.inputs["done"].cell, "計画どおり実施した")
    return wb


def put(wb: Workbook, ref: str, value) -> None:
    sheet, _, cell = ref.rpartition("!")
    wb[sheet][cell] = value


def row_cells(wb: Workbook, key: str) -> dict[str, str]:
    """field -> `sheet!cell` of a row (inputs and masters) in the workbook as it is."""
    ret = read_survey(wb)
    row = ret.kpi(key) or ret.initiative(key)
    assert row is not None, key
    return {f: c.cell for f, c in {**row.master, **row.inputs}.items()}


def drop(wf: WorkFolder, wb: Workbook, name: str = "回答.xlsx") -> Path:
    target = wf.returns / name
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(p.relative_to(folder).as_posix().encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


META_ROWS = {f: i for i, f in enumerate(L.META_FIELDS)}


def set_meta(wb: Workbook, field: str, value: str) -> None:
    ws = wb[L.SHEET_META]
    for row in ws.iter_rows():
        if row[0].value == field:
            row[1].value = value
            return
    raise KeyError(field)
