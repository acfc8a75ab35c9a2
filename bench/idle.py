"""Idle benchmark: ``python -m bench.idle`` prints, per screen, what the app sends at rest.

Over SSH every byte the app writes to its terminal crosses the network, and a
screen nobody touches should write nothing. For each screen the app is led to
it through tmux, left alone for a moment (toasts fade, workers finish), then
for ``--seconds`` (10 by default) without a key:

- ``bytes``: what the app wrote to its terminal (tmux ``pipe-pane -o`` copies
  the pane's output to a file);
- ``cpu_pct``: the app's CPU time over that window (user + system, all its
  threads, from ``/proc/<pid>/stat``), as a percentage of one core.

Screens: the dossiers, a dossier's overview, a small customer list (320), the
record of one of its customers, the new-party form (``n``), the import
mapping (a 3-column CSV), the dossier settings (``g``), the dossier's purchases
inbox list (``b``) and the document view on its first document (``⏎``), and the
demo's 100,000-customer list; at 120×40 and 80×24 (``--size 80x24`` for one).
The demo database is made once in ``$SAISIE_BENCH_IDLE_DIR`` (default
``/tmp/saisie-bench-idle``). ``--runs N`` repeats everything and prints medians.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import common
from bench.common import SAISIE
from bench.term import Pane

BENCH_DIR = Path(os.environ.get("SAISIE_BENCH_IDLE_DIR", "/tmp/saisie-bench-idle"))
SIZES = ((120, 40), (80, 24))
SETTLE_SECONDS = 2.0
"""Left alone before counting: workers end, the first poll answers."""
CSV_TEXT = "Code;Raison sociale;Ville\nC1;Alpha SARL;Lyon\nC2;Bêta SAS;Paris\n"

Lines = list[str]


def _has(text: str) -> Callable[[Lines], bool]:
    return lambda lines: any(text in line for line in lines)


def _gone(text: str) -> Callable[[Lines], bool]:
    return lambda lines: not any(text in line for line in lines)


class IdleProbe:
    """The app in one tmux pane, and a way to count what it writes."""

    def __init__(self, config: Path, width: int, height: int) -> None:
        self.out = BENCH_DIR / "pane-output.bin"
        self.pane = Pane(f"saisie-idle-{os.getpid()}", f"exec {SAISIE} --config {config}",
                         width, height)
        self.pid = self.pane.pid()

    def _cpu_ticks(self) -> int:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime

    def measure(self, seconds: float) -> dict[str, float]:
        """Bytes written and CPU used over ``seconds`` without a key."""
        time.sleep(SETTLE_SECONDS)
        self.out.unlink(missing_ok=True)
        ticks = self._cpu_ticks()
        start = time.perf_counter()
        self.pane.command(f"pipe-pane -o -t {self.pane.name} 'cat > {self.out}'")
        time.sleep(seconds)
        self.pane.command(f"pipe-pane -t {self.pane.name}")
        elapsed = time.perf_counter() - start
        cpu = (self._cpu_ticks() - ticks) / os.sysconf("SC_CLK_TCK")
        time.sleep(0.2)  # the pipe's cat writes what it still holds
        sent = self.out.stat().st_size if self.out.exists() else 0
        return {"bytes": sent, "cpu_pct": round(100 * cpu / elapsed, 2)}

    def keys(self, *names: str, literal: bool = False) -> None:
        self.pane.keys(*names, literal=literal)

    def wait(self, condition: Callable[[Lines], bool]) -> None:
        self.pane.wait(condition, timeout=30)

    def close(self) -> None:
        self.pane.close()


def _open_dossier(probe: IdleProbe, word: str) -> None:
    """From the dossiers screen, filter on ``word`` and open the one dossier left."""
    probe.keys("/")
    time.sleep(0.3)
    probe.keys(word, literal=True)
    probe.wait(_has("1 dossier(s) sur"))
    probe.keys("Enter")
    time.sleep(0.3)
    probe.keys("Enter")
    probe.wait(_has("Clients"))


def tour(probe: IdleProbe, seconds: float, csv: Path) -> dict[str, dict[str, float]]:
    """Lead the app through each screen and measure it at rest."""
    from tui.screens.parties.actions import menu_entries

    figures: dict[str, dict[str, float]] = {}
    probe.wait(_has("dossier(s) sur"))
    figures["dossiers"] = probe.measure(seconds)
    _open_dossier(probe, "boulangerie")
    figures["dossier"] = probe.measure(seconds)
    probe.keys("v")
    probe.wait(_has("320 client"))
    figures["list_small"] = probe.measure(seconds)
    probe.keys("Enter")
    probe.wait(_has("2 Identité"))
    figures["record"] = probe.measure(seconds)
    probe.keys("Escape")
    probe.wait(_gone("2 Identité"))
    probe.keys("n")
    probe.wait(_has("Nouveau client"))
    figures["form"] = probe.measure(seconds)
    probe.keys("Escape")
    probe.wait(_gone("Nouveau client"))
    probe.keys("a")
    probe.wait(_has("Actions sur"))
    for _ in range(menu_entries().index("import")):
        probe.keys("Down")
    probe.keys("Enter")
    probe.wait(_has("Importer des"))
    time.sleep(0.3)
    probe.keys(str(csv), literal=True)
    probe.wait(_has(csv.name))
    probe.keys("Enter")
    probe.wait(_has("Séparateur"))
    figures["import_mapping"] = probe.measure(seconds)
    probe.keys("C-x")
    probe.wait(_gone("Importer des"))
    probe.keys("Escape")
    probe.wait(_gone("320 client"))
    probe.keys("g")
    probe.wait(_has("Gérer —"))
    figures["settings"] = probe.measure(seconds)
    probe.keys("Escape")
    probe.wait(_gone("Gérer —"))
    probe.keys("b")
    probe.wait(_has("Boîte de réception"))
    figures["inbox_list"] = probe.measure(seconds)
    probe.keys("Enter")
    probe.wait(_has("Pièce 1/"))
    figures["document_view"] = probe.measure(seconds)
    probe.keys("Escape")
    probe.wait(_gone("Pièce 1/"))
    probe.keys("Escape")
    probe.wait(_gone("Boîte de réception"))
    probe.keys("Escape")
    probe.wait(_has("dossier(s) sur"))
    time.sleep(0.2)
    probe.keys("Escape")  # the filter typed earlier
    probe.wait(_has("8 dossier(s) sur"))
    _open_dossier(probe, "distribution")
    probe.keys("v")
    probe.wait(_has("100\u202f000 client"))
    figures["list_100k"] = probe.measure(seconds)
    return figures


def run(seconds: float = 10.0, sizes: tuple[tuple[int, int], ...] = SIZES, runs: int = 1
        ) -> dict[str, Any]:
    """Bytes sent and CPU used per idle screen, per terminal size (medians of ``runs``)."""
    if shutil.which("tmux") is None:
        raise SystemExit("bench.idle needs tmux")
    config = common.demo_config(BENCH_DIR)
    csv = BENCH_DIR / "idle-import.csv"
    csv.write_text(CSV_TEXT, encoding="utf-8")
    results: dict[str, Any] = {"seconds": seconds, "runs": runs}
    for width, height in sizes:
        samples: list[dict[str, dict[str, float]]] = []
        for _ in range(runs):
            probe = IdleProbe(config, width, height)
            try:
                samples.append(tour(probe, seconds, csv))
            finally:
                probe.close()
        results[f"{width}x{height}"] = {
            screen: {figure: statistics.median(s[screen][figure] for s in samples)
                     for figure in ("bytes", "cpu_pct")}
            for screen in samples[0]
        }
    results["targets"] = {"bytes": 0}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.idle", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="idle window per screen")
    parser.add_argument("--size", help="one terminal size, e.g. 80x24 (default: 120x40 and 80x24)")
    parser.add_argument("--runs", type=int, default=1, help="repeat and print medians")
    args = parser.parse_args()
    sizes = SIZES
    if args.size:
        width, height = (int(n) for n in args.size.lower().split("x"))
        sizes = ((width, height),)
    print(json.dumps(run(args.seconds, sizes, args.runs), indent=2))


if __name__ == "__main__":
    main()
