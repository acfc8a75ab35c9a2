"""The cyclic garbage collector held off while a list's cells are made in bulk."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a file's or a list's cells are read and made.

    Those cells, rows and dicts hold no cycles; collecting while they are made
    only scans them again and again (a quarter of an import's reading time, and
    the transposing of an export's 100,000 rows ten times over). They are still
    freed by their reference counts as soon as they are dropped.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
