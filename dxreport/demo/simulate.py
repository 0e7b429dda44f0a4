"""Simulated division returns (回答の模擬作成) for the demo, the benchmarks and the tests.

A clerk opens the survey in Excel, types actuals, dates, sources, picks statuses and writes
comments, then mails the file back. `fill_survey` does exactly that with openpyxl: cells are
found through the shared layout (defined name, header text, key column), never by coordinates,
and only input cells are touched (except where a mistake deliberately edits a master value).

`simulate_returns(folder)` does it for every survey in `1_配布/`: a few divisions stay silent,
the others answer plausibly (actuals between baseline and target in the KPI's direction, a
status consistent with the numbers, Japanese comments), and a few files carry the mistakes
validation must catch. Everything is deterministic for a seed and written into `2_回収/` only.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from dxreport.fileio import save_atomic, write_bytes_atomic
from dxreport.messages import msg
from dxreport.round.folder import WorkFolder
from dxreport.rules.achievement import evaluate_kpi, kpi_behind_target, quantity_value
from dxreport.rules.fiscal_year import fiscal_year_range
from dxreport.rules.plan_model import Direction, Kpi, Plan
from dxreport.rules.rating import RatingSettings
from dxreport.rules.statuses import STATUSES_NEEDING_COMMENT
from dxreport.survey import layout as L
from dxreport.survey.anchors import defined_range, locate_table
from dxreport.survey.populate import DivisionShare, shares
from dxreport.survey.reader import read_survey
from dxreport.xlsx.zip_bytes import workbook_bytes

KPI_INPUTS = ("actual", "as_of", "source", "note")
TEXT_FIELDS = ("done", "issues", "next_steps")
MAIL_SUBFOLDER = "メール添付"  # where one division's renamed file lands (2_回収/メール添付/)


# -- filling one workbook ---------------------------------------------------------------------
@dataclass
class Answers:
    """What one division types: KPI row key -> {field: value}; initiative key -> status/texts."""

    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    master_edits: dict[tuple[str, str], Any] = field(default_factory=dict)  # (key, field)
    respondent: dict[str, str] = field(default_factory=dict)  # the 回答者 block, by field

    def copy(self) -> Answers:
        return Answers({k: dict(v) for k, v in self.values.items()}, dict(self.statuses),
                       {k: dict(v) for k, v in self.texts.items()}, dict(self.master_edits),
                       dict(self.respondent))


def _kpi_fields(value: Any) -> dict[str, Any]:
    """`values` entries are either the actual alone or a {field: value} mapping."""
    if isinstance(value, Mapping):
        unknown = set(value) - set(KPI_INPUTS)
        if unknown:
            raise ValueError(f"unknown KPI input fields: {sorted(unknown)}")
        return dict(value)
    return {"actual": value}


def fill_workbook(
    wb: Workbook,
    values: Mapping[str, Any],
    statuses: Mapping[str, str],
    texts: Mapping[str, Mapping[str, str]],
    master_edits: Mapping[tuple[str, str], Any] | None = None,
    respondent: Mapping[str, str] | None = None,
) -> dict[tuple[str, str], str]:
    """Type answers into an open survey; returns (row key, field) -> cell (`KPI実績!K7`).

    `values`: KPI row key (`KPI-A01`, `KPI-R13#小`) -> actual, or -> {actual, as_of, source,
    note}. `statuses`: initiative key -> 進捗状況. `texts`: initiative key -> {done, issues,
    next_steps}. `master_edits`: (row key, field) -> value written over a locked master cell
    (a tampering mistake). `respondent`: field -> text typed into the 回答者 block (left
    out when the survey has none). A key or field the survey does not have raises ValueError.
    """
    if respondent:
        _type_respondent(wb, respondent)
    per_table: dict[str, dict[str, dict[str, Any]]] = {
        L.SHEET_KPI: {k: _kpi_fields(v) for k, v in values.items()},
        L.SHEET_INITIATIVE: {},
    }
    for key, status in statuses.items():
        per_table[L.SHEET_INITIATIVE].setdefault(key, {})["status"] = status
    for key, fields in texts.items():
        unknown = set(fields) - set(TEXT_FIELDS)
        if unknown:
            raise ValueError(f"unknown initiative text fields: {sorted(unknown)}")
        per_table[L.SHEET_INITIATIVE].setdefault(key, {}).update(fields)
    for (key, fld), value in (master_edits or {}).items():
        table = L.KPI_TABLE if key.startswith("KPI-") else L.INITIATIVE_TABLE
        per_table[table.sheet].setdefault(key, {})[fld] = value

    written: dict[tuple[str, str], str] = {}
    for table in L.TABLES:
        wanted = per_table[table.sheet]
        if not wanted:
            continue
        loc, issues = locate_table(wb, table)
        if loc is None:
            raise ValueError(f"{table.sheet}: {[i.message for i in issues]}")
        key_col = loc.columns[table.key.field]
        rows = {str(v).strip(): r for (r, c), v in loc.values.items()
                if c == key_col and r > loc.header_row}
        missing = sorted(set(wanted) - set(rows))
        if missing:
            raise ValueError(f"{table.sheet}: keys not in the survey: {missing}")
        for key, fields in wanted.items():
            for fld, value in fields.items():
                if fld not in loc.columns:
                    raise ValueError(f"{table.sheet}: no column for {fld!r}")
                cell = loc.sheet.cell(rows[key], loc.columns[fld])
                cell.value = value
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # typed text, never a live formula
                written[(key, fld)] = f"{loc.sheet.title}!{cell.coordinate}"
    return written


def _type_respondent(wb: Workbook, respondent: Mapping[str, str]) -> None:
    found = defined_range(wb, L.NAME_RESPONDENT)
    if found is None:
        return
    sheet, (min_col, min_row, _max_col, max_row) = found
    ws = wb[sheet]
    by_label = {v: f for f, v in L.RESPONDENT_LABELS.items()}
    for r in range(min_row, max_row + 1):
        fld = by_label.get(ws.cell(r, min_col).value)
        if fld is not None and fld in respondent:
            ws.cell(r, min_col + 1).value = respondent[fld]


def fill_survey(
    path_in: Path,
    path_out: Path,
    values: Mapping[str, Any],
    statuses: Mapping[str, str],
    texts: Mapping[str, Mapping[str, str]],
    master_edits: Mapping[tuple[str, str], Any] | None = None,
    saved_at: dt.datetime | None = None,
    respondent: Mapping[str, str] | None = None,
) -> dict[tuple[str, str], str]:
    """Open a generated survey, type the answers (see `fill_workbook`), save it atomically
    as `path_out` (`path_in` is never modified). Returns (row key, field) -> cell.

    `saved_at` is the time the file says it was saved (as Excel records it); default: now."""
    wb = load_workbook(Path(path_in))
    written = fill_workbook(wb, values, statuses, texts, master_edits, respondent)
    if saved_at is None:
        save_atomic(Path(path_out), wb.save)
    else:
        write_bytes_atomic(Path(path_out), workbook_bytes(wb, saved_at))
    return written


# -- plausible answers ------------------------------------------------------------------------
_DONE = (
    "{what}について、庁内説明会を{n}回開催し、各所属への周知と利用促進を行った。",
    "{what}について、{m}月に事業者と契約し、システムの構築と試行運用を進めた。",
    "{what}の実施に向け、関係課との調整会議を{n}回開催し、実施方針を取りまとめた。",
    "{what}に関する研修を{n}回実施し、職員{k}名が受講した。",
    "{what}について、市町村向け説明会を開催し、{k}団体が参加した。",
    "{what}として、手続のオンライン化を{n}件進め、県ホームページで案内を行った。",
)
_ISSUES = (
    "事業者との仕様調整に時間を要し、導入スケジュールに遅れが生じている。",
    "利用者への周知が十分でなく、利用件数が伸び悩んでいる。",
    "担当職員の異動があり、業務の引継ぎに時間を要した。",
    "関係機関との合意形成に想定以上の時間を要している。",
    "既存システムとの連携に技術的な課題があり、改修範囲の見直しが必要となった。",
)
_MILD_ISSUES = (  # on-track rows that still note something
    "利用者の一部に操作方法の問い合わせが多く、分かりやすい案内が必要である。",
    "市町村ごとに取組状況に差がある。",
    "運用経費の継続的な確保が必要である。",
)
_NEXT = (
    "広報媒体やSNSを活用した周知を強化し、利用促進を図る。",
    "事業者との進捗会議を毎月開催し、スケジュール管理を徹底する。",
    "関係課と連携して課題を整理し、第3四半期までの運用開始を目指す。",
    "先行自治体の事例を調査し、次年度の取組に反映する。",
    "市町村との意見交換を継続し、導入支援を進める。",
)
_SOURCES = (
    "電子申請システム利用統計", "所管課集計", "庁内アンケート調査", "業務システム稼働ログ",
    "市町村への照会結果", "県ホームページアクセス解析",
)
_WHAT = ("本事業", "本取組", "当該事業")


def as_of_date(fiscal_year: str, round_code: str) -> dt.date:
    """The day the figures refer to: 年度末 -> 3/31 of the FY, 中間 -> 9/30."""
    start, end = fiscal_year_range(fiscal_year)
    return dt.date(start.year, 9, 30) if round_code == "MID" else end


def _decimals(*numbers: float | None) -> int:
    out = 0
    for x in numbers:
        if x is not None and not float(x).is_integer():
            out = max(out, min(len(repr(float(x)).split(".")[1].rstrip("0")), 2))
    return out


def plausible_actual(
    kpi: Kpi, part: str | None, year: str, rng: random.Random, progress: float | None = None
) -> int | float:
    """An actual between baseline and the year's target in the KPI's direction; `progress`
    (share of the way from baseline to target, 1.0 = on target) drawn when not given."""
    if progress is None:
        r = rng.random()
        progress = (rng.uniform(0.95, 1.2) if r < 0.6 else
                    rng.uniform(0.8, 0.98) if r < 0.85 else rng.uniform(0.3, 0.75))
    baseline = quantity_value(kpi.baseline, part)
    target_q = kpi.targets.get(year)
    target = quantity_value(target_q, part)
    if target is None and baseline is None:
        value = rng.uniform(10, 100)
    elif target is None:
        assert baseline is not None  # the branch above took both None
        sign = -1 if kpi.direction is Direction.LOWER else 1
        value = baseline * (1 + sign * rng.uniform(0, 0.08))
    elif baseline is None or baseline == target:
        value = target * progress
        if kpi.direction is Direction.LOWER or (target_q and target_q.comparator == "以下"):
            value = target / progress
    else:
        value = baseline + progress * (target - baseline)
    percent = (kpi.unit or (target_q.unit if target_q else None)) == "%"
    decimals = 1 if percent else _decimals(baseline, target)
    bounded = percent and all(x is None or x <= 100 for x in (baseline, target))
    value = max(0.0, min(value, 100.0) if bounded else value)
    value = round(value, decimals)
    return int(value) if decimals == 0 else value


_RATING_SETTINGS = RatingSettings()
_BEHIND_NOTES = (
    "年度当初の事業開始が遅れたため、目標値に届かなかった。",
    "周知期間が短く、利用が想定を下回った。",
    "システム改修の影響で下半期の実績が伸びなかった。",
    "関係機関の体制整備に時間を要し、実施件数が減少した。",
)


def status_for(kpi: Kpi | None, actuals: Mapping[str | None, float], year: str,
               rng: random.Random) -> str:
    """A status a careful clerk would pick: from the KPI's rating when there is one."""
    code = None
    if kpi is not None and actuals:
        code = evaluate_kpi(kpi, year, actuals, _RATING_SETTINGS).overall.rating_code
    if code == "A":
        return "完了" if rng.random() < 0.08 else "順調"
    if code == "B":
        return "概ね順調"
    if code in ("C", "D"):
        return "遅れ"
    r = rng.random()
    return "順調" if r < 0.6 else "概ね順調" if r < 0.9 else "遅れ" if r < 0.97 else "未着手"


