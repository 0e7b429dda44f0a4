"""A small hand-made plan with the quirks the survey stage must handle, and folders made from it.

Divisions and what the rule gives them:
- KIKAKU-DX デジタル変革課: KPIs A01 (percent), A03 (re-listed by 人事課); initiatives A1-001
  (co-owned by 統計課 and 復興・総合計画課), A1-003 — all answered.
- SOMU-JINJI 人事課: KPIs A02 (4回以上), A04 (lower is better); initiatives A1-002, A1-004,
  A1-010 (再掲 of A03, answered by 人事課 as its own initiative; the KPI itself is reported
  by デジタル変革課).
- KYOIKU-GIMU 義務教育課: KPI R13 (小/中: two rows); initiatives R1-013, A2-002 (none row).
- KIKAKU-TOUKEI 統計課: no KPI; A2-001 (KGI, answered), A1-001 (reference row).
- KIKAKU-FUKKO 復興・総合計画課: co-owner only, leads nothing: no workbook.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dxreport.api import Round
from dxreport.round.folder import WorkFolder
from dxreport.rules.plan_model import (
    YEARS,
    Category,
    Department,
    Direction,
    Division,
    IndicatorType,
    Initiative,
    Kpi,
    Part,
    Plan,
    Quantity,
    QuantityPart,
)

CAT = Category(group="優先的に実施すべき取組", no="(1)", name="職員の意識改革と行動変容")


def q(text: str, value: float | None = None, unit: str | None = None,
      comparator: str | None = None) -> Quantity:
    return Quantity(text=text, value=value, unit=unit, comparator=comparator)


def parts(small: float, middle: float) -> Quantity:
    return Quantity(text=f"小 {small:g}% 中 {middle:g}%", unit="%",
                    parts=[QuantityPart(label="小", value=small),
                           QuantityPart(label="中", value=middle)])


def _ini(id_: str, division: str, *, kind=IndicatorType.KPI, kpi: str | None = None,
         co: list[str] | None = None, relisted: bool = False, goal: str | None = None,
         plan_text: str | None = None, part=Part.ADMIN, table: int = 1) -> Initiative:
    return Initiative(
        id=id_, part=part, table=table, number=id_.split("-")[1].lstrip("0") or "0",
        category=CAT, indicator_type=kind, kpi_id=kpi, relisted=relisted, goal_text=goal,
        division_code=division, co_division_codes=co or [], project_name=f"{id_} の事業",
        plan_text=plan_text or f"{id_} の計画内容。" * 3, source_line=1,
    )


def make_plan() -> Plan:
    departments = [
        Department(code="SOMU", name="総務部"),
        Department(code="KIKAKU", name="企画調整部"),
        Department(code="KYOIKU", name="教育庁"),
    ]
    divisions = [
        Division(code="SOMU-JINJI", name="人事課", department_code="SOMU"),
        Division(code="KIKAKU-DX", name="デジタル変革課", department_code="KIKAKU"),
        Division(code="KIKAKU-TOUKEI", name="統計課", department_code="KIKAKU"),
        Division(code="KIKAKU-FUKKO", name="復興・総合計画課", department_code="KIKAKU"),
        Division(code="KYOIKU-GIMU", name="義務教育課", department_code="KYOIKU"),
    ]
    pct = [60, 65, 70, 75, 80]
    kpis = [
        Kpi(id="KPI-A01", part=Part.ADMIN, number="1", name="電子申請の利用率", unit="%",
            direction=Direction.HIGHER, baseline=q("52.79%", 52.79, "%"),
            targets={y: q(f"{v}%", v, "%") for y, v in zip(YEARS, pct, strict=True)},
            initiative_ids=["A1-001"], division_code="KIKAKU-DX"),
        Kpi(id="KPI-A02", part=Part.ADMIN, number="2", name="DX研修の開催回数", unit="回",
            direction=Direction.THRESHOLD, baseline=q("—"),
            targets={y: q("4回以上", 4, "回", "以上") for y in YEARS},
            initiative_ids=["A1-002"], division_code="SOMU-JINJI"),
        Kpi(id="KPI-A03", part=Part.ADMIN, number="3", name="オンライン会議の開催件数", unit="件",
            direction=Direction.HIGHER, baseline=q("120,000件", 120000, "件"),
            targets={y: q(f"{130000 + 10000 * i:,}件", 130000 + 10000 * i, "件")
                     for i, y in enumerate(YEARS)},
            initiative_ids=["A1-003", "A1-010"], division_code="KIKAKU-DX"),
        Kpi(id="KPI-A04", part=Part.ADMIN, number="4", name="紙の使用量", unit="千枚",
            direction=Direction.LOWER, baseline=q("87,615千枚", 87615, "千枚"),
            targets={y: q(f"{80000 - 5000 * i:,}千枚", 80000 - 5000 * i, "千枚")
                     for i, y in enumerate(YEARS)},
            initiative_ids=["A1-004"], division_code="SOMU-JINJI"),
        Kpi(id="KPI-R13", part=Part.REGION, number="13",
            name="授業でICTを活用する学校の割合", unit="%", direction=Direction.HIGHER,
            baseline=parts(95, 91),
            targets={y: parts(96 + i * 0.5, 92 + i) for i, y in enumerate(YEARS)},
            initiative_ids=["R1-013"], division_code="KYOIKU-GIMU"),
    ]
    initiatives = [
        _ini("A1-001", "KIKAKU-DX", kpi="KPI-A01", co=["KIKAKU-TOUKEI", "KIKAKU-FUKKO"]),
        _ini("A1-002", "SOMU-JINJI", kpi="KPI-A02"),
        _ini("A1-003", "KIKAKU-DX", kpi="KPI-A03"),
        _ini("A1-004", "SOMU-JINJI", kpi="KPI-A04"),
        _ini("A1-010", "SOMU-JINJI", kpi="KPI-A03", relisted=True),
        _ini("R1-013", "KYOIKU-GIMU", kpi="KPI-R13", part=Part.REGION),
        _ini("A2-001", "KIKAKU-TOUKEI", kind=IndicatorType.KGI, table=2,
             goal="統計データの利活用が庁内で進んでいる"),
        _ini("A2-002", "KYOIKU-GIMU", kind=IndicatorType.NONE, table=2,
             plan_text='=HYPERLINK("http://example.invalid","計画")'),
    ]
    return Plan(departments=departments, divisions=divisions, initiatives=initiatives,
                kpis=kpis)


# What the README rule says each division's survey carries: (KPI row keys, {initiative: answers?})
EXPECTED = {
    "KIKAKU-DX": (["KPI-A01", "KPI-A03"], {"A1-001": True, "A1-003": True}),
    "SOMU-JINJI": (["KPI-A02", "KPI-A04"], {"A1-002": True, "A1-004": True, "A1-010": True}),
    "KYOIKU-GIMU": (["KPI-R13#小", "KPI-R13#中"], {"R1-013": True, "A2-002": True}),
    "KIKAKU-TOUKEI": ([], {"A1-001": False, "A2-001": True}),
}


@pytest.fixture
def plan() -> Plan:
    return make_plan()


@pytest.fixture
def plan_file(tmp_path: Path, plan: Plan) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(plan.model_dump_json(), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path, plan_file: Path) -> WorkFolder:
    return Round.create(tmp_path / "作業", "R8", "年度末", dt.date(2027, 4, 30),
                        "デジタル変革課 内線1234", plan_file).folder
