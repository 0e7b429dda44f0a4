"""Structure inside the plan's name cells: the 中分類 glued to an item name, and the
大事業／小事業／【取組】 joined in one 事業名 cell.

Pure text functions: the importer calls them and records every change as a normalisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dxreport.plan import registry

_CJK = r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef々〆〇]"
_CJK_SPACE = re.compile(rf"(?<={_CJK})[ \u3000]+(?={_CJK})")
# A bracketed 取組 at any place of the cell: `[オンライン申請サービス]`, `【データ連携基盤】`
_ACTIVITY = re.compile(r"[\[［【]\s*([^\]］】]*?)\s*[\]］】]")
# A bullet starts the cell or follows a space: `教育研修事業 ・新規就農者等研修事業 ・…`
# (a `・` inside a word, as in `移住・定住促進事業`, is no bullet)
_BULLET = re.compile(r"(?:^|\s+)・\s*")
_WIDTH = str.maketrans({"（": "(", "）": ")"})
# Spaces inside round brackets and before an opening one: `デジタル変革 (DX) 推進事業`
_INNER_SPACE = re.compile(r"\(\s+|\s+\)")
_BEFORE_OPEN = re.compile(r"\s+\(")
# ...and after a closing one when the name goes on (not after a budget note such as `(0予算)`,
# which ends a name: `建設DX推進事業 (0予算) 【…】`)
_AFTER_CLOSE = re.compile(r"(?<!予算\))\)\s+(?=[^\s・\[［【(])")


@dataclass(frozen=True)
class ProjectParts:
    major: str | None
    minor: list[str] = field(default_factory=list)
    activity: list[str] = field(default_factory=list)
    # (source, result) of each name whose spelling was normalised
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (part, source, result)


def normalise_name(name: str) -> str:
    """One spelling per name: half-width round brackets without spaces around them, no
    space between two Japanese characters (a line break of the PDF)."""
    text = " ".join(name.translate(_WIDTH).split())
    text = _INNER_SPACE.sub(lambda m: m.group().strip(), text)
    text = _BEFORE_OPEN.sub("(", text)
    text = _AFTER_CLOSE.sub(")", text)
    return _CJK_SPACE.sub("", text)


def _split_names(text: str) -> list[str]:
    """Names separated by spaces, as written: a space next to a round bracket belongs to
    the name (`デジタル変革 (DX) 推進事業`), except after a budget note (`… (0予算) 次の名`)."""
    probe = text.translate(_WIDTH)  # same length: positions match the text as written
    names, start = [], 0
    for m in re.finditer(r"\s+", probe):
        before, after = probe[:m.start()], probe[m.end():]
        inside = (after.startswith(("(", ")")) or before.endswith("(")
                  or (before.endswith(")") and not before.endswith("予算)")))
        if not inside:
            names.append(text[start:m.start()])
            start = m.end()
    names.append(text[start:])
    return [n for n in names if n]


def split_project(text: str) -> ProjectParts:
    """`大事業 小事業 【取組】`, `大事業 ・小事業 ・小事業`, or a single name.

    Names are separated by spaces; a bracket pair holds a 取組. The first name is the
    大事業, the others 小事業 (three or four names on one row are listed in order)."""
    activities = [a for a in _ACTIVITY.findall(text) if a.strip()]
    rest = _ACTIVITY.sub(" ", text).strip()
    pieces = _BULLET.split(rest)
    head, bullets = pieces[0].strip(), [p.strip() for p in pieces[1:] if p.strip()]
    names = _split_names(head)
    major, minor = (names[0], names[1:]) if names else (None, [])
    changes: list[tuple[str, str, str]] = []

    def clean(part: str, source: str) -> str:
        result = normalise_name(source)
        if result != source:
            changes.append((part, source, result))
        return result

    return ProjectParts(
        major=clean("project_major", major) if major else None,
        minor=[clean("project_minor", n) for n in [*minor, *bullets]],
        activity=[clean("project_activity", a) for a in activities],
        changes=changes,
    )


def split_subgroup(group: str, name: str) -> tuple[str | None, str]:
    """(中分類, item name) for a name that starts with a 中分類 label of its group:
    `教育 デジタル学習基盤を…` and `教育情報モラル教育の推進` give `教育`."""
    for label in sorted(registry.SUBGROUPS.get(group, ()), key=len, reverse=True):
        if name.startswith(label) and len(name) > len(label):
            return label, name[len(label):].lstrip(" \u3000")
    return None, name


def expected_subgroup(group: str, no: str) -> str | None:
    """The 中分類 the item number points at: `(2)ア` under 教育・人材育成 is 人材育成."""
    labels = registry.SUBGROUPS.get(group, ())
    m = re.match(r"^\((\d+)\)", no)
    if not labels or not m or not 1 <= int(m[1]) <= len(labels):
        return None
    return labels[int(m[1]) - 1]
