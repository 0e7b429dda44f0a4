"""Play a round through `dxreport.api.Round` with real files, and read every face back.

A return is the division's real generated survey, filled in (tests/checks/returns.py), with
the file's saved time written into docProps/core.xml the way Excel does, so "saved 10 April"
and "saved 1 April" are what validation reads. `faces()` collects what each place a person
looks at says about every division, so a scenario can assert they all say the same.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.workbook.workbook import Workbook

from dxreport.api import Round
from dxreport.cli.main import main
from dxreport.excel.operations import board_rows
from dxreport.messages import msg
from dxreport.rules.verdicts import Verdict
from dxreport.survey.reader import read_survey
from tests.checks.returns import filled, put
from tests.sheet_rows import table_rows

DIVISION = "KIKAKU-DX"  # the division the scenarios play; SOMU-JINJI never answers
SILENT = "SOMU-JINJI"
KPI = "KPI-A04"  # KIKAKU-DX's first KPI (no parts)
UTC = dt.UTC


def saved(day: int) -> dt.datetime:
    """Saved on `day` April 2027 (what Explorer shows as the file's date)."""
    return dt.datetime(2027, 4, day, 10, 0, tzinfo=UTC)


def answer(rnd: Round, value: float | str) -> Workbook:
    """The division's survey, cleanly filled in, with `value` as the KPI's actual."""
    wb = filled(rnd.folder, DIVISION)
    row = read_survey(wb).kpi(KPI)
    assert row is not None
    put(wb, row.inputs["actual"].cell, value)
    return wb


def sent_back(rnd: Round) -> Workbook:
    """A return validation sends back: the KPI's actual is not a number (V002)."""
    return answer(rnd, "集計中")


def target_value(rnd: Round) -> float:
    """The actual `filled` writes for the KPI (its R8 target): accepted without comment."""
    wb = filled(rnd.folder, DIVISION)
    row = read_survey(wb).kpi(KPI)
    assert row is not None
    sheet, _, cell = row.inputs["actual"].cell.rpartition("!")
    return float(wb[sheet][cell].value)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def drop(rnd: Round, wb: Workbook, name: str, saved_at: dt.datetime) -> Path:
    """Save `wb` into 2_回収 as `name`, stamped as saved at `saved_at`."""
    target = rnd.folder.returns / name
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    stamp = saved_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(target) as zf:
        parts = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            if info.filename == "docProps/core.xml":
                data, n = _MODIFIED.subn(rb"\g<1>" + stamp + rb"\g<2>", data)
                assert n == 1
            zf.writestr(info, data)
    return target


def rows(ws) -> list[dict[str, Any]]:
    return table_rows(ws)


@dataclass
class Standing:
    """What one face says of one division: its standing, the file that counts, and (where
    the face shows it) the value consolidated and the file it was read from."""

    label: str
    file: str | None
    value: Any = None
    values_sha: str | None = None


@dataclass
class Faces:
    status_json: dict[str, Standing]
    excel_board: dict[str, Standing]
    workbook_board: dict[str, Standing]  # status workbook 提出状況
    kpi: dict[str, Any]  # KPI一覧 row of KPI
    initiatives: list[dict[str, Any]]  # 取組一覧 rows of the division
    review: list[dict[str, Any]]  # 要確認 rows
    findings: dict[str, dict[str, Any]]  # 検証結果.xlsx 受付状況 rows by file name
    findings_codes: dict[str, list[str]]  # 検証結果.xlsx 指摘一覧 codes by file name
    names: dict[str, str]  # division code -> name
    api_kpi: dict[str, Any]  # Round.kpi_results() row of KPI
    api_counting: dict[str, Standing]  # Round.submissions(): the row that counts, by division
    api_initiatives: list[dict[str, Any]]  # Round.initiative_reports() rows of the division


def faces(rnd: Round, capsys) -> Faces:
    capsys.readouterr()
    assert main(["status", str(rnd.root), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    names = {r["division_code"]: r["division"] for r in status["rows"]}
    status_json = {
        r["division_code"]: Standing(Verdict(r["verdict"]).label, r["file"],
                                     values_sha=r["accepted_sha256"])
        for r in status["rows"]}
    code_of = {v: k for k, v in names.items()}
    excel_board = {code_of[b.division]: Standing(b.verdict, b.file)
                   for b in board_rows(rnd.status())}

    wb = openpyxl.load_workbook(rnd.consolidate().path)
    workbook_board = {
        r["課コード"]: Standing(r["判定"] if r["判定"] != "—" else r["提出状況"],
                             r["元ファイル名"] if r["元ファイル名"] != "—" else None)
        for r in rows(wb["提出状況"])}
    kpi = next(r for r in rows(wb["KPI一覧"]) if r["KPI ID"] == KPI)
    initiatives = [r for r in rows(wb["取組一覧"]) if r["担当課"] == names[DIVISION]]
    review = rows(wb["要確認"])

    fw = openpyxl.load_workbook(rnd.root / msg("chk_findings_filename"))
    findings = {r["ファイル名"]: r for r in rows(fw[msg("chk_sheet_summary")])}
    codes: dict[str, list[str]] = {}
    for r in rows(fw[msg("chk_sheet_findings")]):
        codes.setdefault(r["ファイル名"], []).append(r["コード"])
    api_kpi = rnd.kpi_results().set_index("kpi_id").loc[KPI].to_dict()
    subs = rnd.submissions()
    api_counting = {
        r["division_code"]: Standing(r["verdict"], r["file"]) for r in
        subs[subs["counts"]].to_dict("records")}
    ini = rnd.initiative_reports()
    api_initiatives = ini[ini["division_code"] == DIVISION].to_dict("records")
    return Faces(status_json, excel_board, workbook_board, kpi, initiatives, review, findings,
                 codes, names, api_kpi, api_counting, api_initiatives)


def assert_agree(f: Faces, label: str, file: str | None, value: Any,
                 values_file: str | None, silent: str = Verdict.UNANSWERED.label) -> None:
    """Every face says the division stands at `label` with `file` as the return that counts,
    and the status workbook shows `value` read from `values_file` (None: no value used)."""
    for face in (f.status_json, f.excel_board, f.workbook_board):
        assert (face[DIVISION].label, face[DIVISION].file) == (label, file), face
        assert face[SILENT].label == silent
        assert face[SILENT].file is None
    assert (f.api_counting[DIVISION].label, f.api_counting[DIVISION].file) == (label, file)
    assert SILENT not in f.api_counting  # it sent nothing
    not_submitted = "未提出"
    # the number, or a blank with 未提出 in 状態 (numeric columns hold numbers only)
    assert f.kpi["実績値"] == value
    assert (f.kpi["状態"] == not_submitted) == (value is None)
    if value is None:
        assert pd.isna(f.api_kpi["actual"])
    else:
        assert f.api_kpi["actual"] == value
    assert f.api_kpi["rating"] == f.kpi["評価(計算値)"]
    assert {r["status"] for r in f.api_initiatives} == {r["進捗状況"] for r in f.initiatives}
    if values_file is None:
        assert f.status_json[DIVISION].values_sha is None
        assert f.kpi["ファイルSHA-256(先頭12桁)"] == "—"
        # it answered: its initiatives show its standing, never 未回答
        assert {r["進捗状況"] for r in f.initiatives} == {label}
    else:
        sha = f.status_json[DIVISION].values_sha
        assert sha is not None and f.kpi["ファイルSHA-256(先頭12桁)"] == sha[:12]
        assert {r["進捗状況"] for r in f.initiatives} == {"順調"}
        assert {r["ファイルSHA-256(先頭12桁)"] for r in f.initiatives} == {sha[:12]}
