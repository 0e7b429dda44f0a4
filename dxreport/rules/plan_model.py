"""Typed model of the master plan (計画): initiatives, KPIs, and the division registry.

These models are the contract between stages: the importer and the master workbook produce a
`Plan`; populate, validate and consolidate read it. Identifiers are stable ASCII strings so they
can live in hidden key columns, file names and JSON.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

YEARS: tuple[str, ...] = ("R8", "R9", "R10", "R11", "R12")
"""Target years of the FY2026 plan (令和8年度〜令和12年度)."""


class Part(StrEnum):
    ADMIN = "行政"  # 【行政のDX】
    REGION = "地域"  # 【地域のDX】


class IndicatorType(StrEnum):
    KPI = "KPI"  # 数値目標 (KPI)
    KGI = "KGI"  # 成果目標 (KGI)
    NONE = "none"  # 対応指標等なし


class Direction(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better (target below baseline: paper use, working hours)
    THRESHOLD = "threshold"  # reach at least / at most a bound such as `4以上`


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class QuantityPart(_Frozen):
    """One sub-value of a composite quantity such as `小 95% 中 91%`."""

    label: str  # e.g. "小", "中"
    value: float | None


class Quantity(_Frozen):
    """A value as written in the plan, and what it means.

    `text` is the original text (after noise normalisation, which the import report lists);
    `value` has multipliers applied (`73万PV` -> 730000, unit "PV"); `None` for `—`/`-`.
    """

    text: str
    value: float | None = None
    unit: str | None = None
    comparator: str | None = None  # "以上" / "以下" / None
    parts: list[QuantityPart] | None = None

    @property
    def is_absent(self) -> bool:
        return self.value is None and not self.parts


class Department(_Frozen):
    code: str  # stable ASCII, e.g. "SOMU"
    name: str  # 部局名, e.g. "総務部"


class Division(_Frozen):
    code: str  # stable ASCII, unique across the prefecture, e.g. "SOMU-JINJI"
    name: str  # 課・室名, e.g. "人事課" (the same name may exist in two departments)
    department_code: str


class Category(_Frozen):
    """項目: the policy area an initiative belongs to."""

    group: str  # 項目名称, e.g. "優先的に実施すべき取組" / "復興・創生"
    no: str  # e.g. "(1)", "(2)ア"
    name: str  # e.g. "職員の意識改革と行動変容"
    # 中分類 of the 地域 part, e.g. "教育" / "人材育成" under "教育・人材育成" (the source glues
    # it to the front of the item name); None where the group has none
    subgroup: str | None = None


class Initiative(_Frozen):
    """One row of the plan (事業・取組)."""

    id: str  # stable ASCII, e.g. "A1-001" (行政 table 1 row 1), "R2-028A" (地域 追加)
    part: Part
    table: int = Field(ge=1, le=2)
    number: str  # 事業番号 as written, including "追加"
    category: Category
    indicator_type: IndicatorType
    kpi_id: str | None = None  # the KPI it reports (table 1), re-listed ones included
    relisted: bool = False  # the row is a 再掲 of a KPI reported elsewhere
    indicator_name: str | None = None  # 指標名 on KGI rows (table 2), if any
    goal_text: str | None = None  # 成果目標 (KGI) text
    division_code: str  # lead division
    co_division_codes: list[str] = Field(default_factory=list)
    project_name: str  # 令和8年度事業（取組）名 as written: 大事業, 小事業 and 【取組】 joined
    # The same name split (spelling of brackets and spaces normalised): 大事業名, the 小事業名
    # (a bullet list gives several) and the bracketed 取組名 (several brackets, several names)
    project_major: str | None = None
    project_minor: list[str] = Field(default_factory=list)
    project_activity: list[str] = Field(default_factory=list)
    plan_text: str  # 令和8年度事業（取組）計画
    source_line: int  # 1-based line in the source text


class Kpi(_Frozen):
    """A numeric indicator (数値目標), reported once however often it is re-listed."""

    id: str  # stable ASCII, e.g. "KPI-A04", "KPI-R36"
    part: Part
    number: str  # KPI 番号 as written (without 再掲)
    name: str
    unit: str | None = None
    direction: Direction
    baseline: Quantity
    targets: dict[str, Quantity]  # keyed by YEARS
    initiative_ids: list[str]  # every initiative reporting it, the original first
    division_code: str  # lead division: the owner of the original (non-再掲) row
    # The same indicator listed in the other part under another KPI ID (same name and figures,
    # e.g. ふくしまポータル PV as KPI-A24 and KPI-R07): report once, fill both
    same_as: list[str] = Field(default_factory=list)

    @property
    def part_labels(self) -> list[str]:
        """Labels of composite values (`小`, `中`), or [] for a simple KPI."""
        for q in (self.baseline, *self.targets.values()):
            if q.parts:
                return [p.label for p in q.parts]
        return []


class Normalisation(_Frozen):
    """One change the importer made to the source text (auditors ask for all of them)."""

    line: int
    field: str
    source: str
    result: str
    reason: str


class Plan(_Frozen):
    fiscal_year: str = "R8"
    title: str = "令和8年度 DX推進計画"
    departments: list[Department]
    divisions: list[Division]
    initiatives: list[Initiative]
    kpis: list[Kpi]
    normalisations: list[Normalisation] = Field(default_factory=list)

    # -- lookups ---------------------------------------------------------------------
    # Dict indexes built on first use. They live in the instance `__dict__` outside the model
    # fields, so `model_dump`, `digest()` and `==` (which compares fields only) never see them;
    # each index remembers the list it was built from, so a `model_copy(update=...)` that
    # replaces the list rebuilds it instead of answering from the old one.
    def _index(self, name: str, items: list, key: str) -> dict:
        cache_key = f"_index_{name}"
        cached = self.__dict__.get(cache_key)
        if cached is None or cached[0] is not items or cached[1] != len(items):
            index: dict = {}
            for item in items:
                index.setdefault(getattr(item, key), item)  # first wins, as the scan did
            cached = (items, len(items), index)
            self.__dict__[cache_key] = cached
        return cached[2]

    def __getstate__(self) -> dict:
        # pickles (worker processes) carry the fields only; the indexes are rebuilt on demand
        state = super().__getstate__()
        fields = {k: v for k, v in state["__dict__"].items()
                  if not k.startswith(("_index_", "_kpi_order"))}
        return {**state, "__dict__": fields}

    def division(self, code: str) -> Division:
        return self._index("divisions", self.divisions, "code")[code]

    def department(self, code: str) -> Department:
        return self._index("departments", self.departments, "code")[code]

    def kpi(self, kpi_id: str) -> Kpi:
        return self._index("kpis", self.kpis, "id")[kpi_id]

    def initiative(self, initiative_id: str) -> Initiative:
        return self._index("initiatives", self.initiatives, "id")[initiative_id]

    def answered_as(self, kpi: Kpi) -> Kpi | None:
        """The KPI whose answer `kpi` takes, or None when `kpi` is answered itself.

        An indicator the plan lists in both parts (`Kpi.same_as`) is asked once: the first of
        its IDs in plan order is answered, by its lead division; the others show and take that
        answer (the survey's reference row, validation and consolidation alike)."""
        if not kpi.same_as:
            return None
        index = self._index("kpis", self.kpis, "id")
        order = self.__dict__.get("_kpi_order")
        if order is None or order[0] is not self.kpis:
            order = (self.kpis, {k.id: n for n, k in enumerate(self.kpis)})
            self.__dict__["_kpi_order"] = order
        group = [index[i] for i in kpi.same_as if i in index and i != kpi.id]
        first = min(group, key=lambda k: order[1][k.id], default=None)
        if first is None or order[1][first.id] > order[1][kpi.id]:
            return None
        return first

    def lead_division_codes(self) -> list[str]:
        """Divisions that lead at least one initiative or KPI, in registry order."""
        leads = {i.division_code for i in self.initiatives} | {k.division_code for k in self.kpis}
        return [d.code for d in self.divisions if d.code in leads]

    def digest(self) -> str:
        """SHA-256 of the plan's canonical JSON: what a survey was generated from."""
        data = self.model_dump_json(exclude={"normalisations"}).encode("utf-8")
        return hashlib.sha256(data).hexdigest()
