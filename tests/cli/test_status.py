"""`dxreport status <folder> [--json]` on a ledger of the real plan: what the DX division reads
every morning before the deadline."""

from __future__ import annotations

import json

import pytest

from dxreport.cli.main import main
from tests.consolidate.real_ledger import (
    Return,
    kpi,
    make_folder,
    populate,
    receive,
    standard_returns,
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    base = tmp_path_factory.mktemp("status")
    wf = make_folder(base / "R8_年度末", base)
    populate(wf)
    for r in standard_returns():
        if r.division != "KYOIKU-SOMU":
            receive(wf, r)
    # KIKAKU-DX: a later file was returned for correction (差し戻し); its accepted one remains.
    error = {"code": "E020", "severity": "error", "sheet": "KPI実績", "cell": "H5",
             "message": "実績値がありません", "action": "記入"}
    receive(wf, Return("KIKAKU-DX", kpis=[kpi("KPI-A04", None, 5)], verdict="returned",
                       name="回答_DX_再提出.xlsx", minutes=45, findings=[error]))
    return wf


def test_status_text(folder, capsys):
    assert main(["status", str(folder.root)]) == 0
    out = capsys.readouterr().out
    assert "提出状況 R8 年度末実績（回答期限 2027-04-30）" in out
    assert "対象 6 課 / 回答 4 課（受理 3、差し戻し 1、受付不可 0）/ 未回答 2 課" in out
    assert "未回答の課（督促対象）:" in out
    unanswered = out.split("未回答の課（督促対象）:")[1]
    assert "研修" in unanswered or "SOMU-KENSHU" in unanswered
    assert "回答_DX_再提出.xlsx" in out and "受理（警告あり）" in out


def test_status_json(folder, capsys):
    assert main(["status", str(folder.root), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("fiscal_year", "round", "deadline", "expected", "received", "rows", "unanswered"):
        assert key in data
    assert (data["fiscal_year"], data["round"], data["deadline"]) == ("R8", "年度末実績",
                                                                      "2027-04-30")
    assert (data["expected"], data["received"]) == (6, 4)
    assert sorted(data["unanswered"]) == ["KYOIKU-SOMU", "SOMU-KENSHU"]
    rows = {r["division_code"]: r for r in data["rows"]}
    dx = rows["KIKAKU-DX"]
    assert dx["verdict"] == "returned" and dx["errors"] == 1 and len(dx["superseded"]) == 1
    assert rows["SOMU-JINJI"]["verdict"] == "accepted_with_warnings"
    assert rows["SOMU-JINJI"]["warnings"] == 1
    assert rows["SOMU-JINJI"]["received_at"].startswith("2027-04-20T10:30:00")
    assert rows["SOMU-KENSHU"]["verdict"] == "unanswered" and rows["SOMU-KENSHU"]["file"] is None


def test_consolidate_after_a_returned_resubmission_keeps_the_accepted_values(folder, capsys):
    assert main(["consolidate", str(folder.root), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["expected"], data["received"]) == (6, 4)
    assert data["path"].endswith("全庁DX進捗状況_R8_年度末実績_001.xlsx")
    assert data["no_accepted"] is False
