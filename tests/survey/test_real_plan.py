"""Populate for the real 令和8年度 plan (190 rows), through `dxreport init` without --master."""

from collections import Counter

import pytest

from dxreport.api import Round
from dxreport.plan.master import load_plan
from dxreport.round.ledger import Ledger
from dxreport.survey import layout as L
from dxreport.survey.populate import populate
from dxreport.survey.reader import read_survey
from tests.libreoffice import convert, needs_libreoffice


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    wf = Round.create(tmp_path_factory.mktemp("real") / "作業").folder
    plan = load_plan(wf)
    result = populate(wf)
    return wf, plan, result


def test_every_lead_division_gets_exactly_one_workbook(real):
    wf, plan, result = real
    leads = plan.lead_division_codes()
    assert len(plan.initiatives) == 190
    codes = [sid.removeprefix("R8-FINAL-") for sid in result.survey_ids]
    assert sorted(codes) == sorted(leads) and len(set(codes)) == len(codes)
    assert sorted(p.name for p in wf.distribute.iterdir()) == sorted(p.name for p in result.paths)


def test_every_kpi_and_initiative_is_where_the_rule_says(real):
    _, plan, result = real
    kpi_seen: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    shown: dict[str, set[str]] = {}
    for path, sid in zip(result.paths, result.survey_ids, strict=True):
        code = sid.removeprefix("R8-FINAL-")
        back = read_survey(path)
        assert back.issues == [], path.name
        for row in back.kpi_rows:
            kpi_id, part = L.split_kpi_row_key(row.key)
            kpi = plan.kpi(kpi_id)
            assert kpi.division_code == code
            assert part in (kpi.part_labels or [None])
            kpi_seen[row.key] += 1
        for row in back.initiative_rows:
            ini = plan.initiative(row.key)
            shown.setdefault(ini.id, set()).add(code)
            if ini.division_code == code:
                answered[ini.id] += 1
            else:
                assert code in ini.co_division_codes
                lead = plan.division(ini.division_code).name
                assert row.check.value == f"参考（記入不要）: 主担当の{lead}が回答"
    expected_kpi_rows = {
        L.kpi_row_key(k.id, p) for k in plan.kpis for p in (k.part_labels or [None])
    }
    assert set(kpi_seen) == expected_kpi_rows and set(kpi_seen.values()) == {1}
    assert set(answered) == {i.id for i in plan.initiatives} and set(answered.values()) == {1}
    leads = set(plan.lead_division_codes())
    for ini in plan.initiatives:
        assert shown[ini.id] == {ini.division_code} | (set(ini.co_division_codes) & leads)
    assert any(k.part_labels for k in plan.kpis)  # the 小/中 KPI is in the real plan
    assert any(i.co_division_codes for i in plan.initiatives)
    assert any(i.relisted for i in plan.initiatives)


def test_ledger_records_match_the_files(real):
    wf, plan, result = real
    with Ledger.open(wf) as ledger:
        recs = {r.survey_id: r for r in ledger.surveys()}
    assert set(recs) == set(result.survey_ids)
    for path, sid in zip(result.paths, result.survey_ids, strict=True):
        rec = recs[sid]
        assert rec.file_name == path.name and rec.master_digest == plan.digest()
        back = read_survey(path)
        for carried in rec.carried["kpi_rows"]:
            row = back.kpi(carried["key"])
            assert {f: row.master[f].value for f in carried["cells"]} == carried["cells"]


@pytest.mark.libreoffice
@pytest.mark.slow
@needs_libreoffice
def test_libreoffice_converts_every_real_survey_in_one_session(real, tmp_path):
    _, _, result = real
    pdfs = convert(result.paths, "pdf", tmp_path / "pdf")
    assert all(p.stat().st_size > 5000 for p in pdfs)
