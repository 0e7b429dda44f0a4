"""Keeping Python's cyclic garbage collector off large, long-lived data.

A big plan is ~200,000 objects that live until the command ends. Every full collection rescans
them for nothing: seconds per run at 1,000 divisions. Reference counting frees ordinary garbage
either way; only reference cycles wait for the collector.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block: for code that builds long-lived objects and
    makes few cycles (loading a plan, consolidating)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def long_lived_frozen() -> Iterator[None]:
    """Objects alive now are left out of collections until the block ends, while the block's
    own cyclic garbage (openpyxl workbooks, one per survey) is still collected."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
