"""UNO edit jobs, run by the system python3 (which has `uno`); see tests/libreoffice.py.

usage: python3 _uno_worker.py <pipe name> <jobs.json> <connect timeout seconds>
Prints one JSON line: a list with one result dict per job.
"""

import json
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue


def _props(**kw):
    out = []
    for k, v in kw.items():
        p = PropertyValue()
        p.Name, p.Value = k, v
        out.append(p)
    return tuple(out)


def _connect(pipe, timeout):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _url(path):
    return uno.systemPathToFileUrl(str(Path(path).resolve()))


def _cell_value(cell):
    # com.sun.star.table.CellContentType: EMPTY, VALUE, TEXT, FORMULA
    kind = cell.getType().value
    if kind == "VALUE":
        return cell.getValue()
    if kind == "FORMULA":
        return {"formula": cell.getFormula(), "string": cell.getString()}
    return cell.getString()


def run_job(desktop, job):
    doc = desktop.loadComponentFromURL(_url(job["open"]), "_blank", 0, _props(Hidden=True))
    if doc is None:
        raise RuntimeError(f"cannot open {job['open']}")
    result = {"sheets": list(doc.Sheets.getElementNames()), "get": {}}
    try:
        for op in job.get("ops", []):
            kind = op["op"]
            if kind == "get":
                sheet = doc.Sheets.getByName(op["sheet"])
                doc.calculateAll()
                result["get"][f'{op["sheet"]}!{op["cell"]}'] = _cell_value(
                    sheet.getCellRangeByName(op["cell"]))
                continue
            if kind == "row_height":  # 1/100 mm, as Calc lays the row out now
                sheet = doc.Sheets.getByName(op["sheet"])
                result["get"][f'{op["sheet"]}!row{op["row"]}'] = sheet.getRows().getByIndex(
                    op["row"] - 1).Height
                continue
            if kind == "shown":  # the text Calc displays (number format applied)
                sheet = doc.Sheets.getByName(op["sheet"])
                doc.calculateAll()
                result["get"][f'{op["sheet"]}!{op["cell"]}'] = sheet.getCellRangeByName(
                    op["cell"]).getString()
                continue
            sheet = doc.Sheets.getByName(op["sheet"])
            if kind == "set":
                sheet.getCellRangeByName(op["cell"]).setValue(float(op["value"]))
            elif kind == "set_text":
                sheet.getCellRangeByName(op["cell"]).setString(op["value"])
            elif kind == "set_formula":
                sheet.getCellRangeByName(op["cell"]).setFormula(op["value"])
            elif kind == "insert_rows":
                sheet.getRows().insertByIndex(op["row"] - 1, op["count"])
            elif kind == "unprotect":
                sheet.unprotect(op.get("password", ""))
            elif kind == "protect":
                sheet.protect(op.get("password", ""))
            elif kind == "fill":
                sheet.getCellRangeByName(op["range"]).CellBackColor = int(op["color"])
            elif kind == "rename_sheet":  # needs the workbook structure unprotected
                doc.unprotect(op.get("password", ""))
                sheet.setName(op["value"])
            elif kind == "font_color":
                sheet.getCellRangeByName(op["range"]).CharColor = int(op["color"])
            else:
                raise ValueError(f"unknown op {kind}")
        doc.calculateAll()
        if job.get("save"):
            doc.storeToURL(_url(job["save"]), _props(FilterName="Calc MS Excel 2007 XML"))
        if job.get("pdf"):
            doc.storeToURL(_url(job["pdf"]), _props(FilterName="calc_pdf_Export"))
    finally:
        doc.close(True)
    return result


def main():
    pipe, jobs_path, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
    ctx = _connect(pipe, timeout)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    jobs = json.loads(Path(jobs_path).read_text(encoding="utf-8"))
    results = [run_job(desktop, job) for job in jobs]
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
