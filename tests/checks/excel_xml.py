"""Returns rewritten the way real Excel writes them, by editing a generated survey's zip.

openpyxl (which our tests fill surveys with) writes inline strings and a plain stylesheet; a
file saved by Excel has a shared-string table (with furigana for text typed through the
Japanese IME), number formats in conditional-format records (`<dxfs>`), sometimes the 1904
date system or the Strict Open XML namespaces. Each helper edits the parts of a real return.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

Parts = dict[str, bytes]

SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
INLINE_RE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>',
                       re.S)


def read_parts(path: Path) -> Parts:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def write_parts(parts: Parts, path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def edited(src: Path, dst: Path, *edits: Callable[[Parts], None]) -> Path:
    parts = read_parts(src)
    for edit in edits:
        edit(parts)
    return write_parts(parts, dst)


def shared_strings(parts: Parts, phonetic: dict[str, str] | None = None, *,
                   runs_in_phonetic: bool = False) -> None:
    """Move every inline string into xl/sharedStrings.xml, as Excel stores text; `phonetic`
    adds furigana (`<rPh>`, as the IME records it) to the strings named; `runs_in_phonetic`
    wraps the reading in a run (`<rPh><r><t>…`), as files seen in the field do."""
    table: list[bytes] = []
    index: dict[bytes, int] = {}

    def to_shared(m: re.Match[bytes]) -> bytes:
        text = m.group(3)
        if text not in index:
            index[text] = len(table)
            table.append(text)
        return b'<c ' + m.group(1) + b't="s"' + m.group(2) + b'><v>%d</v></c>' % index[text]

    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        parts[name] = INLINE_RE.sub(to_shared, parts[name])
    items = []
    for text in table:
        reading = (phonetic or {}).get(text.decode())
        if reading is None:
            items.append(b"<si><t>" + text + b"</t></si>")
        else:  # what Excel writes for 順調 typed via the IME: runs and a phonetic run
            t = escape(reading).encode()
            inner = b"<r><t>" + t + b"</t></r>" if runs_in_phonetic else b"<t>" + t + b"</t>"
            items.append(
                b"<si><r><t>" + text + b"</t></r>"
                b'<rPh sb="0" eb="%d">' % len(text.decode()) + inner + b"</rPh>"
                b'<phoneticPr fontId="1" type="noConversion"/></si>')
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" '
        b'uniqueCount="%d">' % (len(table), len(table)) + b"".join(items) + b"</sst>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
        + SST_TYPE.encode() + b'"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSst" Type="' + SST_REL.encode()
        + b'" Target="sharedStrings.xml"/></Relationships>')


def conditional_number_formats(parts: Parts) -> None:
    """Add conditional-format records whose number formats reuse the ids of the survey's own
    formats (Excel numbers `<dxf>` formats from the same id space): they apply only while a
    rule matches, never to the cell's own display."""
    styles = parts["xl/styles.xml"].decode()
    ids = re.findall(r'<numFmt numFmtId="(\d+)"', styles)
    dxfs = "".join(f'<dxf><numFmt numFmtId="{i}" formatCode="0%"/></dxf>' for i in ids)
    block = f'<dxfs count="{len(ids)}">{dxfs}</dxfs>'
    styles = re.sub(r"<dxfs[^>]*/>|<dxfs.*?</dxfs>", "", styles, flags=re.S)
    styles = re.sub(r"(</cellStyles>|<tableStyles|</styleSheet>)", block + r"\1", styles, count=1)
    parts["xl/styles.xml"] = styles.encode()


def escaped_carriage_returns(parts: Parts, text: str) -> None:
    """Excel writes a CR inside a text as `_x000D_` (and a literal `_x` as `_x005F_x`)."""
    for name in [n for n in parts if n.startswith("xl/")]:
        if name.endswith(".xml"):
            parts[name] = parts[name].replace(
                escape(text).encode(), escape(text).replace("\n", "_x000D_\n").encode())


STRICT = {
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main":
        b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def strict_open_xml(parts: Parts) -> None:
    """What 「Strict Open XML スプレッドシート」 writes: the same parts in the ISO namespaces."""
    for name in list(parts):
        if name.endswith((".xml", ".rels")):
            for old, new in STRICT.items():
                parts[name] = parts[name].replace(old, new)
