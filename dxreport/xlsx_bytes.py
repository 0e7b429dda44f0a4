"""Serialise an openpyxl workbook with a chosen timestamp instead of "now".

openpyxl's `save` stamps `docProps/core.xml` and every zip member with the current time, so
the same content gives different bytes each run. Here both come from `when`: the status
workbook stays byte-identical for the same ledger, and a simulated return carries the time
its division "saved" it (validation orders resubmissions by that time).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl.workbook.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter


def workbook_bytes(
    wb: Workbook, when: dt.datetime, writer: type[ExcelWriter] = ExcelWriter
) -> bytes:
    """The .xlsx bytes of `wb`, saved (core properties and zip entries) at `when`.

    `writer` may be a subclass that serialises cells faster (the status workbook's).
    """
    utc = when.astimezone(dt.UTC).replace(tzinfo=None) if when.tzinfo else when
    wb.properties.modified = utc
    raw = io.BytesIO()
    # stored, not deflated: the members are compressed once, below
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        writer(wb, archive).save()  # unlike save_workbook, leaves `modified` alone
    stamp = max(utc.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
