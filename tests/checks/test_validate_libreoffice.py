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
        if kpis[row.key].get("same_as"):  # a reference row (same indicator): nothing to type
            continue
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


def test_numbers_typed_as_clerks_type_them(tmp_path):
    """万/割 and exponents typed into Calc (as a person types: Calc decides text or number),
    saved, validated: read with the multiplier or refused, never 10,000 times too small."""
    from openpyxl import load_workbook

    from dxreport.survey.reader import read_survey

    wf = make_populated(tmp_path / "作業")
    src = survey_path(wf)
    ret = read_survey(load_workbook(src))
    a04 = ret.kpi("KPI-A04").inputs["actual"].cell  # unit %
    a10 = ret.kpi("KPI-A10").inputs["actual"].cell  # unit 件

    def typed(ref, text):
        sheet, _, cell = ref.rpartition("!")
        return [{"op": "set_formula", "sheet": sheet, "cell": cell, "value": text}]

    jobs = {
        "man.xlsx": typed(a10, "0.81万件"),
        "wari_pct.xlsx": typed(a04, "5割"),
        "wari_count.xlsx": typed(a10, "5割"),
        "exponent.xlsx": typed(a10, "8.1e3"),
    }
    with LibreOffice() as lo:
        lo.run([{"open": str(src), "save": str(wf.returns / name), "ops": ops}
                for name, ops in jobs.items()])
    by = {o.file: o for o in validate(wf).files}

    def at(name, ref):
        sheet, _, cell = ref.rpartition("!")
        return [f for f in by[name].findings if f.sheet == sheet and f.cell == cell]

    [man] = [f for f in at("man.xlsx", a10) if f.code == "V003"]
    assert man.params["read_as"] == "8,100"
    [pct] = [f for f in at("wari_pct.xlsx", a04) if f.code == "V003"]
    assert pct.params["read_as"] == "50"
    assert [f.code for f in at("wari_count.xlsx", a10)] == ["V004"]
    assert "割" in at("wari_count.xlsx", a10)[0].message
    assert not [f for f in at("exponent.xlsx", a10) if f.code in ("V002", "V004")]
