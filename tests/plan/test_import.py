"""The embedded FY2026 source imports into exactly the plan the prefecture published."""

from __future__ import annotations

import time

from dxreport.plan.importer import import_plan
from dxreport.plan.master import write_master
from dxreport.rules.plan_model import Direction, IndicatorType, Part


def test_rows_per_table(imported):
    counts = imported.rows_per_table()
    assert counts[(Part.ADMIN, 1)] == 31
    assert counts[(Part.ADMIN, 2)] == 36
    assert counts[(Part.REGION, 1)] == 69
    assert counts[(Part.REGION, 2)] == 54
    assert len(imported.plan.initiatives) == 190


def test_ids_are_unique_ascii_and_follow_the_table(imported):
    ids = [i.id for i in imported.plan.initiatives]
    assert len(set(ids)) == 190
    assert all(i.isascii() for i in ids)
    assert ids[0] == "A1-001" and ids[-1] == "R2-054"


def test_source_line_points_at_the_row(imported, source_lines):
    for i in imported.plan.initiatives:
        assert source_lines[i.source_line - 1].split("\t")[0] == i.number, i.id


def test_kpis_reported_once_with_original_first(imported):
    plan = imported.plan
    assert len(plan.kpis) == 81
    assert [k.id for k in plan.kpis if k.part is Part.ADMIN][-1] == "KPI-A27"
    assert [k.id for k in plan.kpis if k.part is Part.REGION][-1] == "KPI-R54"
    for k in plan.kpis:
        first = plan.initiative(k.initiative_ids[0])
        assert not first.relisted
        assert k.division_code == first.division_code
        for iid in k.initiative_ids:
            assert plan.initiative(iid).kpi_id == k.id
    # every table-1 row reports a KPI, no table-2 row does
    for i in plan.initiatives:
        assert (i.kpi_id is not None) == (i.table == 1)
        assert (i.indicator_type is IndicatorType.KPI) == (i.table == 1)


def test_every_division_resolves_in_the_registry(imported):
    plan = imported.plan
    codes = {d.code for d in plan.divisions}
    for i in plan.initiatives:
        assert i.division_code in codes
        assert set(i.co_division_codes) <= codes
    assert len(codes) == len(plan.divisions)
    # one name, two departments: two codes
    soumu = [d for d in plan.divisions if d.name == "総務課"]
    assert {d.department_code for d in soumu} == {"SOMU", "GIKAI"}


def test_every_normalisation_changes_text_and_numbers_are_untouched(imported):
    assert imported.normalisations
    for n in imported.normalisations:
        assert n.source != n.result and n.reason
    value_texts = {q.text for k in imported.plan.kpis for q in (k.baseline, *k.targets.values())}
    assert "87,615千枚" in value_texts and "73万PV" in value_texts


def test_near_match_relist_is_a_warning_and_the_correction_is_listed(imported):
    assert any("A1-031" in w and "KPI 26" in w for w in imported.warnings)
    applied = {(c.initiative_id, c.field) for c in imported.corrections}
    assert applied == {("R1-012", "division"), ("A1-031", "relist_kpi"),
                       ("R2-053", "category_no"), ("R1-008", "same_indicator")}
    assert all(c.reason for c in imported.corrections)


def test_directions(imported):
    plan = imported.plan
    lower = {k.id for k in plan.kpis if k.direction is Direction.LOWER}
    assert lower == {"KPI-A12", "KPI-R36"}
    threshold = {k.id for k in plan.kpis if k.direction is Direction.THRESHOLD}
    assert threshold == {"KPI-A02", "KPI-A20", "KPI-R35"}


def test_import_and_master_write_are_fast(tmp_path):
    start = time.perf_counter()
    result = import_plan()
    write_master(result.plan, tmp_path / "m.xlsx")
    assert time.perf_counter() - start < 2.0
