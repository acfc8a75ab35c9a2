"""Giving freed memory back to the system (glibc), so the app's size follows its use.

The list's index, a bulk action's pages and SQLite's write cache are freed
when they are done with, but glibc keeps freed blocks in its heaps (one per
thread that allocated: the list's reader, the index builder, the workers)
unless the top of a heap is free: after archiving and undoing 100,000
parties the app stayed ~60 MB above what it used. :func:`release` hands the
free pages of every heap back (``malloc_trim``, a few milliseconds), called
after such work; :func:`configure` keeps blocks of 256 KiB and more in their
own mappings, returned as soon as they are freed (glibc otherwise raises
that threshold after the first big block freed, and later big blocks stay
in the heaps). Elsewhere than glibc both do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from typing import Any

M_MMAP_THRESHOLD = -3
"""``mallopt`` parameter (malloc.h)."""
MMAP_THRESHOLD = 256 * 1024

_libc: Any = None
_configured = False
_lock = threading.Lock()


def _glibc() -> Any:
    global _libc
    if _libc is None:
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            libc.malloc_trim  # noqa: B018 - only glibc has it
            libc.mallopt  # noqa: B018
            _libc = libc
        except (OSError, AttributeError):
            _libc = False
    return _libc


def configure() -> None:
    """Big blocks in their own mappings (once per process)."""
    global _configured
    with _lock:
        if _configured:
            return
        _configured = True
    libc = _glibc()
    if libc:
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)


def release() -> None:
    """Give the free pages of every heap back to the system."""
    libc = _glibc()
    if libc:
        libc.malloc_trim(0)
