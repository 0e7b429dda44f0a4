"""The library face: the same Round the CLI and the Excel buttons call, with tidy tables."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest

from dxreport.api import Round
from dxreport.errors import UserError
from dxreport.messages import msg
from tests.checks.returns import make_populated
from tests.scenarios.helpers import DIVISION, KPI, answer, drop, saved, sent_back


@pytest.fixture(scope="module")
def played(tmp_path_factory) -> Path:
    """A round where the division was sent back once, then answered correctly."""
    root = tmp_path_factory.mktemp("api") / "作業"
    make_populated(root)
    rnd = Round.open(root)
    drop(rnd, sent_back(rnd), "初回.xlsx", saved(1))
    drop(rnd, answer(rnd, 57.4), "修正版.xlsx", saved(5))
    rnd.validate()
    return root


@pytest.fixture
def rnd(played, tmp_path) -> Round:
    shutil.copytree(played, tmp_path / "作業")
    return Round.open(tmp_path / "作業")


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_tables_are_read_without_writing_anything(rnd):
    before = _digest(rnd.root)
    rnd.kpi_results(), rnd.initiative_reports(), rnd.submissions(), rnd.findings()
    assert _digest(rnd.root) == before  # no workbook, no ledger entry, no lock left behind


def test_kpi_results_hold_numbers_and_where_they_came_from(rnd):
    kpis = rnd.kpi_results()
    row = kpis.set_index("kpi_id").loc[KPI]
    assert row["actual"] == 57.4 and row["file"] == "修正版.xlsx"
    assert row["division_code"] == DIVISION and row["sheet"] and row["cell"]
    for column in ("baseline", "target", "actual", "rate", "rate_display"):
        assert kpis[column].dtype.kind == "f", column  # a sum or a pivot works as it is
    assert set(kpis["rating"]) <= {*kpis["rating"].dropna()}
    # the same evaluation as the status workbook: a consolidation agrees row for row
    sheet = rnd.consolidate().summary.evaluations[KPI].overall
    assert row["rating"] == sheet.rating_label and row["rate"] == sheet.rate


def test_submissions_name_the_return_that_counts(rnd):
    subs = rnd.submissions().set_index("file")
    assert subs.loc["修正版.xlsx", "counts"] and subs.loc["修正版.xlsx", "values_used"]
    assert not subs.loc["初回.xlsx", "counts"]
    assert subs.loc["初回.xlsx", "verdict"] == msg("verdict_returned")
    board = {r.division_code: r for r in rnd.status().rows}
    assert board[DIVISION].file == "修正版.xlsx"


def test_findings_list_what_sent_the_first_file_back(rnd):
    found = rnd.findings()
    first = found[found["file"] == "初回.xlsx"]
    assert "V002" in set(first["code"])
    assert set(first["severity"]) <= {msg("chk_severity_error"), msg("chk_severity_warning")}
    assert first["message"].str.len().min() > 0 and not first["counts"].any()


def test_without_pandas_the_tables_say_how_to_get_it(rnd, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(UserError) as err:
        rnd.submissions()
    assert err.value.message == msg("api_needs_pandas")


def test_create_and_open_are_the_cli_init_and_folder(tmp_path):
    created = Round.create(tmp_path / "R8", year="令和8年度", round="中間")
    assert created.settings.fiscal_year == "R8" and created.settings.round_code == "MID"
    assert Round.open(tmp_path / "R8").settings == created.settings
    with pytest.raises(UserError):
        Round.create(tmp_path / "R13", year="R13")
    assert not (tmp_path / "R13").exists()
