"""CPU time of the text reader: ``python -m bench.extract_cpu`` prints JSON figures.

On a shared, loaded machine wall times say more about the neighbours than about
the reader; CPU time does not. On the labelled set of :mod:`bench.extract`
(the same folder, generated when missing): the CPU time of ``read_invoice``
for one-page text PDFs (every tenth, three reads each after a first one) and
for one-page scans, Tesseract's child process included; wall times beside them
with the load average they were measured under.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import time
from pathlib import Path
from typing import Any

TEXT_STEP = 10
"""Every tenth one-page text PDF of the set is timed."""
SCANS = 8
"""One-page scans timed (OCR takes seconds each)."""


def _samples(folder: Path) -> list[dict[str, Any]]:
    lines = (folder / "set.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def text_cpu(folder: Path) -> dict[str, Any]:
    """Median CPU and wall milliseconds of reading a one-page text PDF."""
    from books.invoices import read_invoice

    rows = [r for r in _samples(folder) if r["kind"] == "text" and r.get("pages") == 1][::TEXT_STEP]
    cpu, wall = [], []
    for row in rows:
        path = folder / row["file"]
        read_invoice(path)
        for _ in range(3):
            started_cpu, started = time.process_time(), time.perf_counter()
            read_invoice(path)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
    return {"files": len(rows), "cpu_ms_median": round(statistics.median(cpu), 2),
            "wall_ms_median": round(statistics.median(wall), 2)}


def scan_cpu(folder: Path) -> dict[str, Any]:
    """Median CPU and wall seconds of reading a one-page scan, Tesseract included."""
    from books.invoices import read_invoice

    rows = [r for r in _samples(folder) if r["kind"] == "scan" and r.get("pages") == 1][:SCANS]
    cpu, wall = [], []
    for row in rows:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started_cpu, started = time.process_time(), time.perf_counter()
        read_invoice(folder / row["file"])
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        children = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        cpu.append(children + time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    return {"files": len(rows), "cpu_s_median": round(statistics.median(cpu), 2) if cpu else None,
            "cpu_s_max": round(max(cpu), 2) if cpu else None,
            "wall_s_median": round(statistics.median(wall), 2) if wall else None}


def run() -> dict[str, Any]:
    """Every figure of this benchmark, as a JSON-ready dict."""
    from bench.extract import corpus_dir
    from bench.extract_report import set_folder

    folder = set_folder(corpus_dir())
    return {"set": str(folder), "load_average": os.getloadavg(), "text_pdf_one_page": text_cpu(folder),
            "scan_one_page": scan_cpu(folder), "targets": "text PDF <= 10 ms a page; OCR <= 1.5 s a page"}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
