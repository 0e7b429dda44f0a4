"""Simulated returns: what was typed reads back through the survey reader, the silent
divisions send nothing, `1_配布/` is untouched, and the same seed gives the same answers."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import pytest

from dxreport.api import Round
from dxreport.demo.simulate import (
    division_answers,
    fill_survey,
    simulate_returns,
    simulation_text,
)
from dxreport.round.folder import WorkFolder
from dxreport.rules.plan_model import Direction
from dxreport.rules.statuses import STATUSES, STATUSES_NEEDING_COMMENT
from dxreport.survey import layout as L
from dxreport.survey.populate import populate
from dxreport.survey.reader import read_survey


def _tree_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _norm(value):
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _read_back(path: Path) -> dict:
    back = read_survey(path)
    return {
        "meta": back.metadata.get("division_code"),
        "kpi": {r.key: {f: _norm(c.value) for f, c in r.inputs.items()} for r in back.kpi_rows},
        "ini": {r.key: {f: c.value for f, c in r.inputs.items()} for r in back.initiative_rows},
        "master": {r.key: {f: c.value for f, c in r.master.items()} for r in back.kpi_rows},
    }


def _real_folder(root: Path, seed: int = 2026) -> tuple[WorkFolder, object, dict, dict]:
    wf = Round.create(root, "R8", "年度末", dt.date(2027, 4, 30)).folder
    populate(wf)
    before = _tree_hashes(wf.distribute)
    result = simulate_returns(wf, seed=seed)
    return wf, result, before, _tree_hashes(wf.distribute)


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    return _real_folder(tmp_path_factory.mktemp("sim") / "作業")


def test_typed_values_read_back_through_the_reader(real):
    _wf, result, _b, _a = real
    assert len(result.returns) > 40
    for ret in result.returns:
        back = _read_back(ret.path)
        assert back["meta"] == ret.division_code
        for key, fields in ret.answers.values.items():
            for fld, typed in fields.items():
                assert back["kpi"][key][fld] == typed, (ret.path.name, key, fld)
        for key, status in ret.answers.statuses.items():
            assert back["ini"][key]["status"] == status
        for key, texts in ret.answers.texts.items():
            for fld, text in texts.items():
                assert back["ini"][key][fld] == text
        for (key, fld), value in ret.answers.master_edits.items():
            assert back["master"][key][fld] == value
        # the clerk signs the 回答者 block: the reader gets it back as typed
        assert ret.answers.respondent and read_survey(ret.path).respondent == \
            ret.answers.respondent


def test_silent_divisions_send_no_file_and_distributed_surveys_are_untouched(real):
    wf, result, before, after = real
    assert before == after
    assert 5 <= len(result.unanswered) <= 15  # 68 surveys, 85 % answered
    returned = set()
    for p in wf.returns.rglob("*.xlsx"):
        if zipfile.is_zipfile(p):
            returned.add(read_survey(p).metadata.get("division_code"))
    silent = {code for code, _name in result.unanswered}
    assert returned and not (returned & silent)
    assert returned == set(result.answered_divisions)
    assert not list(wf.returns.rglob(".tmp-*"))  # atomic writes leave no temporaries


def test_every_typical_mistake_is_injected_once_and_recorded(real):
    wf, result, _b, _a = real
    kinds = [m.kind for m in result.mistakes]
    assert sorted(kinds) == sorted({
        "approx_text", "fullwidth_digits", "percent_text", "missing_actual",
        "delayed_without_issues", "tampered_target", "renamed_in_subfolder", "resubmission",
        "not_excel"})
    by_kind = {m.kind: m for m in result.mistakes}
    typed = {m.kind: m.typed for m in result.mistakes}
    assert typed["approx_text"].startswith("約")
    assert typed["fullwidth_digits"] and all(
        not ch.isascii() for ch in typed["fullwidth_digits"])
    assert typed["percent_text"].endswith("%")
    for kind in ("approx_text", "fullwidth_digits", "percent_text", "missing_actual"):
        m = by_kind[kind]
        sheet, _cell = m.cell.split("!")
        back = read_survey(wf.returns / m.file)
        row = next(r for r in back.kpi_rows if r.inputs["actual"].cell == m.cell)
        assert row.inputs["actual"].value == m.typed and sheet == L.SHEET_KPI
    renamed = wf.returns / by_kind["renamed_in_subfolder"].file
    assert renamed.parent.name == "メール添付" and renamed.is_file()
    pdf = wf.returns / by_kind["not_excel"].file
    assert pdf.suffix == ".xlsx" and pdf.read_bytes().startswith(b"%PDF-")
    old = [r for r in result.returns if r.superseded]
    assert len(old) == 1
    new = next(r for r in result.returns
               if r.division_code == old[0].division_code and not r.superseded)
    assert new.path.stat().st_mtime > old[0].path.stat().st_mtime
    assert any(f.get("actual") is None for f in old[0].answers.values.values()) or len(
        old[0].answers.statuses) < len(new.answers.statuses)
    assert all(f.get("actual") is not None for f in new.answers.values.values())
    text = simulation_text(result)
    assert "未回答" in text and by_kind["not_excel"].file in text


def test_clean_answers_are_plausible_and_consistent(real):
    _wf, result, _b, _a = real
    from dxreport.plan.master import load_master

    plan = load_master(_wf.master_path)
    kpis = {k.id: k for k in plan.kpis}
    mistaken = {(m.division_code, m.cell) for m in result.mistakes}
    checked = 0
    for ret in result.returns:
        if ret.superseded:
            continue
        for key, fields in ret.answers.values.items():
            actual = fields.get("actual")
            if not isinstance(actual, int | float) or (
                    ret.division_code, ret.cells.get((key, "actual"))) in mistaken:
                continue
            kpi = kpis[L.split_kpi_row_key(key)[0]]
            assert actual >= 0
            if kpi.unit == "%":
                assert actual <= 100 and round(actual, 1) == actual
            assert fields["as_of"] <= dt.date(2027, 3, 31)
            assert fields["as_of"] >= dt.date(2026, 4, 1)
            assert fields["source"]
            checked += 1
        for key, status in ret.answers.statuses.items():
            assert status in STATUSES
            if status in STATUSES_NEEDING_COMMENT and (
                    ret.division_code, ret.cells.get((key, "status"))) not in mistaken:
                assert ret.answers.texts[key].get("issues")
                assert ret.answers.texts[key].get("next_steps")
    assert checked > 40


def test_same_seed_same_answers(real, tmp_path):
    _wf, first, _b, _a = real
    _wf2, second, _b2, _a2 = _real_folder(tmp_path / "作業")
    assert [(m.kind, m.file, m.cell, m.typed) for m in first.mistakes] == \
        [(m.kind, m.file, m.cell, m.typed) for m in second.mistakes]
    assert first.unanswered == second.unanswered
    one = {r.path.relative_to(_wf.returns): _read_back(r.path) for r in first.returns}
    two = {r.path.relative_to(_wf2.returns): _read_back(r.path) for r in second.returns}
    assert one == two


def test_other_seed_other_answers(folder):
    populate(folder)
    a = simulate_returns(folder, seed=1, mistakes=False, answer_ratio=1.0)
    values_a = {r.division_code: r.answers.values for r in a.returns}
    b = simulate_returns(folder, seed=2, mistakes=False, answer_ratio=1.0)
    values_b = {r.division_code: r.answers.values for r in b.returns}
    assert values_a != values_b


def test_all_answered_without_mistakes(folder):
    populate(folder)
    result = simulate_returns(folder, answer_ratio=1.0, mistakes=False)
    assert not result.unanswered and not result.mistakes and not result.extra_files
    assert sorted(result.answered_divisions) == sorted(
        ["KIKAKU-DX", "SOMU-JINJI", "KYOIKU-GIMU", "KIKAKU-TOUKEI"])
    files = sorted(p.name for p in folder.returns.rglob("*") if p.is_file())
    assert len(files) == 4 and all(f.endswith("_回答.xlsx") for f in files)


def test_composite_and_lower_is_better_kpis(plan):
    answers = division_answers(plan, "KYOIKU-GIMU", seed=5)
    assert set(answers.values) == {"KPI-R13#小", "KPI-R13#中"}
    assert all(isinstance(v["actual"], float | int) for v in answers.values.values())
    # reference rows (co-owned) are left to the lead division
    assert "A1-001" not in division_answers(plan, "KIKAKU-TOUKEI").statuses
    lower = plan.kpi("KPI-A04")
    assert lower.direction is Direction.LOWER
    for seed in range(20):
        v = division_answers(plan, "SOMU-JINJI", seed=seed).values["KPI-A04"]["actual"]
        assert v < 87615 * 1.01  # moves from the baseline down towards the target


def test_fill_survey_types_into_cells_found_by_key(folder, tmp_path):
    result = populate(folder)
    src = next(p for p in result.paths if "KYOIKU-GIMU" in p.name)
    original = src.read_bytes()
    out = tmp_path / "回答" / "r.xlsx"
    cells = fill_survey(src, out, {"KPI-R13#中": "９２．５", "KPI-R13#小": {
        "actual": 96.1, "as_of": dt.date(2027, 3, 31), "source": "学校調査"}},
        {"R1-013": "遅れ"}, {"R1-013": {"done": "=HYPERLINK(\"x\")", "issues": "予算不足"}})
    assert src.read_bytes() == original
    back = read_survey(out)
    assert back.kpi("KPI-R13#中").inputs["actual"].value == "９２．５"
    assert back.kpi("KPI-R13#小").inputs["actual"].value == 96.1
    ini = back.initiative("R1-013")
    assert ini.inputs["status"].value == "遅れ"
    assert ini.inputs["done"].value == "=HYPERLINK(\"x\")"  # stays text, not a formula
    assert cells[("KPI-R13#小", "actual")] == back.kpi("KPI-R13#小").inputs["actual"].cell
    with pytest.raises(ValueError, match="KPI-ZZ9"):
        fill_survey(src, tmp_path / "x.xlsx", {"KPI-ZZ9": 1}, {}, {})
    assert not (tmp_path / "x.xlsx").exists()
