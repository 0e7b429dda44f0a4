import datetime as dt

import openpyxl
import pytest
from openpyxl import load_workbook

from dxreport.demo.synthetic_plan import synthetic_plan
from dxreport.errors import UserError
from dxreport.round.ledger import Ledger
from dxreport.rules.statuses import STATUS_DEFINITIONS, STATUSES
from dxreport.survey import layout as L
from dxreport.survey.populate import populate, shares
from dxreport.survey.reader import read_survey
from dxreport.survey.template import load_template
from dxreport.survey.template_build import TEMPLATE_VERSION
from tests.survey.conftest import EXPECTED


def _headers(ws, row):
    return {c.value: c.column_letter for c in ws[row] if c.value}


def _by_division(result):
    return {p.name.split("_")[1]: p for p in result.paths}


def test_every_lead_division_gets_exactly_one_workbook_with_its_rows(folder, plan):
    result = populate(folder)
    files = sorted(p.name for p in folder.distribute.iterdir())
    assert files == sorted([
        "R8_KIKAKU-DX_デジタル変革課.xlsx", "R8_SOMU-JINJI_人事課.xlsx",
        "R8_KYOIKU-GIMU_義務教育課.xlsx", "R8_KIKAKU-TOUKEI_統計課.xlsx",
    ])  # 復興・総合計画課 only co-owns: no workbook
    assert result.count == 4 and result.kpi_rows == 6 and result.initiative_rows == 9
    paths = _by_division(result)
    for code, (kpi_keys, initiatives) in EXPECTED.items():
        back = read_survey(paths[code])
        assert back.issues == []
        assert [r.key for r in back.kpi_rows] == kpi_keys
        assert [r.key for r in back.initiative_rows] == list(initiatives)
    with Ledger.open(folder) as ledger:
        records = {r.division_code: r for r in ledger.surveys()}
        light = {r.division_code: r for r in ledger.surveys(carried=False)}
        ops = ledger.operations("populate")
    assert set(records) == set(EXPECTED)
    # consolidation and the board read the records without what each survey carried
    assert all(r.carried["kpi_rows"] or r.carried["initiative_rows"] for r in records.values())
    assert {c: r.model_copy(update={"carried": {}}) for c, r in records.items()} == light
    for code, (kpi_keys, initiatives) in EXPECTED.items():
        rec = records[code]
        assert rec.survey_id == f"R8-FINAL-{code}"
        assert rec.master_digest == plan.digest()
        assert rec.template_version == TEMPLATE_VERSION
        assert [r["key"] for r in rec.carried["kpi_rows"]] == kpi_keys
        assert {r["key"]: r["answer"] for r in rec.carried["initiative_rows"]} == initiatives
    assert len(ops) == 1 and ops[0].finished_at is not None
    assert ops[0].counts == {"surveys": 4, "kpi_rows": 6, "initiative_rows": 9}


def test_ledger_carries_exact_master_values_that_the_reader_finds(folder):
    result = populate(folder)
    paths = _by_division(result)
    with Ledger.open(folder) as ledger:
        rec = ledger.survey("R8-FINAL-KYOIKU-GIMU")
    small = rec.carried["kpi_rows"][0]
    assert small["key"] == "KPI-R13#小" and small["part"] == "小"
    assert small["baseline"]["text"] == "小 95% 中 91%" and small["baseline"]["part_value"] == 95
    assert small["targets"]["R8"]["part_value"] == 96
    back = read_survey(paths["KYOIKU-GIMU"])
    for carried in rec.carried["kpi_rows"]:
        row = back.kpi(carried["key"])
        assert row.row == carried["row"]
        for fld, value in carried["cells"].items():
            assert row.master[fld].value == value, fld


def test_cells_hold_numbers_and_units_are_number_formats(folder):
    paths = _by_division(populate(folder))
    ws = load_workbook(paths["KIKAKU-DX"])[L.SHEET_KPI]
    h = _headers(ws, 4)
    base = ws[f"{h['基準値']}5"]
    assert base.value == 52.79 and base.number_format == '#,##0.00"%"'
    assert ws[f"{h['R8目標値']}5"].value == 60
    # the actual: below 1,000 as typed, from 1,000 with separators like the plan values
    assert ws[f"{h['実績値']}5"].number_format == '[>=1000]#,##0.00"%";General"%"'
    assert ws[f"{h['基準値']}6"].value == 120000
    assert ws[f"{h['基準値']}6"].number_format == '#,##0"件"'
    assert ws[f"{h['実績値']}6"].number_format == '[>=1000]#,##0"件";General"件"'
    ws = load_workbook(paths["SOMU-JINJI"])[L.SHEET_KPI]
    assert ws[f"{h['基準値']}5"].value == "—"  # absent: text, not a number
    assert ws[f"{h['R8目標値']}5"].value == 4
    assert ws[f"{h['R8目標値']}5"].number_format == '#,##0"回以上"'
    ws = load_workbook(paths["KYOIKU-GIMU"])[L.SHEET_KPI]
    assert [ws[f"{h['区分']}{r}"].value for r in (5, 6)] == ["小", "中"]
    assert [ws[f"{h['基準値']}{r}"].value for r in (5, 6)] == [95, 91]
    assert ws[f"{h['R9目標値']}5"].value == 96.5


