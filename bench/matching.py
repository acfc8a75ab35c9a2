"""``python -m bench.matching [SIZE]``: the matcher on a labelled set (bench/matching_set.py).

Prints, for a list of SIZE parties (100,000 by default) and 6,200 printed names:
how often the right party comes first, how many known names are decided
``auto`` and whether all of those are right, how many unknown names are
``auto``, the time per name (p50, p99) through ``books.matching.matcher.match``
— wall time, and the CPU time of the thread, which a loaded machine does not
inflate — and the index's build time and memory. Also where the misses come from.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
import tracemalloc
from collections import Counter

from bench.matching_set import Listed, generate
from books.i18n import set_language
from books.matching.index import MatchIndex, PartyKeys, city_words
from books.matching.matcher import Query, match
from books.matching.names import reduce_name


def _build(listed: list[Listed]) -> MatchIndex:
    index = MatchIndex.build(
        PartyKeys(n, p.code, p.name, reduce_name(p.name, p.city), city_words(p.city))
        for n, p in enumerate(listed))
    index.vocabulary()
    return index


def run(size: int = 100_000) -> dict[str, object]:
    """Build the set and the index, match every printed name, return the figures."""
    set_language("fr")
    listed, printed = generate(size)
    gc.collect()
    started, started_cpu = time.perf_counter(), time.thread_time()
    index = _build(listed)
    built, built_cpu = time.perf_counter() - started, time.thread_time() - started_cpu
    del index
    gc.collect()
    tracemalloc.start()  # a second build, traced: the memory the index holds
    index = _build(listed)
    held, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    gc.freeze()  # as the service does after a build: collections no longer walk the index

    times, cpu, outcomes = [], [], Counter()
    misses: Counter[str] = Counter()
    wrong_auto: list[tuple[str, str | None, str | None]] = []
    for item in printed:
        began, began_cpu = time.perf_counter(), time.thread_time()
        result = match(index, Query(name=item.text))
        times.append(time.perf_counter() - began)
        cpu.append(time.thread_time() - began_cpu)
        best = result.party or (result.candidates[0] if result.candidates else None)
        code = best.code if best else None
        if item.code is None:
            outcomes["unknown"] += 1
            outcomes["unknown_auto"] += result.decision == "auto"
            if result.decision == "auto":
                wrong_auto.append((item.text, None, code))
            continue
        outcomes["known"] += 1
        outcomes["first_right"] += code == item.code
        if result.decision == "auto":
            outcomes["auto"] += 1
            if code != item.code:
                outcomes["auto_wrong"] += 1
                wrong_auto.append((item.text, item.code, code))
        else:
            misses[f"{item.how}:{result.decision}"] += 1
    times.sort()
    cpu.sort()
    known, unknown = outcomes["known"], outcomes["unknown"]
    return {
        "parties": size, "known_names": known, "unknown_names": unknown,
        "right_first_pct": round(100 * outcomes["first_right"] / known, 2),
        "known_auto_pct": round(100 * outcomes["auto"] / known, 2),
        "auto_wrong": outcomes["auto_wrong"],
        "unknown_auto_pct": round(100 * outcomes["unknown_auto"] / unknown, 2),
        "p50_ms": round(1000 * times[len(times) // 2], 3),
        "p99_ms": round(1000 * times[int(len(times) * 0.99)], 3),
        "cpu_p50_ms": round(1000 * cpu[len(cpu) // 2], 3),
        "cpu_p99_ms": round(1000 * cpu[int(len(cpu) * 0.99)], 3),
        "load_average": round(os.getloadavg()[0], 1),
        "index_build_s": round(built, 2),
        "index_build_cpu_s": round(built_cpu, 2),
        "index_mb": round(held / 1e6, 1),
        "not_auto_by_variant": dict(misses.most_common(12)),
        "wrong_auto_examples": wrong_auto[:10],
    }


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000), indent=2,
                     ensure_ascii=False))
