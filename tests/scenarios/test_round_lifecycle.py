"""A round lives through re-issues, master edits and fixed mistakes (issue 11, items 1-3).

Played through `Round` with real files: a survey sent again after a master edit, a return of
the first distribution arriving afterwards, a populate that fails midway, a division code
changed in the master, files validated before populate or with a slip in 設定.toml. 2_回収 is
never modified (checked by hash after every run).
"""

from __future__ import annotations

import errno
from pathlib import Path

import openpyxl
import pytest

from dxreport.api import Round
from dxreport.cli.main import main
from dxreport.errors import UserError
from dxreport.messages import msg
from dxreport.round.ledger import Ledger
from dxreport.survey import layout as L
from dxreport.survey.reader import read_survey
from tests.checks.returns import make_populated, set_meta, tree_hash

from .helpers import DIVISION, KPI, SILENT, answer, drop, rows, saved, target_value

SID = f"R8-FINAL-{DIVISION}"


def edit_master(rnd: Round, kpi: str, header: str, value: object) -> None:
    """Change one cell of the 指標 sheet, as the DX division does in Excel."""
    wb = openpyxl.load_workbook(rnd.folder.master_path)
    ws = wb["指標"]
    heads = [c.value for c in ws[1]]
    hit = [r for r in ws.iter_rows(min_row=2) if r[0].value == kpi]
    assert len(hit) == 1
    hit[0][heads.index(header)].value = value
    wb.save(rnd.folder.master_path)


def rename_division_code(rnd: Round, old: str, new: str) -> None:
    """Change a division's code everywhere in the master (its 担当課 row and every use)."""
    wb = openpyxl.load_workbook(rnd.folder.master_path)
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.value == old:
                    c.value = new
    wb.save(rnd.folder.master_path)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def review(path: Path) -> list[dict]:
    return rows(openpyxl.load_workbook(path)["要確認"])


# ------------------------------------------------------------------ 1. distribution history
def test_populate_again_is_refused_listing_what_a_new_survey_would_change(rnd):
    edit_master(rnd, KPI, "目標値R8", "69")
    before = files(rnd.folder.distribute)
    with pytest.raises(UserError) as err:
        rnd.populate()
    text = err.value.message
    assert text.startswith("この調査回の調査票は既に配布済みです（2 課）")
    assert "・デジタル変革課（KIKAKU-DX）" in text and "・人事課（SOMU-JINJI）" in text
    assert f"{KPI}（市町村における行政手続等に占めるオンライン化率）のR8目標値: " \
           "配布時「57.4」→ マスタ計画「69」" in text
    assert msg("sv_regenerate_unchanged") in text  # 人事課's rows did not change
    assert "--regenerate" in text and "1_配布 と台帳は変更していません" in text
    assert files(rnd.folder.distribute) == before
    with Ledger.open(rnd.folder) as led:
        assert len(led.operations("populate")) == 1
        assert len(led.distributions(SID)) == 1


def test_the_refusal_counts_the_returns_already_received(rnd):
    drop(rnd, answer(rnd, target_value(rnd)), "回答.xlsx", saved(3))
    rnd.validate()
    with pytest.raises(UserError, match=r"・デジタル変革課（KIKAKU-DX）: .* 配布、回答 1 件受付済み"
                       ):
        rnd.populate([DIVISION])


def test_a_division_not_yet_sent_its_survey_is_populated_without_regenerate(rnd):
    with pytest.raises(UserError) as err:
        rnd.populate([DIVISION, "SOMU-KOHO"])
    assert err.value.message.endswith(
        "まだ配布していない課の調査票だけを作るには: dxreport populate <作業フォルダ> "
        "--division SOMU-KOHO")
    result = rnd.populate(["SOMU-KOHO"])
    assert [p.name for p in result.paths] == ["R8_SOMU-KOHO_広報課.xlsx"]
    assert result.regenerated == []


