"""One verdict vocabulary for files and divisions."""

from dxreport.rules.verdicts import FILE_VERDICTS, Verdict, verdict_label


def test_labels_for_files_and_standings():
    labels = [v.label for v in Verdict]
    assert labels == ["受理", "受理（警告あり）", "差し戻し", "受付不可", "未回答"]
    assert verdict_label("returned") == Verdict.RETURNED.label == "差し戻し"
    assert Verdict.UNANSWERED not in FILE_VERDICTS
    assert [v for v in Verdict if v.accepted] == [Verdict.ACCEPTED,
                                                  Verdict.ACCEPTED_WITH_WARNINGS]