def initiative_texts(status: str, rng: random.Random) -> dict[str, str]:
    done = rng.choice(_DONE).format(what=rng.choice(_WHAT), n=rng.randint(2, 12),
                                    m=rng.randint(4, 9), k=rng.randint(12, 320))
    if status == "未着手":
        done = "年度内の着手に向け、仕様の検討と予算要求の準備を行った。"
    texts = {"done": done}
    if status in STATUSES_NEEDING_COMMENT or rng.random() < 0.3:
        texts["issues"] = rng.choice(_ISSUES if status in STATUSES_NEEDING_COMMENT
                                     else _MILD_ISSUES)
        texts["next_steps"] = rng.choice(_NEXT)
    return texts


def division_answers(
    plan: Plan,
    division_code: str,
    fiscal_year: str = "R8",
    round_code: str = "FINAL",
    seed: int = 2026,
    share: DivisionShare | None = None,
) -> Answers:
    """Everything a division's clerk types, computed from the plan (the rule populate used)."""
    rng = random.Random(f"{seed}-{division_code}")
    share = share if share is not None else shares(plan).get(division_code, DivisionShare())
    as_of = as_of_date(fiscal_year, round_code)
    feb_end = as_of.replace(day=1) - dt.timedelta(days=1)
    progress_scale = 0.55 if round_code == "MID" else 1.0
    answers = Answers()
    by_kpi: dict[str, dict[str | None, float]] = {}
    behind: set[str] = set()
    kpis = {k.id: k for k in share.kpis}
    for kpi in share.kpis:
        if plan.answered_as(kpi) is not None:
            continue  # a reference row: the same indicator is answered as another KPI ID
        source = rng.choice(_SOURCES)
        day = feb_end if rng.random() < 0.12 else as_of
        parts: list[str | None] = [*kpi.part_labels] if kpi.part_labels else [None]
        for part in parts:
            r = rng.random()
            progress = (rng.uniform(0.95, 1.2) if r < 0.6 else rng.uniform(0.8, 0.98)
                        if r < 0.85 else rng.uniform(0.3, 0.75)) * progress_scale
            value = plausible_actual(kpi, part, fiscal_year, rng, progress)
            by_kpi.setdefault(kpi.id, {})[part] = float(value)
            fields: dict[str, Any] = {"actual": value, "as_of": day, "source": source}
            if kpi_behind_target(kpi, fiscal_year, part, value):
                behind.add(kpi.id)  # the in-sheet check (and V011) ask for a reason in 備考
                fields["note"] = rng.choice(_BEHIND_NOTES)
            elif rng.random() < 0.08:
                fields["note"] = "速報値（確定値は翌月判明）"
            answers.values[L.kpi_row_key(kpi.id, part)] = fields
    for ini, answers_it in share.initiatives:
        if not answers_it:
            continue  # reference row: the lead division answers it
        ini_kpi = kpis.get(ini.kpi_id or "")
        status = status_for(ini_kpi, by_kpi.get(ini.kpi_id or "", {}), fiscal_year, rng)
        if status == "完了" and ini.kpi_id in behind:
            status = "順調"
        answers.statuses[ini.id] = status
        answers.texts[ini.id] = initiative_texts(status, rng)
    answers.respondent = respondent_for(plan, division_code, seed)
    return answers


