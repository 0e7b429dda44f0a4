"""Mails of a round: every draft read back with Python's `email` package, as Outlook reads it.

A real round: three divisions' surveys made from the embedded plan; デジタル変革課 sent a
return that was sent back, 総務課 answered cleanly, 人事課 never answered and has no address
in the master.
"""

from __future__ import annotations

import datetime as dt
import email
import json
import shutil
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dxreport.api import Round
from dxreport.cli.main import main
from dxreport.errors import UserError
from dxreport.mail import drafts
from dxreport.messages import msg
from dxreport.plan.master import division_addresses, load_addresses, load_master, write_master
from dxreport.rules.verdicts import Verdict
from tests.checks.returns import filled
from tests.scenarios.helpers import DIVISION, SILENT, drop, saved, sent_back

ANSWERED = "SOMU-SOMU"  # answers cleanly
ADDRESSES = {DIVISION: "dx@pref.example.jp",
             ANSWERED: "somu@pref.example.jp；somu-kakari@pref.example.jp"}  # 2, full-width ;
TODAY = dt.date(2027, 4, 27)  # three days before the year-end round's deadline (30 April)


def _set_addresses(master: Path, addresses: dict[str, str]) -> None:
    """Type addresses into the master's 担当課 sheet, as the DX division does in Excel."""
    wb = load_workbook(master)
    ws = wb["担当課"]
    headers = {c.value: c.column for c in ws[1]}
    for row in ws.iter_rows(min_row=2):
        if row[0].value in addresses:
            ws.cell(row=row[0].row, column=headers["メールアドレス"]).value = \
                addresses[row[0].value]
    wb.save(master)


