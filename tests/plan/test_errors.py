"""A modified source gives a Japanese error naming the file and line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from dxreport.cli.main import main
from dxreport.errors import UserError
from dxreport.plan.importer import DEFAULT_SOURCE, import_plan


def _modified(tmp_path: Path, line: int, old: str, new: str) -> Path:
    lines = DEFAULT_SOURCE.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path = tmp_path / "modified_plan.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _run(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured


def test_unparseable_value_names_line_and_column(tmp_path, capsys):
    src = _modified(tmp_path, 11, "\t57件\t", "\t五十七件\t")
    code, out = _run(["plan", "import", str(src), "--out", str(tmp_path / "m.xlsx")], capsys)
    assert code == 1
    assert "modified_plan.txt の 11 行目" in out.err
    assert "8列目「基準値」" in out.err and "五十七件" in out.err
    assert not (tmp_path / "m.xlsx").exists()


def test_unknown_division_names_line_and_close_matches(tmp_path, capsys):
    src = _modified(tmp_path, 9, "職員研修課", "職員研究課")
    code, out = _run(["plan", "import", str(src), "--out", str(tmp_path / "m.xlsx")], capsys)
    assert code == 1
    assert "9 行目" in out.err and "「課」" in out.err and "職員研究課" in out.err
    assert "職員研修課" in out.err  # suggested


def test_unknown_department(tmp_path):
    src = _modified(tmp_path, 10, "総務部", "未来部")
    with pytest.raises(UserError, match=r"10 行目.*未来部"):
        import_plan(src)


def test_division_in_wrong_department(tmp_path):
    src = _modified(tmp_path, 10, "総務部", "土木部")
    with pytest.raises(UserError, match=r"10 行目.*人事課.*土木部"):
        import_plan(src)


def test_column_count(tmp_path):
    src = _modified(tmp_path, 12, "\t52.79%\t", "\t52.79%\t\t")
    with pytest.raises(UserError, match=r"12 行目.*17 列"):
        import_plan(src)


def test_relist_without_number_and_no_match_is_not_guessed(tmp_path):
    src = _modified(tmp_path, 27, "(再掲)\t職員の職場満足度", "(再掲)\t職員の職場の満足度")
    with pytest.raises(UserError, match=r"27 行目.*KPI 2「職員の職場満足度」.*推測はしません"):
        import_plan(src)


def test_missing_source_file(tmp_path, capsys):
    code, out = _run(["plan", "import", str(tmp_path / "nope.txt")], capsys)
    assert code == 1 and "ファイルが見つかりません" in out.err
