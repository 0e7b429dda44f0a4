"""Extraction noise left in an imported plan, found rather than guessed (表記の確認).

The PDF extraction drops, garbles and splits characters. What a rule can fix with certainty
goes to `corrections.toml` (with its reason); this module lists what looks wrong so that the
DX division decides: each `Finding` names the field, the row (initiative or KPI ID), the
source line, the text as written and a suggested reading. Three signals, each narrow on
purpose (every finding is a row somebody reads):

- `space`: a single space between two Japanese letters where the two letters also stand
  side by side elsewhere in the plan (`シ ステム`, `周知し たり`). In a 事業名 a space also
  separates 大事業 and 小事業, so there a space after a name ending (`…事業 …`) is no finding.
- `near`: a kanji compound or kana sequence that occurs nowhere else while a neighbour one
  character apart does (`使料`/`使用料`, `県し`/`県民`, `からのち`/`いのち`).
- `bracket`: full-width and half-width brackets mixed in one name (`（…)`).

A decision taken in the master's 表記の確認 sheet is kept by (ID, field, text) and applied
when the plan is imported again (`apply_decisions`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

from dxreport.messages import msg
from dxreport.plan.names import split_project
from dxreport.rules.plan_model import Initiative, Normalisation, Plan

# Japanese letters (kanji, hiragana, katakana, 々, ー): punctuation is not a letter
_LETTER = r"\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3400-\u9fff々〆"  # not ・
_RUN = re.compile(rf"[{_LETTER}]+")
_KANJI_RUN = re.compile(r"[\u3400-\u9fff々]+")
_SPACE = re.compile(rf"(?P<left>[{_LETTER}]{{1,6}})[ \u3000](?P<right>[{_LETTER}]{{1,6}})")
# Where a 事業名 cell legitimately separates two names by a space
_NAME_END = ("事業", "経費", "費", "業務", "プロジェクト", "診療", "構築")
# The kana a kanji noun is followed by in running text (particles): no finding
_PARTICLES = frozenset("のにをはがでともやへかなり")
# Kanji that administrative names add or leave out at will (研修(会)等, 業務(以)上,
# 市町村(立)学校, 市町村(等)職員): a compound one of them longer is no sign of a lost letter
_OPTIONAL = frozenset("等以立会内外的")
# A kanji this frequent in the plan that is never elsewhere followed by the kana is a noun
# with a garbled neighbour (`県し健康` for `県民健康`), not a verb with its ending (`学習し`)
_FREQUENT_KANJI = 40
_FULL_BRACKETS = frozenset("（）［］")
_HALF_BRACKETS = frozenset("()[]")

DECISION_FIX = msg("plan_review_fix")
DECISION_KEEP = msg("plan_review_keep")
DECISIONS = (DECISION_FIX, DECISION_KEEP)


@dataclass(frozen=True)
class Finding:
    kind: str  # space | near | bracket
    field: str  # the field key (project_name, plan_text, ...), as in 正規化一覧
    owner: str  # initiative ID, or KPI ID for a KPI's name
    line: int  # line of the source text
    text: str  # the suspicious text as the plan writes it (an excerpt of the field)
    suggestion: str  # the reading suggested for `text` ('' when none)
    note: str  # why it is listed
    decision: str = ""  # 修正する / このまま / '' (not decided yet)
    corrected: str = ""  # 修正後の表記 typed by the DX division ('' = the suggestion)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.owner, self.field, self.text)

    def replacement(self) -> str:
        return self.corrected or self.suggestion


@dataclass(frozen=True)
class _Text:
    field: str
    owner: str
    line: int
    value: str


def _texts(plan: Plan) -> list[_Text]:
    """Every free text of the plan with the row it belongs to."""
    out: list[_Text] = []
    for i in plan.initiatives:
        for name, value in (("category_name", i.category.name),
                            ("indicator_name", i.indicator_name), ("goal_text", i.goal_text),
                            ("project_name", i.project_name), ("plan_text", i.plan_text)):
            if value:
                out.append(_Text(name, i.id, i.source_line, value))
    line_of = {i.id: i.source_line for i in plan.initiatives}
    for k in plan.kpis:
        out.append(_Text("indicator_name", k.id, line_of.get(k.initiative_ids[0], 0), k.name))
    return out


class _Corpus:
    """How often letter sequences occur in the plan: each distinct text counted once (a
    name repeated on every row of its 事業 is one spelling, not a majority)."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.texts = list(dict.fromkeys(texts))
        self.grams: Counter[str] = Counter()
        self.kanji_runs: Counter[str] = Counter()
        for text in self.texts:
            grams: set[str] = set()
            for m in _RUN.finditer(text):
                run = m.group()
                grams.update(run[a:a + n] for n in (1, 2, 3) for a in range(len(run) - n + 1))
            self.grams.update(grams)
            self.kanji_runs.update({m.group() for m in _KANJI_RUN.finditer(text)})


