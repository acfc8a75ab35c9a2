"""What Textual itself costs per key: ``python -m bench.floor`` prints JSON figures.

A one-label Textual app (the label shows how many keys it received), at the
same frame rate Saisie sets (``TEXTUAL_FPS=120``), timed exactly like the
list's cursor moves in :mod:`bench.parties` (key into a tmux pane → the new
text on screen). No application can answer a key faster than this through
Textual and tmux on this machine; it is the floor the list's figures are read
against.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from typing import Any

from bench.term import Pane

APP = """
from textual.app import App
from textual.widgets import Label

class Floor(App):
    def compose(self):
        yield Label("keys 0", id="n")
    def on_key(self, event):
        self.n = getattr(self, "n", 0) + 1
        self.query_one("#n", Label).update(f"keys {self.n}")

Floor().run()
"""


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(int(q * len(ordered)), len(ordered) - 1)], 1)


def run(keys: int = 60) -> dict[str, Any]:
    """Time ``keys`` keystrokes of the one-label app."""
    fps = os.environ.get("TEXTUAL_FPS", "120")
    pane = Pane(f"saisie-floor-{os.getpid()}",
                f"TEXTUAL_FPS={fps} exec {sys.executable} -c '{APP}'")
    try:
        pane.wait(lambda ls: any("keys 0" in line for line in ls))
        times = []
        for n in range(1, keys + 1):
            times.append(pane.timed("Down", lambda ls, n=n: any(f"keys {n}" == line.strip()
                                                                for line in ls)))
    finally:
        pane.close()
    return {"key_to_screen_ms": {"p50": _p(times, 0.5), "p95": _p(times, 0.95),
                                 "mean": round(statistics.mean(times), 1)},
            "textual_fps": int(fps)}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
