"""The one "which return counts" rule, at its home."""

from __future__ import annotations

import datetime as dt

from dxreport.round.counting import count
from dxreport.round.ledger import JST, Submission
from dxreport.rules.verdicts import Verdict

RECEIVED = dt.datetime(2027, 4, 20, 9, 0, tzinfo=JST)


def sub(id: int, verdict: str = "accepted", saved_day: int | None = None,
        duplicate_of: int | None = None, minutes: int = 0) -> Submission:
    return Submission(
        id=id, sha256=f"{id:064x}", original_name=f"f{id}.xlsx", size=1,
        received_at=RECEIVED + dt.timedelta(minutes=minutes),
        saved_at=dt.datetime(2027, 4, saved_day, tzinfo=dt.UTC) if saved_day else None,
        survey_id="S", division_code="D", verdict=verdict, duplicate_of=duplicate_of,
        operation_id=1)


def test_nothing_came_back():
    c = count([])
    assert (c.counting, c.values, c.standing) == (None, None, Verdict.UNANSWERED)


def test_newest_by_saved_time_not_by_arrival():
    newer, stale = sub(1, saved_day=10), sub(2, saved_day=1)  # the stale draft came later
    c = count([newer, stale])
    assert c.counting is newer and c.values is newer
    assert c.replaced == [stale] and c.standing is Verdict.ACCEPTED


def test_same_saved_time_or_none_falls_back_to_order_received():
    assert count([sub(1, saved_day=5), sub(2, saved_day=5)]).counting.id == 2
    assert count([sub(2, minutes=5), sub(1)]).counting.id == 2  # received later, no saved time


def test_rejected_and_duplicates_never_count():
    ok = sub(1, saved_day=1)
    c = count([ok, sub(2, "rejected", minutes=9), sub(3, saved_day=20, duplicate_of=1)])
    assert c.counting is ok and c.standing is Verdict.ACCEPTED and c.replaced == []
    assert [s.id for s in c.unused_newer] == [2]  # noted on 要確認, changes nothing


def test_only_rejected_files_stand_as_rejected():
    c = count([sub(1, "rejected"), sub(2, "rejected", minutes=1)])
    assert c.counting.id == 2 and c.values is None and c.standing is Verdict.REJECTED


def test_sent_back_newest_stands_and_older_accepted_values_are_used():
    old, fixed_badly = sub(1, saved_day=1), sub(2, "returned", saved_day=10)
    c = count([old, fixed_badly])
    assert c.counting is fixed_badly and c.standing is Verdict.RETURNED
    assert c.values is old and c.values_from_older
    assert c.unused_newer == [fixed_badly]


def test_sent_back_first_then_fixed_in_names_that_sort_backwards():
    fixed, first = sub(1, "accepted_with_warnings", saved_day=10), sub(2, "returned", saved_day=1)
    c = count([fixed, first])
    assert c.counting is fixed and c.values is fixed and not c.values_from_older
    assert c.replaced == [first] and c.unused_newer == []
    assert c.standing.label == "受理（警告あり）"


def test_sent_back_with_nothing_accepted_uses_no_values():
    c = count([sub(1, "returned")])
    assert c.standing is Verdict.RETURNED and c.values is None and c.unused_newer == []


def test_naive_times_of_old_ledgers_read_as_jst():
    naive = Submission(**{**sub(1).model_dump(), "received_at": dt.datetime(2027, 4, 21)})
    assert count([sub(2, saved_day=20), naive]).counting.id == 1
