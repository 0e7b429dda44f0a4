"""The import report: counts, corrections applied, warnings and every normalisation (markdown)."""

from __future__ import annotations

from pathlib import Path

from dxreport.fileio import sha256_file
from dxreport.messages import msg
from dxreport.plan.corrections import field_label
from dxreport.plan.importer import ImportResult
from dxreport.rules.plan_model import Part


def summary_lines(result: ImportResult) -> list[str]:
    """The Japanese summary `plan import` prints (also the head of the report)."""
    plan = result.plan
    counts = result.rows_per_table()
    lines = [msg("plan_summary_title", source=result.source)]
    for part in Part:
        for table in (1, 2):
            lines.append(msg("plan_summary_table", part=part.value, table=table,
                             label=msg(f"plan_table{table}_label"), count=counts[(part, table)]))
    lines += [
        msg("plan_summary_total", count=len(plan.initiatives)),
        msg("plan_summary_kpis", count=len(plan.kpis)),
        msg("plan_summary_divisions", count=len(plan.divisions),
            departments=len(plan.departments)),
        msg("plan_summary_normalisations", count=len(result.normalisations)),
        msg("plan_summary_corrections", count=len(result.corrections)),
        msg("plan_summary_warnings", count=len(result.warnings)),
        msg("plan_summary_review", count=len(result.findings),
            decided=sum(1 for f in result.findings if f.decision)),
    ]
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_report(result: ImportResult, master: Path) -> str:
    out = [msg("plan_report_title"), ""]
    out.append(msg("plan_report_source", source=result.source.name,
                   sha=sha256_file(result.source)))
    out.append(msg("plan_report_master", master=master.name))
    counts = [f"- {line.strip()}" for line in summary_lines(result)[1:]]
    out += ["", msg("plan_report_counts"), "", *counts]
    out += ["", msg("plan_report_corrections", count=len(result.corrections)), ""]
    if result.corrections:
        out += ["| 行 | 事業ID | 項目 | 原文 | 訂正後 | 理由 |", "|---|---|---|---|---|---|"]
        out += [f"| {c.line} | {c.initiative_id} | {field_label(c.field)} | {_cell(c.source)} | "
                f"{_cell(c.value)} | {_cell(c.reason)} |" for c in result.corrections]
    else:
        out.append(msg("plan_report_none"))
    out += ["", msg("plan_report_relists", count=len(result.relist_matches)), ""]
    out += [f"- {m}" for m in result.relist_matches] or [msg("plan_report_none")]
    out += ["", msg("plan_report_same", count=len(result.same_links)), ""]
    out += [f"- {m}" for m in result.same_links] or [msg("plan_report_none")]
    out += ["", msg("plan_report_warnings", count=len(result.warnings)), ""]
    out += [f"- {w}" for w in result.warnings] or [msg("plan_report_none")]
    out += ["", msg("plan_report_review", count=len(result.findings)), ""]
    if result.findings:
        out += [msg("plan_report_review_note"), "",
                "| 行 | ID | 項目 | 種類 | 表記 | 提案 | 理由 | 判断 | 修正後の表記 |",
                "|---|---|---|---|---|---|---|---|---|"]
        out += [f"| {f.line} | {f.owner} | {field_label(f.field)} | "
                f"{msg(f'plan_review_kind_{f.kind}')} | {_cell(f.text)} | {_cell(f.suggestion)} | "
                f"{_cell(f.note)} | {f.decision} | {_cell(f.corrected)} |"
                for f in result.findings]
    else:
        out.append(msg("plan_report_none"))
    out += ["", msg("plan_report_normalisations", count=len(result.normalisations)), ""]
    if result.normalisations:
        out += ["| 行 | 項目 | 原文 | 正規化後 | 理由 |", "|---|---|---|---|---|"]
        out += [f"| {n.line} | {field_label(n.field)} | {_cell(n.source)} | {_cell(n.result)} | "
                f"{_cell(n.reason)} |" for n in result.normalisations]
    else:
        out.append(msg("plan_report_none"))
    return "\n".join(out) + "\n"
