import importlib.metadata
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from dxreport.cli.main import main


def test_unknown_command_is_a_usage_error_in_japanese(capsys):
    assert main(["no-such-command"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("エラー:")
    assert "Traceback" not in err


def test_a_defect_is_reported_in_japanese_with_a_log_not_a_traceback(monkeypatch, capsys):
    import dxreport.cli.consolidate as command

    def broken(args):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(command, "run_status", broken)
    assert main(["status", "."]) == 1
    err = capsys.readouterr().err
    assert "予期しないエラー" in err and "ZeroDivisionError" in err
    assert "Traceback" not in err
    log = err.split("詳しい記録: ")[1].split("（")[0]
    with open(log, encoding="utf-8") as f:
        assert "Traceback" in f.read()


def test_argparse_wording_is_japanese(capsys):
    assert main(["validate"]) == 2
    assert "次の指定が必要です" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("使い方: dxreport") and "オプション" in out and "usage" not in out


def test_output_piped_into_a_reader_that_stops_is_not_an_error():
    # `dxreport plan export | head -c 100`: the reader goes away mid-output
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-m", "dxreport", "plan", "export", "--master",
                             str(root / "workbooks" / "master_plan_R8.xlsx")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=root)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=60) == 0
    assert "予期しないエラー" not in err and "Traceback" not in err and "Broken" not in err


def test_version_names_the_installed_dxreport_and_the_python_running_it(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.splitlines() == [
        f"dxreport {importlib.metadata.version('dxreport')}",  # what pip installed
        f"Python {platform.python_version()}: {sys.executable}",  # for xlwings.conf
    ]


def test_version_is_answered_without_a_command():
    proc = subprocess.run([sys.executable, "-m", "dxreport", "--version"], capture_output=True,
                          text=True, encoding="utf-8")
    assert proc.returncode == 0 and proc.stdout.startswith("dxreport ")
