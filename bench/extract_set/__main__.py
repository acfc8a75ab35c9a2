"""``python -m bench.extract_set OUTDIR [--scans N] [--synthetic N] [--corpus PATH]``.

Writes the labelled set: every e-invoice of the shared corpus
(``$SAISIE_CORPUS`` or ``<repo>/../shared/corpus``) and ``--synthetic``
made-up French ones (40 by default) rendered in every layout, the Factur-X
PDFs' printed pages, and ``--scans`` scan-like copies (48 by default).
Prints a summary; the samples and their truth are in ``OUTDIR/set.jsonl``.
"""

from __future__ import annotations

import argparse
import collections
import json
import time
from pathlib import Path

from bench.extract_set import corpus_sources, generate, synthetic_sources

SYNTHETIC = 40
"""Made-up French e-invoices added to the corpus's by default."""


def build(out: Path, corpus: Path, scans: int, synthetic: int = SYNTHETIC) -> dict[str, object]:
    """Write the set of ``corpus`` (and ``synthetic`` made-up invoices) into ``out``;
    returns what was written."""
    start = time.perf_counter()
    xml, pdfs = corpus_sources(corpus)
    made = synthetic_sources(out / "sources", synthetic)
    xml += made
    printed = [(corpus / "files" / source.source, source) for source in pdfs]
    samples = generate(out, xml, printed=printed, scans=scans)
    kinds = collections.Counter(sample.kind for sample in samples)
    layouts = collections.Counter(sample.layout for sample in samples if sample.kind == "text")
    locales = collections.Counter(sample.locale for sample in samples if sample.kind == "text")
    return {
        "folder": str(out),
        "e_invoices": len(xml) - len(made),
        "synthetic_e_invoices": len(made),
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
    parser.add_argument(
        "--synthetic",
        type=int,
        default=SYNTHETIC,
        help=f"made-up French e-invoices (default {SYNTHETIC})",
    )
    args = parser.parse_args()
    corpus = args.corpus or corpus_dir()
    print(json.dumps(build(args.out, corpus, args.scans, args.synthetic), indent=2))


if __name__ == "__main__":
    main()
