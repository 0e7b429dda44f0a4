"""The trace link's text comes from a division (the file name it sent): it stays a literal."""

from __future__ import annotations

from datetime import UTC, datetime

from dxreport.consolidate.inputs import Trace
from dxreport.consolidate.trace_link import link_target, parse_target, trace_link
from tests.consolidate.trace_links import link_parts


def _trace(name: str, sheet: str = "KPI実績") -> Trace:
    return Trace(sha256="ab" * 32, file_name=name, sheet=sheet, cell="H12",
                 received_at=datetime(2027, 4, 1, tzinfo=UTC))


def test_a_hostile_file_name_stays_a_literal_and_the_target_is_the_intake_copy():
    name = 'x",SUM(1),"y\n.xlsx'
    formula = trace_link(_trace(name)).text
    target, shown = link_parts(formula)
    assert shown == 'x",SUM(1),"y.xlsx'  # quotes doubled in the formula, line break dropped
    assert formula.count('"') == 4 + 2 * shown.count('"')
    assert parse_target(target) == ("../3_受付/" + "ab" * 32 + ".xlsx", "KPI実績", "H12")


def test_a_sheet_name_with_a_quote_and_a_long_file_name():
    t = _trace("長" * 300 + ".xlsx", sheet="O'Brien")
    assert parse_target(link_target(t))[1] == "O'Brien"
    _target, shown = link_parts(trace_link(t).text)
    assert len(shown) == 255 and shown.endswith("…")