_FAMILY = ("佐藤", "鈴木", "高橋", "渡辺", "伊藤", "菅野", "遠藤", "斎藤", "阿部", "本田")
_GIVEN = ("健", "美咲", "翔太", "由美", "大輔", "彩", "拓也", "恵", "直樹", "千尋")
_DESKS = ("企画担当", "総務担当", "推進担当", "管理担当")


def respondent_for(plan: Plan, division_code: str, seed: int = 2026) -> dict[str, str]:
    """The clerk who fills in a division's survey (its own random stream: the answers'
    draws stay as they were)."""
    rng = random.Random(f"{seed}-{division_code}-respondent")
    division = next((d.name for d in plan.divisions if d.code == division_code), "")
    return {
        "affiliation": f"{division} {rng.choice(_DESKS)}".strip(),
        "name": f"{rng.choice(_FAMILY)} {rng.choice(_GIVEN)}",
        "extension": str(rng.randint(2000, 7999)),
        "email": f"{division_code.lower()}@pref.example.jp",
    }


# -- the demo's returns -----------------------------------------------------------------------
@dataclass(frozen=True)
class Mistake:
    kind: str  # approx_text | fullwidth_digits | percent_text | missing_actual |
    #            delayed_without_issues | tampered_target | renamed_in_subfolder |
    #            resubmission | not_excel
    file: str  # path under 2_回収/
    division_code: str
    cell: str | None  # e.g. "KPI実績!K7"
    typed: Any  # what was typed (None when a cell was left empty)
    description: str  # Japanese, for the demo's output


