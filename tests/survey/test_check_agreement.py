"""The survey's 入力チェック and the validator are one rule set (rules.entry).

Every rule gets a violating and a satisfying value, each in its own row of one generated
survey (one KPI of the right kind per case), typed through UNO in LibreOffice, recalculated by
Calc and saved as .xlsx. Then, row by row, the state Calc computed (入力済 / 要記入 / 未入力)
must match the validator's verdict on the saved file: 入力済 exactly where the row has no
finding that sends the file back, 要記入 or 未入力 exactly where it has one.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dxreport.api import Round
from dxreport.checks.validate import validate
from dxreport.rules.entry import STATE_EMPTY, STATE_OK, STATE_TODO
from dxreport.rules.plan_model import YEARS, Direction, IndicatorType, Kpi, Part, Plan
from dxreport.survey import layout as L
from dxreport.survey.populate import populate
from tests.libreoffice import LibreOffice, needs_libreoffice
from tests.survey.conftest import _ini, make_plan, parts, q

pytestmark = [pytest.mark.libreoffice, needs_libreoffice]

DIVISION = "KIKAKU-DX"
IN_FY, FY_FIRST, FY_LAST = 46477, 46113, 46477  # 2027-03-31, 2026-04-01, 2027-03-31
BEFORE_FY, AFTER_FY = 46112, 46478  # 2026-03-31, 2027-04-01


def _kpi(kind: str, n: int) -> Kpi:
    """A KPI of one kind: pct (52.79% -> 60%, higher), count (120,000 -> 130,000件), low
    (87,615 -> 80,000千枚, lower is better), thr (4回以上), part (小 95->96% / 中 91->92%)."""
    common = {"id": f"KPI-C{n:02d}", "part": Part.ADMIN, "number": str(n),
              "name": f"{kind} の指標 {n}", "division_code": DIVISION,
              "initiative_ids": []}
    if kind == "pct":
        return Kpi(**common, unit="%", direction=Direction.HIGHER,
                   baseline=q("52.79%", 52.79, "%"),
                   targets={y: q(f"{v}%", v, "%") for y, v in zip(YEARS, (60, 65, 70, 75, 80),
                                                                 strict=True)})
    if kind == "count":
        return Kpi(**common, unit="件", direction=Direction.HIGHER,
                   baseline=q("120,000件", 120000, "件"),
                   targets={y: q("", 130000 + 10000 * i, "件") for i, y in enumerate(YEARS)})
    if kind == "low":
        return Kpi(**common, unit="千枚", direction=Direction.LOWER,
                   baseline=q("87,615千枚", 87615, "千枚"),
                   targets={y: q("", 80000 - 5000 * i, "千枚") for i, y in enumerate(YEARS)})
    if kind == "thr":
        return Kpi(**common, unit="回", direction=Direction.THRESHOLD, baseline=q("—"),
                   targets={y: q("4回以上", 4, "回", "以上") for y in YEARS})
    assert kind == "part"
    return Kpi(**common, unit="%", direction=Direction.HIGHER, baseline=parts(95, 91),
               targets={y: parts(96 + i * 0.5, 92 + i) for i, y in enumerate(YEARS)})


FULL = {"as_of": IN_FY, "source": "業務集計"}


@dataclass
class Case:
    rule: str
    kind: str  # the KPI kind (or "ini" for an initiative row)
    typed: dict[str, object]  # field -> value (str: typed as text)
    state: str  # the state the sheet must show
    part: str | None = None  # 小/中 for a part row
    keys: list[str] = field(default_factory=list)  # filled in: the row key


KPI_CASES = [
    Case("未入力", "count", {}, STATE_EMPTY),
    Case("実績値なし（備考に理由）", "count", {"note": "3月末に判明予定"}, STATE_OK),
    Case("実績値なし・備考なし", "count", {**FULL}, STATE_TODO),
    Case("備考が空白だけ", "count", {**FULL, "note": "　 "}, STATE_TODO),
    Case("数値でない", "count", {**FULL, "actual": "集計中"}, STATE_TODO),
    Case("数値", "count", {**FULL, "actual": 135000}, STATE_OK),
    Case("マイナス", "count", {**FULL, "actual": -5, "note": "減少"}, STATE_TODO),
    Case("100%超", "pct", {**FULL, "actual": 120, "note": "再計算"}, STATE_TODO),
    Case("100%ちょうど", "pct", {**FULL, "actual": 100}, STATE_OK),
    Case("割合を小数で", "pct", {**FULL, "actual": 0.6, "note": "小数"}, STATE_TODO),
    Case("基準日なし", "count", {"actual": 135000, "source": "業務集計"}, STATE_TODO),
    Case("出典なし", "count", {"actual": 135000, "as_of": IN_FY}, STATE_TODO),
    Case("基準日が年度前", "count", {**FULL, "actual": 135000, "as_of": BEFORE_FY}, STATE_TODO),
    Case("基準日が年度後", "count", {**FULL, "actual": 135000, "as_of": AFTER_FY}, STATE_TODO),
    Case("基準日が年度初日", "count", {**FULL, "actual": 135000, "as_of": FY_FIRST}, STATE_OK),
    Case("基準日が年度末日", "count", {**FULL, "actual": 135000, "as_of": FY_LAST}, STATE_OK),
    Case("基準日が数値でない", "count", {**FULL, "actual": 135000, "as_of": "年度末"},
         STATE_TODO),
    Case("備考ありでも基準日が年度外", "count",
         {"note": "未集計", "as_of": BEFORE_FY}, STATE_TODO),
    # behind target needs 備考: on the displayed rate, in each direction
    Case("未達（99.9%）備考なし", "pct", {**FULL, "actual": 59.9963}, STATE_TODO),
    Case("未達（99.9%）備考あり", "pct", {**FULL, "actual": 59.9963, "note": "理由"}, STATE_OK),
    Case("表示100.0%は達成", "pct", {**FULL, "actual": 59.997}, STATE_OK),
    Case("半端上げで100.0%", "pct", {**FULL, "actual": 59.9964}, STATE_OK),
    Case("件数 99.95% は達成", "count", {**FULL, "actual": 129995}, STATE_OK),
    Case("件数 99.94% 未達", "count", {**FULL, "actual": 129994}, STATE_TODO),
    Case("少ないほど良い・未達", "low", {**FULL, "actual": 80010}, STATE_TODO),
    Case("少ないほど良い・未達・備考", "low", {**FULL, "actual": 80010, "note": "理由"},
         STATE_OK),
    Case("少ないほど良い・表示100.0%", "low", {**FULL, "actual": 80000.5}, STATE_OK),
    Case("少ないほど良い・達成", "low", {**FULL, "actual": 79000}, STATE_OK),
    Case("以上・未達", "thr", {**FULL, "actual": 3}, STATE_TODO),
    Case("以上・表示100.0%", "thr", {**FULL, "actual": 3.9999}, STATE_OK),
    Case("以上・達成", "thr", {**FULL, "actual": 4}, STATE_OK),
    Case("以上・0回", "thr", {**FULL, "actual": 0}, STATE_TODO),
    Case("小中の小・未達", "part", {**FULL, "actual": 95.9}, STATE_TODO, part="小"),
    Case("小中の中・達成", "part", {**FULL, "actual": 92}, STATE_OK, part="中"),
]
INI_CASES = [
    Case("取組・未入力", "ini", {}, STATE_EMPTY),
    Case("順調", "ini", {"status": "順調", "done": "実施した"}, STATE_OK),
    Case("完了", "ini", {"status": "完了", "done": "実施した"}, STATE_OK),
    Case("進捗状況なし", "ini", {"done": "実施した"}, STATE_TODO),
    Case("一覧にない進捗状況", "ini", {"status": "やや遅れ", "done": "実施した"}, STATE_TODO),
    Case("実施内容なし", "ini", {"status": "順調"}, STATE_TODO),
    Case("遅れ・課題なし", "ini", {"status": "遅れ", "done": "一部実施"}, STATE_TODO),
    Case("遅れ・今後の対応なし", "ini", {"status": "遅れ", "done": "一部実施",
                                      "issues": "人員不足"}, STATE_TODO),
    Case("遅れ・両方あり", "ini", {"status": "遅れ", "done": "一部実施", "issues": "人員不足",
                                "next_steps": "外部委託"}, STATE_OK),
    Case("未着手・両方なし", "ini", {"status": "未着手", "done": "準備中"}, STATE_TODO),
    Case("未着手・両方あり", "ini", {"status": "未着手", "done": "準備中", "issues": "予算",
                                  "next_steps": "来年度着手"}, STATE_OK),
]
# 「備考が空白だけ」: full-width spaces are no reason (the validator strips them too).


def _plan() -> Plan:
    base = make_plan()
    kinds: dict[str, Kpi] = {}
    kpis: list[Kpi] = []
    n = 0
    for case in KPI_CASES:
        if case.kind == "part" and "part" in kinds:
            kpi = kinds["part"]  # both part rows of one composite KPI
        else:
            n += 1
            kpi = _kpi(case.kind, n)
            kpis.append(kpi)
            if case.kind == "part":
                kinds["part"] = kpi
        case.keys = [L.kpi_row_key(kpi.id, case.part)]
    initiatives = []
    for i, case in enumerate(INI_CASES, start=1):
        ini = _ini(f"C1-{i:03d}", DIVISION, kind=IndicatorType.NONE)
        initiatives.append(ini)
        case.keys = [ini.id]
    return Plan(departments=base.departments, divisions=base.divisions,
                initiatives=initiatives, kpis=kpis)


def _column(ws, header: str, row: int = 4) -> str:
    return next(c.column_letter for c in ws[row] if c.value == header)


def test_every_rule_the_sheet_checks_is_the_validators(tmp_path: Path) -> None:
    plan = _plan()
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(plan.model_dump_json(), encoding="utf-8")
    folder = Round.create(tmp_path / "作業", "R8", "年度末", dt.date(2027, 4, 30),
                          "デジタル変革課 内線1234", plan_file).folder
    path = populate(folder, [DIVISION]).paths[0]
    wb = load_workbook(path)
    kpi_ws, ini_ws = wb[L.SHEET_KPI], wb[L.SHEET_INITIATIVE]
    row_of = {}
    for ws, key_header in ((kpi_ws, L.KPI_TABLE.key.header),
                           (ini_ws, L.INITIATIVE_TABLE.key.header)):
        key_col = _column(ws, key_header)
        row_of |= {ws[f"{key_col}{r}"].value: (ws.title, r) for r in range(5, ws.max_row + 1)}
    columns = {
        ws.title: {c.field: _column(ws, c.header) for c in table.columns}
        for ws, table in ((kpi_ws, L.KPI_TABLE), (ini_ws, L.INITIATIVE_TABLE))
    }
    ops: list[dict] = []
    cases = [*KPI_CASES, *INI_CASES]
    for case in cases:
        sheet, row = row_of[case.keys[0]]
        for fld, value in case.typed.items():
            cell = f"{columns[sheet][fld]}{row}"
            kind = "set_text" if isinstance(value, str) else "set"
            ops.append({"op": kind, "sheet": sheet, "cell": cell, "value": value})
    for case in cases:
        sheet, row = row_of[case.keys[0]]
        check = "kpi_check" if sheet == L.SHEET_KPI else "initiative_check"
        ops.append({"op": "get", "sheet": sheet, "cell": f"{columns[sheet][check]}{row}"})
    saved = tmp_path / "回答.xlsx"
    with LibreOffice() as office:  # one session, one document, every case
        [res] = office.run([{"open": str(path), "save": str(saved), "ops": ops}])
    folder.returns.mkdir(parents=True, exist_ok=True)
    shutil.copy(saved, folder.returns / saved.name)
    [outcome] = validate(folder).files
    errors: dict[tuple[str, int], set[str]] = {}
    for f in outcome.findings:
        if f.severity == "error" and f.sheet and f.cell:
            row = int("".join(ch for ch in f.cell if ch.isdigit()))
            errors.setdefault((f.sheet, row), set()).add(f.code)
    # no error outside the case rows (S- or file-level findings would spoil the comparison)
    assert not [f for f in outcome.findings if f.severity == "error" and not f.cell]
    mismatches = []
    for case in cases:
        sheet, row = row_of[case.keys[0]]
        check = "kpi_check" if sheet == L.SHEET_KPI else "initiative_check"
        shown = res["get"][f"{sheet}!{columns[sheet][check]}{row}"]["string"]
        state = next(s for s in (STATE_OK, STATE_TODO, STATE_EMPTY) if shown.startswith(s))
        codes = errors.get((sheet, row), set())
        if state != case.state or (state == STATE_OK) != (not codes):
            mismatches.append((case.rule, shown, sorted(codes)))
    assert mismatches == []
    # every error rule of a KPI or initiative row was exercised (the validator's codes)
    assert set().union(*errors.values()) == {
        "V001", "V002", "V004", "V005", "V006", "V008", "V009", "V011", "V015", "V016",
        "V017", "V018", "V020", "V021"}
