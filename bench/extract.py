"""Invoice reading benchmark: ``python -m bench.extract`` prints JSON figures.

- structured invoices (CII, UBL XML, Factur-X/ZUGFeRD PDF) read per second,
  one process, over every ``ok`` invoice of the shared corpus's truth;
- milliseconds per one-page text PDF (no XML: text extraction + heuristics);
- how many fields the text heuristics get right on the plain PDFs;
- on the labelled set of :mod:`bench.extract_set` (the corpus's e-invoices
  printed in six layouts and four locales, the Factur-X PDFs' printed pages,
  scan-like copies), for text PDFs and scans apart: per field accuracy, per
  layout and per language, the confidence calibration table, the median
  milliseconds per one-page text PDF and the OCR seconds per page, and where
  the time goes (profiled);
- how soon ``saisie extract FILE`` answers, and the XML schemas' cost before
  and after they were compiled lazily (:mod:`bench.extract_startup`).

The corpus is ``<repo>/../shared/corpus``, or ``$SAISIE_CORPUS``. The set is
generated into ``$SAISIE_EXTRACT_SET`` (default ``<tmp>/saisie-extract-set``)
and reused while the generator and the corpus are unchanged;
``SAISIE_EXTRACT_SCANS`` sets how many scans it holds (default 48).

``python -m bench.extract [corpus] [set] [startup]`` prints only those parts.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HEURISTIC_FIELDS = (
    "invoice_number",
    "type_code",
    "issue_date",
    "due_date",
    "currency",
    "seller_name",
    "seller_vat_id",
    "buyer_name",
    "buyer_vat_id",
    "tax_exclusive_total",
    "tax_total",
    "tax_inclusive_total",
    "payable_amount",
    "vat_breakdown",
    "iban",
)
"""Truth fields scored for the plain PDFs (those a printed invoice can show)."""


def corpus_dir() -> Path:
    """The shared corpus: ``$SAISIE_CORPUS`` or ``<repo>/../shared/corpus``."""
    configured = os.environ.get("SAISIE_CORPUS")
    path = (
        Path(configured)
        if configured
        else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    )
    if not (path / "truth.jsonl").is_file():
        raise SystemExit(f"invoice corpus not found at {path} (set SAISIE_CORPUS)")
    return path


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def structured_rate(corpus: Path, rounds: int = 3) -> dict[str, Any]:
    """Structured invoices read per second (best of ``rounds`` passes)."""
    from books.invoices import read_invoice

    files = sorted(
        {
            str(corpus / "files" / row["file"])
            for row in _rows(corpus / "truth.jsonl")
            if row["status"] == "ok"
        }
    )
    for name in files:  # compile each schema once first, as a long-running inbox has
        read_invoice(name)
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for name in files:
            read_invoice(name)
        best = min(best, time.perf_counter() - start)
    return {
        "files": len(files),
        "seconds": round(best, 3),
        "invoices_per_second": round(len(files) / best, 1),
    }


def text_pdf_ms(corpus: Path, repeat: int = 5) -> dict[str, Any]:
    """Median milliseconds to read a one-page text PDF (no XML)."""
    from books.invoices import read_invoice

    files = [corpus / "files" / row["file"] for row in _rows(corpus / "plain_pdfs.jsonl")]
    timings = []
    for name in files:
        for _ in range(repeat):
            start = time.perf_counter()
            read_invoice(name)
            timings.append((time.perf_counter() - start) * 1000)
    return {
        "files": len(files),
        "median_ms": round(statistics.median(timings), 2),
        "max_ms": round(max(timings), 2),
    }


def plain_accuracy(corpus: Path) -> dict[str, Any]:
    """Fields the text heuristics get right on the plain PDFs, per field and overall."""
    from books.invoices import read_invoice
    from books.invoices.truth import field_matches

    per_field: dict[str, list[int]] = {}
    for row in _rows(corpus / "plain_pdfs.jsonl"):
        result = read_invoice(corpus / "files" / row["file"])
        for name in HEURISTIC_FIELDS:
            expected = row["fields"].get(name)
            if expected in (None, [], ""):
                continue
            score = per_field.setdefault(name, [0, 0])
            score[0] += bool(result.error is None and field_matches(name, expected, result))
            score[1] += 1
    right = sum(score[0] for score in per_field.values())
    total = sum(score[1] for score in per_field.values())
    return {
        "fields_right": right,
        "fields_total": total,
        "ratio": round(right / total, 3) if total else None,
        "per_field": {name: f"{score[0]}/{score[1]}" for name, score in per_field.items()},
    }


PARTS = ("corpus", "set", "startup")
"""What ``python -m bench.extract [PART…]`` measures (all by default)."""


def run(parts: tuple[str, ...] = PARTS) -> dict[str, Any]:
    """Every figure of this benchmark, as a JSON-ready dict."""
    from bench.extract_report import labelled_set

    corpus = corpus_dir() if {"corpus", "set"} & set(parts) else Path()
    figures: dict[str, Any] = {}
    if "corpus" in parts:
        figures["structured"] = structured_rate(corpus)
        figures["text_pdf"] = text_pdf_ms(corpus)
        figures["plain_pdf_accuracy"] = plain_accuracy(corpus)
    if "set" in parts:
        figures["labelled_set"] = labelled_set(corpus)
    if "startup" in parts:
        from bench import extract_startup

        figures["startup"] = extract_startup.run()
    return figures


if __name__ == "__main__":
    print(json.dumps(run(tuple(sys.argv[1:]) or PARTS), indent=2, ensure_ascii=False))