def test_a_return_of_the_first_distribution_is_checked_against_what_it_carried(rnd, capsys):
    """The master's R8 target goes from 57.4 to 69 after the surveys went out and the survey
    is sent again: a correct return of the first survey is accepted (no S007 for a value
    the division never touched), a return of the new one too, each tied to its own
    distribution; a return of the first survey with the *new* value typed over the locked
    target is still sent back."""
    first = answer(rnd, target_value(rnd))
    tampered = answer(rnd, target_value(rnd))
    ret = read_survey(tampered)
    sheet, _, cell = ret.kpi(KPI).master["target_R8"].cell.rpartition("!")
    tampered[sheet][cell] = 69
    edit_master(rnd, KPI, "目標値R8", "69")
    result = rnd.populate([DIVISION], regenerate=True)
    assert result.regenerated == [DIVISION]
    second = answer(rnd, 69)
    drop(rnd, first, "第1版.xlsx", saved(3))
    drop(rnd, second, "第2版.xlsx", saved(4))
    drop(rnd, tampered, "書換.xlsx", saved(2))
    returned = tree_hash(rnd.folder.returns)

    run = rnd.validate()

    got = {f.file: (f.verdict, [x.code for x in f.findings]) for f in run.files}
    assert got["第1版.xlsx"][0] == "accepted" and "S007" not in got["第1版.xlsx"][1]
    assert got["第2版.xlsx"] == ("accepted", [])
    assert got["書換.xlsx"][0] == "returned" and "S007" in got["書換.xlsx"][1]
    with Ledger.open(rnd.folder) as led:
        history = led.distributions(SID)
        assert [d.operation_id for d in history] == [1, 2]
        assert history[0].carried != history[1].carried  # what was first sent is kept
        by_file = {s.original_name: s.distribution for s in led.submissions(SID)}
    assert by_file == {"第1版.xlsx": history[0].seq, "第2版.xlsx": history[1].seq,
                       "書換.xlsx": history[0].seq}
    assert tree_hash(rnd.folder.returns) == returned


def test_a_survey_from_a_distribution_the_ledger_never_recorded_is_rejected(rnd):
    wb = answer(rnd, target_value(rnd))
    set_meta(wb, L.META_DISTRIBUTION, "0" * 64)
    drop(rnd, wb, "他フォルダ.xlsx", saved(3))
    (outcome,) = rnd.validate().files
    assert (outcome.verdict, [f.code for f in outcome.findings]) == ("rejected", ["I008"])
    assert SID in outcome.findings[0].message


def test_a_survey_made_before_distributions_were_kept_is_matched_to_its_survey(rnd):
    wb = answer(rnd, target_value(rnd))
    ws = wb[L.SHEET_META]
    for row in ws.iter_rows():
        if row[0].value == L.META_DISTRIBUTION:  # as written by the previous dxreport
            row[0].value = row[1].value = None
    drop(rnd, wb, "旧版.xlsx", saved(3))
    (outcome,) = rnd.validate().files
    assert outcome.verdict == "accepted"


def test_a_populate_failing_midway_leaves_neither_files_nor_records(rnd, monkeypatch):
    """The disk fills up while the second survey is written: nothing of the run is left in
    1_配布 or the ledger, and the message names the file in Japanese."""
    before = files(rnd.folder.distribute)
    real_write = Path.write_bytes
    calls = []

    def write_bytes(self, data):
        if self.parent != rnd.folder.distribute:
            return real_write(self, data)
        calls.append(self)
        if len(calls) == 2:
            real_write(self, b"half")
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    with pytest.raises(UserError) as err:
        rnd.populate(regenerate=True)
    target = rnd.folder.distribute / "R8_SOMU-JINJI_人事課.xlsx"  # disk full, in Japanese
    assert err.value.message == msg("fault_disk_full", path=target) + msg("sv_populate_unchanged")
    assert files(rnd.folder.distribute) == before  # no temporary file left either
    with Ledger.open(rnd.folder) as led:
        assert [op.kind for op in led.operations()] == ["populate"]
        assert len(led.distributions(SID)) == 1


