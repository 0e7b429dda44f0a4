"""Plain-text tables for Japanese terminal output (full-width characters take two columns)."""

from __future__ import annotations

from collections.abc import Sequence

from dxreport.xlsx.print_layout import display_width


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _clip(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


def render_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], max_width: int = 40
) -> str:
    """Columns padded by display width; long cells clipped with an ellipsis."""
    cells = [[_clip("" if v is None else str(v), max_width) for v in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in cells:
        for i, v in enumerate(row):
            widths[i] = max(widths[i], display_width(v))
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(v, w) for v, w in zip(row, widths, strict=True)).rstrip()
              for row in cells]
    return "\n".join(lines)
