import pytest

import dxreport.plan.importer as importer
import dxreport.round.folder as folder_module
from dxreport.cli.main import main
from dxreport.errors import UserError
from dxreport.messages import msg
from dxreport.round.folder import SETTINGS_FILE


def test_init_then_populate_in_japanese(tmp_path, plan_file, capsys):
    folder = tmp_path / "R8年度末"
    assert main(["init", str(folder), "--year", "R8", "--round", "中間", "--deadline",
                 "2026-10-30", "--contact", "DX担当 内線1", "--master", str(plan_file)]) == 0
    out = capsys.readouterr().out
    assert "作業フォルダを作成しました" in out and "中間（9月末時点）" in out
    settings = (folder / SETTINGS_FILE).read_text(encoding="utf-8")
    assert 'round_code = "MID"' in settings and "deadline = 2026-10-30" in settings
    assert main(["populate", str(folder), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "調査票を 4 件作成しました" in out
    assert "R8_KIKAKU-DX_デジタル変革課.xlsx" in out
    assert len(list((folder / "1_配布").glob("R8_*.xlsx"))) == 4


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (["--year", "平成30"], 2, "年度「平成30」"),
        (["--year", "R13"], 2, "計画の対象年度（R8〜R12）にありません"),
        (["--deadline", "来年4月"], 2, "回答期限「来年4月」"),
        (["--round", "臨時"], 1, "調査回「臨時」"),
        (["--master", "/no/such/plan.json"], 1, "見つかりません"),
    ],
)
def test_bad_init_arguments_are_japanese_errors(tmp_path, plan_file, capsys, args, code,
                                                expected):
    full = ["init", str(tmp_path / "f"), *args]
    if "--master" not in args:
        full += ["--master", str(plan_file)]
    assert main(full) == code
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    if code == 2 or "--master" in args:
        assert not (tmp_path / "f" / SETTINGS_FILE).exists()  # nothing half-made


def test_populate_errors_name_the_problem(tmp_path, plan_file, capsys):
    folder = tmp_path / "f"
    main(["init", str(folder), "--master", str(plan_file)])
    capsys.readouterr()
    assert main(["populate", str(folder), "--division", "NOPE", "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "課コード「NOPE」" in err and "SOMU-JINJI（人事課）" in err
    settings = folder / SETTINGS_FILE
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        'fiscal_year = "R8"', 'fiscal_year = "平成30"'), encoding="utf-8")
    assert main(["populate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "fiscal_year" in err and str(settings) in err and "年度「平成30」は読めません" in err
    assert main(["populate", str(tmp_path / "ない")]) == 1
    assert "作業フォルダが見つかりません" in capsys.readouterr().err
    assert not list((folder / "1_配布").iterdir())


def test_missing_master_is_a_japanese_error(tmp_path, plan_file, capsys):
    folder = tmp_path / "f"
    main(["init", str(folder), "--master", str(plan_file)])
    plan_file.unlink()
    assert main(["populate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "マスタ計画" in err and str(plan_file) in err


@pytest.mark.parametrize("typed", ["R8", "8", "令和8年度", "2026", "Ｒ８"])
def test_init_takes_the_year_as_the_control_workbook_does(tmp_path, plan_file, typed):
    folder = tmp_path / "f"
    assert main(["init", str(folder), "--year", typed, "--master", str(plan_file)]) == 0
    assert 'fiscal_year = "R8"' in (folder / SETTINGS_FILE).read_text(encoding="utf-8")


def _everything_under(path):
    return sorted(p.relative_to(path).as_posix() for p in path.rglob("*"))


# True: the empty folder that 調査票作成 in the control workbook asks for
@pytest.mark.parametrize("folder_exists", [False, True])
def test_a_failed_init_leaves_nothing_and_the_next_init_works(tmp_path, capsys, monkeypatch,
                                                              folder_exists):
    folder = tmp_path / "DX調査" / "R8年度末"  # its parent is new too
    if folder_exists:
        folder.mkdir(parents=True)
    missing = tmp_path / "corrections.toml"  # as a packaged file missing from an install

    def plan_file_missing(*args, **kwargs):
        raise UserError(msg("file_not_found", path=missing))

    monkeypatch.setattr(importer, "import_plan", plan_file_missing)
    assert main(["init", str(folder)]) == 1
    assert msg("file_not_found", path=missing) in capsys.readouterr().err
    assert _everything_under(tmp_path) == (["DX調査", "DX調査/R8年度末"] if folder_exists else [])

    monkeypatch.undo()
    assert main(["init", str(folder)]) == 0  # not "作成済み"
    assert (folder / SETTINGS_FILE).is_file() and (folder / "マスタ計画_R8.xlsx").is_file()


def test_init_that_fails_while_writing_takes_back_what_it_wrote(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "R8年度末"
    settings_file = folder / SETTINGS_FILE

    def locked(target, text):  # e.g. a share that refuses the last file
        raise UserError(msg("file_locked", path=target))

    monkeypatch.setattr(folder_module, "write_text_atomic", locked)
    assert main(["init", str(folder)]) == 1
    assert msg("file_locked", path=settings_file) in capsys.readouterr().err
    assert _everything_under(tmp_path) == []  # no subfolders, no master left behind