def test_protection_styles_validation_and_print_setup(folder):
    paths = _by_division(populate(folder))
    wb = load_workbook(paths["KIKAKU-TOUKEI"])
    assert wb.security.lockStructure
    for name in (L.SHEET_GUIDE, L.SHEET_KPI, L.SHEET_INITIATIVE):
        assert wb[name].protection.sheet, name
        assert not wb[name].merged_cells.ranges
    ws = wb[L.SHEET_INITIATIVE]
    h = _headers(ws, 4)
    rows = {ws[f"{h['取組ID']}{r}"].value: r for r in (5, 6)}
    answer, reference = rows["A2-001"], rows["A1-001"]
    for col in ("進捗状況", "実施内容・実績", "課題", "今後の対応"):
        assert not ws[f"{h[col]}{answer}"].protection.locked
        assert ws[f"{h[col]}{answer}"].fill.fgColor.rgb.endswith("FFF2CC")
        assert ws[f"{h[col]}{reference}"].protection.locked  # co-owned: read-only, grey
    assert ws[f"{h['入力チェック']}{reference}"].value == \
        "参考（記入不要）: 主担当のデジタル変革課が回答"
    assert ws[f"{h['入力チェック']}{answer}"].value.startswith("=IF(")
    assert ws[f"{h['事業名']}{answer}"].protection.locked
    assert ws[f"{h['事業名']}{answer}"].font.name == "游ゴシック"
    dvs = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert dvs["list"].formula1 == '"' + ",".join(STATUSES) + '"'
    assert str(dvs["list"].sqref) == f"{h['進捗状況']}{answer}"  # not the reference row
    assert "一覧" in dvs["list"].prompt and dvs["list"].showErrorMessage
    assert ws.freeze_panes == "C5"
    assert ws.print_title_rows == "$4:$4"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert "R8-FINAL-KIKAKU-TOUKEI" in ws.oddFooter.left.text
    assert ws.conditional_formatting
    # the three states of 入力チェック in three colours, told apart by their first word
    fills = {}
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            state = rule.formula[0].rsplit("=", 1)[1].strip('"')
            fills[state] = rule.dxf.fill.fgColor.rgb[-6:]
    assert set(fills) == {"入力済", "要記入", "未入力"}
    assert len(set(fills.values())) == 3

    ws = load_workbook(paths["KIKAKU-DX"])[L.SHEET_KPI]
    h = _headers(ws, 4)
    dvs = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert dvs["decimal"].operator == "greaterThanOrEqual" and dvs["decimal"].formula1 == "0"
    assert dvs["date"].formula1 == "DATE(2026,4,1)" and dvs["date"].formula2 == "DATE(2027,3,31)"
    assert "半角" in dvs["decimal"].error
    assert dvs["textLength"].formula1 == str(folder.settings.validation.max_text_length)
    for col in ("実績値", "基準日", "出典", "備考"):
        assert not ws[f"{h[col]}5"].protection.locked
    for col in ("KPI ID", "指標名", "基準値", "R8目標値"):
        assert ws[f"{h[col]}5"].protection.locked


def test_guide_and_hidden_metadata(folder):
    paths = _by_division(populate(folder))
    wb = load_workbook(paths["SOMU-JINJI"])
    guide = wb[L.SHEET_GUIDE]
    text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    assert "令和9年4月30日（金）" in text and "デジタル変革課 内線1234" in text
    assert "57.4" in text and "{" not in text
    for status, definition in STATUS_DEFINITIONS:
        assert status in text and definition in text
    assert guide["A1"].value == "令和8年度 DX推進計画 進捗状況調査票（年度末実績）"
    meta = wb[L.SHEET_META]
    assert meta.sheet_state == "veryHidden"
    back = read_survey(wb)
    assert back.metadata["survey_id"] == "R8-FINAL-SOMU-JINJI"
    assert back.metadata["template_version"] == TEMPLATE_VERSION
    assert back.metadata["division_name"] == "人事課"
    assert dt.datetime.fromisoformat(back.metadata["generated_at"]).tzinfo is not None
    assert set(back.metadata) == {*L.META_FIELDS, L.META_DISTRIBUTION}
    with Ledger.open(folder) as ledger:  # the digest of this distribution, as recorded
        assert back.metadata[L.META_DISTRIBUTION] == \
            ledger.survey("R8-FINAL-SOMU-JINJI").sent_digest