def detect(plan: Plan) -> list[Finding]:
    """The suspicious texts of `plan`, in source order (one finding per row, field, text)."""
    texts = _texts(plan)
    corpus = _Corpus(t.value for t in texts)
    found: dict[tuple[str, str, str], Finding] = {}
    for t in texts:
        for f in (*_spaces(t, corpus), *_near(t, corpus), *_brackets(t)):
            found.setdefault(f.key, f)
    return sorted(found.values(), key=lambda f: (f.line, f.owner, f.field, f.text))


# ----------------------------------------------------------------------------- signals
def _spaces(t: _Text, corpus: _Corpus) -> Iterator[Finding]:
    if t.field not in ("project_name", "plan_text", "goal_text"):
        return  # names are joined at import (listed in 正規化一覧)
    for m in _SPACE.finditer(t.value):
        left, right = m["left"], m["right"]
        if corpus.grams[left[-1] + right[0]] == 0:
            continue  # the two letters never meet: a boundary between words
        if t.field == "project_name" and left.endswith(_NAME_END):
            continue  # `大事業 小事業`
        yield Finding("space", t.field, t.owner, t.line, m.group(), left + right,
                      msg("plan_noise_space"))


def _near(t: _Text, corpus: _Corpus) -> Iterator[Finding]:
    if t.field == "plan_text":
        return  # running text: too many one-off words to read as noise
    yield from _near_compound(t, corpus)
    yield from _kana_in_compound(t, corpus)
    yield from _dropped_head(t)


def _near_compound(t: _Text, corpus: _Corpus) -> Iterator[Finding]:
    """A kanji compound written once in the plan, one character shorter than a compound
    the plan writes elsewhere (`使料`, `使用料`): a character lost in the extraction."""
    for m in _KANJI_RUN.finditer(t.value):
        word = m.group()
        if len(word) < 2 or corpus.kanji_runs[word] > 2:
            continue
        longer = sorted(v for v in corpus.kanji_runs
                        if len(v) == len(word) + 1 and v[0] == word[0] and v[-1] == word[-1]
                        and any(v[:k] + v[k + 1:] == word and v[k] not in _OPTIONAL
                                for k in range(1, len(v) - 1)))
        if longer:
            yield Finding("near", t.field, t.owner, t.line, word, longer[0],
                          msg("plan_noise_near", other=longer[0]))


def _kana_in_compound(t: _Text, corpus: _Corpus) -> Iterator[Finding]:
    """One kana between two kanji after a kanji the plan uses everywhere but never
    followed by that kana (`県し健康`): a kanji read as kana. Suggested: the kanji that
    most often follow it (`県立・県民・県内`): which one is meant is the reader's call."""
    for m in re.finditer(r"(?=([\u3400-\u9fff])([\u3041-\u309f])([\u3400-\u9fff]))", t.value):
        kanji, kana = m[1], m[2]
        if kana in _PARTICLES or corpus.grams[kanji + kana] > 1:
            continue
        if corpus.grams[kanji] < _FREQUENT_KANJI:
            continue
        after = Counter({g: n for g, n in corpus.grams.items()
                         if len(g) == 2 and g[0] == kanji and _KANJI_RUN.fullmatch(g)})
        common = "・".join(g for g, _ in after.most_common(3)) or "なし"
        yield Finding("near", t.field, t.owner, t.line, kanji + kana, "",
                      msg("plan_noise_kana", other=common))


