"""Messages a clerk reads name the survey's own columns and sheets, in the survey's words.

A finding that says 「コメント欄」 when the sheet's column is 備考 sends the clerk looking for a
column that does not exist. Every column a survey or validation message names (「備考」欄,
「入力チェック」列, 備考欄) must be a header of a generated survey, every sheet it names
(「KPI実績」シート) a sheet of it, and the words for the same thing must be the 記入要領's.
"""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from dxreport.messages.checks import CHECKS
from dxreport.messages.survey import SURVEY
from dxreport.survey import layout as L
from tests.checks.returns import make_populated, survey_path

# Texts a division reads about its survey: the survey's own wording and every finding.
CLERK_TEXTS = {**SURVEY, **CHECKS}
# Words ending in 欄 that name no column: any blank cell, any input cell.
GENERIC_FIELDS = {"空", "入力"}
QUOTED_COLUMN = re.compile(r"「([^」]+)」(?:欄|列)")
# a bare name is a run of katakana and kanji (hiragana ends it: 「…場合は空欄」 names 空)
BARE_COLUMN = re.compile(r"([\u30A0-\u30FF\u4E00-\u9FFF々]+)欄")
QUOTED_SHEET = re.compile(r"「([^」]+)」シート")


@pytest.fixture(scope="module")
def survey_words(tmp_path_factory) -> tuple[set[str], set[str]]:
    """(headers, sheet names) as found in a real generated survey (the R8 plan)."""
    wf = make_populated(tmp_path_factory.mktemp("words") / "作業")
    wb = load_workbook(survey_path(wf))
    headers: set[str] = set()
    for table in L.TABLES:
        ws = wb[table.sheet]
        row = next(r for r in ws.iter_rows(max_row=L.HEADER_SEARCH_ROWS)
                   if any(c.value == table.key.header for c in r))
        headers |= {str(c.value) for c in row if c.value}
    headers |= set(L.RESPONDENT_LABELS.values())
    return headers, set(wb.sheetnames) | {CHECKS["chk_sheet_return_findings"]}


def _mentions(pattern: re.Pattern[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for key, text in CLERK_TEXTS.items():
        for name in pattern.findall(text):
            found.setdefault(name, set()).add(key)
    return found


def test_every_column_a_message_names_is_a_column_of_the_survey(survey_words):
    headers, _ = survey_words
    named = _mentions(QUOTED_COLUMN) | {
        k: v for k, v in _mentions(BARE_COLUMN).items() if k not in GENERIC_FIELDS}
    unknown = {name: sorted(keys) for name, keys in named.items() if name not in headers}
    assert not unknown, f"messages name columns the survey does not have: {unknown}"
    assert "備考" in named  # the reason for a missing or late value goes to the 備考 column


def test_every_sheet_a_message_names_is_a_sheet_of_the_survey(survey_words):
    _, sheets = survey_words
    unknown = {n: sorted(k) for n, k in _mentions(QUOTED_SHEET).items() if n not in sheets}
    assert not unknown


def test_the_words_for_a_missing_value_are_the_guides():
    # 記入要領 asks for 「理由と判明時期」; a finding must not ask for a 見込み時期 instead
    guide = " ".join(v for k, v in SURVEY.items() if k.startswith("sv_guide_"))
    when = re.compile(r"(\w{2}時期)")
    assert set(when.findall(guide)) == {"判明時期"}
    for key, text in CLERK_TEXTS.items():
        assert set(when.findall(text)) <= {"判明時期"}, key
        assert "コメント欄" not in text, key
