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
  new-customer form holds 20 fields) over a screen, nothing read, no styling of ours.

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


def _open(pane: Pane, key: str, shown: str, closed: str) -> float:
    """Milliseconds from ``key`` to ``shown`` on screen; then escape until it is gone."""
    elapsed = pane.timed(key, _has(shown))
    time.sleep(0.3)
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
        return [_open(pane, "n", "Nouveau client", "Nouveau client") for _ in range(runs + 1)]
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
            figures["settings_ms"].append(_open(pane, "g", "Gérer —", "Gérer —"))
        pane.keys("v")
        pane.wait(_has("100\u202f000 client"))
        time.sleep(0.5)
        for _ in range(runs + 1):
            figures["record_ms"].append(_open(pane, "Enter", "2 Identité", "2 Identité"))
            figures["form_ms"].append(_open(pane, "n", "Nouveau client", "Nouveau client"))
    finally:
        pane.close()
    figures["floor_form_ms"] = floor_form(runs)
    result: dict[str, Any] = {name: _summary(samples) for name, samples in figures.items()}
    result["runs"] = runs
    result["load"] = round(load, 2)
    result["targets"] = {"record_ms": 100, "form_ms": 100, "settings_ms": 100}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.screens", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="openings of each screen after the first")
    print(json.dumps(run(parser.parse_args().runs), indent=2))


if __name__ == "__main__":
    main()
