"""``python -m bench.extract_set OUTDIR [--scans N] [--corpus PATH]``: write the labelled set.

Renders every e-invoice of the shared corpus (``$SAISIE_CORPUS`` or
``<repo>/../shared/corpus``) in every layout, keeps the Factur-X PDFs'
printed pages, and makes ``--scans`` scan-like copies (48 by default).
Prints a summary; the samples and their truth are in ``OUTDIR/set.jsonl``.
"""

from __future__ import annotations

import argparse
import collections
import json
import time
from pathlib import Path

from bench.extract_set import corpus_sources, generate


def build(out: Path, corpus: Path, scans: int) -> dict[str, object]:
    """Write the set of ``corpus`` into ``out``; returns what was written."""
    start = time.perf_counter()
    xml, pdfs = corpus_sources(corpus)
    printed = [(corpus / "files" / source.source, source) for source in pdfs]
    samples = generate(out, xml, printed=printed, scans=scans)
    kinds = collections.Counter(sample.kind for sample in samples)
    layouts = collections.Counter(sample.layout for sample in samples if sample.kind == "text")
    locales = collections.Counter(sample.locale for sample in samples if sample.kind == "text")
    return {
        "folder": str(out),
        "e_invoices": len(xml),
        "facturx_pdfs": len(pdfs),
        "samples": dict(kinds),
        "layouts": dict(layouts),
        "locales": dict(locales),
        "seconds": round(time.perf_counter() - start, 1),
    }


def main() -> None:
    """Parse the command line and write the set."""
    from bench.extract import corpus_dir

    parser = argparse.ArgumentParser(prog="python -m bench.extract_set", description=__doc__)
    parser.add_argument("out", type=Path, help="folder to write the set into (created)")
    parser.add_argument(
        "--scans", type=int, default=48, help="scan-like copies to make (default 48)"
    )
    parser.add_argument(
        "--corpus", type=Path, default=None, help="corpus folder (default: the shared corpus)"
    )
    args = parser.parse_args()
    corpus = args.corpus or corpus_dir()
    print(json.dumps(build(args.out, corpus, args.scans), indent=2))


if __name__ == "__main__":
    main()
