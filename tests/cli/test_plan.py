"""`dxreport plan import|show|export` from a user's point of view."""

from __future__ import annotations

import json

from dxreport.cli.main import main
from dxreport.messages import msg
from dxreport.plan.master import load_master
from dxreport.resources import DEFAULT_MASTER


def test_import_prints_counts_and_writes_master_and_report(tmp_path, capsys, imported):
    out = tmp_path / "master.xlsx"
    assert main(["plan", "import", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    for expected in ["行政 表1（数値目標 (KPI)）: 31 行", "行政 表2（成果目標 (KGI) 等）: 36 行",
                     "地域 表1（数値目標 (KPI)）: 69 行", "地域 表2（成果目標 (KGI) 等）: 54 行",
                     "合計: 190 行", "指標（KPI）: 81 件", "訂正ファイルの適用: 4 件",
                     "警告: 1 件"]:
        assert expected in text
    assert load_master(out) == imported.plan
    report = (tmp_path / "master_取込レポート.md").read_text(encoding="utf-8")
    assert "| 13 | 事業計画 | 福岡県自動車納税確認システム" in report
    assert "R1-012 | 担当課" in report


def test_import_keeps_an_existing_master_unless_forced(tmp_path, capsys):
    out = tmp_path / "マスタ計画_R8.xlsx"
    out.write_bytes(b"edited in Excel")  # any file there: an edited master, a wrong --out
    assert main(["plan", "import", "--out", str(out)]) == 1
    assert msg("plan_master_exists", path=out) in capsys.readouterr().err
    assert out.read_bytes() == b"edited in Excel"
    assert not (tmp_path / "マスタ計画_R8_取込レポート.md").exists()
    assert main(["plan", "import", "--out", str(out), "--force"]) == 0
    assert load_master(out).title


def test_export_json_contract(master_file, capsys):
    assert main(["plan", "export", "--format", "json", "--master", str(master_file)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["initiatives"]) == 190
    keys = {"id", "part", "table", "number", "indicator_type", "department", "division",
            "co_divisions", "kpi_id", "project_name", "plan_text", "goal_text", "source_line"}
    assert all(keys <= set(i) for i in data["initiatives"])
    first = data["initiatives"][0]
    assert (first["part"], first["table"], first["department"], first["division"]) == (
        "行政", 1, "総務部", "職員研修課")
    assert {i["indicator_type"] for i in data["initiatives"]} == {"KPI", "KGI", "none"}
    co = next(i for i in data["initiatives"] if i["id"] == "A1-009")
    assert co["co_divisions"] == ["統計課", "デジタル変革課"]
    kpi = next(k for k in data["kpis"] if k["id"] == "KPI-A24")
    assert set(kpi) >= {"id", "part", "number", "name", "unit", "direction", "baseline",
                        "targets", "initiative_ids"}
    assert kpi["baseline"] == {"text": "73万PV", "value": 730000, "unit": "PV",
                               "comparator": None, "parts": None}
    assert set(kpi["targets"]) == {"R8", "R9", "R10", "R11", "R12"}
    parts = next(k for k in data["kpis"] if k["id"] == "KPI-R16")["baseline"]["parts"]
    assert parts == [{"label": "小", "value": 95}, {"label": "中", "value": 91}]
    assert {k["direction"] for k in data["kpis"]} == {"higher", "lower", "threshold"}
    assert all(set(d) >= {"code", "name", "department"} for d in data["divisions"])


def test_show_division_by_name_and_code(master_file, capsys):
    assert main(["plan", "show", "--division", "健康づくり推進課", "--master",
                 str(master_file)]) == 0
    by_name = capsys.readouterr().out
    assert "HOKEN-KENKO" in by_name and "R1-051" in by_name and "KPI-R38" in by_name
    assert main(["plan", "show", "--division", "hoken-kenko", "--master", str(master_file)]) == 0
    assert capsys.readouterr().out == by_name


def test_show_lists_co_owned_initiatives(master_file, capsys):
    assert main(["plan", "show", "--division", "統計課", "--master", str(master_file)]) == 0
    assert "A1-009" in capsys.readouterr().out


def test_show_unknown_division_lists_close_matches(master_file, capsys):
    assert main(["plan", "show", "--division", "デジタル改革課", "--master",
                 str(master_file)]) == 1
    err = capsys.readouterr().err
    assert "見つかりません" in err and "デジタル変革課" in err and "Traceback" not in err


def test_show_all_divisions(master_file, capsys):
    assert main(["plan", "show", "--master", str(master_file)]) == 0
    out = capsys.readouterr().out
    assert "GIKAI-SOMU" in out and "SOMU-SOMU" in out


def test_show_outside_a_checkout_reads_the_shipped_master(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no workbooks/master_plan_R8.xlsx here
    monkeypatch.delenv("DXREPORT_MASTER", raising=False)
    assert main(["plan", "show"]) == 0
    out = capsys.readouterr().out
    assert f"（{DEFAULT_MASTER}）" in out.splitlines()[0]
    assert "KIKAKU-DX" in out