def _dropped_head(t: _Text) -> Iterator[Finding]:
    """A word that another name of the same cell begins with, written here without its
    first letter (`災害からのちを守る事業 いのちを守る啓発事業`)."""
    runs = [m for m in _RUN.finditer(t.value)]
    heads = {m.group() for m in runs if m.start() == 0 or t.value[m.start() - 1] in " \u3000"}
    for head in heads:
        if len(head) < 5:
            continue
        tail = head[1:5]  # `のちを守`
        for m in runs:
            at = m.group().find(tail)
            if at > 0 and m.group()[at - 1] != head[0]:
                # with the letter before it, so that the fix never touches `head` itself
                text = m.group()[at - 1:at + len(tail)]
                yield Finding("near", t.field, t.owner, t.line, text,
                              text[0] + head[0] + tail,
                              msg("plan_noise_head", other=head[:len(tail) + 1]))


def _brackets(t: _Text) -> Iterator[Finding]:
    if t.field == "plan_text":
        return
    used = set(t.value)
    if used & _FULL_BRACKETS and used & _HALF_BRACKETS:
        half = t.value.translate(str.maketrans("（）［］", "()[]"))
        yield Finding("bracket", t.field, t.owner, t.line, t.value, half,
                      msg("plan_noise_bracket"))


# ----------------------------------------------------------------------------- decisions
def carry_over(findings: list[Finding],
               decisions: Mapping[tuple[str, str, str], Finding]) -> list[Finding]:
    """The findings with the decisions already taken for the same (ID, field, text)."""
    out = []
    for f in findings:
        taken = decisions.get(f.key)
        out.append(replace(f, decision=taken.decision, corrected=taken.corrected)
                   if taken else f)
    return out


def apply_decisions(plan: Plan, findings: list[Finding]) -> Plan:
    """The plan with each finding decided `修正する` corrected in its field; each change is
    a normalisation (正規化一覧) whose reason says it was the DX division's decision."""
    fixes = [f for f in findings if f.decision == DECISION_FIX and f.replacement()]
    if not fixes:
        return plan
    initiatives = {i.id: i for i in plan.initiatives}
    kpis = {k.id: k for k in plan.kpis}
    notes: list[Normalisation] = []
    for f in fixes:
        reason = msg("plan_reason_review", text=f.text, value=f.replacement())
        if f.owner in kpis:
            kpi = kpis[f.owner]
            new = kpi.name.replace(f.text, f.replacement())
            if new != kpi.name:
                notes.append(Normalisation(line=f.line, field=f.field, source=kpi.name,
                                           result=new, reason=reason))
                kpis[f.owner] = kpi.model_copy(update={"name": new})
        elif f.owner in initiatives:
            item, old, new = _fix_initiative(initiatives[f.owner], f)
            if new != old:
                notes.append(Normalisation(line=f.line, field=f.field, source=old, result=new,
                                           reason=reason))
                initiatives[f.owner] = item
    return plan.model_copy(update={
        "initiatives": list(initiatives.values()), "kpis": list(kpis.values()),
        "normalisations": [*plan.normalisations, *notes]})


def _fix_initiative(item: Initiative, f: Finding) -> tuple[Initiative, str, str]:
    if f.field == "category_name":
        old = item.category.name
        new = old.replace(f.text, f.replacement())
        return item.model_copy(update={"category": item.category.model_copy(
            update={"name": new})}), old, new
    old = getattr(item, f.field) or ""
    new = old.replace(f.text, f.replacement())
    update: dict[str, object] = {f.field: new}
    if f.field == "project_name":  # the 大事業/小事業/取組 columns follow the cell
        parts = split_project(new)
        update.update(project_major=parts.major, project_minor=parts.minor,
                      project_activity=parts.activity)
    return item.model_copy(update=update), old, new
