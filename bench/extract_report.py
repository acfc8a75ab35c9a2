"""The labelled set's figures for ``python -m bench.extract``: accuracy, calibration, speed.

The set (:mod:`bench.extract_set`) is generated once into
``$SAISIE_EXTRACT_SET`` (default ``<tmp>/saisie-extract-set``) and reused
while the generator's code, the corpus's truth and the number of scans are
unchanged. Text PDFs and scans are reported apart: per field (the issue's
targets: 95 % for text, 85 % for scans), per layout and per language, the
confidence calibration, the speed and where the time goes.
"""

from __future__ import annotations

import cProfile
import hashlib
import os
import pstats
import shutil
import statistics
import tempfile
from pathlib import Path
from typing import Any

from bench.extract_set import Sample, load_manifest
from bench.extract_set.__main__ import SYNTHETIC, build
from bench.extract_set.score import Report, read_set
from bench.extract_set.truth import EXTRA_FIELDS, SCORED_FIELDS, SHORT_NAMES

TARGETS = {"text": 0.95, "scan": 0.85}
"""Share right the issue asks of each scored field, per kind of file."""
SCANS = int(os.environ.get("SAISIE_EXTRACT_SCANS", "48"))
PROFILED_TEXT = 60
"""One-page text PDFs read under the profiler."""
PROFILED_SCANS = 3


def _stamp(corpus: Path, scans: int, synthetic: int) -> str:
    """What the set depends on: the generator's code, the corpus's truth, the counts."""
    digest = hashlib.sha256(f"{scans} {synthetic}".encode())
    for path in sorted((Path(__file__).parent / "extract_set").glob("*.py")):
        digest.update(path.read_bytes())
    digest.update((corpus / "truth.jsonl").read_bytes())
    return digest.hexdigest()[:16]


def set_folder(corpus: Path, scans: int = SCANS, synthetic: int = SYNTHETIC) -> Path:
    """The generated set's folder, made (or made again) when out of date."""

    folder = Path(
        os.environ.get("SAISIE_EXTRACT_SET") or Path(tempfile.gettempdir()) / "saisie-extract-set"
    )
    stamp = _stamp(corpus, scans, synthetic)
    stamp_file = folder / "stamp"
    if (
        stamp_file.is_file()
        and stamp_file.read_text() == stamp
        and (folder / "set.jsonl").is_file()
    ):
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    build(folder, corpus, scans, synthetic)
    stamp_file.write_text(stamp)
    return folder


def _section(report: Report, target: float) -> dict[str, Any]:
    fields = (*SCORED_FIELDS, *EXTRA_FIELDS)
    below = [
        SHORT_NAMES[name]
        for name in SCORED_FIELDS
        if (ratio := report.overall.ratio(name)) is not None and ratio < target
    ]
    return {
        "files": len(report.timings),
        "read_errors": len(report.errors),
        "per_field": report.overall.shown(fields),
        "target": f"{target:.0%} of {', '.join(SHORT_NAMES[name] for name in SCORED_FIELDS)}",
        "fields_below_target": below,
        "per_layout": {
            name: tally.shown(SCORED_FIELDS) for name, tally in sorted(report.by_layout.items())
        },
        "per_language": {
            name: tally.shown(SCORED_FIELDS) for name, tally in sorted(report.by_language.items())
        },
        "calibration": report.calibration(),
    }


def _speed(text: Report, scans: Report) -> dict[str, Any]:
    one_page = [ms for ms, pages in text.timings if pages == 1]
    per_page = [ms / 1000 / max(pages, 1) for ms, pages in scans.timings]
    return {
        "text_pdf_one_page_median_ms": round(statistics.median(one_page), 2) if one_page else None,
        "text_pdf_one_page_p90_ms": round(statistics.quantiles(one_page, n=10)[-1], 2)
        if len(one_page) >= 10
        else None,
        "text_pdf_one_page_files": len(one_page),
        "ocr_seconds_per_page_median": round(statistics.median(per_page), 2) if per_page else None,
        "ocr_seconds_per_page_max": round(max(per_page), 2) if per_page else None,
        "targets": "text PDF <= 10 ms median a page; OCR <= 1.5 s a page",
    }


def _group(filename: str, function: str) -> str:
    """Which part of the work a profiled function belongs to."""
    if "pypdfium2" in filename:
        return "pypdfium2 (open, text, render)"
    if "/books/invoices/" in filename:
        return "books.invoices." + Path(filename).stem
    if filename == "~":
        if any(word in function for word in ("poll", "select", "waitpid", "read", "fork_exec")):
            return "waiting for tesseract (subprocess)"
        if "re.Pattern" in function or "_sre" in function or "'re." in function:
            return "re (regular expressions)"
        return "builtins"
    if "/subprocess.py" in filename or "/selectors.py" in filename:
        return "waiting for tesseract (subprocess)"
    if "/re/" in filename or filename.endswith("/re.py"):
        return "re (regular expressions)"
    return "other"


def where_time_goes(folder: Path, samples: list[Sample]) -> dict[str, Any]:
    """Milliseconds per file by part of the work, from cProfile's own times."""
    from books.invoices import read_invoice

    if not samples:
        return {}
    profiler = cProfile.Profile()
    profiler.enable()
    for sample in samples:
        read_invoice(folder / sample.file)
    profiler.disable()
    stats = pstats.Stats(profiler)
    groups: dict[str, float] = {}
    for (filename, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        name = _group(filename, function)
        groups[name] = groups.get(name, 0.0) + row[2]
    total = sum(groups.values())
    ranked = sorted(groups.items(), key=lambda item: -item[1])
    return {
        "files": len(samples),
        "ms_per_file_profiled": round(1000 * total / len(samples), 2),
        "share": {
            name: f"{100 * seconds / total:.0f}% ({1000 * seconds / len(samples):.2f} ms)"
            for name, seconds in ranked[:8]
        },  # fmt: skip
        "note": "cProfile adds overhead: the shares matter, not the total",
    }


def labelled_set(corpus: Path, scans: int = SCANS, synthetic: int = SYNTHETIC) -> dict[str, Any]:
    """Every figure of the labelled set (made of ``corpus``, with ``scans`` scans and
    ``synthetic`` made-up invoices)."""
    folder = set_folder(corpus, scans, synthetic)
    samples = load_manifest(folder)
    texts = [sample for sample in samples if sample.kind == "text"]
    scans = [sample for sample in samples if sample.kind == "scan"]
    text_report = read_set(folder, texts)
    scan_report = read_set(folder, scans)
    one_page = [sample for sample in texts if sample.pages == 1]
    return {
        "set": {"folder": str(folder), "text_pdfs": len(texts), "scans": len(scans)},
        "text": _section(text_report, TARGETS["text"]),
        "scan": _section(scan_report, TARGETS["scan"]),
        "speed": _speed(text_report, scan_report),
        "where_time_goes": {
            "text_pdf": where_time_goes(
                folder, one_page[:: max(1, len(one_page) // PROFILED_TEXT)]
            ),
            "scan": where_time_goes(folder, scans[:PROFILED_SCANS]),
        },
    }
