"""The legacy VML drawing part that holds form-control buttons (Insert > Form Controls > Button).

Built as an element tree and serialised in ASCII: every non-ASCII character of a caption
becomes a numeric character reference, and the part starts with an XML declaration. The
captions then read the same whatever encoding a VML reader assumes (Office's VML reader
predates the XML parsers that default to UTF-8), where raw UTF-8 without a declaration
leaves the guess to the reader.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

_NAMESPACES = {
    "xmlns:v": "urn:schemas-microsoft-com:vml",
    "xmlns:o": "urn:schemas-microsoft-com:office:office",
    "xmlns:x": "urn:schemas-microsoft-com:office:excel",
}
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
_SHAPE_TYPE = "_x0000_t201"  # the preset shape type of a form button
_FIRST_SHAPE_ID = 1025  # shape ids of drawing 1 start here (o:idmap data="1")


@dataclass(frozen=True)
class Anchor:
    """`x:Anchor`: the cells the button spans (0-based) with pixel offsets into them."""

    left_column: int
    left_offset: int
    top_row: int
    top_offset: int
    right_column: int
    right_offset: int
    bottom_row: int
    bottom_offset: int

    def text(self) -> str:
        return ", ".join(str(v) for v in (
            self.left_column, self.left_offset, self.top_row, self.top_offset,
            self.right_column, self.right_offset, self.bottom_row, self.bottom_offset))


@dataclass(frozen=True)
class FormButton:
    """One button: its caption, the macro it runs, where it sits (points and cells)."""

    caption: str
    macro: str
    anchor: Anchor
    left_pt: float
    top_pt: float
    width_pt: float = 144
    height_pt: float = 22.5
    font: str = "Meiryo UI"


def buttons_vml(buttons: Sequence[FormButton]) -> bytes:
    """The bytes of `xl/drawings/vmlDrawingN.vml` holding `buttons`, in order."""
    root = ET.Element("xml", _NAMESPACES)
    layout = ET.SubElement(root, "o:shapelayout", {"v:ext": "edit"})
    ET.SubElement(layout, "o:idmap", {"v:ext": "edit", "data": "1"})
    _shape_type(root)
    for z_index, button in enumerate(buttons, start=1):
        _shape(root, button, z_index)
    return _DECLARATION + ET.tostring(root, encoding="us-ascii", xml_declaration=False)


def _shape_type(root: ET.Element) -> None:
    shape_type = ET.SubElement(root, "v:shapetype", {
        "id": _SHAPE_TYPE, "coordsize": "21600,21600", "o:spt": "201",
        "path": "m,l,21600r21600,l21600,xe"})
    ET.SubElement(shape_type, "v:stroke", {"joinstyle": "miter"})
    ET.SubElement(shape_type, "v:path", {
        "shadowok": "f", "o:extrusionok": "f", "strokeok": "f", "fillok": "f",
        "o:connecttype": "rect"})
    ET.SubElement(shape_type, "o:lock", {"v:ext": "edit", "shapetype": "t"})


def _shape(root: ET.Element, button: FormButton, z_index: int) -> None:
    style = (f"position:absolute;margin-left:{button.left_pt:.2f}pt;"
             f"margin-top:{button.top_pt:.2f}pt;width:{button.width_pt:g}pt;"
             f"height:{button.height_pt:g}pt;z-index:{z_index};mso-wrap-style:tight")
    shape = ET.SubElement(root, "v:shape", {
        "id": f"_x0000_s{_FIRST_SHAPE_ID + z_index - 1}", "type": f"#{_SHAPE_TYPE}",
        "style": style, "o:button": "t", "fillcolor": "buttonFace [67]",
        "strokecolor": "windowText [64]", "o:insetmode": "auto"})
    ET.SubElement(shape, "v:fill", {"color2": "buttonFace [67]", "o:detectmouseclick": "t"})
    ET.SubElement(shape, "o:lock", {"v:ext": "edit", "rotation": "t"})
    textbox = ET.SubElement(shape, "v:textbox", {
        "style": "mso-direction-alt:auto", "o:singleclick": "f"})
    div = ET.SubElement(textbox, "div", {"style": "text-align:center"})
    font = ET.SubElement(div, "font", {"face": button.font, "size": "220", "color": "#000000"})
    font.text = button.caption
    data = ET.SubElement(shape, "x:ClientData", {"ObjectType": "Button"})
    for tag, text in (
        ("x:Anchor", button.anchor.text()),
        ("x:PrintObject", "False"),
        ("x:AutoFill", "False"),
        ("x:FmlaMacro", f"[0]!{button.macro}"),
        ("x:TextHAlign", "Center"),
        ("x:TextVAlign", "Center"),
    ):
        ET.SubElement(data, tag).text = text
