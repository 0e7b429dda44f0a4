"""Serialise an openpyxl workbook with a chosen timestamp instead of "now".

openpyxl's `save` stamps `docProps/core.xml` and every zip member with the current time, so
the same content gives different bytes each run. Here both come from `when`: the status
workbook stays byte-identical for the same ledger, and a simulated return carries the time
its division "saved" it (validation orders resubmissions by that time).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import zipfile
from typing import Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter


class _StampedZip(zipfile.ZipFile):
    """A deflating zip whose every member carries `stamp` (and fixed permissions): openpyxl's
    writer names members by string or by its temporary files, which would bring the clock in.
    Members are compressed as they are written, so no second copy of the package is held."""

    def __init__(self, file: io.BytesIO, stamp: tuple[int, int, int, int, int, int]) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.stamp = stamp

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        info.create_system = 3  # as written on Linux, also on Windows: the same bytes anywhere
        return info

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
        super().writestr(self._info(str(name)), data)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        info = self._info(str(arcname if arcname is not None else filename))
        info.file_size = os.path.getsize(filename)  # as ZipFile.write: decides zip64 alike
        with open(filename, "rb") as src, self.open(info, "w") as dest:
            shutil.copyfileobj(src, dest, 1024 * 1024)


def workbook_bytes(
    wb: Workbook, when: dt.datetime, writer: type[ExcelWriter] = ExcelWriter
) -> bytes:
    """The .xlsx bytes of `wb`, saved (core properties and zip entries) at `when`.

    `writer` may be a subclass that serialises cells faster (the status workbook's).
    """
    utc = when.astimezone(dt.UTC).replace(tzinfo=None) if when.tzinfo else when
    wb.properties.modified = utc
    stamp = max(utc.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with _StampedZip(out, stamp) as archive:
        writer(wb, archive).save()  # unlike save_workbook, leaves `modified` alone
    return out.getvalue()
