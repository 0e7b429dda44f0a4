"""Rows another division answers look like what they are: tinted as a whole, labelled 参考,
and 記入要領 says what the co-owning division does (and uses 灰色 for one thing only)."""

from __future__ import annotations

from openpyxl import load_workbook

from dxreport.messages import msg
from dxreport.survey import layout as L
from dxreport.survey.populate import populate


def _fill(cell) -> str:
    return cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else ""


def test_reference_row_is_tinted_whole_and_labelled(folder):
    # 統計課 co-owns A1-001 (デジタル変革課 answers it) and answers A2-001 itself
    path = next(p for p in populate(folder).paths if "KIKAKU-TOUKEI" in p.name)
    ws = load_workbook(path)[L.SHEET_INITIATIVE]
    header = {c.value: c.column for c in ws[4]}
    rows = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
    ref, own = rows["A1-001"], rows["A2-001"]
    width = len(L.INITIATIVE_COLUMNS)
    ref_fills = {_fill(ws.cell(ref, c)) for c in range(1, width + 1)}
    assert len(ref_fills) == 1 and ref_fills != {""}  # one tint across the whole row
    own_fills = {_fill(ws.cell(own, c)) for c in range(1, width + 1)}
    assert not ref_fills & own_fills  # neither the masters' grey nor the inputs' yellow
    label = ws.cell(ref, header["入力チェック"])
    assert label.value.startswith("参考") and "デジタル変革課" in label.value
    assert label.font.b
    for col in ("進捗状況", "実施内容・実績", "課題", "今後の対応"):
        assert ws.cell(ref, header[col]).protection.locked


def test_guide_says_what_a_co_owner_does_and_grey_means_one_thing(folder):
    path = next(p for p in populate(folder).paths if "KIKAKU-TOUKEI" in p.name)
    guide = load_workbook(path)[L.SHEET_GUIDE]
    text = [str(c.value) for row in guide.iter_rows() for c in row if c.value]
    co_owner = next(t for t in text if "水色" in t)
    assert "参考" in co_owner and "記入は不要" in co_owner and "主担当課へ伝えて" in co_owner
    assert [t for t in text if "灰色" in t] == [msg("sv_guide_10")]  # plan values only
