"""Which survey item a finding is about: the row's ID and name and the column's title.

Findings are located by `sheet!cell`, which is how a program finds a cell but not how a clerk
does: they look for 「KPI-A01 電子申請の利用率」 and the column 「実績値」. Every finding whose
cell lies on a row of the returned survey gets that `Subject`, taken from the survey as read
(the cell of each field of each row) and the names as distributed (a changed 指標名 is itself
a finding; the subject keeps the name the clerk was sent).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from dxreport.checks.findings import Finding, Subject
from dxreport.survey import layout as L
from dxreport.survey.reader import RowRead, SurveyReturn

ITEM_FIELD = {L.KPI_TABLE.sheet: "name", L.INITIATIVE_TABLE.sheet: "project_name"}


def _names(carried: dict[str, Any]) -> dict[str, str]:
    """Row key -> 指標名 / 事業名 as the survey was distributed."""
    out: dict[str, str] = {}
    for rows, fld in (("kpi_rows", "name"), ("initiative_rows", "project_name")):
        for rec in carried.get(rows, []):
            name = (rec.get("cells") or {}).get(fld)
            if rec.get("key") and name:
                out[str(rec["key"])] = str(name)
    return out


def _cells(rows: Iterable[RowRead], table: L.Table, names: dict[str, str]
           ) -> dict[str, Subject]:
    """`sheet!cell` -> its subject, for every cell of every row of `table`."""
    out: dict[str, Subject] = {}
    headers = {c.field: c.header for c in table.columns}
    for row in rows:
        item = names.get(row.key)
        if item is None:
            read = row.master.get(ITEM_FIELD.get(table.sheet, ""))
            item = str(read.value) if read is not None and read.value is not None else ""
        if row.key_cell:
            out[row.key_cell] = Subject(key=row.key, item=item, column=table.key.header)
        for fld, read in (*row.master.items(), *row.inputs.items()):
            out[read.cell] = Subject(key=row.key, item=item, column=headers.get(fld, fld))
    return out


def with_subjects(findings: Sequence[Finding], ret: SurveyReturn,
                  carried: dict[str, Any]) -> list[Finding]:
    """The findings, each on a survey row given its `Subject`."""
    names = _names(carried)
    cells = {**_cells(ret.kpi_rows, L.KPI_TABLE, names),
             **_cells(ret.initiative_rows, L.INITIATIVE_TABLE, names)}
    out = []
    for f in findings:
        subject = cells.get(f"{f.sheet}!{f.cell}") if f.sheet and f.cell else None
        out.append(f.model_copy(update={"subject": subject}) if subject else f)
    return out
