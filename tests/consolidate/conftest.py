"""A small hand-made plan and consolidation input (the real importer lands separately)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from dxreport.consolidate.inputs import (
    AcceptedWarning,
    ConsolidationInput,
    FileVersion,
    InitiativeReport,
    KpiActual,
    OperationRef,
    Submission,
    Trace,
    TracedText,
)
from dxreport.rules.plan_model import (
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

JST = timezone(timedelta(hours=9))
DASH = Quantity(text="—")


def q(text: str, value: float | None, unit: str | None = None, comparator: str | None = None):
    return Quantity(text=text, value=value, unit=unit, comparator=comparator)


def parts(text: str, small: float | None, middle: float | None, unit: str | None = "%"):
    return Quantity(
        text=text,
        unit=unit,
        parts=[QuantityPart(label="小", value=small), QuantityPart(label="中", value=middle)],
    )


def targets(r8: Quantity, rest: Quantity | None = None) -> dict[str, Quantity]:
    rest = rest or r8
    return {"R8": r8, "R9": rest, "R10": rest, "R11": rest, "R12": rest}


CAT_A = Category(group="優先的に実施すべき取組", no="(1)", name="職員の意識改革と行動変容")
CAT_B = Category(group="公務効率の向上に向けた取組", no="(2)", name="ペーパーレス化の推進")
CAT_C = Category(group="教育・人材育成", no="(1)イ", name="デジタル学習基盤の活用")


def make_kpis() -> list[Kpi]:
    return [
        Kpi(
            id="KPI-UP",
            part=Part.ADMIN,
            number="3",
            name="アナログ規制の見直し総件数",
            unit="件",
            direction=Direction.HIGHER,
            baseline=q("57件", 57, "件"),
            targets=targets(q("69件", 69, "件")),
            initiative_ids=["A1-001"],
            division_code="SOMU-GYOKEI",
        ),
        Kpi(
            id="KPI-DOWN",
            part=Part.ADMIN,
            number="12",
            name="複合機の使用件数",
            unit="千枚",
            direction=Direction.LOWER,
            baseline=q("87,615千枚", 87615, "千枚"),
            targets=targets(q("69,540千枚", 69540, "千枚")),
            initiative_ids=["A1-002"],
            division_code="SOMU-GYOKEI",
        ),
        Kpi(
            id="KPI-TH",
            part=Part.ADMIN,
            number="2",
            name="職員の職場満足度",
            unit=None,
            direction=Direction.THRESHOLD,
            baseline=DASH,
            targets=targets(q("4以上", 4, None, "以上")),
            initiative_ids=["A1-003", "A1-004"],
            division_code="SOMU-JINJI",
        ),
        Kpi(
            id="KPI-PCT",
            part=Part.ADMIN,
            number="4",
            name="行政手続のオンライン化率",
            unit="%",
            direction=Direction.HIGHER,
            baseline=q("52.79%", 52.79, "%"),
            targets=targets(q("57.4%", 57.4, "%")),
            initiative_ids=["A1-005"],
            division_code="KIKAKU-DX",
        ),
        Kpi(
            id="KPI-NOBASE",
            part=Part.ADMIN,
            number="1",
            name="研修後アンケートの肯定的回答の割合",
            unit="%",
            direction=Direction.HIGHER,
            baseline=DASH,
            targets=targets(q("70%", 70, "%")),
            initiative_ids=["A1-006"],
            division_code="KIKAKU-DX",
        ),
        Kpi(
            id="KPI-SM",
            part=Part.REGION,
            number="16",
            name="算数科と数学科の平均正答率",
            unit="%",
            direction=Direction.HIGHER,
            baseline=parts("小 95% 中 91%", 95, 91),
            targets=targets(parts("小 97% 中 94%", 97, 94), DASH),
            initiative_ids=["R1-017"],
            division_code="KYOIKU-GIMU",
        ),
        Kpi(
            id="KPI-NOTGT",
            part=Part.ADMIN,
            number="8",
            name="代替収納方法の利用率",
            unit="%",
            direction=Direction.HIGHER,
            baseline=q("19%", 19, "%"),
            targets=targets(DASH, q("30%", 30, "%")),
            initiative_ids=["A1-007"],
            division_code="KIKAKU-DX",
        ),
    ]


def _ini(
    iid: str,
    cat: Category,
    division: str,
    kpi: str | None,
    *,
    relisted: bool = False,
    kind: IndicatorType = IndicatorType.KPI,
    line: int = 1,
) -> Initiative:
    return Initiative(
        id=iid,
        part=Part.REGION if iid.startswith("R") else Part.ADMIN,
        table=1,
        number=iid[-1],
        category=cat,
        indicator_type=kind,
        kpi_id=kpi,
        relisted=relisted,
        division_code=division,
        project_name=f"事業 {iid}",
        plan_text="計画",
        source_line=line,
    )


def make_plan() -> Plan:
    return Plan(
        departments=[
            Department(code="SOMU", name="総務部"),
            Department(code="KIKAKU", name="企画調整部"),
            Department(code="KYOIKU", name="教育庁"),
        ],
        divisions=[
            Division(code="SOMU-GYOKEI", name="行政経営課", department_code="SOMU"),
            Division(code="SOMU-JINJI", name="人事課", department_code="SOMU"),
            Division(code="KIKAKU-DX", name="デジタル変革課", department_code="KIKAKU"),
            Division(code="KYOIKU-GIMU", name="義務教育課", department_code="KYOIKU"),
        ],
        initiatives=[
            _ini("A1-001", CAT_A, "SOMU-GYOKEI", "KPI-UP"),
            _ini("A1-002", CAT_B, "SOMU-GYOKEI", "KPI-DOWN"),
            _ini("A1-003", CAT_A, "SOMU-JINJI", "KPI-TH"),
            _ini("A1-004", CAT_B, "SOMU-JINJI", "KPI-TH", relisted=True),
            _ini("A1-005", CAT_A, "KIKAKU-DX", "KPI-PCT"),
            _ini("A1-006", CAT_A, "KIKAKU-DX", "KPI-NOBASE"),
            _ini("A1-007", CAT_B, "KIKAKU-DX", "KPI-NOTGT"),
            _ini("A2-001", CAT_B, "KIKAKU-DX", None, kind=IndicatorType.KGI),
            _ini("R1-017", CAT_C, "KYOIKU-GIMU", "KPI-SM"),
        ],
        kpis=make_kpis(),
    )


SHA = {
    "SOMU-GYOKEI": "a" * 64,
    "SOMU-JINJI": "b" * 64,
    "KIKAKU-DX": "c" * 64,
    "KYOIKU-GIMU": "d" * 64,
}
AT = datetime(2026, 10, 5, 9, 30, tzinfo=JST)


def trace(div: str, cell: str, minutes: int = 0) -> Trace:
    return Trace(
        sha256=SHA[div],
        file_name=f"調査票_{div}.xlsx",
        sheet="実績",
        cell=cell,
        received_at=AT + timedelta(minutes=minutes),
    )


def make_input(**overrides) -> ConsolidationInput:
    """SOMU-GYOKEI, SOMU-JINJI and KIKAKU-DX answered; KYOIKU-GIMU (小/中) did not."""
    plan = make_plan()
    actuals = [
        KpiActual(kpi_id="KPI-UP", value=66, trace=trace("SOMU-GYOKEI", "H5")),
        KpiActual(kpi_id="KPI-DOWN", value=75000, trace=trace("SOMU-GYOKEI", "H6")),
        KpiActual(kpi_id="KPI-TH", value=3.8, trace=trace("SOMU-JINJI", "H5")),
        KpiActual(kpi_id="KPI-PCT", value=55.1, trace=trace("KIKAKU-DX", "H5")),
        KpiActual(kpi_id="KPI-NOBASE", value=84, trace=trace("KIKAKU-DX", "H6")),
        KpiActual(kpi_id="KPI-NOTGT", value=22, trace=trace("KIKAKU-DX", "H7")),
    ]
    reports = [
        InitiativeReport(
            initiative_id="A1-001",
            status="順調",
            status_trace=trace("SOMU-GYOKEI", "J5"),
            done=TracedText(text="見直し9件を実施", trace=trace("SOMU-GYOKEI", "K5")),
            issues=TracedText(text='=HYPERLINK("http://x","y")', trace=trace("SOMU-GYOKEI", "L5")),
            next_steps=TracedText(text="+cmd|' /C calc'!A0", trace=trace("SOMU-GYOKEI", "M5")),
        ),
        InitiativeReport(
            initiative_id="A1-003", status="遅れ", status_trace=trace("SOMU-JINJI", "J5")
        ),
        InitiativeReport(
            initiative_id="A1-005", status="概ね順調", status_trace=trace("KIKAKU-DX", "J5")
        ),
        InitiativeReport(
            initiative_id="A2-001", status="完了", status_trace=trace("KIKAKU-DX", "J8")
        ),
    ]
    subs = [
        Submission(
            division_code="SOMU-GYOKEI",
            sha256=SHA["SOMU-GYOKEI"],
            file_name="調査票_SOMU-GYOKEI.xlsx",
            received_at=AT,
            verdict="受理",
            superseded=[
                FileVersion(
                    sha256="e" * 64,
                    file_name="調査票_行政経営課_v1.xlsx",
                    received_at=AT - timedelta(days=2),
                )
            ],
        ),
        Submission(
            division_code="SOMU-JINJI",
            sha256=SHA["SOMU-JINJI"],
            file_name="調査票_SOMU-JINJI.xlsx",
            received_at=AT,
            verdict="受理（警告あり）",
        ),
        Submission(
            division_code="KIKAKU-DX",
            sha256=SHA["KIKAKU-DX"],
            file_name="調査票_KIKAKU-DX.xlsx",
            received_at=AT,
            verdict="受理",
        ),
    ]
    # each accepted: the workbook uses its own values
    subs = [s.model_copy(update={"values_from": FileVersion(
        sha256=s.sha256, file_name=s.file_name, received_at=s.received_at)}) for s in subs]
    data = dict(
        plan=plan,
        fiscal_year="R8",
        round_name="第1回",
        consolidated_at=datetime(2026, 10, 20, 17, 0, tzinfo=JST),
        expected_division_codes=[d.code for d in plan.divisions],
        submissions=subs,
        kpi_actuals=actuals,
        initiative_reports=reports,
        warnings=[
            AcceptedWarning(
                code="W012",
                message="実績値が前年より大きく減少しています",
                division_code="SOMU-JINJI",
                file_name="調査票_SOMU-JINJI.xlsx",
                sha256=SHA["SOMU-JINJI"],
                sheet="実績",
                cell="H5",
            )
        ],
        operation=OperationRef(
            operation_id="OP-0007",
            log_file="3_受付/操作記録.jsonl",
            performed_at=datetime(2026, 10, 20, 17, 0, tzinfo=JST),
        ),
    )
    data.update(overrides)
    return ConsolidationInput(**data)


@pytest.fixture
def plan() -> Plan:
    return make_plan()


@pytest.fixture
def consolidation_input() -> ConsolidationInput:
    return make_input()
