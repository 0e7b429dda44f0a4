"""A synthetic but plausible `Plan` of any size, for benchmarks and property tests.

Deterministic for a given seed. Carries the quirks the later stages care about: percent and
count units, `以上` thresholds, lower-is-better KPIs, composite `小/中` values, absent values
(`—`), re-listed KPIs referenced from another division, co-owned initiatives, KGI and none rows.
"""

from __future__ import annotations

import random

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

_UNITS = ("件", "%", "人", "団体", "h/月", "PV", "校", None)
_CATEGORY = Category(group="優先的に実施すべき取組", no="(1)", name="職員の意識改革と行動変容")


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _quantity(value: float | None, unit: str | None, comparator: str | None = None) -> Quantity:
    if value is None:
        return Quantity(text="—")
    text = _fmt(value) + (unit or "") + (comparator or "")
    return Quantity(text=text, value=value, unit=unit, comparator=comparator)


def _parts(values: dict[str, float], unit: str) -> Quantity:
    text = " ".join(f"{k} {_fmt(v)}{unit}" for k, v in values.items())
    return Quantity(text=text, unit=unit,
                    parts=[QuantityPart(label=k, value=v) for k, v in values.items()])


def synthetic_plan(n_divisions: int, kpis_per_division: int, seed: int = 0) -> Plan:
    rng = random.Random(seed)
    n_departments = max(1, n_divisions // 10)
    departments = [Department(code=f"D{d:03d}", name=f"第{d + 1}部") for d in range(n_departments)]
    divisions = [
        Division(code=f"D{i // 10:03d}-V{i:04d}", name=f"合成{i + 1}課",
                 department_code=f"D{min(i // 10, n_departments - 1):03d}")
        for i in range(n_divisions)
    ]
    initiatives: list[Initiative] = []
    kpis: list[Kpi] = []
    row = 1
    for di, div in enumerate(divisions):
        for _ in range(kpis_per_division):
            n = len(kpis) + 1
            kpi_id, ini_id = f"KPI-S{n:05d}", f"S1-{n:05d}"
            unit = rng.choice(_UNITS)
            kind = rng.random()
            base = round(rng.uniform(1, 500), rng.choice((0, 0, 1)))
            direction = Direction.HIGHER
            if kind < 0.05:  # composite 小/中
                unit = "%"
                baseline = _parts({"小": 80.0, "中": 75.5}, unit)
                targets = {y: _parts({"小": 85.0 + i, "中": 80.0 + i}, unit)
                           for i, y in enumerate(YEARS)}
            elif kind < 0.15:  # threshold
                direction = Direction.THRESHOLD
                baseline = _quantity(None, unit)
                targets = {y: _quantity(float(4 + i), unit, "以上") for i, y in enumerate(YEARS)}
            elif kind < 0.25:  # lower is better
                direction = Direction.LOWER
                baseline = _quantity(base, unit)
                targets = {y: _quantity(round(base * (0.9 - 0.05 * i), 1), unit)
                           for i, y in enumerate(YEARS)}
            else:
                baseline = _quantity(base, unit)
                targets = {y: _quantity(round(base * (1.1 + 0.1 * i), 1), unit)
                           for i, y in enumerate(YEARS)}
            co = []
            if n_divisions > 1 and rng.random() < 0.1:
                co = [divisions[(di + 1) % n_divisions].code]
            initiatives.append(Initiative(
                id=ini_id, part=Part.ADMIN, table=1, number=str(n), category=_CATEGORY,
                indicator_type=IndicatorType.KPI, kpi_id=kpi_id, division_code=div.code,
                co_division_codes=co, project_name=f"合成事業{n}（{div.name}）",
                plan_text=f"{div.name}が実施する合成取組{n}の計画。" * rng.randint(1, 4),
                source_line=row,
            ))
            ini_ids = [ini_id]
            if n_divisions > 1 and rng.random() < 0.05:  # re-listed under another division
                other = divisions[(di + 7) % n_divisions]
                re_id = f"S1-{n:05d}R"
                initiatives.append(Initiative(
                    id=re_id, part=Part.ADMIN, table=1, number=f"{n} (再掲)",
                    category=_CATEGORY, indicator_type=IndicatorType.KPI, kpi_id=kpi_id,
                    relisted=True, division_code=other.code, project_name=f"再掲事業{n}",
                    plan_text="再掲", source_line=row,
                ))
                ini_ids.append(re_id)
            kpis.append(Kpi(
                id=kpi_id, part=Part.ADMIN, number=str(n), name=f"合成指標{n}の件数・割合",
                unit=unit, direction=direction, baseline=baseline, targets=targets,
                initiative_ids=ini_ids, division_code=div.code,
            ))
            row += 1
        # one KGI row per division
        initiatives.append(Initiative(
            id=f"S2-{di + 1:05d}", part=Part.ADMIN, table=2, number=str(di + 1),
            category=_CATEGORY, indicator_type=IndicatorType.KGI, goal_text="業務の効率化",
            division_code=div.code, project_name=f"成果目標事業（{div.name}）",
            plan_text="成果目標に向けた取組", source_line=row,
        ))
        row += 1
    return Plan(departments=departments, divisions=divisions, initiatives=initiatives, kpis=kpis)
