import datetime as dt

from dxreport.round.board import build_board
from dxreport.round.folder import Settings, init_folder
from dxreport.round.ledger import Ledger, Submission, SurveyRecord
from dxreport.rules.verdicts import Verdict

NAMES = {"D1": ("総務部", "人事課"), "D2": ("総務部", "税務課"), "D3": ("出納局", "出納総務課")}


def _survey(code: str, op: int) -> SurveyRecord:
    return SurveyRecord(
        survey_id=f"R8-FINAL-{code}", fiscal_year="R8", round_code="FINAL", division_code=code,
        template_version="1", master_digest="x", generated_at=dt.datetime(2026, 11, 1),
        file_name=f"{code}.xlsx", operation_id=op, carried={},
    )


def _sub(code: str, sha: str, verdict: str, op: int, findings=()) -> Submission:
    return Submission(
        id=0, sha256=sha, original_name=f"{sha}.xlsx", size=10, verdict=verdict,
        received_at=dt.datetime(2026, 11, 20, 9, 30), operation_id=op,
        survey_id=f"R8-FINAL-{code}", division_code=code, findings=list(findings),
    )


def test_board_shows_verdicts_supersession_and_unanswered(tmp_path):
    wf = init_folder(tmp_path, Settings(deadline=dt.date(2027, 4, 30)))
    with Ledger.open(wf) as led:
        op = led.begin_operation("populate")
        for code in NAMES:
            led.record_survey(_survey(code, op))
        first = led.add_submission(_sub("D1", "a1", "accepted", op))
        second = led.add_submission(_sub("D1", "a2", "returned", op,
                                         [{"severity": "error"}, {"severity": "warning"}]))
        led.mark_superseded(first, second)
        led.add_submission(_sub("D2", "b1", "accepted_with_warnings", op))
        led.record_survey(_survey("D1", op).model_copy(
            update={"survey_id": "R8-MID-D1", "round_code": "MID"}))  # another round
        board = build_board(led, NAMES, ("R8", "FINAL"))

    assert [r.survey_id for r in board.rows] == [f"R8-FINAL-{code}" for code in NAMES]
    by_code = {r.division_code: r for r in board.rows}
    assert by_code["D1"].verdict == "returned"
    assert (by_code["D1"].errors, by_code["D1"].warnings) == (1, 1)
    assert by_code["D1"].superseded == ["a1"]
    assert by_code["D1"].accepted_sha256 == "a1"  # the older accepted version still counts
    assert by_code["D2"].label == "受理（警告あり）"
    assert by_code["D3"].verdict == Verdict.UNANSWERED and by_code["D3"].label == "未回答"
    assert (board.expected, board.received) == (3, 2)
