"""Row heights for wrapped text, shared by every generated workbook."""

from __future__ import annotations

from openpyxl import Workbook

from dxreport.xlsx.print_layout import LINE_HEIGHT, MAX_ROW_HEIGHT, fit_row_height, text_lines


def test_full_width_characters_count_two_and_paragraphs_start_new_lines():
    assert text_lines("a" * 18, 20) == 1
    assert text_lines("a" * 19, 20) == 2  # 18.5 characters fit a 20-wide column
    assert text_lines("あ" * 9, 20) == 1 and text_lines("あ" * 10, 20) == 2
    assert text_lines("一行目\n\n三行目", 20) == 3
    assert text_lines("", 20) == 1


def test_row_height_only_set_for_more_than_one_line_and_capped():
    ws = Workbook().active
    fit_row_height(ws, 1, [("短い", 20), (12345, 20), (None, 20)])
    assert ws.row_dimensions[1].height is None
    fit_row_height(ws, 2, [("短い", 20), ("あ" * 30, 20)])
    assert ws.row_dimensions[2].height == 4 * LINE_HEIGHT + 3
    fit_row_height(ws, 3, [("あ" * 5000, 20)])
    assert ws.row_dimensions[3].height == MAX_ROW_HEIGHT
