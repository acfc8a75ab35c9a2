"""Command-line benchmark: ``python -m bench.commands`` prints JSON figures.

On the demo's 100,000-customer list (``distribution-nationale-alimentaire``),
each command run as a person runs it (a new process), median of ``--runs``:

- ``parties_export_s``: ``saisie parties export`` of the 100,000 customers to a file;
- ``parties_archive_20000_codes_s``: ``saisie parties archive`` with 20,000 codes
  on the command line (``parties_restore_20000_codes_s``: the same codes restored,
  which also puts the list back for the next run);
- ``dossier_list_s``, ``dossier_show_s``, ``parties_list_s`` (a filtered page
  of the 100,000): read-only commands, start-up included.

Each figure gives the wall time (``s``) and the CPU time of the process
(``cpu_s``, user + system): on this shared machine the wall time grows with the
load of the moment, the CPU time much less. ``load`` is the load average when
the suite started. The demo database is made once in
``$SAISIE_BENCH_COMMANDS_DIR`` (default ``/tmp/saisie-bench-commands``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

from bench import common
from bench.common import SAISIE

BENCH_DIR = Path(os.environ.get("SAISIE_BENCH_COMMANDS_DIR", "/tmp/saisie-bench-commands"))
SLUG = "distribution-nationale-alimentaire"
LIST = ("--dossier", SLUG, "--kind", "customer")
CODES = 20_000


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one ``saisie`` run."""
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run([SAISIE, *args], check=True, capture_output=True)
    return time.perf_counter() - start, _children_cpu() - cpu


def _median(samples: list[tuple[float, float]]) -> dict[str, float]:
    return {"s": round(statistics.median(s for s, _ in samples), 3),
            "cpu_s": round(statistics.median(c for _, c in samples), 3)}


def active_codes(config: Path, count: int) -> list[str]:
    """``count`` codes of active customers of the big list (read without the app)."""
    database = BENCH_DIR / "saisie.db"
    assert database.exists(), config
    with sqlite3.connect(database) as conn:
        return [code for (code,) in conn.execute(
            "SELECT p.code FROM party p JOIN dossier d ON d.id = p.dossier_id "
            "WHERE d.slug = ? AND p.kind = 'customer' AND p.deleted_at IS NULL "
            "AND NOT p.archived ORDER BY p.code LIMIT ?", (SLUG, count))]


def run(runs: int = 3) -> dict[str, Any]:
    """All command figures."""
    config = common.demo_config(BENCH_DIR)
    base = ["--config", str(config)]
    load = os.getloadavg()[0]
    codes = active_codes(config, CODES)
    output = BENCH_DIR / "export.csv"
    figures: dict[str, list[tuple[float, float]]] = {}

    def measure(name: str, args: list[str]) -> None:
        figures.setdefault(name, []).append(timed([*base, *args]))

    for _ in range(runs):
        measure("dossier_list", ["dossier", "list"])
        measure("dossier_show", ["dossier", "show", SLUG])
        measure("parties_list", ["parties", "list", *LIST, "--filter", "fournier"])
        measure("parties_export", ["parties", "export", *LIST, "--output", str(output)])
        measure("parties_archive_20000_codes", ["parties", "archive", *codes, *LIST])
        measure("parties_restore_20000_codes", ["parties", "restore", *codes, *LIST])
    result: dict[str, Any] = {f"{name}_s": _median(samples) for name, samples in figures.items()}
    result["runs"] = runs
    result["load"] = round(load, 2)
    result["targets"] = {"parties_export_s": 2.0, "parties_archive_20000_codes_s": 2.0,
                         "read_only_commands_s": 0.4}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.commands",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (medians)")
    print(json.dumps(run(parser.parse_args().runs), indent=2))


if __name__ == "__main__":
    main()