def test_master_text_that_looks_like_a_formula_stays_text(folder):
    paths = _by_division(populate(folder))
    ws = load_workbook(paths["KYOIKU-GIMU"])[L.SHEET_INITIATIVE]
    h = _headers(ws, 4)
    cell = next(ws[f"{h['計画内容']}{r}"] for r in (5, 6)
                if str(ws[f"{h['取組ID']}{r}"].value) == "A2-002")
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_named_divisions_only_and_unknown_code_lists_valid_ones(folder):
    result = populate(folder, ["KYOIKU-GIMU"])
    assert [p.name for p in result.paths] == ["R8_KYOIKU-GIMU_義務教育課.xlsx"]
    with pytest.raises(UserError) as err:
        populate(folder, ["KIKAKU-DX", "NOPE"])
    assert "「NOPE」" in err.value.message
    assert "KIKAKU-DX（デジタル変革課）" in err.value.message
    assert "KIKAKU-FUKKO" not in err.value.message  # leads nothing: no survey of its own


def test_repopulating_needs_regenerate_and_keeps_each_distribution(folder):
    populate(folder)
    with pytest.raises(UserError, match="既に配布済み"):
        populate(folder)
    populate(folder, regenerate=True)
    with Ledger.open(folder) as ledger:
        assert len(ledger.surveys()) == 4  # the current distribution of each survey
        assert len(ledger.operations("populate")) == 2  # the refused run wrote nothing
        assert {r.operation_id for r in ledger.surveys()} == {2}
        history = ledger.distributions("R8-FINAL-KIKAKU-DX")
        assert [r.operation_id for r in history] == [1, 2]
        assert len({r.sent_digest for r in history}) == 2


def test_synthetic_plan_every_row_lands_where_the_rule_says(tmp_path):
    from dxreport.api import Round

    plan = synthetic_plan(12, 6, seed=3)
    path = tmp_path / "plan.json"
    path.write_text(plan.model_dump_json(), encoding="utf-8")
    wf = Round.create(tmp_path / "wf", master=path, deadline="2027-04-30").folder
    result = populate(wf)
    assert result.count == len(plan.lead_division_codes()) == 12
    expected = shares(plan)
    seen_kpis: list[str] = []
    for p, sid in zip(result.paths, result.survey_ids, strict=True):
        code = sid.removeprefix("R8-FINAL-")
        back = read_survey(p)
        assert back.issues == []
        assert back.metadata["division_code"] == code
        share = expected[code]
        assert [r.key for r in back.initiative_rows] == [i.id for i, _ in share.initiatives]
        keys = [r.key for r in back.kpi_rows]
        assert keys == [L.kpi_row_key(k.id, part) for k in share.kpis
                        for part in (k.part_labels or [None])]
        seen_kpis += [L.split_kpi_row_key(k)[0] for k in keys]
    assert sorted(set(seen_kpis)) == sorted(k.id for k in plan.kpis)  # every KPI, in one survey
    co_owned = [i for i in plan.initiatives if i.co_division_codes]
    assert co_owned and any(i.relisted for i in plan.initiatives)


def test_broken_template_is_a_japanese_error(tmp_path):
    from openpyxl import Workbook

    bad = tmp_path / "様式.xlsx"
    Workbook().save(bad)
    with pytest.raises(UserError) as err:
        load_template(bad)
    assert "KPI実績" in err.value.message and str(bad) in err.value.message
    with pytest.raises(UserError) as err:
        load_template(tmp_path / "ない.xlsx")
    assert "見つかりません" in err.value.message


def test_sheet_password_setting_protects_with_a_password(folder):
    text = folder.settings_path.read_text(encoding="utf-8")
    folder.settings_path.write_text(text.replace('sheet_password = ""', 'sheet_password = "dx"'),
                                    encoding="utf-8")
    from dxreport.round.folder import open_folder

    path = populate(open_folder(folder.root), ["KIKAKU-DX"]).paths[0]
    wb = load_workbook(path)
    assert wb[L.SHEET_KPI].protection.password
    assert wb.security.workbookPassword


def test_progress_bar_stays_quiet_when_not_a_terminal(folder, capsys):
    populate(folder, progress=True)
    assert capsys.readouterr().err == ""


def test_master_value_columns_are_wide_enough_to_show_units(tmp_path):
    """A clerk must see `10,000ユーザー`, not `###`, in the baseline and target columns."""
    from dxreport.api import Round
    from dxreport.cli.terminal import display_width
    from dxreport.survey.populate import populate
    from dxreport.survey.reader import read_survey

    wf = Round.create(tmp_path / "w").folder
    result = populate(wf, ["KIKAKU-DX"])
    wb = openpyxl.load_workbook(result.paths[0])
    ws = wb["KPI実績"]
    survey = read_survey(wb)
    row = next(r for r in survey.kpi_rows if r.key == "KPI-A25")
    for field, shown in (("baseline", "10,000ユーザー"), ("target_R12", "100,000ユーザー")):
        cell = ws[row.master[field].cell.split("!")[1]]
        width = ws.column_dimensions[cell.column_letter].width
        assert width >= display_width(shown), field