def test_a_survey_open_in_excel_stops_populate_before_anything_is_recorded(rnd, monkeypatch):
    import builtins

    real_open = builtins.open
    target = rnd.folder.distribute / "R8_KIKAKU-DX_デジタル変革課.xlsx"

    def locked(file, mode="r", *a, **k):
        if Path(str(file)) == target and mode == "r+b":  # Windows: held by Excel
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(file, mode, *a, **k)

    before = files(rnd.folder.distribute)
    monkeypatch.setattr(builtins, "open", locked)
    with pytest.raises(UserError) as err:
        rnd.populate(regenerate=True)
    assert err.value.message == msg("file_locked", path=target) + msg("sv_populate_unchanged")
    monkeypatch.undo()
    assert files(rnd.folder.distribute) == before
    with Ledger.open(rnd.folder) as led:
        assert len(led.operations("populate")) == 1


def test_temporary_surveys_of_a_killed_populate_are_cleared_by_the_next(rnd):
    leftover = rnd.folder.distribute / ".tmp-populate-abc123yz.xlsx"
    leftover.write_bytes(b"killed midway")
    rnd.populate(["SOMU-KOHO"])
    assert not leftover.exists()


def test_the_cli_refuses_and_regenerates(rnd, capsys):
    assert main(["populate", str(rnd.root), "--no-progress"]) != 0
    assert "既に配布済み" in capsys.readouterr().err
    assert main(["populate", str(rnd.root), "--no-progress", "--regenerate"]) == 0
    out = capsys.readouterr().out
    assert msg("sv_populate_regenerated", count=2) in out


# ------------------------------------------------------------------ 2. master edits noticed
def test_consolidate_names_targets_changed_since_distribution(rnd, capsys):
    drop(rnd, answer(rnd, target_value(rnd)), "回答.xlsx", saved(3))
    rnd.validate()
    edit_master(rnd, KPI, "目標値R8", "69")

    capsys.readouterr()
    assert main(["consolidate", str(rnd.root)]) == 0
    out = capsys.readouterr().out

    change = (f"{KPI}（市町村における行政手続等に占めるオンライン化率）のR8目標値: "
              "配布時「57.4」→ マスタ計画「69」")
    assert "配布後にマスタ計画が変わった課が 1 課あります" in out
    assert "デジタル変革課（KIKAKU-DX）" in out and change in out
    k05 = [r for r in review(rnd.latest_consolidation()) if r["コード"] == "K05"]
    assert [(r["担当課"], r["元ファイル名"]) for r in k05] == [("デジタル変革課", "回答.xlsx")]
    assert change in k05[0]["内容"] and SID in k05[0]["内容"]


def test_an_unchanged_master_adds_nothing_to_review(rnd):
    result = rnd.consolidate()
    assert result.master_changes == []
    assert not [r for r in review(result.path) if r["コード"] in ("K05", "K06")]


def test_a_renamed_division_is_noticed(rnd):
    wb = openpyxl.load_workbook(rnd.folder.master_path)
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.value == "デジタル変革課":
                    c.value = "デジタル推進課"
    wb.save(rnd.folder.master_path)
    texts = [c.text for c in rnd.consolidate().master_changes]
    assert "課名: 配布時「デジタル変革課」→ マスタ計画「デジタル推進課」" in texts


def test_a_division_code_changed_in_the_master_no_longer_blocks_consolidate(rnd, capsys):
    drop(rnd, answer(rnd, target_value(rnd)), "回答.xlsx", saved(3))
    rnd.validate()
    rename_division_code(rnd, DIVISION, "KIKAKU-DX2")

    capsys.readouterr()
    assert main(["consolidate", str(rnd.root)]) == 0
    out = capsys.readouterr().out
    assert f"調査票 {SID}（デジタル変革課）の課コード {DIVISION} がマスタ計画にありません" in out
    assert "README の「課コードを変えたとき」" in out
    k06 = [r for r in review(rnd.latest_consolidation()) if r["コード"] == "K06"]
    assert len(k06) == 1 and "回答（1 件）は集約していません" in k06[0]["内容"]

    # the way through (README): populate the new code, the division answers on it
    result = rnd.populate(["KIKAKU-DX2"])
    assert result.regenerated == []
    assert read_survey(openpyxl.load_workbook(result.paths[0])).metadata["division_code"] \
        == "KIKAKU-DX2"
    assert {r.division_code for r in rnd.status().rows} == {DIVISION, "KIKAKU-DX2", SILENT}