@pytest.fixture(scope="module")
def played(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mail") / "作業"
    rnd = Round.create(root)
    rnd.populate([DIVISION, SILENT, ANSWERED])
    _set_addresses(rnd.folder.master_path, ADDRESSES)
    drop(rnd, sent_back(rnd), "回答.xlsx", saved(1))
    drop(rnd, filled(rnd.folder, ANSWERED), "総務課/回答.xlsx", saved(2))
    rnd.validate()
    return root


@pytest.fixture
def rnd(played, tmp_path) -> Round:
    shutil.copytree(played, tmp_path / "作業")
    return Round.open(tmp_path / "作業")


def _read(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _drafts(run) -> dict[str, EmailMessage]:
    return {d.division_code: _read(d.file) for d in run.drafts}


def _attachments(message: EmailMessage) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}


def _body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return part.get_content()


def _as_sent_headers(path: Path) -> str:
    """The header block as bytes on disk: 7-bit, as a mail file must be."""
    head = path.read_bytes().split(b"\r\n\r\n", 1)[0]
    return head.decode("ascii")  # raises if a Japanese subject were written raw


def test_inquiry_carries_each_divisions_survey(rnd):
    run = rnd.mail("照会", today=TODAY)
    board = rnd.status()
    assert [d.division_code for d in run.drafts] == [r.division_code for r in board.rows]
    assert run.folder.parent == rnd.root / "6_メール" and run.folder.name.endswith("_照会")
    for code, message in _drafts(run).items():
        draft = next(d for d in run.drafts if d.division_code == code)
        assert message["X-Unsent"] == "1"
        assert "=?utf-8?" in _as_sent_headers(draft.file)  # the subject is RFC 2047-encoded
        assert message["Subject"] == draft.subject
        assert draft.division in message["Subject"] and "令和8年度" in message["Subject"]
        survey = next(rnd.folder.distribute.glob(f"R8_{code}_*.xlsx"))
        assert _attachments(message) == {survey.name: survey.read_bytes()}
        body = _body(message)
        assert "令和9年4月30日（金）" in body and survey.name in body
    messages = _drafts(run)
    assert messages[DIVISION]["To"] == ADDRESSES[DIVISION]
    assert [a.addr_spec for a in messages[ANSWERED]["To"].addresses] == \
        ["somu@pref.example.jp", "somu-kakari@pref.example.jp"]
    assert messages[SILENT]["To"] is None  # never guessed


def test_reminder_goes_to_the_boards_unanswered_and_open_returns(rnd):
    board = rnd.status()
    due = [r.division_code for r in board.rows
           if r.verdict in (Verdict.UNANSWERED, Verdict.RETURNED)]
    assert sorted(due) == sorted([DIVISION, SILENT])  # the round is what the docstring says
    assert {r.division_code: r.verdict.accepted for r in board.rows}[ANSWERED]
    run = rnd.mail("督促", today=TODAY)
    assert [d.division_code for d in run.drafts] == due
    messages = _drafts(run)
    for message in messages.values():
        assert message["X-Unsent"] == "1" and not _attachments(message)
        body = _body(message)
        assert "令和9年4月30日（金）" in body and "あと 3 日" in body
    assert msg("mail_state_returned") in _body(messages[DIVISION])
    assert msg("mail_state_unanswered") in _body(messages[SILENT])


def test_reminder_after_the_deadline_says_how_late(rnd):
    run = rnd.mail("督促", today=dt.date(2027, 5, 2))
    assert all("期限を 2 日過ぎています" in _body(m) for m in _drafts(run).values())


def test_return_carries_the_annotated_copy_and_the_findings(rnd):
    run = rnd.mail("差し戻し", today=TODAY)
    assert [d.division_code for d in run.drafts] == [DIVISION]
    message = _read(run.drafts[0].file)
    (copy,) = rnd.folder.send_back.glob("*_差し戻し.xlsx")
    assert _attachments(message) == {copy.name: copy.read_bytes()}
    findings = rnd.findings()
    counted = findings[findings["counts"] & (findings["division_code"] == DIVISION)]
    assert len(counted) > 0
    body = _body(message)
    for f in counted.itertuples():
        assert f.message in body and f"{f.sheet}!{f.cell}" in body
    errors = int((counted["severity"] == msg("chk_severity_error")).sum())
    assert f"エラー {errors} 件" in body and message["X-Unsent"] == "1"


def test_missing_addresses_are_listed_in_the_output_and_the_list(rnd, capsys):
    assert main(["mail", str(rnd.root), "--kind", "照会"]) == 0
    out = capsys.readouterr().out
    assert "人事課（SOMU-JINJI）" in out and "メールアドレスが未登録" in out
    listing = next((rnd.root / "6_メール").glob("*_照会/メール一覧.xlsx"))
    ws = load_workbook(listing).active
    header = [c.value for c in ws[1]]
    rows = {r[1]: dict(zip(header, r, strict=True))
            for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"デジタル変革課", "人事課", "総務課"}
    assert rows["人事課"]["メールアドレス"] in (None, "")
    assert "メールアドレス未登録" in rows["人事課"]["備考"]
    assert rows["デジタル変革課"]["メールアドレス"] == ADDRESSES[DIVISION]
    assert rows["デジタル変革課"]["添付ファイル"].startswith("R8_KIKAKU-DX_")
    eml = listing.parent / rows["人事課"]["下書きファイル"]
    assert _read(eml)["Subject"] == rows["人事課"]["件名"]


def test_cli_json_names_every_draft(rnd, capsys):
    assert main(["mail", str(rnd.root), "--kind", "督促", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kind"] == "督促" and out["missing_addresses"] == [SILENT]
    assert {d["division_code"] for d in out["drafts"]} == {DIVISION, SILENT}
    assert all(Path(d["file"]).is_file() for d in out["drafts"])


def test_cli_refuses_an_unknown_kind(rnd, capsys):
    assert main(["mail", str(rnd.root), "--kind", "お礼"]) != 0
    assert not (rnd.root / "6_メール").exists()


def test_templates_are_written_once_and_edits_are_used(rnd):
    rnd.mail("督促", today=TODAY)
    template = rnd.root / "メール文面" / "督促.txt"
    text = template.read_text(encoding="utf-8")
    assert text.startswith("件名：") and "{課名}" in text
    template.write_text("件名：至急 {課名} 様\n\n{部局名} {課名} 様\n{残り日数}です。\n",
                        encoding="cp932")  # Notepad's old default on a Japanese Windows
    run = rnd.mail("督促", today=TODAY)
    message = _read(next(d.file for d in run.drafts if d.division_code == SILENT))
    assert message["Subject"] == "至急 人事課 様"
    assert _body(message).replace("\r\n", "\n") == "総務部 人事課 様\nあと 3 日です。\n"
    assert template.read_text(encoding="cp932").startswith("件名：至急")  # not overwritten


@pytest.mark.parametrize(("text", "expected"), [
    ("件名：{課名}\n\n{課長名} 様\n", "{課長名}"),
    ("件名：{課名\n\n本文\n", "波かっこ"),
    ("{課名} 様\n\n本文\n", "件名："),
])
def test_a_broken_template_names_the_file_and_the_placeholder(rnd, text, expected):
    template = rnd.root / "メール文面" / "照会.txt"
    template.parent.mkdir()
    template.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as err:
        rnd.mail("照会")
    assert str(template) in err.value.message and expected in err.value.message
    assert not (rnd.root / "6_メール").exists()  # nothing half-written


def test_a_failed_run_leaves_no_folder(rnd, monkeypatch):
    def broken(path, drafts):
        raise OSError("disk full")

    monkeypatch.setattr(drafts, "_write_list", broken)
    with pytest.raises(OSError):
        rnd.mail("照会")
    assert list((rnd.root / "6_メール").iterdir()) == []


def test_two_runs_in_one_second_keep_both(rnd):
    now = dt.datetime(2027, 4, 27, 9, 0, 0)
    board = rnd.status()
    first = drafts.write_mails(rnd.folder, drafts.MailKind.REMINDER, board, {}, now=now)
    second = drafts.write_mails(rnd.folder, drafts.MailKind.REMINDER, board, {}, now=now)
    assert first.folder != second.folder and first.folder.is_dir() and second.folder.is_dir()


def test_nobody_due_writes_nothing(tmp_path, capsys):
    rnd = Round.create(tmp_path / "作業")
    rnd.populate([SILENT])
    assert main(["mail", str(rnd.root), "--kind", "差し戻し"]) == 0
    assert "差し戻しメールの対象となる課はありません" in capsys.readouterr().out
    assert not (rnd.root / "6_メール").exists()


def test_before_populate_the_clerk_is_told_what_to_run(tmp_path):
    rnd = Round.create(tmp_path / "作業")
    with pytest.raises(UserError, match="populate"):
        rnd.mail("照会")


def test_a_master_without_the_address_column_still_loads(rnd):
    master = rnd.folder.master_path
    wb = load_workbook(master)
    ws = wb["担当課"]
    column = next(c.column for c in ws[1] if c.value == "メールアドレス")
    ws.delete_cols(column)
    wb.save(master)
    load_master(master)
    assert division_addresses(rnd.folder) == {}
    run = rnd.mail("照会")
    assert {d.division_code for d in run.missing_addresses} == {DIVISION, SILENT, ANSWERED}


def test_master_round_trips_addresses(rnd, tmp_path):
    plan = rnd.plan()
    path = tmp_path / "master.xlsx"
    write_master(plan, path, {DIVISION: "dx@pref.example.jp"})
    assert load_addresses(path) == {DIVISION: "dx@pref.example.jp"}
    assert load_master(path) == plan  # the address is no part of the plan (or its digest)


def test_a_reminder_template_may_list_what_is_still_to_fix(rnd):
    template = rnd.root / "メール文面" / "督促.txt"
    template.parent.mkdir()
    template.write_text("件名：{課名}\n\n{回答状況}\n{指摘一覧}\n", encoding="utf-8")
    messages = _drafts(rnd.mail("督促", today=TODAY))
    assert "［エラー］" in _body(messages[DIVISION])
    assert _body(messages[SILENT]).replace("\r\n", "\n") == \
        msg("mail_state_unanswered") + "\n\n"  # nothing came back: nothing to list


def test_an_unreadable_address_is_listed_not_used(rnd):
    _set_addresses(rnd.folder.master_path, {SILENT: "人事課の担当者"})
    run = rnd.mail("照会")
    draft = next(d for d in run.drafts if d.division_code == SILENT)
    assert draft.address is None and _read(draft.file)["To"] is None
    assert any("人事課の担当者" in note for note in draft.notes)


def test_the_return_copy_made_from_that_version_is_found(tmp_path):
    from openpyxl import Workbook

    from dxreport.checks.return_copy import find_return_copy, return_copy_name

    sha, older = "ab" * 32, "cd" * 32
    assert find_return_copy(tmp_path, "課/回答.xlsx", sha) is None
    wb = Workbook()
    wb.properties.identifier = older  # a copy of an older version of the same path
    wb.save(tmp_path / return_copy_name("課/回答.xlsx", "企画課"))
    assert find_return_copy(tmp_path, "課/回答.xlsx", sha) is None
    wb.properties.identifier = sha
    wb.save(tmp_path / return_copy_name("課/回答.xlsx", "企画課"))
    assert find_return_copy(tmp_path, "課/回答.xlsx", sha).name.startswith("企画課_")
    assert find_return_copy(tmp_path, "課_回答.xlsx", sha) is None  # another sender's path
