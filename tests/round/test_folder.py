import datetime as dt

import pytest

from dxreport.errors import UserError
from dxreport.messages import msg
from dxreport.round.folder import (
    SETTINGS_FILE,
    SUBDIRS,
    Settings,
    ValidationSettings,
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
        seq = led.record_survey(rec)
        led.finish_operation(op, {"surveys": 1}, ["a.xlsx"])
    with Ledger.open(wf) as led:
        assert led.survey("R8-FINAL-D1") == rec.model_copy(update={"seq": seq})
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


# ------------------------------------------------------------------ 設定.toml as Notepad sees it
DEFAULT_SETTINGS_FILE = """\
# dxreport の調査回の設定です。値を変更したら保存してから次の操作をしてください。
# 文字列は "..." で囲みます。日付は 2027-04-30 のように書きます。

# 年度（令和）: R8 = 令和8年度
fiscal_year = "R8"
# 調査回の名前と、その英字コード（調査票ID に入ります）
round_name = "年度末実績"
round_code = "FINAL"
# 回答期限
deadline = 2027-04-30
# 問い合わせ先の担当・内線・メール（調査票の記入要領と各課へのメールに載ります）
contact = "デジタル変革課"
contact_extension = ""
contact_email = ""
# 提出方法（調査票の記入要領に載ります）
submission = "記入した調査票をファイル名を変えずに保存し、\
問い合わせ先のメールアドレスへ添付して返送してください。"
# 使用するマスタ計画（この作業フォルダからの相対パス、または絶対パス）。
# Windows のパスは '...' で囲みます（"..." の中では \\ が使えません）。
# 例: master = 'C:\\DX調査\\マスタ計画_R8.xlsx'
master = "マスタ計画_R8.xlsx"
# 調査票のシート保護のパスワード（空ならパスワードなしで保護）
sheet_password = ""
# 調査票の様式（Excel で体裁を変えた様式を使うときにパスを書く。空なら標準の様式）
template = ""

[validation]
# 実績値が目標値・基準値のこの倍数を超えたら「要確認」の警告
implausible_factor = 3.0
# 文章欄の最大文字数
max_text_length = 1000
# 受け付けるファイルの最大サイズ（MB）
max_file_mb = 20.0

[rating]
# 評価の閾値（達成率、%）。省略時は既定値（計算方法シート参照）
"""


def test_settings_file_is_written_with_its_comments_as_before(tmp_path):
    # the text written by hand before tomlkit wrote it, to the byte
    init_folder(tmp_path, _settings())
    assert (tmp_path / SETTINGS_FILE).read_bytes() == DEFAULT_SETTINGS_FILE.encode("utf-8")


def _unusual() -> Settings:
    return Settings(
        fiscal_year="R9", round_name="中間（9月末時点）", round_code="MID",
        deadline=dt.date(2027, 10, 31),
        contact='デジタル変革課 "DX推進係" 内線 1234\\5678',
        master="C:\\Users\\山田\\Documents\\R9計画\\マスタ計画_R9.xlsx",
        sheet_password="p\\a\"s's",
        template="\\\\fileserver\\共有\\様式.xlsx",
        validation=ValidationSettings(implausible_factor=2.5, max_text_length=500,
                                      max_file_mb=5.0),
        rating={"review_high_percent": 180, "not_rated_label": "対象外",
                "bands": [{"code": "A", "label": "A（達成）", "min_percent": 100},
                          {"code": "B", "label": "B", "min_percent": 70.5},
                          {"code": "D", "label": "D（遅れ）"}]},
    )


def test_settings_round_trip_with_quotes_backslashes_and_rating_bands(tmp_path):
    init_folder(tmp_path, _unusual())
    assert open_folder(tmp_path).settings == _unusual()
    text = (tmp_path / SETTINGS_FILE).read_text(encoding="utf-8")
    assert 'master = "C:\\\\Users\\\\山田\\\\Documents\\\\R9計画\\\\マスタ計画_R9.xlsx"' in text
    assert "# Windows のパスは '...' で囲みます" in text and "R8.xlsx'\nmaster" in text
    # bands are written inline, so a line appended at the end still belongs to [rating]
    (tmp_path / SETTINGS_FILE).write_text(text + 'not_submitted_label = "未回答"\n',
                                          encoding="utf-8")
    assert open_folder(tmp_path).settings.rating["not_submitted_label"] == "未回答"


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("UTF-8 with BOM", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
        ("Shift_JIS (cp932)", lambda t: t.encode("cp932")),
        ("cp932 with Windows line ends", lambda t: t.replace("\n", "\r\n").encode("cp932")),
    ],
)
def test_settings_saved_by_notepad_are_read(tmp_path, name, encode):
    init_folder(tmp_path, _unusual())
    path = tmp_path / SETTINGS_FILE
    edited = path.read_text(encoding="utf-8").replace(
        'round_name = "中間（9月末時点）"', 'round_name = "中間（①9月末・髙橋確認）"')
    path.write_bytes(encode(edited))
    settings = open_folder(tmp_path).settings
    assert settings == _unusual().model_copy(update={"round_name": "中間（①9月末・髙橋確認）"})


def test_settings_in_an_unreadable_encoding_name_the_file(tmp_path):
    init_folder(tmp_path, _settings())
    path = tmp_path / SETTINGS_FILE
    # neither UTF-8 nor cp932 (UTF-16, Notepad's "Unicode": tests/round/test_settings_syntax.py)
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    with pytest.raises(UserError) as err:
        open_folder(tmp_path)
    assert err.value.message == msg("wf_settings_encoding", path=path)
    assert str(path) in err.value.message and "UTF-8" in err.value.message
