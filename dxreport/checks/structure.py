"""Structure: sheets, headers and key rows of a return, and the locked master values.

The reader already locates tables by defined name / header text and rows by key, and returns
what it could not find as `issues`; this module turns them into S-findings with a sheet and
cell, and compares the rows and locked values with what populate recorded (`carried`).
"""

from __future__ import annotations

import math
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from dxreport.checks.findings import Finding, finding
from dxreport.messages import msg
from dxreport.survey import layout as L
from dxreport.survey.anchors import cell_values, defined_range, locate_table, normalise_header
from dxreport.survey.reader import RowRead, StructuralIssue, SurveyReturn

TABLE_BY_SHEET = {t.sheet: t for t in L.TABLES}


def split_cell(ref: str) -> tuple[str | None, str]:
    """`KPI実績!K5` -> ("KPI実績", "K5")."""
    sheet, sep, cell = ref.rpartition("!")
    return (sheet, cell) if sep else (None, ref)


def _renamed_to(wb: Workbook, table: L.Table) -> str | None:
    """The sheet that now holds `table` under another name (its key header is there)."""
    known = {t.sheet for t in L.TABLES} | {L.SHEET_GUIDE, L.SHEET_META}
    key = normalise_header(table.key.header)
    for ws in wb.worksheets:
        if ws.title in known:
            continue
        values = cell_values(ws)
        if any(r <= L.HEADER_SEARCH_ROWS and normalise_header(v) == key
               for (r, _c), v in values.items()):
            return ws.title
    return None


def _header_changed(wb: Workbook, table: L.Table, issue: StructuralIssue) -> Finding:
    """S003 for a header the reader could not find: point at the column that replaced it."""
    expected = next((c.header for c in table.columns if c.header == issue.params.get("header")),
                    None)
    loc, _ = locate_table(wb, table)
    cell, found = None, msg("chk_found_none")
    if expected is not None and loc is not None:
        order = [c.field for c in table.columns]
        i = next(n for n, c in enumerate(table.columns) if c.header == expected)
        before = [loc.columns[f] for f in order[:i] if f in loc.columns]
        after = [loc.columns[f] for f in order[i + 1:] if f in loc.columns]
        lo, hi = (max(before) if before else 0), (min(after) if after else 10**6)
        between = sorted((c, h) for h, c in loc.extra_columns.items() if lo < c < hi)
        if between:
            col, text = between[0]
            cell = f"{get_column_letter(col)}{loc.header_row}"
            found = str(loc.sheet.cell(loc.header_row, col).value or text)
        else:
            cell = f"{get_column_letter(lo + 1 if lo else 1)}{loc.header_row}"
    return finding("S003", sheet=table.sheet, cell=cell, expected=expected or "?", found=found)


def _key_header_changed(wb: Workbook, table: L.Table) -> Finding:
    """S003 for the key column's header: where the defined name says the header row is."""
    cell, found = None, msg("chk_found_none")
    where = defined_range(wb, table.defined_name)
    if where is not None and where[0] == table.sheet:
        min_col, min_row, _, _ = where[1]
        key_col = min_col + [c.kind for c in table.columns].index(L.Kind.KEY)
        cell = f"{get_column_letter(key_col)}{min_row}"
        value = cell_values(wb[table.sheet]).get((min_row, key_col))
        found = str(value) if value not in (None, "") else found
    return finding("S003", sheet=table.sheet, cell=cell, expected=table.key.header, found=found)


def issue_findings(wb: Workbook, ret: SurveyReturn, names: dict[str, str]) -> list[Finding]:
    """Reader issues -> S-findings. `names`: row key -> name for messages."""
    out: list[Finding] = []
    for issue in ret.issues:
        table = TABLE_BY_SHEET.get(issue.sheet)
        if issue.code in ("meta_missing", "meta_field_missing") or table is None:
            continue  # identity's business (I001..I004)
        if issue.code == "sheet_missing":
            renamed = _renamed_to(wb, table)
            if renamed:
                out.append(finding("S002", sheet=renamed, required=table.sheet, found=renamed))
            else:
                out.append(finding("S001", required=table.sheet))
        elif issue.code == "table_missing":
            out.append(_key_header_changed(wb, table))
        elif issue.code == "header_missing":
            out.append(_header_changed(wb, table, issue))
        elif issue.code == "header_duplicate":
            out.append(finding("S003", sheet=table.sheet, cell=issue.cell,
                               expected=str(issue.params.get("header", "?")),
                               found=msg("chk_found_duplicate_header")))
        elif issue.code == "duplicate_key":
            key = str(issue.params.get("key", "?"))
            out.append(finding("S005", sheet=table.sheet, cell=issue.cell, key=key,
                               name=names.get(key, ""),
                               cells="、".join(issue.params.get("cells", ()))))
        elif issue.code in ("bad_key", "missing_key"):
            out.append(finding("S006", sheet=table.sheet, cell=issue.cell,
                               cells=issue.cell or table.sheet))
    return out


