"""The finding catalogue: stable codes, Japanese texts for every code, and verdicts."""

from __future__ import annotations

import json
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
    assert [c for c in CATALOGUE if c.startswith("F")] == [f"F{i:03d}" for i in range(1, 18)]
    assert [c for c in CATALOGUE if c.startswith("V")] == [f"V{i:03d}" for i in range(1, 23)]


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


def test_texts_are_rendered_from_the_parameters_when_shown(
        monkeypatch: pytest.MonkeyPatch) -> None:
    f = finding("V002", sheet="KPI実績", cell="K5", raw="約百", reason="数値ではない")
    assert f.params == {"raw": "約百", "reason": "数値ではない"}
    assert f.message == messages.msg("chk_V002_msg", raw="約百", reason="数値ではない")
    monkeypatch.setitem(messages._CATALOGUE, "chk_V002_msg", "読めません：{raw}")
    assert f.message == "読めません：約百"  # a reworded catalogue: same finding, new words


def test_the_ledger_form_is_code_place_and_parameters() -> None:
    f = finding("V007", sheet="KPI実績", cell="K5", file="回答.xlsx", value="9,000",
                baseline="10", target="20", factor="10")
    stored = f.stored()
    assert stored == {"code": "V007", "severity": "warning", "sheet": "KPI実績", "cell": "K5",
                      "params": {"value": "9,000", "baseline": "10", "target": "20",
                                 "factor": "10"}}
    assert Finding.from_stored(json.loads(json.dumps(stored)), "回答.xlsx") == f


def test_findings_stored_with_texts_only_still_load() -> None:
    older = {"code": "W012", "severity": "warning", "sheet": "KPI実績", "cell": "H5",
             "message": "実績値が目標値に届いていません", "action": "確認してください"}
    f = Finding.from_stored(older, "回答.xlsx")
    assert (f.code, f.message, f.action, f.file) == (
        "W012", "実績値が目標値に届いていません", "確認してください", "回答.xlsx")
    assert f.stored() == older  # stored again as it was: nothing is lost
    with pytest.raises(KeyError):  # neither texts nor the parameters they need
        Finding.from_stored({"code": "V002", "severity": "error"})
