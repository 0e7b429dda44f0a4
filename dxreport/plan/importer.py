"""Import the published plan text (tab-separated PDF extraction) into a `Plan`.

The source repeats page headers mid-table, merges 担当 cells (department + division, or division +
project name), lists several divisions in one cell, and re-lists KPIs (`再掲`). Cells are split by
the registry of known names, never by position; every text change is recorded as a
`Normalisation`; numbers are parsed, never rewritten.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from dxreport.errors import UserError
from dxreport.messages import msg
from dxreport.plan import registry
from dxreport.plan.corrections import Corrections, RowCorrection, field_label, load_corrections
from dxreport.plan.linking import link_same_indicators
from dxreport.plan.names import expected_subgroup, split_project, split_subgroup
from dxreport.plan.noise import DECISION_FIX, Finding, apply_decisions, carry_over, detect
from dxreport.plan.quantity import (
    QuantityError,
    common_unit,
    infer_direction,
    parse_quantity,
    with_unit,
)
from dxreport.resources import EMBEDDED_PLAN
from dxreport.rules.plan_model import (
    YEARS,
    Category,
    Department,
    Division,
    IndicatorType,
    Initiative,
    Kpi,
    Normalisation,
    Part,
    Plan,
    Quantity,
)

DEFAULT_SOURCE = EMBEDDED_PLAN

TABLE_WIDTH = {1: 17, 2: 12}
# 1-based column of 部 (department) in each table; 課, 事業名, 計画 follow it.
OWNER_COLUMN = {1: 14, 2: 9}
VALUE_HEADERS = ("基準値", *(f"目標値{y}" for y in YEARS))

_ROW_NUMBER = re.compile(r"^(\d+|追加)$")
_KPI_NUMBER = re.compile(r"^(?P<num>\d+)?\s*(?P<re>[(（]\s*再掲\s*[)）])?$")
_CJK = r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef々〆〇]"
_CJK_SPACE = re.compile(rf"(?<={_CJK})[ \u3000]+(?={_CJK})")
_GROUP_DIGITS = re.compile(r"^\d+\s+")
_NO_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class AppliedCorrection:
    line: int
    initiative_id: str
    field: str
    source: str
    value: str
    reason: str


@dataclass
class ImportResult:
    plan: Plan
    source: Path
    normalisations: list[Normalisation]
    warnings: list[str]
    corrections: list[AppliedCorrection]
    relist_matches: list[str] = field(default_factory=list)
    same_links: list[str] = field(default_factory=list)  # KPIs linked as one indicator
    findings: list[Finding] = field(default_factory=list)  # 表記の確認: suspected noise

    def with_decisions(self, decisions: Mapping[tuple[str, str, str], Finding]) -> ImportResult:
        """The import with the 表記の確認 decisions of an earlier master carried over
        (same ID, field and text) and those decided 修正する applied to the plan."""
        findings = carry_over(self.findings, decisions)
        plan = apply_decisions(self.plan, findings)
        current = {f.key for f in findings}
        warnings = [*self.warnings]
        for owner, field_name, text in decisions.keys() - current:  # the plan changed since
            warnings.append(msg("plan_warn_review_gone", id=owner, field=field_label(field_name),
                                text=text))
        for f in findings:
            if f.decision == DECISION_FIX and not f.replacement():
                warnings.append(msg("plan_warn_review_no_value", id=f.owner,
                                    field=field_label(f.field), text=f.text))
        return replace(self, plan=plan, normalisations=list(plan.normalisations),
                       findings=findings, warnings=warnings)

    def rows_per_table(self) -> dict[tuple[Part, int], int]:
        counts = {(p, t): 0 for p in Part for t in (1, 2)}
        for i in self.plan.initiatives:
            counts[(i.part, i.table)] += 1
        return counts


@dataclass
class _Row:
    """One source row after splitting, before KPIs are resolved."""

    line: int
    part: Part
    table: int
    cells: list[str]
    initiative_id: str = ""


@dataclass
class _KpiRow:
    initiative_id: str
    line: int
    number: str | None
    relisted: bool
    name: str
    values: list[Quantity]
    division_code: str


class _Importer:
    def __init__(self, source: Path, corrections: Corrections) -> None:
        self.source = source
        self.corrections = corrections
        self.normalisations: list[Normalisation] = []
        self.warnings: list[str] = []
        self.applied: list[AppliedCorrection] = []
        self.relist_matches: list[str] = []
        self.same_links: list[str] = []
        self.used_rows: set[tuple[str, str]] = set()

    # -- errors and records ----------------------------------------------------------
    def fail(self, line: int, key: str, **fields: object) -> UserError:
        return UserError(msg(key, path=self.source, line=line, **fields))

    def note(self, line: int, field_name: str, source: str, result: str, reason: str) -> None:
        if source != result:
            self.normalisations.append(
                Normalisation(line=line, field=field_name, source=source, result=result,
                              reason=reason)
            )

    def apply_row(self, row: _Row, fix: RowCorrection, found: str) -> str:
        self.used_rows.add((fix.initiative, fix.field))
        if fix.source != found:
            self.warnings.append(
                msg("plan_warn_stale_correction", id=fix.initiative, field=fix.field,
                    expected=fix.source, found=found)
            )
        self.applied.append(
            AppliedCorrection(row.line, row.initiative_id, fix.field, found, fix.value, fix.reason)
        )
        return fix.value

    # -- text ------------------------------------------------------------------------
    def clean(self, text: str, field_name: str, line: int, *, join_cjk: bool = False) -> str:
        text = text.strip()
        for rule in self.corrections.noise:
            if rule.fields and field_name not in rule.fields:
                continue
            if rule.find in text:
                fixed = text.replace(rule.find, rule.replace)
                self.note(line, field_name, text, fixed, rule.reason)
                text = fixed
        if join_cjk:
            fixed = _CJK_SPACE.sub("", text)
            self.note(line, field_name, text, fixed, msg("plan_reason_cjk_space"))
            text = fixed
        return text

    # -- reading ---------------------------------------------------------------------
    def read_rows(self, text: str) -> list[_Row]:
        rows: list[_Row] = []
        part: Part | None = None
        table: int | None = None
        for line_no, line in enumerate(text.split("\n"), 1):
            line = line.rstrip("\r")
            first = line.split("\t", 1)[0].strip()
            if "【行政のDX】" in line:
                part, table = Part.ADMIN, None
                continue
            if "【地域のDX】" in line:
                part, table = Part.REGION, None
                continue
            if re.match(r"^[12]\.\s", first) and "\t" not in line:
                table = int(first[0])
                continue
            if not _ROW_NUMBER.match(first):
                continue  # blank lines and repeated page/column headers
            if part is None or table is None:
                raise self.fail(line_no, "plan_err_row_outside_table")
            cells = line.split("\t")
            if len(cells) != TABLE_WIDTH[table]:
                raise self.fail(line_no, "plan_err_columns", found=len(cells),
                                expected=TABLE_WIDTH[table], table=table)
            rows.append(_Row(line_no, part, table, [c.strip() for c in cells]))
        return rows

    def assign_ids(self, rows: list[_Row]) -> None:
        previous: dict[tuple[Part, int], str] = {}
        seen: set[str] = set()
        for row in rows:
            key = (row.part, row.table)
            prefix = f"{'A' if row.part is Part.ADMIN else 'R'}{row.table}"
            number = row.cells[0]
            if number == "追加":
                if key not in previous:
                    raise self.fail(row.line, "plan_err_added_first")
                row.initiative_id = previous[key] + "A"
            else:
                row.initiative_id = f"{prefix}-{int(number):03d}"
            if row.initiative_id in seen:
                raise self.fail(row.line, "plan_err_duplicate_number", number=number)
            seen.add(row.initiative_id)
            previous[key] = row.initiative_id

    # -- columns ---------------------------------------------------------------------
    def category(self, row: _Row) -> Category:
        group_src, no_src, name_src = row.cells[1], row.cells[2], row.cells[3]
        group = self.clean(group_src, "category_group", row.line)
        stripped = _GROUP_DIGITS.sub("", group)
        self.note(row.line, "category_group", group, stripped, msg("plan_reason_group_digits"))
        no = self.clean(no_src, "category_no", row.line)
        compact = _NO_SPACE.sub("", no)
        self.note(row.line, "category_no", no, compact, msg("plan_reason_no_space"))
        fix = self.corrections.row(row.initiative_id, "category_no")
        if fix:
            compact = self.apply_row(row, fix, compact)
        name = self.clean(name_src, "category_name", row.line)
        subgroup = None
        if row.part is Part.REGION:
            subgroup, name = self.subgroup(row, stripped, compact, name)
            joined = _CJK_SPACE.sub("", name)
            self.note(row.line, "category_name", name, joined, msg("plan_reason_cjk_space"))
            name = joined
        if not compact or not name:
            raise self.fail(row.line, "plan_err_empty", column=3, header="項目No/名称")
        return Category(group=stripped, no=compact, name=name, subgroup=subgroup)

    def subgroup(self, row: _Row, group: str, no: str, name: str) -> tuple[str | None, str]:
        """Take the 中分類 label off the front of a 地域 item name; the item number must
        point at the same 中分類, or the row is reported."""
        label, rest = split_subgroup(group, name)
        self.note(row.line, "category_name", name, rest,
                  msg("plan_reason_subgroup", subgroup=label))
        expected = expected_subgroup(group, no)
        if label != expected:
            self.warnings.append(msg("plan_warn_subgroup", line=row.line, id=row.initiative_id,
                                     no=no, name=name, found=label or "なし",
                                     expected=expected or "なし"))
        return label, rest

    def indicator_type(self, row: _Row) -> IndicatorType:
        text = _NO_SPACE.sub("", row.cells[4])
        if "KPI" in text:
            kind = IndicatorType.KPI
        elif "KGI" in text:
            kind = IndicatorType.KGI
        elif "なし" in text:
            kind = IndicatorType.NONE
        else:
            raise self.fail(row.line, "plan_err_indicator_type", text=row.cells[4])
        if (row.table == 1) != (kind is IndicatorType.KPI):
            raise self.fail(row.line, "plan_err_indicator_table", text=row.cells[4],
                            table=row.table)
        return kind

    def owner(self, row: _Row, tail: list[str]) -> tuple[list[str], str, str]:
        """Split 部/課/事業名/計画 cells: returns (division codes, project name, plan text)."""
        col = OWNER_COLUMN[row.table]
        tail = list(tail)
        cell0 = self.clean(tail[0], "owner", row.line)
        dept_names: list[str] = []
        div_names: list[str] = []
        remainder = ""
        rest_index = 1
        for index in (0, 1):
            text = cell0 if index == 0 else self.clean(tail[1], "owner", row.line)
            remainder = self._consume(row, text, dept_names, div_names)
            rest_index = index + 1
            if remainder or div_names:
                break
        if not dept_names:
            first = (cell0.split() or [""])[0]
            raise self.fail(row.line, "plan_err_unknown_department", column=col, name=first)
        if not div_names:
            first = (remainder.split() or [""])[0]
            if re.search(r"(課|室)$", first):
                raise self.fail(row.line, "plan_err_unknown_division", column=col + 1,
                                name=first, known=_close_division_names(first))
            fix = self.corrections.row(row.initiative_id, "division")
            if fix is None:
                raise self.fail(row.line, "plan_err_no_division", column=col + 1,
                                text=remainder[:30])
            div_names.append(self.apply_row(row, fix, ""))
        codes = [self._division_code(row, name, dept_names) for name in div_names]
        if remainder:
            project, after = remainder, tail[rest_index:]
        else:
            project, after = tail[rest_index], tail[rest_index + 1:]
        plan_text = after[0] if after else ""
        extra = [c for c in after[1:] if c]
        if extra:
            raise self.fail(row.line, "plan_err_extra_cells", text=extra[0][:30])
        project = self.clean(project, "project_name", row.line)
        plan_text = self.clean(plan_text, "plan_text", row.line)
        if not project:
            raise self.fail(row.line, "plan_err_empty", column=col + 2, header="事業名")
        return codes, project, plan_text

    def _consume(self, row: _Row, text: str, depts: list[str], divs: list[str]) -> str:
        """Take known department/bureau/division names off the front of `text`."""
        tokens = list(re.finditer(r"\S+", text))
        k = 0
        while k < len(tokens):
            for j in range(min(k + 3, len(tokens)), k, -1):
                words = [t.group() for t in tokens[k:j]]
                name = "".join(words)
                if name in registry.DEPARTMENT_BY_NAME:
                    depts.append(name)
                elif name in registry.BUREAUS:
                    pass
                elif registry.is_division_name(name):
                    divs.append(name)
                else:
                    continue
                self.note(row.line, "owner", " ".join(words), name,
                          msg("plan_reason_cjk_space"))
                k = j
                break
            else:
                return text[tokens[k].start():]
        return ""

    def _division_code(self, row: _Row, name: str, dept_names: list[str]) -> str:
        dept_codes = [registry.DEPARTMENT_BY_NAME[d].code for d in dept_names]
        matches = [d for d in registry.divisions_named(name) if d.department_code in dept_codes]
        if len(matches) != 1:
            raise self.fail(row.line, "plan_err_division_department",
                            column=OWNER_COLUMN[row.table] + 1, name=name,
                            departments="・".join(dept_names))
        return matches[0].code

    # -- the whole source --------------------------------------------------------------
    def build(self, text: str) -> Plan:
        rows = self.read_rows(text)
        if not rows:
            raise UserError(msg("plan_err_no_rows", path=self.source))
        self.assign_ids(rows)
        initiatives: list[dict] = []
        kpi_rows: list[_KpiRow] = []
        for row in rows:
            kind = self.indicator_type(row)
            base = {
                "id": row.initiative_id,
                "part": row.part,
                "table": row.table,
                "number": row.cells[0],
                "category": self.category(row),
                "indicator_type": kind,
                "source_line": row.line,
            }
            if row.table == 1:
                codes, project, plan_text = self.owner(row, row.cells[13:])
                kpi_rows.append(self.kpi_row(row, codes[0]))
                base["relisted"] = kpi_rows[-1].relisted
            else:
                tail = row.cells[8:]
                indicator, goal = row.cells[6], row.cells[7]
                first = (tail[0].split() or [""])[0]
                second = (tail[1].split() or [""])[0]
                if (first not in registry.DEPARTMENT_BY_NAME
                        and second in registry.DEPARTMENT_BY_NAME):
                    # One row has its goal text in the 部 column, everything shifted right.
                    reason = msg("plan_reason_goal_in_department")
                    if indicator in ("-", ""):
                        self.note(row.line, "indicator_name", indicator, goal, reason)
                        indicator = goal
                    self.note(row.line, "goal_text", goal, tail[0], reason)
                    goal = tail[0]
                    tail = [*tail[1:], ""]
                codes, project, plan_text = self.owner(row, tail)
                kpi_no = row.cells[5]
                base["relisted"] = bool(_KPI_NUMBER.match(kpi_no) and "再掲" in kpi_no)
                if indicator not in ("-", ""):
                    base["indicator_name"] = self.clean(indicator, "indicator_name", row.line,
                                                        join_cjk=True)
                if goal not in ("-", ""):
                    base["goal_text"] = self.clean(goal, "goal_text", row.line)
            base.update(division_code=codes[0], co_division_codes=codes[1:],
                        project_name=project, plan_text=plan_text,
                        **self.project_parts(row, project))
            initiatives.append(base)
        kpis, kpi_of = self.resolve_kpis(kpi_rows)
        kpis = self.link(kpis, kpi_rows)
        for item in initiatives:
            item["kpi_id"] = kpi_of.get(item["id"])
        for fix in self.corrections.rows:
            if (fix.initiative, fix.field) not in self.used_rows:
                self.warnings.append(msg("plan_warn_unused_correction", id=fix.initiative,
                                         field=fix.field))
        return assemble_plan([Initiative(**i) for i in initiatives], kpis,
                             self.normalisations)

    def project_parts(self, row: _Row, project: str) -> dict[str, object]:
        """事業名 split into 大事業名, 小事業名 and 取組名, each spelled one way."""
        parts = split_project(project)
        for field_name, source, result in parts.changes:
            self.note(row.line, field_name, source, result, msg("plan_reason_name_spelling"))
        return {"project_major": parts.major, "project_minor": parts.minor,
                "project_activity": parts.activity}

    def kpi_row(self, row: _Row, division_code: str) -> _KpiRow:
        m = _KPI_NUMBER.match(row.cells[5])
        if not m or not (m["num"] or m["re"]):
            raise self.fail(row.line, "plan_err_kpi_number", column=6, text=row.cells[5])
        values = []
        for offset, header in enumerate(VALUE_HEADERS):
            cell = row.cells[7 + offset]
            try:
                values.append(parse_quantity(cell))
            except QuantityError:
                raise self.fail(row.line, "plan_err_quantity", column=8 + offset,
                                header=header, text=cell) from None
        name = self.clean(row.cells[6], "indicator_name", row.line, join_cjk=True)
        if not name:
            raise self.fail(row.line, "plan_err_empty", column=7, header="指標名")
        return _KpiRow(row.initiative_id, row.line, m["num"], bool(m["re"]), name, values,
                       division_code)

    def resolve_kpis(self, kpi_rows: list[_KpiRow]) -> tuple[list[Kpi], dict[str, str]]:
        originals: dict[tuple[str, str], _KpiRow] = {}
        for r in kpi_rows:
            if r.relisted:
                continue
            key = (r.initiative_id[0], r.number or "")
            if key in originals:
                raise self.fail(r.line, "plan_err_duplicate_kpi", number=r.number,
                                first=originals[key].line)
            originals[key] = r
        members: dict[tuple[str, str], list[_KpiRow]] = {k: [v] for k, v in originals.items()}
        for r in kpi_rows:
            if not r.relisted:
                continue
            letter = r.initiative_id[0]
            number = r.number or self.match_relist(r, letter, originals)
            key = (letter, number)
            if key not in originals:
                raise self.fail(r.line, "plan_err_relist_missing", number=number)
            original = originals[key]
            if [q.text for q in r.values] != [q.text for q in original.values]:
                self.warnings.append(msg("plan_warn_relist_values", line=r.line,
                                         id=r.initiative_id, number=number))
            members[key].append(r)
        kpis: list[Kpi] = []
        kpi_of: dict[str, str] = {}
        for (letter, number), group in sorted(members.items(),
                                              key=lambda kv: (kv[0][0] != "A", int(kv[0][1]))):
            kpi_id = f"KPI-{letter}{int(number):02d}"
            original = group[0]
            kpis.append(make_kpi(kpi_id, Part.ADMIN if letter == "A" else Part.REGION, number,
                                 original.name, original.values,
                                 [m.initiative_id for m in group], original.division_code))
            for m in group:
                kpi_of[m.initiative_id] = kpi_id
        return kpis, kpi_of

    def link(self, kpis: list[Kpi], kpi_rows: list[_KpiRow]) -> list[Kpi]:
        """Link the KPIs both parts list (one indicator, two IDs): `Kpi.same_as`."""
        linked = link_same_indicators(kpis, self.corrections.same)
        self.same_links += linked.infos
        self.warnings += linked.warnings
        line_of = {r.initiative_id: r.line for r in kpi_rows}
        for entry, kpi in linked.applied:
            first = kpi.initiative_ids[0]
            self.applied.append(AppliedCorrection(line_of[first], first, "same_indicator",
                                                  entry.source, "・".join(entry.kpis),
                                                  entry.reason))
        return linked.kpis

    def match_relist(self, r: _KpiRow, letter: str,
                     originals: dict[tuple[str, str], _KpiRow]) -> str:
        """A `(再掲)` row without a number: match the indicator name within the part."""
        candidates = {k[1]: v for k, v in originals.items() if k[0] == letter}
        exact = [n for n, v in candidates.items() if v.name == r.name]
        fix = self.corrections.row(r.initiative_id, "relist_kpi")
        if len(exact) == 1 and fix is None:
            self.relist_matches.append(msg("plan_info_relist_match", line=r.line,
                                           id=r.initiative_id, number=exact[0], name=r.name))
            return exact[0]
        near = sorted(
            ((difflib.SequenceMatcher(None, r.name, v.name).ratio(), n, v.name)
             for n, v in candidates.items()),
            reverse=True,
        )
        near = [x for x in near if x[0] >= 0.8][:3]
        listing = "、".join(f"KPI {n}「{name}」" for _, n, name in near) or "なし"
        if fix is not None:
            row = _Row(r.line, Part.ADMIN, 1, [], r.initiative_id)
            number = self.apply_row(row, fix, r.name)
            self.warnings.append(msg("plan_warn_relist_near", line=r.line, id=r.initiative_id,
                                     name=r.name, near=listing, number=number))
            if (letter, number) not in originals:
                raise self.fail(r.line, "plan_err_relist_missing", number=number)
            return number
        raise self.fail(r.line, "plan_err_relist_unmatched", name=r.name, near=listing,
                        id=r.initiative_id)


def _close_division_names(name: str) -> str:
    names = sorted({d.name for d in registry.DIVISIONS})
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    return "、".join(close) or "なし"


def make_kpi(kpi_id: str, part: Part, number: str, name: str, values: list[Quantity],
             initiative_ids: list[str], division_code: str, unit: str | None = None,
             direction=None, same_as: list[str] | None = None) -> Kpi:
    """Build a KPI from its baseline and R8..R12 values (shared by import and master loading)."""
    if unit is None:
        unit = common_unit(values)
    values = [with_unit(q, unit) for q in values]
    baseline, targets = values[0], values[1:]
    return Kpi(
        id=kpi_id, part=part, number=number, name=name, unit=unit,
        direction=direction or infer_direction(baseline, targets),
        baseline=baseline, targets=dict(zip(YEARS, targets, strict=True)),
        initiative_ids=initiative_ids, division_code=division_code, same_as=same_as or [],
    )


def assemble_plan(initiatives: list[Initiative], kpis: list[Kpi],
                  normalisations: list[Normalisation],
                  divisions: list[Division] | None = None,
                  departments: list[Department] | None = None) -> Plan:
    """The plan with the divisions it uses (registry order) and their departments."""
    if divisions is None:
        used = {i.division_code for i in initiatives}
        used |= {c for i in initiatives for c in i.co_division_codes}
        used |= {k.division_code for k in kpis}
        divisions = [d for d in registry.DIVISIONS if d.code in used]
    if departments is None:
        order = list(dict.fromkeys(d.department_code for d in divisions))
        by_code = {d.code: d for d in registry.DEPARTMENTS}
        departments = [by_code[c] for c in order]
    return Plan(departments=departments, divisions=divisions, initiatives=initiatives,
                kpis=kpis, normalisations=normalisations)


def read_source(source: Path) -> str:
    try:
        data = source.read_bytes()
    except FileNotFoundError as exc:
        raise UserError(msg("file_not_found", path=source)) from exc
    except OSError as exc:
        raise UserError(msg("plan_err_read", path=source, detail=exc)) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(msg("plan_err_encoding", path=source)) from exc


def import_plan(source: Path | None = None, corrections: Path | None = None) -> ImportResult:
    """Import the published plan text (default: the embedded FY2026 source)."""
    source = Path(source) if source is not None else DEFAULT_SOURCE
    fixes = load_corrections(corrections) if corrections else load_corrections()
    importer = _Importer(source, fixes)
    plan = importer.build(read_source(source))
    return ImportResult(plan=plan, source=source, normalisations=list(plan.normalisations),
                        warnings=importer.warnings, corrections=importer.applied,
                        relist_matches=importer.relist_matches,
                        same_links=importer.same_links, findings=detect(plan))