def _same(expected: Any, found: Any) -> bool:
    """Master values compare as numbers when both are numbers, else as text without blanks."""
    if expected in (None, "") and found in (None, ""):
        return True
    num = (int, float)
    if isinstance(expected, num) and isinstance(found, num) and not isinstance(found, bool):
        return math.isclose(float(expected), float(found), rel_tol=1e-9, abs_tol=1e-9)
    return "".join(str(expected).split()) == "".join(str(found).split())


def _shown(value: Any) -> str:
    if value in (None, ""):
        return msg("chk_value_blank")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def row_findings(
    table: L.Table, rows: list[RowRead], carried: list[dict[str, Any]], name_field: str
) -> list[Finding]:
    """Deleted / unknown rows and changed locked values of one table."""
    out: list[Finding] = []
    by_key: dict[str, RowRead] = {}
    for r in rows:
        by_key.setdefault(r.key, r)
    known = {c["key"] for c in carried}
    for rec in carried:
        row = by_key.get(rec["key"])
        if row is None:
            out.append(finding("S004", sheet=table.sheet, key=rec["key"],
                               name=rec["cells"].get(name_field) or ""))
            continue
        # the master values and the predecessor's answers (前回実績・前回の進捗状況): both
        # locked, both as populate recorded them
        for fld, expected in {**rec["cells"], **(rec.get("previous") or {})}.items():
            got = row.master.get(fld)
            if got is None or _same(expected, got.value):
                continue
            sheet, cell = split_cell(got.cell)
            out.append(finding("S007", sheet=sheet, cell=cell,
                               field=table.column(fld).header, expected=_shown(expected),
                               found=_shown(got.value)))
    out.extend(_previous_column_lost(table, rows, carried))
    for r in rows:
        if r.key not in known:
            sheet, cell = split_cell(r.key_cell or f"{r.sheet}!A{r.row}")
            out.append(finding("S006", sheet=sheet, cell=cell, cells=f"{sheet}!{cell}"))
    return out


def _previous_column_lost(table: L.Table, rows: list[RowRead],
                          carried: list[dict[str, Any]]) -> list[Finding]:
    """S003 when the survey was sent with a 前回 column and the return has none (its locked
    values cannot be compared, so the column's loss is said once, like any lost header)."""
    column = table.previous
    if column is None or not rows or any(column.field in r.master for r in rows):
        return []
    if not any(column.field in (rec.get("previous") or {}) for rec in carried):
        return []  # sent without one (a first round): nothing lost
    return [finding("S003", sheet=table.sheet, cell=None, expected=column.header,
                    found=msg("chk_found_none"))]


TABLE_LOST = ("sheet_missing", "table_missing", "header_missing")


def check_structure(wb: Workbook, ret: SurveyReturn, carried: dict[str, Any]) -> list[Finding]:
    """S-findings of a return identified as the survey whose record carried `carried`."""
    kpi_rows = carried.get("kpi_rows", [])
    ini_rows = carried.get("initiative_rows", [])
    names = {r["key"]: r["cells"].get("name") or "" for r in kpi_rows}
    names.update({r["key"]: r["cells"].get("project_name") or "" for r in ini_rows})
    out = issue_findings(wb, ret, names)
    lost = {i.sheet for i in ret.issues if i.code in TABLE_LOST}
    for table, rows, rec, name_field in (
        (L.KPI_TABLE, ret.kpi_rows, kpi_rows, "name"),
        (L.INITIATIVE_TABLE, ret.initiative_rows, ini_rows, "project_name"),
    ):
        if not rows and table.sheet in lost:
            continue  # the table itself is reported; listing every row as deleted is noise
        out.extend(row_findings(table, rows, rec, name_field))
    return out
