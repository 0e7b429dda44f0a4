"""Returns typed and saved by LibreOffice Calc through UNO, then validated."""

from __future__ import annotations

import pytest

from dxreport.checks.validate import validate
from tests.checks.returns import make_populated, survey_path
from tests.libreoffice import LibreOffice, needs_libreoffice

pytestmark = [pytest.mark.libreoffice, needs_libreoffice]


def test_returns_saved_by_libreoffice(tmp_path):
    from openpyxl import load_workbook

    from dxreport.round.ledger import Ledger
    from dxreport.survey.reader import read_survey

    wf = make_populated(tmp_path / "作業")
    src = survey_path(wf)
    ret = read_survey(load_workbook(src))
    with Ledger.open(wf) as led:
        rec = led.survey(ret.survey_id)
    kpis = {r["key"]: r for r in rec.carried["kpi_rows"]}
    answers = {r["key"]: r["answer"] for r in rec.carried["initiative_rows"]}

    def c(ref):
        return ref.rpartition("!")[2]

    base = []
    for row in ret.kpi_rows:
        t = kpis[row.key]["targets"]["R8"]
        value = (t or {}).get("value") or (kpis[row.key]["baseline"] or {}).get("value") or 1
        base += [{"op": "set", "sheet": "KPI実績", "cell": c(row.inputs["actual"].cell),
                  "value": value},
                 {"op": "set", "sheet": "KPI実績", "cell": c(row.inputs["as_of"].cell),
                  "value": 46477},  # 2027-03-31 as a date serial in a date-formatted cell
                 {"op": "set_text", "sheet": "KPI実績", "cell": c(row.inputs["source"].cell),
                  "value": "業務システム集計"}]
    for row in ret.initiative_rows:
        if answers[row.key]:
            base += [{"op": "set_text", "sheet": "取組状況",
                      "cell": c(row.inputs["status"].cell), "value": "順調"},
                     {"op": "set_text", "sheet": "取組状況",
                      "cell": c(row.inputs["done"].cell), "value": "計画どおり実施"}]
    a10 = c(ret.kpi("KPI-A10").inputs["actual"].cell)
    jobs = {
        "typed.xlsx": base,
        "fullwidth.xlsx": [*base, {"op": "set_text", "sheet": "KPI実績", "cell": a10,
                                   "value": "８１００"}],
        "inserted.xlsx": [*base, {"op": "unprotect", "sheet": "KPI実績"},
                                 {"op": "insert_rows", "sheet": "KPI実績", "row": 6, "count": 2},
                                 {"op": "protect", "sheet": "KPI実績"}],
        "renamed.xlsx": [*base, {"op": "rename_sheet", "sheet": "KPI実績",
                                 "value": "KPI実績_回答"}],
    }
    with LibreOffice() as lo:
        lo.run([{"open": str(src), "save": str(wf.returns / name), "ops": ops}
                for name, ops in jobs.items()])
    by = {o.file: o for o in validate(wf).files}
    for o in by.values():  # four returns of one survey: all but the newest are superseded
        o.findings = [f for f in o.findings if f.code != "I006"]
    assert (by["typed.xlsx"].verdict, by["typed.xlsx"].findings) == ("accepted", [])
    full = by["fullwidth.xlsx"]
    assert [(f.code, f.severity, f.cell) for f in full.findings] == [("V003", "warning", a10)]
    assert "8,100" in full.findings[0].message
    assert (by["inserted.xlsx"].verdict, by["inserted.xlsx"].findings) == ("accepted", [])
    ren = by["renamed.xlsx"]
    assert [(f.code, f.sheet) for f in ren.findings] == [("S002", "KPI実績_回答")]
    assert ren.verdict == "returned"
