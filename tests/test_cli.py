from dxreport.cli import main


def test_unknown_command_is_a_usage_error_in_japanese(capsys):
    assert main(["no-such-command"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("エラー:")
    assert "Traceback" not in err
