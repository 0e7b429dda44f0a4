"""The catalogue: one home per text, every key the code asks for exists."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import dxreport
from dxreport import messages

PACKAGE = Path(dxreport.__file__).parent
CATALOGUE_FILES = sorted((PACKAGE / "messages").glob("*.py"))


def _literal_texts() -> list[str]:
    """Every text written in the catalogue's source: dict values and labels.py constants
    (argparse's table is left out: its keys are argparse's English msgids)."""
    texts = []
    for path in CATALOGUE_FILES:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.AnnAssign) or not isinstance(node.target, ast.Name) \
                    or node.target.id == "ARGPARSE":
                continue
            if isinstance(node.value, ast.Constant):
                texts.append(node.value.value)  # labels.py
            elif isinstance(node.value, ast.Dict):
                texts += [v.value for v in node.value.values
                          if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return texts


def test_each_text_is_written_once():
    repeated = {t: n for t, n in Counter(_literal_texts()).items() if n > 1}
    assert not repeated, f"put these in messages/labels.py and refer to them: {repeated}"


def test_every_literal_key_the_code_asks_for_exists():
    missing = set()
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name == "messages":
            continue
        for key in re.findall(r'\bmsg\(\s*"([a-z][A-Za-z0-9_]*)"\s*[,)]', path.read_text("utf-8")):
            if not messages.has(key):
                missing.add(f"{path.relative_to(PACKAGE)}: {key}")
    assert not missing


def test_shared_labels_render_the_same_word_everywhere():
    # a header of the survey, the status workbook and the master shows one word
    assert messages.msg("sv_col_baseline") == messages.msg("cons_h_baseline") \
        == messages.msg("plan_col_baseline")
