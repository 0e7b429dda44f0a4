"""設定.toml as a clerk edits it in Notepad: every syntax mistake is explained in Japanese,
with the file, the line (and column), the line as written and how to write it; the English of
the TOML reader never reaches the user. The files are written as Notepad saves them: UTF-8
with Windows line ends, with or without a BOM."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from dxreport.cli.main import main
from dxreport.errors import UserError
from dxreport.messages import msg
from dxreport.round.folder import SETTINGS_FILE, Settings, init_folder, open_folder

# Words of tomllib's English messages ("Invalid value (at line 1, column 14)").
ENGLISH = re.compile(r"Invalid|Expected|Cannot|Unescaped|Illegal|Unterminated|Unclosed|"
                     r"Duplicate|column|line \d|statement|declaration|document")


def _folder(tmp_path: Path) -> Path:
    init_folder(tmp_path, Settings(deadline=dt.date(2027, 4, 30)))
    return tmp_path / SETTINGS_FILE


def _notepad(path: Path, text: str, *, bom: bool) -> None:
    """Saved as Notepad saves UTF-8: CRLF line ends, a BOM when "UTF-8 (BOM 付き)"."""
    data = text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)
    return edit


def _line_of(text: str, needle: str) -> int:
    """The (last) line holding `needle`: the broken one, after any it repeats."""
    return max(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


CASES = [
    # (what the clerk did, the edit, text of the broken line, what the message must say)
    ("value without quotes", _replace('round_name = "年度末実績"', "round_name = 年度末実績"),
     "round_name = 年度末実績",
     msg("wf_toml_unquoted", value="年度末実績", key="round_name", bare="年度末実績")),
    ("date written in words", _replace("deadline = 2027-04-30", "deadline = 来年"),
     "deadline = 来年", msg("wf_toml_bad_value", value="来年") + " " + msg("wf_hint_deadline")),
    ("Windows path in double quotes", _replace('master = "マスタ計画_R8.xlsx"',
                                               'master = "C:\\DX調査\\マスタ計画_R8.xlsx"'),
     'master = "C:\\DX調査\\マスタ計画_R8.xlsx"',
     msg("wf_toml_backslash", example="master = 'C:\\DX調査\\マスタ計画_R8.xlsx'")),
    ("Windows path whose \\U reads as an escape",
     _replace('master = "マスタ計画_R8.xlsx"', 'master = "C:\\Users\\dx\\マスタ.xlsx"'),
     'master = "C:\\Users\\dx\\マスタ.xlsx"',
     msg("wf_toml_backslash", example="master = 'C:\\Users\\dx\\マスタ.xlsx'")),
    ("closing quote missing", _replace('round_name = "年度末実績"', 'round_name = "年度末実績'),
     'round_name = "年度末実績', msg("wf_toml_unclosed_string", quote='"')),
    ("a setting written twice", _replace('round_code = "FINAL"',
                                         'round_code = "FINAL"\nround_name = "年度末"'),
     'round_name = "年度末"', msg("wf_toml_duplicate_at", name="round_name", first=7)),
    ("a heading written twice", lambda t: t + "\n[rating]\n", "[rating]",
     msg("wf_toml_duplicate_at", name="[rating]", first=34)),
    ("'=' missing", _replace('contact = "デジタル変革課"', 'contact "デジタル変革課"'),
     'contact "デジタル変革課"', msg("wf_toml_missing_equals", key="contact")),
    ("':' instead of '='", _replace('contact = "デジタル変革課"', 'contact: "デジタル変革課"'),
     'contact: "デジタル変革課"', msg("wf_toml_missing_equals", key="contact")),
    ("heading not closed", _replace("[validation]", "[validation"), "[validation",
     msg("wf_toml_header")),
    ("heading in Japanese", _replace("[rating]", "[評価]"), "[評価]", msg("wf_toml_header")),
    ("full-width ＝", _replace('contact = "デジタル変革課"', 'contact ＝ "デジタル変革課"'),
     'contact ＝ "デジタル変革課"', msg("wf_toml_full_width", chars="「＝」")),
    ("full-width quotes “ ”", _replace('round_name = "年度末実績"', "round_name = “年度末実績”"),
     "round_name = “年度末実績”", msg("wf_toml_full_width", chars="「“」「”」")),
    ("full-width space", _replace('round_code = "FINAL"', 'round_code　= "FINAL"'),
     'round_code　= "FINAL"', msg("wf_toml_full_width", chars="「全角の空白」")),
    ("full-width digits", _replace("max_text_length = 1000", "max_text_length = １０００"),
     "max_text_length = １０００", msg("wf_toml_full_width", chars="「０」「１」")),
    ("full-width brackets", _replace("[validation]", "［validation］"), "［validation］",
     msg("wf_toml_full_width", chars="「［」「］」")),
    ("text after the value", _replace("deadline = 2027-04-30", "deadline = 2027-04-30 まで"),
     "deadline = 2027-04-30 まで",
     msg("wf_toml_trailing", rest="まで") + " " + msg("wf_hint_deadline")),
    ("a day that does not exist", _replace("deadline = 2027-04-30", "deadline = 2027-02-30"),
     "deadline = 2027-02-30", msg("wf_toml_bad_date", value="2027-02-30")),
    ("value left empty", _replace('round_code = "FINAL"', "round_code ="), "round_code =",
     msg("wf_toml_empty_value", key="round_code")),
    ("a note without #", _replace("# 回答期限", "回答期限"), "回答期限",
     msg("wf_toml_invalid_statement")),
    ("bands not closed", lambda t: t + 'bands = [{code = "A", label = "A", min_percent = 80},\n',
     'bands = [{code = "A", label = "A", min_percent = 80},', msg("wf_toml_unclosed_brackets")),
    ("a band not closed", lambda t: t + 'bands = [{code = "A", label = "A",\n'
                                        '  min_percent = 80}, {code = "D", label = "D"}]\n',
     'bands = [{code = "A", label = "A",', msg("wf_toml_unclosed_brackets")),
]


@pytest.mark.parametrize("bom", [True, False], ids=["BOM", "no BOM"])
@pytest.mark.parametrize(("what", "edit", "line", "explanation"), CASES,
                         ids=[c[0] for c in CASES])
def test_each_syntax_mistake_is_explained_in_japanese(tmp_path, what, edit, line,
                                                      explanation, bom):
    path = _folder(tmp_path)
    text = edit(path.read_text(encoding="utf-8"))
    _notepad(path, text, bom=bom)
    with pytest.raises(UserError) as err:
        open_folder(tmp_path)
    message = err.value.message
    n = _line_of(text, line)
    assert str(path) in message
    assert msg("wf_settings_syntax_shown", line=n, text=line) in message
    assert f"{n} 行目" in message.splitlines()[0]
    assert explanation in message
    assert not ENGLISH.search(message.replace(line, "")), message


def test_the_column_is_given_where_the_reader_stopped(tmp_path):
    path = _folder(tmp_path)
    text = path.read_text(encoding="utf-8").replace('round_name = "年度末実績"',
                                                    "round_name = 年度末実績")
    _notepad(path, text, bom=True)
    with pytest.raises(UserError) as err:
        open_folder(tmp_path)
    assert err.value.message.splitlines()[0] == msg("wf_settings_syntax", path=path, line=7,
                                                    column=14)


def test_a_string_left_open_to_the_end_names_the_line_where_it_began(tmp_path):
    path = _folder(tmp_path)
    text = path.read_text(encoding="utf-8") + "[previous]\nfolder = 'C:\\R7\n"
    _notepad(path, text, bom=False)
    with pytest.raises(UserError) as err:
        open_folder(tmp_path)
    n = _line_of(text, "folder = 'C:")
    assert err.value.message.splitlines()[0] == msg("wf_settings_syntax_at_line", path=path,
                                                    line=n)
    assert msg("wf_toml_unclosed_string", quote="'") in err.value.message


def test_the_windows_path_written_as_advised_is_read(tmp_path):
    path = _folder(tmp_path)
    text = path.read_text(encoding="utf-8").replace('master = "マスタ計画_R8.xlsx"',
                                                    "master = 'C:\\DX調査\\マスタ計画_R8.xlsx'")
    _notepad(path, text, bom=True)
    assert open_folder(tmp_path).settings.master == "C:\\DX調査\\マスタ計画_R8.xlsx"


@pytest.mark.parametrize(("bom", "encoding"), [
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"", "utf-16-le")],
    ids=["UTF-16 LE with BOM", "UTF-16 BE with BOM", "UTF-16 LE without BOM"])
def test_a_settings_file_saved_as_utf16_is_named_with_what_to_do(tmp_path, bom, encoding,
                                                                 capsys):
    path = _folder(tmp_path)
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(bom + text.encode(encoding))
    with pytest.raises(UserError) as err:
        open_folder(tmp_path)
    assert err.value.message == msg("wf_settings_utf16", path=path)
    assert "UTF-8" in err.value.message and "保存し直して" in err.value.message
    # every command says the same, never a traceback
    assert main(["status", str(tmp_path)]) == 1
    assert capsys.readouterr().err.strip() == msg("wf_settings_utf16", path=path)


def test_any_mistake_gets_a_japanese_explanation_with_its_line(tmp_path):
    """Whatever a slip of the keyboard breaks, the message is Japanese and shows the line:
    characters a clerk might type, inserted or deleted at random places (seeded)."""
    import random
    import tomllib

    from dxreport.round.settings_syntax import explain

    original = _folder(tmp_path).read_text(encoding="utf-8")
    rng = random.Random(11)
    typed = [*'"\'=[]{}#\\,.:-　＝“”「」年\t\n', "\x01", "\ufeff", '"""', "[["]
    seen = 0
    for _ in range(500):
        text = original
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            if rng.random() < 0.3:
                text = text[:at] + text[at + 1:]
            else:
                text = text[:at] + rng.choice(typed) + text[at:]
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            seen += 1
            message = explain(Path("設定.toml"), text, exc)
            lines = message.splitlines()
            assert len(lines) == 4, message
            shown = lines[1].partition(": ")[2]
            assert not ENGLISH.search(message.replace(shown, "")), (str(exc), message)
    assert seen > 200
