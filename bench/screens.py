"""Screens that open from a key: ``python -m bench.screens`` prints JSON figures.

Timed through tmux as a person sees them (:mod:`bench.term`: key sent → the
new screen's text on the pane), at 120×40, in the demo's 100,000-customer
dossier (``distribution-nationale-alimentaire``), ``--runs`` times each
(medians; the first opening, which also imports the screen's modules, apart):

- ``record_ms``: ``⏎`` on the list → the record (fiche) with its sections;
- ``form_ms``: ``n`` on the list → the new-customer form;
- ``settings_ms``: ``g`` on the dossier → the dossier settings (Gérer);
- ``floor_form_ms``: what Textual itself costs for such a screen, the same way:
  a minimal app whose ``n`` pushes a dialog of 20 labelled inputs (the
  new-customer form holds 20 fields) over a screen, nothing read, no styling of ours;
- ``cpu_ms``: the app's CPU time for each of these openings (all its threads,
  from the key until 0.3 s after the screen shows): on this shared machine the
  wall time is mostly waiting for a core, CPU time much less so;
- ``load``: the load average at the start and at the end.

The demo database is made once in ``$SAISIE_BENCH_SCREENS_DIR`` (default
``/tmp/saisie-bench-screens``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import common
from bench.common import SAISIE
from bench.term import Pane

BENCH_DIR = Path(os.environ.get("SAISIE_BENCH_SCREENS_DIR", "/tmp/saisie-bench-screens"))
SLUG_WORD = "distribution"
Lines = list[str]


def _has(text: str) -> Callable[[Lines], bool]:
    return lambda lines: any(text in line for line in lines)


def _gone(text: str) -> Callable[[Lines], bool]:
    return lambda lines: not any(text in line for line in lines)


def cpu_ms(pid: int) -> float:
    """CPU time a process has used so far (user and system, all its threads), in ms."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


CPU: dict[str, list[float]] = {}
"""The app's CPU time for each opening (ms), by figure."""


def _open(pane: Pane, key: str, shown: str, closed: str, cpu: list[float] | None = None) -> float:
    """Milliseconds from ``key`` to ``shown`` on screen; then escape until it is gone.
    With ``cpu``, the app's CPU time from the key until the screen is drawn and
    settled (0.3 s later, so that work the screen does right after its first
    paint counts too) is appended to it."""
    pid = pane.pid()
    before = cpu_ms(pid)
    elapsed = pane.timed(key, _has(shown))
    time.sleep(0.3)
    if cpu is not None:
        cpu.append(cpu_ms(pid) - before)
    pane.keys("Escape")
    pane.wait(_gone(closed))
    time.sleep(0.3)
    return elapsed


FLOOR_APP = """
from textual.app import App
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label

class Form(ModalScreen):
    BINDINGS = [("escape", "app.pop_screen")]
    def compose(self):
        with Vertical():
            yield Label("Nouveau client")
            with VerticalScroll():
                for n in range(20):
                    with Horizontal(classes="row"):
                        yield Label(f"Champ {n}")
                        yield Input()

class Floor(App):
    CSS = ".row { height: 3; } Label { width: 20; }"
    BINDINGS = [("n", "form")]
    def compose(self):
        yield Label("ready")
    def action_form(self):
        self.push_screen(Form())

Floor().run()
"""


def floor_form(runs: int) -> list[float]:
    """Openings of the minimal form app's dialog (the first included)."""
    script = BENCH_DIR / "floor_form.py"
    script.write_text(FLOOR_APP, encoding="utf-8")
    pane = Pane(f"saisie-screens-floor-{os.getpid()}", f"exec {sys.executable} {script}")
    try:
        pane.wait(_has("ready"))
        time.sleep(0.5)
        cpu = CPU.setdefault("floor_form_ms", [])
        return [_open(pane, "n", "Nouveau client", "Nouveau client", cpu) for _ in range(runs + 1)]
    finally:
        pane.close()


def _summary(samples: list[float]) -> dict[str, float]:
    return {"first": round(samples[0], 1), "median": round(statistics.median(samples[1:]), 1),
            "max": round(max(samples[1:]), 1)}


def run(runs: int = 5) -> dict[str, Any]:
    """All screen figures."""
    if shutil.which("tmux") is None:
        raise SystemExit("bench.screens needs tmux")
    config = common.demo_config(BENCH_DIR)
    load = os.getloadavg()[0]
    pane = Pane(f"saisie-screens-{os.getpid()}", f"exec {SAISIE} --config {config}")
    figures: dict[str, list[float]] = {"record_ms": [], "form_ms": [], "settings_ms": []}
    try:
        pane.wait(_has("dossier(s) sur"))
        pane.keys("/")
        time.sleep(0.3)
        pane.keys(SLUG_WORD, literal=True)
        pane.wait(_has("1 dossier(s) sur"))
        pane.keys("Enter")
        time.sleep(0.3)
        pane.keys("Enter")
        pane.wait(_has("Clients"))
        time.sleep(0.5)
        for _ in range(runs + 1):
            figures["settings_ms"].append(_open(pane, "g", "Gérer —", "Gérer —",
                                                CPU.setdefault("settings_ms", [])))
        pane.keys("v")
        pane.wait(_has("100\u202f000 client"))
        time.sleep(0.5)
        for _ in range(runs + 1):
            figures["record_ms"].append(_open(pane, "Enter", "2 Identité", "2 Identité",
                                              CPU.setdefault("record_ms", [])))
            figures["form_ms"].append(_open(pane, "n", "Nouveau client", "Nouveau client",
                                            CPU.setdefault("form_ms", [])))
    finally:
        pane.close()
    figures["floor_form_ms"] = floor_form(runs)
    result: dict[str, Any] = {name: _summary(samples) for name, samples in figures.items()}
    result["cpu_ms"] = {name: _summary(samples) for name, samples in CPU.items()}
    result["runs"] = runs
    result["load"] = [round(load, 2), round(os.getloadavg()[0], 2)]
    result["targets"] = {"record_ms": 100, "form_ms": 100, "settings_ms": 100}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.screens", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="openings of each screen after the first")
    print(json.dumps(run(parser.parse_args().runs), indent=2))


if __name__ == "__main__":
    main()
