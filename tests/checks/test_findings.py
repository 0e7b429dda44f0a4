"""The finding catalogue: stable codes, Japanese texts for every code, and verdicts."""

from __future__ import annotations

import re

import pytest

from dxreport import messages
from dxreport.checks.findings import CATALOGUE, Finding, counts, finding, verdict
from dxreport.rules.verdicts import Verdict

SAMPLE = {field: f"<{field}>" for d in CATALOGUE.values() for field in d.fields}


def test_codes_are_the_published_families() -> None:
    fams = {c[0] for c in CATALOGUE}
    assert fams == {"F", "I", "S", "V"}
    assert all(re.fullmatch(r"[FISV]\d{3}", c) for c in CATALOGUE)
    assert [c for c in CATALOGUE if c.startswith("F")] == [f"F{i:03d}" for i in range(1, 14)]
    assert [c for c in CATALOGUE if c.startswith("V")] == [f"V{i:03d}" for i in range(1, 19)]


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_renders_in_japanese(code: str) -> None:
    d = CATALOGUE[code]
    f = finding(code, sheet="調査票", cell="E5", file="a.xlsx",
                **{k: SAMPLE[k] for k in d.fields})
    assert f.severity == d.severity
    for text in (f.message, f.action):
        assert text and "{" not in text and re.search(r"[ぁ-んァ-ヶ一-龥]", text)
    for key in (d.msg_key, d.action_key):  # every placeholder is declared, none unused
        used = set(re.findall(r"{(\w+)}", messages.msg.__globals__["_CATALOGUE"][key]))
        assert used <= set(d.fields)


def test_missing_fields_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="V002"):
        finding("V002", raw="x")


def test_file_family_is_always_fatal() -> None:
    for code, d in CATALOGUE.items():
        if code.startswith("F"):
            assert d.fatal and d.severity == "error"
        if code.startswith(("S", "V")):
            assert not d.fatal


def _f(code: str, **kw: object) -> Finding:
    d = CATALOGUE[code]
    return finding(code, **{k: "x" for k in d.fields}, **kw)


def test_verdicts() -> None:
    assert verdict([]) is Verdict.ACCEPTED
    assert verdict([_f("V003"), _f("S006")]) is Verdict.ACCEPTED_WITH_WARNINGS
    assert verdict([_f("V003"), _f("V002")]) is Verdict.RETURNED
    assert verdict([_f("I004")]) is Verdict.RETURNED  # stale template: send back
    assert verdict([_f("V002"), _f("F003")]) is Verdict.REJECTED
    for code in ("I001", "I002", "I003", "I007"):
        assert verdict([_f(code)]) is Verdict.REJECTED
    labels = [v.label for v in Verdict]
    assert labels == ["受理", "受理（警告あり）", "差し戻し", "受付不可", "未回答"]
    assert counts([_f("V003"), _f("V002"), _f("V001")]) == (2, 1)


def test_json_contract_fields() -> None:
    f = _f("V004", sheet="調査票", cell="E5", file="回答.xlsx")
    data = f.model_dump()
    assert {"code", "severity", "sheet", "cell", "message"} <= set(data)
    assert Finding.model_validate(data) == f
    assert f.location == "調査票!E5" and f.severity_label == "エラー"
    assert _f("F001").location == ""
