"""Moving between fields: ``python -m bench.forms`` prints JSON figures.

Measured through tmux at 120×40 like :mod:`bench.parties`: ``tab`` and one
letter are sent together, and the time runs until the letter shows in the
next field (the least a person typing ``⇥`` then a letter can wait).

- ``party_form_tab_ms``: the party form (``n`` on the bakery's customer list of
  the demo, the list drawn behind it), p50/p95/max over the first fields and back
  with ``shift+tab``;
- ``bare_form_tab_ms``: the same measure on a bare Textual app with three inputs
  (the floor: what Textual itself costs on this machine; its ``tab`` is made a
  priority binding, else the letter lands in the field being left);
- ``burst_ok``: the whole of ``CX1⇥Nom Humain⇥552100554`` sent in one tmux
  command lands in Code, Raison sociale and SIREN.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from typing import Any

from bench.common import SAISIE
from bench.parties import demo_config
from bench.term import Pane

LABELS = ("Code *", "Raison sociale *", "SIREN", "SIRET", "N° TVA intracom.", "IBAN", "BIC",
          "E-mail", "Téléphone")
"""The party form's first fields, in tab order (French labels)."""
BARE = """
from textual.app import App
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label

class Bare(App):
    CSS = "Horizontal {height: 1;} Label {width: 12;} Input {border: none; height: 1; width: 1fr;}"
    BINDINGS = [Binding("tab", "focus_next", priority=True)]
    def compose(self):
        for n in range(3):
            with Horizontal():
                yield Label(f"field {n}")
                yield Input(id=f"i{n}")
        yield Label("bare ready")

Bare().run()
"""


def _line_of(lines: list[str], label: str) -> str:
    return next((line for line in lines if label in line), "")


def _tab_then(pane: Pane, key: str, letter: str, label: str) -> float:
    """ms from ``key`` + ``letter`` sent to ``letter`` shown on the line of ``label``."""
    start = time.perf_counter()
    pane.keys(key, letter)
    pane.wait(lambda ls: letter in _line_of(ls, label).split(label, 1)[-1])
    return (time.perf_counter() - start) * 1000


def party_form(config: str) -> tuple[list[float], bool]:
    """Open the bakery's customer form and time tab/shift+tab through its first fields."""
    pane = Pane(f"saisie-forms-{os.getpid()}", f"exec {SAISIE} --config {config}")
    try:
        pane.wait(lambda ls: any("dossier(s) sur" in line for line in ls))
        time.sleep(0.5)
        pane.keys("/")
        time.sleep(0.2)
        pane.keys("boulangerie", literal=True)
        pane.wait(lambda ls: any("1 dossier(s) sur" in line for line in ls))
        pane.keys("Enter", "Enter", "v")
        pane.wait(lambda ls: any("client(s)" in line for line in ls))
        pane.keys("n")
        # Timed once the form has read the dossier's groups (its note shows them):
        # opening the form is another figure.
        pane.wait(lambda ls: any("Groupes existants" in line for line in ls))
        times = []
        for n, label in enumerate(LABELS[1:], start=1):
            times.append(_tab_then(pane, "Tab", str(n), label))
        for n, label in enumerate(reversed(LABELS[:-1]), start=1):
            times.append(_tab_then(pane, "BTab", chr(ord("a") + n), label))
        pane.keys("Escape")
        pane.wait(lambda ls: not any("Code *" in line for line in ls))
        pane.keys("n")
        pane.wait(lambda ls: any("Code *" in line for line in ls))
        pane.command(f"send-keys -t {pane.name} CX1 Tab 'Nom Humain' Tab 552100554")
        pane.wait(lambda ls: "552100554" in " ".join(ls), timeout=10)
        time.sleep(0.3)
        lines = pane.lines()
        burst_ok = ("CX1" in _line_of(lines, "Code *") and "Nom Humain" in _line_of(lines, "Raison sociale *")
                    and "552100554" in _line_of(lines, "SIREN"))
        return times, burst_ok
    finally:
        pane.close()


def bare_form() -> list[float]:
    """The same tab-then-letter measure on three bare Textual inputs."""
    pane = Pane(f"saisie-forms-bare-{os.getpid()}", f"exec {sys.executable} -c '{BARE}'")
    try:
        pane.wait(lambda ls: any("bare ready" in line for line in ls))
        times = []
        for n in range(12):
            target = (n + 1) % 3
            times.append(_tab_then(pane, "Tab", str(n % 10), f"field {target}"))
        return times
    finally:
        pane.close()


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"n": len(values), "p50": round(statistics.median(values), 1),
            "p95": round(ordered[min(int(0.95 * len(ordered)), len(ordered) - 1)], 1),
            "max": round(max(values), 1)}


def run() -> dict[str, Any]:
    """All form figures."""
    form, burst_ok = party_form(str(demo_config()))
    bare = bare_form()
    return {"party_form_tab_ms": _summary(form), "bare_form_tab_ms": _summary(bare),
            "burst_ok": burst_ok}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2, ensure_ascii=False))
