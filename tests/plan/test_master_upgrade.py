"""A master written before 中分類, the 事業名 parts and 同一指標 had columns still loads: a
working folder's copy (perhaps edited in Excel) keeps working after an upgrade mid-round."""

from __future__ import annotations

from pathlib import Path

from dxreport.plan.importer import import_plan
from dxreport.plan.master import load_master

OLDER_MASTER = Path(__file__).resolve().parents[1] / "round" / "fixtures" / "ledger_v1" \
    / "マスタ計画_R8.xlsx"  # written by the code before the columns existed
# rows whose 事業名 or 項目名 a later correction mends (スマート化支 援事業, 使料, からのち, 感課):
# the older text splits as written
MENDED_SINCE = {"R1-030", "R1-031", "R1-032", "A2-008", "A2-009", "R1-064", "R2-043", "R2-044",
                "A1-005"}


def test_an_older_master_gets_the_parts_the_importer_gives():
    older = {i.id: i for i in load_master(OLDER_MASTER).initiatives}
    fresh = import_plan().plan
    assert older.keys() == {i.id for i in fresh.initiatives}
    for ini in fresh.initiatives:
        if ini.id in MENDED_SINCE:
            continue
        was = older[ini.id]
        assert (was.category.subgroup, was.category.name) == \
            (ini.category.subgroup, ini.category.name), ini.id
        assert (was.project_major, was.project_minor, was.project_activity) == \
            (ini.project_major, ini.project_minor, ini.project_activity), ini.id


def test_an_older_master_links_no_indicators_until_reimported():
    assert all(k.same_as == [] for k in load_master(OLDER_MASTER).kpis)
