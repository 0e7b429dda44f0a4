"""Return copies (4_差し戻し) through `Round`: one per sender's path, short, always made from
the version that was checked, and filed under 対応済み once a newer accepted return counts.

Every scenario also checks that 2_回収 is byte-identical afterwards.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import unquote

import openpyxl

from dxreport.api import Round
from dxreport.checks.return_copy import copy_source, find_return_copy
from dxreport.messages import msg
from dxreport.survey.reader import read_survey
from tests.checks.returns import filled, put, row_cells, tree_hash

from .helpers import DIVISION, SILENT, answer, drop, saved, sent_back, target_value

DONE = "対応済み"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copies(rnd: Round) -> list[Path]:
    return sorted(rnd.folder.send_back.glob("*.xlsx"))


def filed(rnd: Round) -> list[Path]:
    return sorted((rnd.folder.send_back / DONE).glob("*.xlsx"))


def summary(rnd: Round) -> dict[str, tuple[str, str | None]]:
    """検証結果.xlsx 受付状況: file -> (要対応 column, the file's link resolved to a path)."""
    ws = openpyxl.load_workbook(rnd.root / msg("chk_findings_filename"))["受付状況"]
    out = {}
    for row in ws.iter_rows(min_row=2):
        link = row[1].hyperlink
        target = str((rnd.root / unquote(link.target)).resolve()) if link else None
        out[row[1].value] = (row[5].value, target)
    return out


def silent_sent_back(rnd: Round):
    """SOMU-JINJI's survey with an actual left blank without a reason (V001)."""
    wb = filled(rnd.folder, SILENT)
    cells = row_cells(wb, read_survey(wb).kpi_rows[0].key)
    put(wb, cells["actual"], None)
    put(wb, cells["note"], None)
    return wb


def test_paths_that_flatten_alike_keep_their_own_copies(rnd):
    # メール/回答.xlsx (one division, run 1) and メール_回答.xlsx (another, run 2) used to get
    # one copy name: the first was overwritten and reported as the copy of both
    drop(rnd, sent_back(rnd), "メール/回答.xlsx", saved(5))
    rnd.validate()
    drop(rnd, silent_sent_back(rnd), "メール_回答.xlsx", saved(6))
    before = tree_hash(rnd.folder.returns)
    run = rnd.validate()
    got = {o.file: o.return_copy for o in run.files}
    assert len(copies(rnd)) == 2 and got["メール/回答.xlsx"] != got["メール_回答.xlsx"]
    for name, code in (("メール/回答.xlsx", DIVISION), ("メール_回答.xlsx", SILENT)):
        assert read_survey(got[name]).metadata["division_code"] == code
        assert copy_source(got[name]) == sha(rnd.folder.returns / name)
        assert find_return_copy(rnd.folder.send_back, name,
                                sha(rnd.folder.returns / name)) == got[name]
    names = {o.division_name for o in run.files}
    assert {p.name.split("_")[0] for p in copies(rnd)} == names  # recognisable
    assert tree_hash(rnd.folder.returns) == before


def test_long_names_and_deep_folders_get_a_short_copy(rnd):
    deep = "/".join(["企画調整部デジタル変革課の回答を受け付けるための共有フォルダ" * 2] * 3)
    name = f"{deep}/{'令和８年度末ＤＸ推進計画進捗状況調査票の回答（修正版）' * 3}.xlsx"
    drop(rnd, sent_back(rnd), name, saved(5))
    before = tree_hash(rnd.folder.returns)
    (o,) = rnd.validate().files
    assert o.return_copy_problem is None and o.return_copy is not None
    assert o.return_copy.is_file() and len(o.return_copy.name) < 40
    assert summary(rnd)[name][1] == str(o.return_copy.resolve())
    assert tree_hash(rnd.folder.returns) == before


def test_a_copy_deleted_by_hand_is_written_again(rnd):
    drop(rnd, sent_back(rnd), "回答.xlsx", saved(5))
    (first,) = rnd.validate().files
    assert first.return_copy is not None
    first.return_copy.unlink()
    before = tree_hash(rnd.folder.returns)
    (again,) = rnd.validate().files
    assert again.seen_before and again.return_copy == first.return_copy
    assert again.return_copy.is_file()
    assert copy_source(again.return_copy) == sha(rnd.folder.returns / "回答.xlsx")
    assert tree_hash(rnd.folder.returns) == before


def test_a_copy_that_could_not_be_written_is_written_next_run(rnd, monkeypatch):
    import dxreport.fileio

    real = dxreport.fileio.os.replace

    def locked(src, dst):  # Windows refuses while Excel holds the old copy open
        if Path(dst).parent == rnd.folder.send_back:
            raise PermissionError(13, "Access is denied", str(src), None, str(dst))
        real(src, dst)

    drop(rnd, sent_back(rnd), "回答.xlsx", saved(5))
    monkeypatch.setattr(dxreport.fileio.os, "replace", locked)
    (first,) = rnd.validate().files
    assert first.return_copy is None and first.return_copy_problem and not copies(rnd)
    monkeypatch.setattr(dxreport.fileio.os, "replace", real)
    (again,) = rnd.validate().files
    assert again.return_copy is not None and again.return_copy_problem is None
    assert summary(rnd)["回答.xlsx"][1] == str(again.return_copy.resolve())


def test_a_stale_copy_of_an_older_version_is_replaced(rnd):
    # the same path sent back twice: the copy must be of the version checked last
    drop(rnd, sent_back(rnd), "回答.xlsx", saved(5))
    (first,) = rnd.validate().files
    drop(rnd, answer(rnd, "未集計"), "回答.xlsx", saved(6))
    newer = sha(rnd.folder.returns / "回答.xlsx")
    before = tree_hash(rnd.folder.returns)
    (second,) = rnd.validate().files
    assert not second.seen_before and second.return_copy is not None
    assert copies(rnd) == [second.return_copy] == [first.return_copy]  # replaced in place
    assert copy_source(second.return_copy) == newer
    values = {c.value for ws in openpyxl.load_workbook(second.return_copy) for r in
              ws.iter_rows() for c in r}
    assert "未集計" in values and "集計中" not in values
    assert tree_hash(rnd.folder.returns) == before


def test_a_copy_moves_to_done_when_a_newer_accepted_return_arrives(rnd):
    drop(rnd, sent_back(rnd), "第1版.xlsx", saved(5))
    (first,) = rnd.validate().files
    assert first.return_copy in copies(rnd)
    assert summary(rnd)["第1版.xlsx"][0] == msg("chk_action_needed")
    drop(rnd, answer(rnd, target_value(rnd)), "第2版.xlsx", saved(10))
    before = tree_hash(rnd.folder.returns)
    run = {o.file: o for o in rnd.validate().files}
    moved = run["第1版.xlsx"].return_copy
    assert moved is not None and moved.parent == rnd.folder.send_back / DONE
    assert copies(rnd) == [] and filed(rnd) == [moved]
    assert moved.name == first.return_copy.name
    shown = summary(rnd)
    assert shown["第1版.xlsx"] == (msg("chk_action_superseded"), str(moved.resolve()))
    assert shown["第2版.xlsx"] == (None, None)  # accepted: nothing to do, nothing linked
    # the mail stage has nothing left to send back for the division
    assert find_return_copy(rnd.folder.send_back, "第1版.xlsx",
                            sha(rnd.folder.returns / "第1版.xlsx")) is None
    assert rnd.mail("差し戻し").drafts == []
    # the next run shows the same, from the new place
    stamp = moved.stat().st_mtime_ns
    again = {o.file: o for o in rnd.validate().files}
    assert again["第1版.xlsx"].return_copy == moved and filed(rnd) == [moved]
    assert copies(rnd) == [] and moved.stat().st_mtime_ns == stamp  # not written again
    assert summary(rnd)["第1版.xlsx"] == (msg("chk_action_superseded"), str(moved.resolve()))
    assert tree_hash(rnd.folder.returns) == before


def test_an_accepted_draft_saved_earlier_does_not_file_the_copy_away(rnd):
    # by the one rule (round.counting) a draft saved before the sent-back file is older: the
    # sent-back return still counts and its copy still needs sending
    drop(rnd, sent_back(rnd), "修正版.xlsx", saved(10))
    rnd.validate()
    drop(rnd, answer(rnd, target_value(rnd)), "古い下書き.xlsx", saved(1))
    before = tree_hash(rnd.folder.returns)
    run = {o.file: o for o in rnd.validate().files}
    copy = run["修正版.xlsx"].return_copy
    assert copy is not None and copy.parent == rnd.folder.send_back and filed(rnd) == []
    assert summary(rnd)["修正版.xlsx"][0] == msg("chk_action_needed")
    assert tree_hash(rnd.folder.returns) == before


def test_a_copy_an_earlier_version_wrote_is_replaced_then_filed(rnd):
    """Old behaviour: copies named by earlier versions (after the flattened path, no source
    recorded) were not recognised: today's copy was written beside them, and they stayed in
    4_差し戻し as if still to be sent after a newer accepted return."""
    drop(rnd, sent_back(rnd), "メール/回答.xlsx", saved(5))
    (first,) = rnd.validate().files
    legacy = rnd.folder.send_back / "メール_回答_差し戻し.xlsx"
    wb = openpyxl.load_workbook(first.return_copy)
    wb.properties.identifier = None  # as the earlier versions wrote it: no source recorded
    wb.save(legacy)
    first.return_copy.unlink()
    (again,) = rnd.validate().files
    assert copies(rnd) == [again.return_copy] and not legacy.exists()
    assert copy_source(again.return_copy) == sha(rnd.folder.returns / "メール/回答.xlsx")
    # a legacy copy of a return that a newer accepted one replaced: filed away too
    wb.save(legacy)
    again.return_copy.unlink()
    drop(rnd, answer(rnd, target_value(rnd)), "第2版.xlsx", saved(10))
    rnd.validate()
    assert copies(rnd) == [] and [p.name for p in filed(rnd)] == [again.return_copy.name]
