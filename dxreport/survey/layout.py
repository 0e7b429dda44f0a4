"""THE description of the survey workbook layout, shared by the template builder, the writer
and the reader.

Anchors are found by structure, never by coordinates:
- each data table is a workbook-level defined name (`調査_KPI表`, `調査_取組表`) whose first row
  is the header row; the rows below it inside the name are *prototype rows* whose cell styles
  the writer copies onto every data row (so colours/fonts restyled in Excel carry through);
- if a name is lost, the reader falls back to the header text of the key column;
- columns are matched by header text, rows by the key column (`KPI ID` / `取組ID`);
- metadata is key/value pairs (column A label, column B value) on the hidden sheet `_meta`.

Sheet names and header texts are user-facing Japanese and live in `dxreport.messages.survey`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from dxreport.messages import msg
from dxreport.rules.plan_model import YEARS

LAYOUT_VERSION = 1

SHEET_GUIDE = msg("sv_sheet_guide")  # 記入要領
SHEET_KPI = msg("sv_sheet_kpi")  # KPI実績
SHEET_INITIATIVE = msg("sv_sheet_initiative")  # 取組状況
SHEET_META = "_meta"  # veryHidden: only the tool reads it

NAME_KPI_TABLE = "調査_KPI表"
NAME_INITIATIVE_TABLE = "調査_取組表"
NAME_GUIDE_BODY = "記入要領_本文"
NAME_GUIDE_STATUSES = "記入要領_状況定義"
NAME_META = "調査_メタ"
NAME_RESPONDENT = "調査_回答者"

# The 回答者 block on 記入要領: who filled in the survey. The defined name covers its rows,
# label in the first column, the (unlocked) answer in the second; the reader matches rows by
# label. Surveys distributed before the block existed have no such name: no respondent.
RESPONDENT_FIELDS: tuple[str, ...] = ("affiliation", "name", "extension", "email")
RESPONDENT_LABELS: dict[str, str] = {f: msg(f"sv_respondent_{f}") for f in RESPONDENT_FIELDS}

# Placeholders the writer replaces in every text cell of 記入要領 and in sheet titles.
PLACEHOLDERS = (
    "{年度}", "{調査回}", "{課名}", "{部局名}", "{締切}", "{問い合わせ先}", "{提出方法}",
    "{調査票ID}",
)

# How far the reader looks for a header row when a defined name is missing.
HEADER_SEARCH_ROWS = 40


class Kind(StrEnum):
    KEY = "key"  # the row key (locked, from the master)
    MASTER = "master"  # pre-filled from the master, locked
    INPUT = "input"  # the division types here (unlocked, yellow)
    CHECK = "check"  # live 入力チェック formula (locked)
    PREVIOUS = "previous"  # the predecessor round's accepted answer (locked, read-only)


@dataclass(frozen=True)
class Column:
    field: str  # stable ASCII name used in code, the ledger and findings
    header: str  # header text in the workbook (the anchor)
    kind: Kind
    width: float
    wrap: bool = False
    numeric: bool = False  # right-aligned numbers (master values, the actual)


def _col(field: str, kind: Kind, width: float, wrap: bool = False,
         numeric: bool = False) -> Column:
    return Column(field, msg(f"sv_col_{field}"), kind, width, wrap, numeric)


def target_field(year: str) -> str:
    return f"target_{year}"


def target_header(year: str) -> str:
    return msg("sv_col_target", year=year)


KPI_COLUMNS: tuple[Column, ...] = (
    _col("kpi_key", Kind.KEY, 14),
    _col("part", Kind.MASTER, 6),
    _col("name", Kind.MASTER, 28, wrap=True),
    _col("unit", Kind.MASTER, 8, wrap=True),
    _col("baseline", Kind.MASTER, 12, numeric=True),
    *(Column(target_field(y), target_header(y), Kind.MASTER, 11, numeric=True) for y in YEARS),
    _col("actual", Kind.INPUT, 13, numeric=True),
    _col("as_of", Kind.INPUT, 15),  # 令和9年3月31日
    _col("source", Kind.INPUT, 16, wrap=True),
    _col("note", Kind.INPUT, 24, wrap=True),
    _col("kpi_check", Kind.CHECK, 18),
)

INITIATIVE_COLUMNS: tuple[Column, ...] = (
    _col("initiative_key", Kind.KEY, 9),
    _col("project_name", Kind.MASTER, 18, wrap=True),
    _col("plan_text", Kind.MASTER, 34, wrap=True),
    _col("goal", Kind.MASTER, 16, wrap=True),
    _col("kpi_ref", Kind.MASTER, 9),
    _col("lead_division", Kind.MASTER, 12, wrap=True),
    _col("status", Kind.INPUT, 10),
    _col("done", Kind.INPUT, 28, wrap=True),
    _col("issues", Kind.INPUT, 22, wrap=True),
    _col("next_steps", Kind.INPUT, 22, wrap=True),
    _col("initiative_check", Kind.CHECK, 16),
)


# The predecessor's answer beside an input: a column only surveys of a round that follows
# another have (`Round.create(previous=...)`), inserted just before the input it precedes.
# Not in the template, so a first round's survey is what it always was. Its header names the
# round (`前回実績（令和8年度 年度末）`): found by the header's start, `header` below.
PREVIOUS_ACTUAL = _col("previous_actual", Kind.PREVIOUS, 13, numeric=True)
PREVIOUS_STATUS = _col("previous_status", Kind.PREVIOUS, 11, wrap=True)


@dataclass(frozen=True)
class Table:
    sheet: str
    defined_name: str
    columns: tuple[Column, ...]
    key_pattern: re.Pattern[str]
    # prototype rows below the header: names, in order, of the row styles they carry
    prototypes: tuple[str, ...]
    previous: Column | None = None  # the optional 前回 column (see PREVIOUS_ACTUAL)
    previous_before: str = ""  # the input field it stands before

    @property
    def key(self) -> Column:
        return next(c for c in self.columns if c.kind is Kind.KEY)

    def column(self, field: str) -> Column:
        optional = (self.previous,) if self.previous is not None else ()
        return next(c for c in (*self.columns, *optional) if c.field == field)

    def fields(self, kind: Kind) -> list[str]:
        return [c.field for c in self.columns if c.kind is kind]


PROTO_ANSWER = "answer"  # a row the division answers
PROTO_REFERENCE = "reference"  # a co-owned row shown for information (inputs locked, grey)

KPI_TABLE = Table(
    sheet=SHEET_KPI,
    defined_name=NAME_KPI_TABLE,
    columns=KPI_COLUMNS,
    key_pattern=re.compile(r"KPI-[A-Z0-9-]+(#[^\s#]{1,8})?"),
    prototypes=(PROTO_ANSWER,),
    previous=PREVIOUS_ACTUAL,
    previous_before="actual",
)
INITIATIVE_TABLE = Table(
    sheet=SHEET_INITIATIVE,
    defined_name=NAME_INITIATIVE_TABLE,
    columns=INITIATIVE_COLUMNS,
    key_pattern=re.compile(r"[A-Z0-9][A-Z0-9-]*"),
    prototypes=(PROTO_ANSWER, PROTO_REFERENCE),
    previous=PREVIOUS_STATUS,
    previous_before="status",
)
TABLES = (KPI_TABLE, INITIATIVE_TABLE)

KPI_PART_SEPARATOR = "#"


def kpi_row_key(kpi_id: str, part: str | None) -> str:
    """`KPI-R13` or, for one part of a composite KPI, `KPI-R13#小`."""
    return f"{kpi_id}{KPI_PART_SEPARATOR}{part}" if part else kpi_id


def split_kpi_row_key(key: str) -> tuple[str, str | None]:
    kpi_id, _, part = key.partition(KPI_PART_SEPARATOR)
    return kpi_id, (part or None)


# -- metadata (hidden sheet `_meta`, column A label -> column B value) -----------------------
META_TEMPLATE_VERSION = "template_version"
META_FIELDS: tuple[str, ...] = (
    "survey_id",
    "fiscal_year",
    "round_code",
    "round_name",
    "division_code",
    "division_name",
    "department_name",
    META_TEMPLATE_VERSION,
    "layout_version",
    "master_digest",
    "generated_at",
)
# Which distribution of the survey this file is (`SurveyRecord.sent_digest`). Not in
# META_FIELDS: surveys written before distributions were kept lack it, and are still ours.
META_DISTRIBUTION = "distribution"


def survey_id(fiscal_year: str, round_code: str, division_code: str) -> str:
    """`R8-FINAL-SOMU-JINJI`: year, round and division, readable in the footer and file."""
    return f"{fiscal_year}-{round_code}-{division_code}"


SURVEY_ID_PATTERN = re.compile(r"(R\d{1,2})-([A-Z0-9]{1,12})-(.+)")

# Cell styles of the template (named styles, so every cell shares one style record).
STYLE_TITLE = "調査_見出し"
STYLE_HEADER = "調査_表見出し"
STYLE_MASTER = "調査_既定値"
STYLE_MASTER_TEXT = "調査_既定文"
STYLE_INPUT = "調査_入力"
STYLE_INPUT_TEXT = "調査_入力文"
STYLE_CHECK = "調査_チェック"
STYLE_REFERENCE = "調査_参考"  # a row another division answers: tinted whole row
STYLE_REFERENCE_LABEL = "調査_参考表示"  # its 「参考」 label in the check column
STYLE_BODY = "調査_本文"
