"""Running the pipeline: once (``inbox run --once``), or watching the folders until stopped.

The folders are watched with watchfiles; a file that is still being written
when it is seen is looked at again once it has stopped changing, and the
folders are scanned in full every :data:`RESCAN_S` (files that arrived while
nothing watched, a new dossier's folder, an event the system dropped).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from books.i18n import t
from books.inbox.folders import STABLE_S
from books.inbox.pipeline import Pipeline
from books.inbox.records import Event, Summary

if TYPE_CHECKING:
    from books.context import Workspace

log = logging.getLogger("saisie.inbox")

RESCAN_S = 30.0
"""Full scan of every folder at least this often."""


def run_once(ws: Workspace, slug: str | None = None, on_event: Event | None = None) -> Summary:
    """Take every file waiting (and finish what a stopped worker left); the summary."""
    from books.invoices.sandbox import SandboxedReader

    with SandboxedReader() as reader:
        return Pipeline(ws, reader, on_event=on_event).run_once(slug)


def run_forever(ws: Workspace, slug: str | None, stop: threading.Event,
                on_event: Event | None = None,
                ready: Callable[[], None] | None = None) -> None:
    """Watch the folders and take each file as it arrives, until ``stop`` is set.

    At rest the watcher waits on the system's file events (no polling, no CPU);
    when files arrive it takes them, looking again every half :data:`STABLE_S`
    while one is still being written. The file in hand when ``stop`` is set is
    finished first.
    """
    import watchfiles

    from books.invoices.sandbox import SandboxedReader

    with SandboxedReader() as reader:
        pipeline = Pipeline(ws, reader, on_event=on_event)
        pipeline.run_once(slug)
        while not stop.is_set():
            folders = _existing(pipeline.folders(slug))
            log.info("%s", t("inbox.watching", count=len(folders)))
            if ready is not None:
                ready()
                ready = None
            for changes in watchfiles.watch(*folders, stop_event=stop, yield_on_timeout=True,
                                            rust_timeout=int(RESCAN_S * 1000), debounce=50,
                                            step=20, raise_interrupt=False):
                if not changes:
                    pipeline.resume()
                    break  # list the folders again: a dossier may have been created
                _drain(pipeline, slug, stop)
                if stop.is_set():
                    return


def _drain(pipeline: Pipeline, slug: str | None, stop: threading.Event) -> None:
    """Take every file waiting (in batches: each step committed once for the batch),
    waiting out those still being written."""
    from books.inbox.pipeline import BATCH

    while not stop.is_set():
        found = pipeline.scan(slug)
        for start in range(0, len(found), BATCH):
            if stop.is_set():
                return
            pipeline.take_batch(found[start:start + BATCH])
        wait = time_to_stable(pipeline, slug)
        if wait is None:
            return
        stop.wait(wait)


def time_to_stable(pipeline: Pipeline, slug: str | None) -> float | None:
    """How long to wait before looking again: until the first file still being written
    has stopped changing for :data:`STABLE_S` (it is taken then), half that while files
    changed lately are still there, ``None`` when nothing is being written (files left
    for other reasons wait for the next event or full scan)."""
    import os
    import time

    from books.inbox.folders import HINTS, is_candidate

    now, soonest, recent = time.time(), None, False
    for folder, _dossier in pipeline.folders(slug):
        for place in (folder, *(folder / sub for sub in HINTS)):
            try:
                with os.scandir(place) as entries:
                    for entry in entries:
                        if is_candidate(entry.name) and entry.is_file(follow_symlinks=False):
                            age = now - entry.stat().st_mtime
                            if age < STABLE_S:
                                soonest = min(soonest or STABLE_S, STABLE_S - age)
                            elif age < STABLE_S * 4:
                                recent = True
            except OSError:
                continue
    if soonest is not None:
        return soonest + MARGIN_S
    return STABLE_S / 2 if recent else None


MARGIN_S = 0.02
"""Looked again this long after a file should be stable (clocks of file systems are coarse)."""


def _existing(pairs: list[tuple[Path, object]]) -> list[Path]:
    folders = []
    for folder, _dossier in pairs:
        folder.mkdir(parents=True, exist_ok=True)
        folders.append(folder)
    return folders
