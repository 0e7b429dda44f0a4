import pickle

from openpyxl import load_workbook

from dxreport.survey import layout as L
from dxreport.survey.anchors import defined_range, locate_table
from dxreport.survey.template import load_template
from dxreport.survey.template_build import DEFAULT_TEMPLATE, TEMPLATE_VERSION, build_template


def test_committed_template_matches_the_layout(tmp_path):
    """templates/survey_template.xlsx is regenerated whenever the layout changes."""
    fresh = load_workbook(build_template(tmp_path / "t.xlsx"))
    committed = load_workbook(DEFAULT_TEMPLATE)
    assert committed.sheetnames == fresh.sheetnames
    assert set(committed.defined_names) == set(fresh.defined_names)
    for name in fresh.defined_names:
        assert defined_range(committed, name) == defined_range(fresh, name), name
    for table in L.TABLES:
        a, b = locate_table(committed, table)[0], locate_table(fresh, table)[0]
        assert a.columns == b.columns and a.header_row == b.header_row
        for r in range(a.header_row, a.header_row + a.prototype_rows + 1):
            for c in range(1, len(table.columns) + 1):
                x, y = a.sheet.cell(r, c), b.sheet.cell(r, c)
                assert (x.value, x.style, x.protection.locked) == (y.value, y.style,
                                                                   y.protection.locked)
    # every text cell too: a catalogue text changed without regenerating the template left
    # 記入要領 saying what the catalogue no longer says
    for ws in fresh.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert committed[ws.title][cell.coordinate].value == cell.value, (
                    ws.title, cell.coordinate)
    assert load_template().version == TEMPLATE_VERSION
    assert committed[L.SHEET_META].sheet_state == "veryHidden"


def test_each_open_is_an_independent_copy_of_the_parsed_template():
    """`Template.open` copies a parsed template (not parsing it per survey): the copy saves to
    the same bytes, its row and column dimensions still work, and a change stays in it."""
    import datetime as dt
    import io

    from dxreport.xlsx.zip_bytes import workbook_bytes

    t = load_template()
    when = dt.datetime(2027, 4, 1)
    parsed = load_workbook(io.BytesIO(t.data), rich_text=False)
    first = t.open()
    assert workbook_bytes(first, when) == workbook_bytes(parsed, when)
    ws = first[L.SHEET_GUIDE]
    ws.row_dimensions[99].height = 5  # a new row: the holder makes it for its own sheet
    ws.column_dimensions["Z"].width = 3
    ws["Z99"] = "変更"
    second = t.open()[L.SHEET_GUIDE]
    assert ws.row_dimensions[99].index == 99 and ws.row_dimensions[99].height == 5
    assert second.row_dimensions[99].height is None and second["Z99"].value is None
    assert second.column_dimensions["Z"].width != 3


def test_a_template_that_cannot_be_copied_is_parsed_per_survey(monkeypatch):
    """A restyled template holding something the copy cannot take still makes surveys."""
    from dxreport.survey import template as T

    def refuse(self, obj):
        raise pickle.PicklingError("a part that cannot be pickled")

    monkeypatch.setattr(T._Pickler, "dump", refuse)
    t = load_template()
    first, second = t.open(), t.open()
    assert first is not second and first.sheetnames == second.sheetnames
    first[L.SHEET_GUIDE]["Z99"] = "変更"
    assert second[L.SHEET_GUIDE]["Z99"].value is None
