"""``python -m bench.duplicates_screen [SIZE]``: what the "Doublons probables" screen waits on.

On the labelled set of bench/matching_set.py (SIZE parties, 100,000 by default)
prints the time of ``books.matching.duplicates.duplicates_in`` (wall and thread
CPU: a loaded machine inflates the first, not the second), how many pairs it
finds, how many progress reports the screen's bar gets, the longest time the
bar waits between two of them, and the time the screen's worker then takes to
keep the pairs it lists (identifiers first, the first 500).
"""

from __future__ import annotations

import sys
import time

from bench.matching import _build
from bench.matching_set import generate
from books.i18n import set_language
from books.matching.duplicates import duplicates_in
from tui.screens.parties.duplicates import EVIDENCE_ORDER, SHOWN


def run(size: int = 100_000) -> dict[str, float]:
    """Search the duplicates of a generated list, timing the progress the screen shows."""
    set_language("fr")
    listed, _printed = generate(size)
    index = _build(listed)
    reports: list[float] = []

    def progress(done: int, total: int) -> None:  # noqa: ARG001
        reports.append(time.perf_counter())

    started, started_cpu = time.perf_counter(), time.thread_time()
    pairs = duplicates_in(index, progress)
    wall, cpu = time.perf_counter() - started, time.thread_time() - started_cpu
    marks = [started, *reports]
    longest = max(b - a for a, b in zip(marks, marks[1:], strict=False))
    began = time.perf_counter()
    shown = sorted(pairs, key=lambda p: EVIDENCE_ORDER.get(p.kind, 9))[:SHOWN]
    keep = time.perf_counter() - began
    return {"parties": size, "pairs": len(pairs), "shown": len(shown), "wall_s": wall, "cpu_s": cpu,
            "progress_reports": len(reports), "longest_wait_s": longest, "keep_s": keep}


def main() -> None:
    """Print the figures."""
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    figures = run(size)
    print(f"{figures['parties']:,} parties: {figures['pairs']:,} pairs, {figures['shown']} listed")
    print(f"duplicates_in: {figures['wall_s']:.2f} s wall, {figures['cpu_s']:.2f} s CPU")
    print(f"progress: {figures['progress_reports']} reports, "
          f"longest wait between two {figures['longest_wait_s']:.2f} s")
    print(f"keeping the listed pairs: {figures['keep_s']:.3f} s")


if __name__ == "__main__":
    main()
