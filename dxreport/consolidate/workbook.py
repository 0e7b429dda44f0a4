"""Write the prefecture-wide status workbook (全庁DX進捗状況) from a `ConsolidationInput`.

Deterministic: nothing reads the clock. The document properties take the consolidation time
from the ledger, and the .xlsx (a zip) is repacked with fixed member timestamps, so the same
input and settings give byte-identical files.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from dxreport.consolidate.changes import comparison
from dxreport.consolidate.history import kpi_rounds, write_history
from dxreport.consolidate.history_charts import write_history_charts
from dxreport.consolidate.inputs import ConsolidationInput
from dxreport.consolidate.sheets_kpi import write_kpi_sheet
from dxreport.consolidate.sheets_summary import (
    write_by_category,
    write_by_department,
    write_overview,
)
from dxreport.consolidate.sheets_trace import (
    write_audit,
    write_compare,
    write_initiatives,
    write_review,
    write_submissions,
)
from dxreport.consolidate.summary import StatusSummary, summarise
from dxreport.fileio import save_atomic
from dxreport.messages import msg
from dxreport.rules.achievement import (
    FULL_RATE,
    RATE_PERCENT_DECIMALS,
    RATE_QUANTUM,
    displayed_rate_formula,
    format_rate,
)
from dxreport.rules.fiscal_year import reiwa_datetime
from dxreport.rules.plan_model import YEARS
from dxreport.rules.rating import RatingSettings
from dxreport.rules.statuses import STATUSES, status_definition
from dxreport.xlsx.fast_writer import FastExcelWriter
from dxreport.xlsx.print_layout import header_footer
from dxreport.xlsx.sheet_table import Column, finish_sheet, list_object, write_table
from dxreport.xlsx.zip_bytes import workbook_bytes

SHEET_KEYS: tuple[str, ...] = (
    "cons_sheet_overview",
    "cons_sheet_kpis",
    "cons_sheet_history",
    "cons_sheet_history_charts",
    "cons_sheet_initiatives",
    "cons_sheet_departments",
    "cons_sheet_categories",
    "cons_sheet_submissions",
    "cons_sheet_review",
    "cons_sheet_compare",
    "cons_sheet_method",
    "cons_sheet_audit",
)


# The Excel Table (ListObject) of each table sheet: stable ASCII names that Power Query and
# pivots refer to (a renamed sheet or a new column does not break them). 分野別 holds two.
TABLE_NAMES: dict[str, str] = {
    "cons_sheet_kpis": "KPI_List",
    "cons_sheet_history": "History",
    "cons_sheet_initiatives": "Initiative_List",
    "cons_sheet_departments": "By_Department",
    "cons_sheet_categories": "By_Item",
    "cons_sheet_submissions": "Submissions",
    "cons_sheet_review": "Review",
    "cons_sheet_compare": "Changes",
    "cons_sheet_method": "Method",
    "cons_sheet_audit": "Audit_Trail",
}


def sheet_names() -> list[str]:
    return [msg(k) for k in SHEET_KEYS]


def write_status_workbook(
    inp: ConsolidationInput, settings: RatingSettings, path: Path
) -> StatusSummary:
    """Write the status workbook to `path` (atomically) and return what it summarises."""
    summary = summarise(inp, settings)
    wb = build_workbook(inp, settings, summary)
    data = workbook_bytes(wb, inp.consolidated_at, FastExcelWriter)
    save_atomic(Path(path), lambda tmp: tmp.write_bytes(data))
    return summary


def build_workbook(
    inp: ConsolidationInput, settings: RatingSettings, summary: StatusSummary
) -> Workbook:
    wb = Workbook()
    sheets: dict[str, Worksheet] = {}
    for n, key in enumerate(SHEET_KEYS):
        ws = wb.active if n == 0 else wb.create_sheet()
        assert ws is not None
        ws.title = msg(key)
        sheets[key] = ws
    changes = comparison(inp)  # one comparison with the previous run: 概要 counts it,
    # 要確認 (K03) and 前回比較 list it
    write_overview(sheets["cons_sheet_overview"], inp, summary, settings, changes)
    write_kpi_sheet(sheets["cons_sheet_kpis"], inp, summary, settings)
    rounds = kpi_rounds(inp, settings)  # every KPI in every round: 推移 and its charts
    write_history(sheets["cons_sheet_history"], inp, settings, rounds)
    write_history_charts(sheets["cons_sheet_history_charts"], inp, settings, rounds)
    write_initiatives(sheets["cons_sheet_initiatives"], inp)
    write_by_department(sheets["cons_sheet_departments"], inp, summary, settings)
    write_by_category(sheets["cons_sheet_categories"], inp, summary, settings)
    write_submissions(sheets["cons_sheet_submissions"], inp)
    write_review(sheets["cons_sheet_review"], inp, summary, settings, changes)
    write_compare(sheets["cons_sheet_compare"], inp, changes)
    write_method(sheets["cons_sheet_method"], inp, settings)
    write_audit(sheets["cons_sheet_audit"], inp)
    running = msg("cons_title", plan=inp.plan.title, year=inp.fiscal_year, round=inp.round_name)
    when = msg("cons_print_when", when=reiwa_datetime(inp.consolidated_at))
    for ws in wb.worksheets:
        header_footer(ws, running, when)
    readable_for_sorting(wb)
    for key, ws in sheets.items():
        name = TABLE_NAMES.get(key)
        if name is not None and ws.auto_filter.ref:
            list_object(ws, name, ws.auto_filter.ref)

    # Excel recalculates on open (the 達成率 formulas carry no cached value).
    wb.calculation.fullCalcOnLoad = True
    when_utc = inp.consolidated_at.astimezone(UTC).replace(tzinfo=None)
    wb.properties.created = when_utc
    wb.properties.modified = when_utc
    wb.properties.creator = "dxreport"
    wb.properties.lastModifiedBy = "dxreport"
    wb.properties.title = msg(
        "cons_title", plan=inp.plan.title, year=inp.fiscal_year, round=inp.round_name
    )
    return wb


def readable_for_sorting(wb: Workbook) -> None:
    """Sheets a reader can sort, filter and widen; the workbook's structure locked.

    Excel refuses to sort locked cells on a protected sheet, whatever its `sort` flag says,
    and widening a column needs `formatColumns` allowed: a protected table cannot be both
    read-only and sortable. So the sheets stay unprotected and the structure is locked (no
    sheet can be deleted, renamed or moved, no password); the file's integrity is guarded by
    its SHA-256 in the ledger, and every consolidation writes a new file.
    """
    for ws in wb.worksheets:
        ws.protection.sheet = False
    wb.security.lockStructure = True


def method_rows(inp: ConsolidationInput, settings: RatingSettings) -> list[list[str]]:
    na, missing = settings.not_rated_label, settings.not_submitted_label
    rows = [
        [msg("cons_m_target"), msg("cons_m_target_text", year=inp.fiscal_year, not_rated=na)],
        [msg("cons_m_rate"), msg("cons_m_rate_text")],
        [msg("cons_m_rate_nobase"), msg("cons_m_rate_nobase_text", not_rated=na)],
        [msg("cons_m_threshold"), msg("cons_m_threshold_text", full=format_rate(FULL_RATE))],
        [msg("cons_m_negative"), msg("cons_m_negative_text")],
        [
            msg("cons_m_rounding"),
            msg(
                "cons_m_rounding_text",
                decimals=RATE_PERCENT_DECIMALS,
                unit=format((RATE_QUANTUM * 100).normalize(), "f"),
                formula=displayed_rate_formula(msg("cons_h_rate")),
            ),
        ],
    ]
    for band in settings.bands:
        text = (
            msg("cons_m_band_text", min=format(band.min_percent.normalize(), "f"))
            if band.min_percent is not None
            else msg("cons_m_band_last_text")
        )
        rows.append([f"{msg('cons_m_bands')}: {band.label}", text])
    rows += [
        [msg("cons_m_parts"), msg("cons_m_parts_text", missing=missing)],
        [msg("cons_m_not_rated", not_rated=na), msg("cons_m_not_rated_text")],
        [msg("cons_m_missing", missing=missing), msg("cons_m_missing_text")],
        [msg("cons_m_count"), msg("cons_m_count_text")],
        [
            msg("cons_m_review"),
            msg("cons_m_review_text", high=format(settings.review_high_percent.normalize(), "f")),
        ],
    ]
    rows += [[msg("cons_m_status", status=s), status_definition(s)] for s in STATUSES]
    bands = " → ".join(b.label for b in settings.bands)
    rows.append([msg("cons_m_colours"),
                 msg("cons_m_colours_text", bands=bands, missing=missing, not_rated=na)])
    rows.append([msg("cons_m_history"),
                 msg("cons_m_history_text", first=YEARS[0], last=YEARS[-1])])
    rows.append([msg("cons_m_trace"), msg("cons_m_trace_text")])
    return rows


def write_method(ws: Worksheet, inp: ConsolidationInput, settings: RatingSettings) -> None:
    cols = [Column(msg("cons_m_topic"), 34, wrap=True), Column(msg("cons_m_text"), 100, wrap=True)]
    header, last = write_table(ws, cols, method_rows(inp, settings), lazy=True)
    finish_sheet(ws, header_row=header, last_row=last, n_cols=2, freeze_cols=0)