# ------------------------------------------------------------------ 3. re-checks
def test_a_file_validated_before_populate_is_checked_again_after_it(tmp_path, capsys):
    rnd = Round.create(tmp_path / "早すぎ")
    # A survey of this round reaches a folder that has not populated yet (I002: a cause that
    # is ours, not the division's). It carries no distribution digest, as a survey of the
    # previous dxreport would: once populated here, it is matched by its survey ID.
    elsewhere = make_populated(tmp_path / "配布元")
    wb = answer(Round.open(elsewhere.root), 57.4)
    set_meta(wb, L.META_DISTRIBUTION, "")
    drop(rnd, wb, "早い回答.xlsx", saved(3))
    returned = tree_hash(rnd.folder.returns)
    (first,) = rnd.validate().files
    assert [f.code for f in first.findings] == ["I002"]
    (again,) = rnd.validate().files  # nothing changed: shown as before, nothing added
    assert again.seen_before and again.rechecked_from is None
    with Ledger.open(rnd.folder) as led:
        assert len(led.submissions()) == 1

    rnd.populate()
    capsys.readouterr()
    assert main(["validate", str(rnd.root), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "受理（再確認）" in out
    assert ("再確認: 早い回答.xlsx は前回「受付不可」（I002 調査票ID「R8-FINAL-KIKAKU-DX」は"
            "配布記録にありません。）でしたが、今回は「受理」です。") in out
    board = rnd.status()
    assert {r.division_code: r.label for r in board.rows}[DIVISION] == "受理"
    assert board.unidentified == []
    subs = rnd.submissions()
    assert subs["file"].tolist() == ["早い回答.xlsx"] and subs["counts"].tolist() == [True]
    (third,) = rnd.validate().files  # now an ordinary accepted file: seen before
    assert third.seen_before and third.verdict == "accepted"
    assert tree_hash(rnd.folder.returns) == returned


def test_a_slip_in_the_settings_is_forgiven_once_fixed(rnd):
    drop(rnd, answer(rnd, target_value(rnd)), "回答.xlsx", saved(3))
    toml = rnd.folder.settings_path
    good = toml.read_text(encoding="utf-8")
    assert 'round_code = "FINAL"' in good
    toml.write_text(good.replace('round_code = "FINAL"', 'round_code = "MID"'), encoding="utf-8")
    (first,) = Round.open(rnd.root).validate().files
    assert [f.code for f in first.findings] == ["I003"]

    toml.write_text(good, encoding="utf-8")
    (fixed,) = Round.open(rnd.root).validate().files
    assert fixed.verdict == "accepted" and fixed.rechecked_from is not None
    assert "I003" in (fixed.recheck_text or "")
    assert {r.division_code: r.label for r in rnd.status().rows} == {
        DIVISION: "受理", SILENT: "未回答"}


def test_a_changed_cause_is_reported_even_when_still_rejected(rnd):
    wb = answer(rnd, target_value(rnd))
    set_meta(wb, L.META_DISTRIBUTION, "0" * 64)
    drop(rnd, wb, "回答.xlsx", saved(3))
    toml = rnd.folder.settings_path
    good = toml.read_text(encoding="utf-8")
    toml.write_text(good.replace('round_code = "FINAL"', 'round_code = "MID"'), encoding="utf-8")
    (first,) = Round.open(rnd.root).validate().files
    assert [f.code for f in first.findings] == ["I003"]
    toml.write_text(good, encoding="utf-8")
    (second,) = Round.open(rnd.root).validate().files
    assert [f.code for f in second.findings] == ["I008"]
    assert second.recheck_text is not None
    assert "前回「受付不可」（I003" in second.recheck_text
    assert "今回は「受付不可」です（I008" in second.recheck_text
    assert [u.original_name for u in rnd.status().unidentified] == ["回答.xlsx"]


def test_a_file_rejected_for_itself_is_not_checked_again(rnd):
    (rnd.folder.returns / "壊れた.xlsx").write_bytes(b"not a workbook")
    rnd.validate()
    (again,) = rnd.validate().files
    assert again.seen_before and again.rechecked_from is None
