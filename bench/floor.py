"""What Textual itself costs per key: ``python -m bench.floor`` prints JSON figures.

Two minimal Textual apps at the frame rate Saisie sets (``TEXTUAL_FPS=120``),
timed exactly like the list in :mod:`bench.parties` (key into a tmux pane →
the new text on screen):

- ``key_to_screen_ms``: one label showing how many keys it received (the
  least a key can cost: one short line redrawn);
- ``full_repaint_ms``: a line-API widget whose every visible line changes on
  each key, drawn from precomputed text (what a page down must at least cost:
  the whole region redrawn and sent to the terminal).

No application answers faster than these through Textual and tmux on this
machine; they are the floors the list's figures are read against.
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

PAGES = """
from rich.segment import Segment
from textual.app import App
from textual.strip import Strip
from textual.widget import Widget

LINES = [f"{n:>8}  " + f"Société de démonstration numéro {n} SARL ".ljust(60, ".") + " Paris"
         for n in range(100_000)]

class Lines(Widget, can_focus=True):
    top = 0
    def render_line(self, y):
        text = "keys " + str(self.top) if y == 0 else LINES[self.top * 40 + y]
        return Strip([Segment(text.ljust(self.size.width)[:self.size.width])], self.size.width)
    def on_key(self, event):
        self.top += 1
        self.refresh()

class Floor(App):
    def compose(self):
        yield Lines()

Floor().run()
"""


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(int(q * len(ordered)), len(ordered) - 1)], 1)


def _time_keys(source: str, keys: int) -> dict[str, float]:
    """Start the app ``source`` in a pane and time ``keys`` keystrokes."""
    fps = os.environ.get("TEXTUAL_FPS", "120")
    pane = Pane(f"saisie-floor-{os.getpid()}",
                f"TEXTUAL_FPS={fps} exec {sys.executable} -c '{source}'")
    try:
        pane.wait(lambda ls: any("keys 0" == line.strip() for line in ls))
        times = []
        for n in range(1, keys + 1):
            times.append(pane.timed("Down", lambda ls, n=n: any(f"keys {n}" == line.strip()
                                                                for line in ls[:2])))
    finally:
        pane.close()
    return {"p50": _p(times, 0.5), "p95": _p(times, 0.95), "mean": round(statistics.mean(times), 1)}


def run(keys: int = 60) -> dict[str, Any]:
    """Time ``keys`` keystrokes of each minimal app."""
    return {"key_to_screen_ms": _time_keys(APP, keys),
            "full_repaint_ms": _time_keys(PAGES, keys),
            "textual_fps": int(os.environ.get("TEXTUAL_FPS", "120"))}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
