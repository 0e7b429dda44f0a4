import datetime as dt

import pytest

from dxreport.errors import UserError
from dxreport.messages import msg
from dxreport.round.folder import (
    SETTINGS_FILE,
    SUBDIRS,
    Settings,
    init_folder,
    open_folder,
)
from dxreport.round.ledger import Ledger, Submission, SurveyRecord, folder_lock
from dxreport.rules.fiscal_year import fiscal_year_range


def _settings() -> Settings:
    return Settings(deadline=dt.date(2027, 4, 30))


def test_init_creates_layout_and_settings_that_open_back(tmp_path):
    root = tmp_path / "作業"
    init_folder(root, _settings())
    assert all((root / s).is_dir() for s in SUBDIRS)
    wf = open_folder(root)
    assert wf.settings == _settings()


def test_fiscal_year_range():
    assert fiscal_year_range("R8") == (dt.date(2026, 4, 1), dt.date(2027, 3, 31))


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace('fiscal_year = "R8"', 'fiscal_year = "平成30"'), "fiscal_year"),
        (lambda t: t.replace("deadline = 2027-04-30\n", ""), "deadline"),
        (lambda t: t.replace("deadline = 2027-04-30", "deadline = 来年"), "書き方に誤り"),
        (lambda t: "foo = 1\n" + t, "foo: 知らない設定項目"),
        # [rating] is checked with the rest, not first at the year-end consolidation
        (lambda t: t + 'sheet_password = "himitsu"\n',
         "rating.sheet_password: 知らない設定項目です（綴りを確認してください）。 [rating] の見出し"
         "より下の行は評価の設定として読まれます。この項目は [rating] より上に移してください。"),
        (lambda t: t + 'bands = [{code = "A", label = "A", min_percent = "たくさん"}, '
                       '{code = "D", label = "D"}]\n',
         "rating.bands.0.min_percent: 値「たくさん」は使えません。 達成率の下限（%）を数値で"),
        (lambda t: t + 'bands = [{code = "A", label = "A", min_percent = 60}, '
                       '{code = "B", label = "B", min_percent = 80}, {code = "D", label = "D"}]\n',
         "rating.bands: " + msg("cons_settings_bands_order")),
    ],
)
def test_bad_settings_name_the_key_in_japanese(tmp_path, edit, expected):
    init_folder(tmp_path, _settings())
    path = tmp_path / SETTINGS_FILE
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(UserError) as err:
        open_folder(tmp_path)
    assert expected in err.value.message
    assert str(path) in err.value.message


def test_missing_folder_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="作業フォルダが見つかりません"):
        open_folder(tmp_path / "nothing")


def test_ledger_round_trip_and_supersede(tmp_path):
    wf = init_folder(tmp_path, _settings())
    with Ledger.open(wf) as led:
        op = led.begin_operation("populate", {"x": 1})
        rec = SurveyRecord(
            survey_id="R8-FINAL-D1", fiscal_year="R8", round_code="FINAL", division_code="D1",
            template_version="1", master_digest="ab", generated_at=dt.datetime(2026, 11, 1),
            file_name="a.xlsx", operation_id=op, carried={"kpis": []},
        )
        led.record_survey(rec)
        led.finish_operation(op, {"surveys": 1}, ["a.xlsx"])
    with Ledger.open(wf) as led:
        assert led.survey("R8-FINAL-D1") == rec
        assert led.operations("populate")[0].counts == {"surveys": 1}
        base = dict(sha256="s1", original_name="a.xlsx", size=1, verdict="accepted", id=0,
                    received_at=dt.datetime(2026, 11, 2), operation_id=op, survey_id="R8-FINAL-D1")
        with led.transaction():
            first = led.add_submission(Submission(**base))
            second = led.add_submission(Submission(**{**base, "sha256": "s2"}))
            led.mark_superseded(first, second)
        subs = led.submissions("R8-FINAL-D1")
        assert [s.superseded_by for s in subs] == [second, None]


def test_second_run_is_told_the_folder_is_busy(tmp_path):
    wf = init_folder(tmp_path, _settings())
    with (
        folder_lock(wf, "検証"),
        pytest.raises(UserError, match="実行中"),
        folder_lock(wf, "集約"),
    ):
        pass