@dataclass(frozen=True)
class SimulatedReturn:
    path: Path
    survey_id: str
    division_code: str
    division_name: str
    answers: Answers  # exactly what was typed into this file
    cells: dict[tuple[str, str], str]  # (row key, field) -> cell
    superseded: bool = False  # an older file of a resubmission


@dataclass(frozen=True)
class SimulationResult:
    folder: Path
    returns: list[SimulatedReturn]
    unanswered: list[tuple[str, str]]  # (division code, division name)
    mistakes: list[Mistake]
    extra_files: list[Path]  # files that are not survey workbooks

    @property
    def answered_divisions(self) -> list[str]:
        return list(dict.fromkeys(r.division_code for r in self.returns))


@dataclass
class _Survey:
    path: Path
    survey_id: str
    division_code: str
    division_name: str
    answers: Answers
    name: str  # file name under 2_回収/
    pending: list[tuple[str, str, Any, str]] = field(default_factory=list)  # mistakes to log


_FULLWIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def _plain(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _kpi_keys(s: _Survey, taken: set[tuple[str, str]], *, percent: bool | None = None,
              plan_kpis: Mapping[str, Kpi]) -> list[str]:
    out = []
    for key, fields in s.answers.values.items():
        if (s.division_code, key) in taken or not isinstance(fields.get("actual"), int | float):
            continue
        kpi = plan_kpis.get(L.split_kpi_row_key(key)[0])
        if kpi is None:
            continue
        if percent is not None and (kpi.unit == "%") != percent:
            continue
        out.append(key)
    return out


def simulate_returns(
    folder: WorkFolder,
    *,
    seed: int = 2026,
    answer_ratio: float = 0.85,
    mistakes: bool = True,
    plan: Plan | None = None,
) -> SimulationResult:
    """Fill the surveys of `1_配布/` as divisions would and drop them into `2_回収/`."""
    if plan is None:
        from dxreport.plan.master import load_plan

        plan = load_plan(folder)
    s = folder.settings
    year, round_code = s.fiscal_year, s.round_code
    by_division = shares(plan)
    plan_kpis = {k.id: k for k in plan.kpis}
    surveys: list[_Survey] = []
    for path in sorted(folder.distribute.glob("*.xlsx")):
        meta = read_survey(path).metadata
        code = meta.get("division_code")
        if not code or path.name.startswith(("~$", ".")):
            continue
        surveys.append(_Survey(
            path=path, survey_id=meta.get("survey_id") or "", division_code=code,
            division_name=meta.get("division_name") or code,
            answers=division_answers(plan, code, year, round_code, seed,
                                     by_division.get(code, DivisionShare())),
            name=path.stem + "_回答.xlsx",
        ))
    rng = random.Random(seed)
    n = len(surveys)
    answered_n = round(n * min(max(answer_ratio, 0.0), 1.0))
    if answer_ratio < 1 and n > 1:
        answered_n = min(answered_n, n - 1)  # a few divisions are always late
    order = list(range(n))
    rng.shuffle(order)
    answered = sorted(order[:answered_n])
    silent = sorted(order[answered_n:])
    active = [surveys[i] for i in answered]

    mistake_log: list[Mistake] = []
    extra: list[Path] = []
    resubmitted: dict[str, Answers] = {}  # division -> answers of its first (faulty) file
    renamed: set[str] = set()
    pdf_division: str | None = None
    if mistakes and active:
        picking = active[:]
        rng.shuffle(picking)
        used: set[str] = set()
        taken: set[tuple[str, str]] = set()

        def candidates() -> list[_Survey]:
            return ([x for x in picking if x.division_code not in used]
                    + [x for x in picking if x.division_code in used])

        def kpi_mistake(kind: str, percent: bool | None, typed_fn) -> None:
            for sv in candidates():
                keys = _kpi_keys(sv, taken, percent=percent, plan_kpis=plan_kpis)
                if keys:
                    key = rng.choice(keys)
                    typed = typed_fn(sv.answers.values[key]["actual"], plan_kpis[
                        L.split_kpi_row_key(key)[0]])
                    if typed is None:
                        sv.answers.values[key] = {"actual": None}  # nothing typed on the row
                    else:
                        sv.answers.values[key]["actual"] = typed
                    sv.pending.append((kind, key, typed, "actual"))
                    used.add(sv.division_code)
                    taken.add((sv.division_code, key))
                    return

        kpi_mistake("approx_text", False,
                    lambda v, k: f"約{round(v):,}{k.unit or ''}" if k.unit != "%" else None)
        kpi_mistake("fullwidth_digits", None, lambda v, k: _plain(v).translate(_FULLWIDTH))
        kpi_mistake("percent_text", True, lambda v, k: f"{_plain(v)}%")
        kpi_mistake("missing_actual", None, lambda v, k: None)
        # 遅れ without 課題 / 今後の対応
        for sv in candidates():
            keys = [k for k in sv.answers.statuses if (sv.division_code, k) not in taken]
            if keys:
                key = rng.choice(keys)
                sv.answers.statuses[key] = "遅れ"
                sv.answers.texts[key] = {"done": sv.answers.texts[key]["done"]}
                sv.pending.append(("delayed_without_issues", key, "遅れ", "status"))
                used.add(sv.division_code)
                taken.add((sv.division_code, key))
                break
        # a target overwritten (the sheet protection was removed to do it)
        target_field = L.target_field(year)
        for sv in candidates():
            keys = [k for k in _kpi_keys(sv, taken, plan_kpis=plan_kpis)
                    if quantity_value(plan_kpis[L.split_kpi_row_key(k)[0]].targets.get(year),
                                      L.split_kpi_row_key(k)[1]) is not None]
            if keys:
                key = rng.choice(keys)
                kpi_id, part = L.split_kpi_row_key(key)
                before = quantity_value(plan_kpis[kpi_id].targets.get(year), part)
                after = sv.answers.values[key]["actual"]
                if after == before and before is not None:
                    after = before * 0.9
                after = int(after) if float(after).is_integer() else after
                sv.answers.master_edits[(key, target_field)] = after
                sv.pending.append(("tampered_target", key, after, target_field))
                used.add(sv.division_code)
                taken.add((sv.division_code, key))
                break
        # one file saved under another name in a subfolder (otherwise a good return)
        for sv in candidates():
            if sv.division_code not in used:
                sv.name = f"{MAIL_SUBFOLDER}/{sv.division_name}_DX調査回答.xlsx"
                renamed.add(sv.division_code)
                used.add(sv.division_code)
                break
        # one resubmission: the first file lacks an actual and a status; the second is right
        resubmitters = [sv for sv in candidates() if sv.division_code not in renamed]
        resubmitters.sort(key=lambda sv: not _kpi_keys(sv, taken, plan_kpis=plan_kpis))
        for sv in resubmitters:
            first = sv.answers.copy()
            keys = _kpi_keys(sv, taken, plan_kpis=plan_kpis)
            if keys:
                first.values[keys[0]] = {"actual": None}
            if first.statuses:
                first.statuses.pop(next(iter(first.statuses)))
            if keys or sv.answers.statuses:
                resubmitted[sv.division_code] = first
                used.add(sv.division_code)
                break
        # a PDF saved with an .xlsx name, besides that division's proper return
        pdf = next((sv for sv in candidates() if sv.division_code not in renamed), None)
        pdf_division = pdf.division_code if pdf else None

    returns: list[SimulatedReturn] = []
    returns_dir = folder.returns
    base_time = dt.datetime.combine(s.deadline, dt.time(9, 0)).timestamp() - 7 * 86400
    for i, sv in enumerate(active):
        target = returns_dir / sv.name
        rel = target.relative_to(returns_dir).as_posix()
        if sv.division_code in resubmitted:
            first_answers = resubmitted[sv.division_code]
            old = returns_dir / (Path(sv.name).stem + "_初回.xlsx")
            sv.name = Path(sv.name).stem + "_修正版.xlsx"
            target = returns_dir / sv.name
            cells_old = _write(sv.path, old, first_answers, base_time + i * 60)
            returns.append(SimulatedReturn(old, sv.survey_id, sv.division_code,
                                           sv.division_name, first_answers, cells_old, True))
            mistake_log.append(Mistake(
                "resubmission", old.relative_to(returns_dir).as_posix(), sv.division_code,
                None, None, msg("sim_mistake_resubmission", old=old.name, new=sv.name)))
            rel = target.relative_to(returns_dir).as_posix()
        stamp = base_time + i * 60 + (86400 if sv.division_code in resubmitted else 0)
        cells = _write(sv.path, target, sv.answers, stamp)
        returns.append(SimulatedReturn(target, sv.survey_id, sv.division_code, sv.division_name,
                                       sv.answers, cells))
        for kind, key, typed, fld in sv.pending:
            mistake_log.append(Mistake(kind, rel, sv.division_code, cells.get((key, fld)),
                                       typed, _describe(kind, key, typed, year, plan_kpis)))
        if sv.division_code in renamed:
            mistake_log.append(Mistake("renamed_in_subfolder", rel, sv.division_code, None,
                                       None, msg("sim_mistake_renamed", file=rel,
                                                 original=sv.path.name)))
        if sv.division_code == pdf_division:
            pdf_path = returns_dir / (sv.path.stem + "_回答（PDF）.xlsx")
            write_bytes_atomic(pdf_path, _pdf_bytes(sv.division_name))
            extra.append(pdf_path)
            mistake_log.append(Mistake("not_excel", pdf_path.name, sv.division_code, None,
                                       None, msg("sim_mistake_not_excel")))
    unanswered = [(surveys[i].division_code, surveys[i].division_name) for i in silent]
    return SimulationResult(folder.root, returns, unanswered, mistake_log, extra)


def _write(
    source: Path, target: Path, answers: Answers, saved_at: float
) -> dict[tuple[str, str], str]:
    values = {k: v for k, v in answers.values.items() if v}
    when = dt.datetime.fromtimestamp(saved_at, dt.UTC)
    cells = fill_survey(source, target, values, answers.statuses, answers.texts,
                        answers.master_edits, saved_at=when, respondent=answers.respondent)
    os.utime(target, (saved_at, saved_at))
    return cells


def _describe(kind: str, key: str, typed: Any, year: str, kpis: Mapping[str, Kpi]) -> str:
    kpi_id, part = L.split_kpi_row_key(key)
    if kind == "tampered_target":
        before = quantity_value(kpis[kpi_id].targets.get(year), part)
        return msg("sim_mistake_tampered_target", key=key, year=year, before=_plain(before),
                   after=_plain(typed))
    if kind == "delayed_without_issues":
        return msg("sim_mistake_delayed_without_issues", key=key)
    return msg(f"sim_mistake_{kind}", key=key, typed=typed)


def _pdf_bytes(division_name: str) -> bytes:
    """A tiny but well-formed PDF: what "save as PDF" then renaming to .xlsx produces."""
    ascii_name = unicodedata.normalize("NFKC", division_name).encode("ascii", "ignore").decode()
    text = f"DX survey ({ascii_name or 'division'})"
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def simulation_text(result: SimulationResult) -> str:
    """Japanese summary of what was simulated (the demo prints it)."""
    root = Path(result.folder)
    divisions = len(result.answered_divisions)
    lines = [msg("sim_summary", answered=divisions, files=len(result.returns) + len(
        result.extra_files), unanswered=len(result.unanswered),
        path=root / "2_回収")]
    if result.unanswered:
        lines.append(msg("sim_unanswered", names="、".join(n for _c, n in result.unanswered)))
    if result.mistakes:
        lines.append(msg("sim_mistakes_heading", count=len(result.mistakes)))
        for m in result.mistakes:
            where = f"（{m.cell}）" if m.cell else ""
            lines.append(msg("sim_mistake_line", file=m.file, description=m.description,
                             where=where))
    return "\n".join(lines)
