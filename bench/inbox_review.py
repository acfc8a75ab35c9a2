"""Reviewing a batch in the document view: ``python -m bench.inbox_review`` prints JSON.

A dossier with 20 suppliers receives 100 UBL invoices from them; the inbox
pipeline reads, matches and fills them (none needs a person for its party).
The app then runs in tmux (:mod:`bench.term`, 120×40 by default) on a start
screen whose ``⏎`` opens the document view on the batch, as the inbox list's
``⏎`` does. The run is scripted as a person reviews the batch, and every key
sent is counted:

- ``keystrokes``: ``⏎`` to open the first document, then ``⏎`` on each (it
  publishes and opens the next one needing a person), until none is left;
- ``open_fields_ms``: the opening ``⏎`` → the first document's fields on screen;
- ``open_original_ms``: the same key → its original beside them;
- ``validate_next_ms``: each ``⏎`` → the next document's fields (publish included);
- ``next_ms`` / ``previous_ms``: ``n`` / ``p`` → the other document's fields;
- ``open_fields_ms``: ``esc`` back to the start screen, then ``⏎`` → the fields again
  (the first opening is ``first_open_*``, one second after the start screen shows; the
  start screen warms the view's reading and prepares the view as the inbox list does
  once its rows are drawn);
- ``open_floor_ms``: a key pushing a bare screen (one line of text, nothing read):
  what any screen's opening costs in Textual here;
- ``cursor_floor_ms``: ↓/↑ → the field cursor moved: the least a key costs on this
  screen (one line redrawn), to read the others against on a loaded machine;
- ``cpu_ms_per_key``: the app's CPU time (all its threads, from ``/proc``) over each
  series divided by its keys: what a key costs whatever the load (wall times on a
  shared machine are mostly waiting for a core);
- ``ui_cpu_ms``: median CPU time of the app's main thread from the key until the
  screen shows what was waited for (its ``schedstat``, in ns): the work done on the
  UI thread before the fields show, which the load does not inflate.

Medians and maxima in milliseconds. The database is made afresh in a
temporary folder each run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.term import Pane
from tui.screens.inbox.document import SIDE_BY_SIDE

Lines = list[str]
FIRST_LOOK_S = 1.0
"""The pause before the first ⏎, as a person looks at the list first (the list warms the
document view in its first 0.2 s: :data:`tui.screens.inbox.listing.WARM_AFTER_S`)."""
BUYER = ("Garage Central SARL", "552100554")


def _siren(n: int) -> str:
    """A valid SIREN (Luhn) made of ``n``."""
    body = f"{40000000 + n * 7919:08d}"
    for last in range(10):
        digits = [int(ch) for ch in body + str(last)]
        total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2)
                    for i, d in enumerate(digits))
        if total % 10 == 0:
            return body + str(last)
    raise AssertionError


def _vat(siren: str) -> str:
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


def build(root: Path, documents: int = 100, suppliers: int = 20) -> tuple[Path, list[int]]:
    """A database whose inbox holds ``documents`` read, matched and filled invoices."""
    from books.config import load_settings
    from books.context import open_workspace
    from books.demo.invoice import DemoParty, ubl_invoice
    from books.dossiers.service import DossierDraft, create_dossier, get_dossier
    from books.inbox.documents import list_documents
    from books.inbox.runner import run_once
    from books.parties.changes import add_party

    config = root / "config.toml"
    config.write_text('database = "saisie.db"\ninbox_root = "inbox"\narchive_root = "archive"\n'
                      "watch_inbox = false\n")
    ws = open_workspace(load_settings(str(config)), "bench")
    create_dossier(ws, DossierDraft(name="Garage Central", siren=BUYER[1]))
    buyer = DemoParty(BUYER[0], BUYER[1], _vat(BUYER[1]), "Lyon", "69003")
    sellers = []
    for n in range(suppliers):
        siren = _siren(n + 1)
        name = f"Fournisseur {n + 1:02d} SARL"
        add_party(ws, "garage-central", "supplier", {"code": f"F{n + 1:03d}", "name": name,
                                                       "siren": siren})
        sellers.append(DemoParty(name, siren, _vat(siren), "Lyon", "69001"))
    folder = Path(get_dossier(ws, "garage-central").inbox_path)
    folder.mkdir(parents=True, exist_ok=True)
    past = time.time() - 10
    for n in range(documents):
        xml = ubl_invoice(number=f"F-{n + 1:04d}", issued=date(2026, 11, 2) - timedelta(days=n % 30),
                          due=date(2026, 12, 2), seller=sellers[n % suppliers], buyer=buyer,
                          net=Decimal(100 + n), rate=Decimal("20"), description="Fournitures")
        path = folder / f"F-{n + 1:04d}.xml"
        path.write_text(xml, encoding="utf-8")
        os.utime(path, (past, past))
    run_once(ws)
    rows = list_documents(ws, "garage-central", states=("review",))
    ready = [r for r in rows if r.party_id is not None and not r.flags]
    ids = sorted(r.id for r in ready)
    (root / "ids.json").write_text(json.dumps(ids))
    return config, ids


def child(config: str, ids_file: str) -> None:
    """The app on a start screen whose ⏎ opens the document view on the batch."""
    from pathlib import Path as _Path

    from textual.app import ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Static

    import tui.app as app_module
    from books.config import load_settings
    from books.context import open_workspace
    from tui.app import SaisieApp
    from tui.screens.inbox.document import kept_view, prepare_view, warm_up
    from tui.screens.inbox.listing import WARM_AFTER_S

    ids = json.loads(_Path(ids_file).read_text())

    class Bare(Screen[None]):
        """What pushing a screen costs in Textual, nothing read: the floor of an opening."""

        BINDINGS = [Binding("escape", "app.pop_screen", "back")]

        def compose(self) -> ComposeResult:
            yield Static("bench: floor")

    class Start(Screen[None]):
        BINDINGS = [Binding("enter", "open", "open"), Binding("f", "floor", "floor")]

        def compose(self) -> ComposeResult:
            yield Static("bench: ⏎")

        def on_mount(self) -> None:
            # As the inbox list does once its rows are drawn: the view's reading warmed,
            # then the view prepared (composed off the stack).
            def warm() -> None:
                warm_up(self.app.workspace, ids[0])  # type: ignore[attr-defined]
                self.app.call_from_thread(prepare_view, self.app, ids[:1])

            self.set_timer(WARM_AFTER_S, lambda: self.run_worker(warm, thread=True))

        def action_open(self) -> None:
            # As the inbox list does: the session's view, kept mounted and opened again.
            view = self.app.document_view  # type: ignore[attr-defined]
            if view is not None and view.is_attached:
                view.reopen(ids, 0)
            else:
                view = kept_view(self.app, ids, 0)
            self.app.push_screen(view)

        def action_floor(self) -> None:
            self.app.push_screen(Bare())

    class BenchApp(SaisieApp):
        CSS_PATH = str(_Path(app_module.__file__).parent / "app.tcss")

        def on_mount(self) -> None:
            self.call_after_refresh(lambda: self.push_screen(Start()))

    ws = open_workspace(load_settings(config), "bench")
    BenchApp(ws.settings, ws).run()


def _has(*texts: str) -> Callable[[Lines], bool]:
    return lambda lines: all(any(text in line for line in lines) for text in texts)


def _cursor_on(label: str) -> Callable[[Lines], bool]:
    """The field cursor (▶) is on the line starting with ``label`` (its own line when the
    label holds the ▶, the next one down otherwise)."""
    if label.startswith("▶"):
        return lambda lines: any(line.startswith(label) for line in lines)
    return lambda lines: any(line.startswith("▶" + label[1:]) for line in lines)


def _app_pid(pane: Pane) -> int:
    """The app's process: the pane's shell runs it as its child."""
    shell = pane.pid()
    children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
    return int(children[0]) if children else shell


def _cpu_s(pid: int) -> float:
    """User and system CPU seconds of a process (all its threads) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _thread_ns(pid: int) -> int:
    """Nanoseconds the process's main thread (the UI's) has run on a CPU so far."""
    return int(Path(f"/proc/{pid}/task/{pid}/schedstat").read_text().split()[0])


class _Cpu:
    """CPU per key over series of keys, and the UI thread's CPU until each key shows."""

    def __init__(self, pane: Pane, pid: int) -> None:
        self.pane, self.pid = pane, pid
        self.per_key: dict[str, float] = {}
        self.ui: dict[str, list[float]] = {}
        self._current: list[float] = []

    def series(self, name: str, run: Callable[[], list[float]]) -> list[float]:
        """Run a series of timed keys; its CPU per key is kept under ``name``."""
        start = _cpu_s(self.pid)
        self._current = self.ui[name] = []
        samples = run()
        self.per_key[name] = round((_cpu_s(self.pid) - start) * 1000 / max(len(samples), 1), 1)
        return samples

    def timed(self, key: str, condition: Callable[[Lines], bool]) -> float:
        """:meth:`Pane.timed`, noting the UI thread's CPU until ``condition`` holds."""
        start = _thread_ns(self.pid)
        took = self.pane.timed(key, condition)
        self._current.append((_thread_ns(self.pid) - start) / 1e6)
        return took

    def ui_medians(self) -> dict[str, float]:
        """Median UI-thread CPU (ms) from the key to the screen, per series."""
        return {name: round(statistics.median(v), 1) for name, v in self.ui.items() if v}


def _title(position: int, count: int) -> str:
    return f"Pièce {position}/{count} ·"


def _summary(samples: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(samples), 1), "max": round(max(samples), 1),
            "n": len(samples)}


def _reopen(cpu: _Cpu, count: int) -> float:
    """``esc`` back to the start screen, then ``⏎`` → the first document's fields (the
    way back is in the CPU of the series: it is part of opening again)."""
    cpu.pane.keys("Escape")
    cpu.pane.wait(_has("bench: ⏎"))
    time.sleep(0.2)
    return cpu.timed("Enter", _has(_title(1, count), "tiers"))


def _floor(cpu: _Cpu) -> float:
    """A bare screen pushed (and popped again)."""
    time.sleep(0.2)
    took = cpu.timed("f", _has("bench: floor"))
    cpu.pane.keys("Escape")
    cpu.pane.wait(_has("bench: ⏎"))
    return took


def run(width: int = 120, height: int = 40, documents: int = 100) -> dict[str, Any]:
    """Build the batch, review it in tmux, and return the figures."""
    with tempfile.TemporaryDirectory(prefix="saisie-bench-review-") as folder:
        root = Path(folder)
        config, ids = build(root, documents)
        count = len(ids)
        command = (f"cd {root} && {sys.executable} -m bench.inbox_review "
                   f"--child {config} {root / 'ids.json'}")
        pane = Pane(f"hd_bench_review_{os.getpid()}", command, width, height)
        try:
            pane.wait(_has("bench: ⏎"), timeout=60)
            cpu = _Cpu(pane, _app_pid(pane))
            keys = 0
            time.sleep(FIRST_LOOK_S)  # a person looks at the list before the first ⏎
            start = time.perf_counter()
            pane.keys("Enter")
            keys += 1
            open_fields = pane.wait(_has(_title(1, count), "tiers")) * 1000
            open_original = None
            if width >= SIDE_BY_SIDE:  # narrower, the original is behind v
                pane.wait(_has("FACTURE F-"))
                open_original = round((time.perf_counter() - start) * 1000, 1)
            validate = cpu.series("validate_next", lambda: [
                cpu.timed("Enter", _has(_title(position, count)))
                for position in range(2, count + 1)])
            keys += len(validate)
            pane.timed("Enter", _has("État : publiée"))
            keys += 1
            previous = cpu.series("previous", lambda: [
                cpu.timed("p", _has(_title(count - n, count))) for n in range(1, 21)])
            following = cpu.series("next", lambda: [
                cpu.timed("n", _has(_title(count - 20 + n, count))) for n in range(1, 21)])
            cursor = cpu.series("cursor_floor", lambda: [
                cpu.timed("Down" if n % 2 else "Up", _cursor_on("  type" if n % 2 else "▶ tiers"))
                for n in range(1, 21)])
            reopen = cpu.series("open", lambda: [_reopen(cpu, count) for _ in range(5)])
            pane.keys("Escape")
            pane.wait(_has("bench: ⏎"))
            floor = cpu.series("open_floor", lambda: [_floor(cpu) for _ in range(5)])
        finally:
            pane.close()
    return {"documents": count, "size": f"{width}x{height}", "keystrokes": keys,
            "first_open_fields_ms": round(open_fields, 1),
            "first_open_original_ms": open_original, "open_fields_ms": _summary(reopen),
            "open_floor_ms": _summary(floor),
            "validate_next_ms": _summary(validate), "next_ms": _summary(following),
            "previous_ms": _summary(previous), "cursor_floor_ms": _summary(cursor),
            "cpu_ms_per_key": cpu.per_key, "ui_cpu_ms": cpu.ui_medians(),
            "load_average": round(os.getloadavg()[0], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.inbox_review",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--width", type=int, default=120)
    parser.add_argument("--height", type=int, default=40)
    parser.add_argument("--child", nargs=2, metavar=("CONFIG", "IDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    print(json.dumps(run(args.width, args.height, args.documents)))


if __name__ == "__main__":
    main()
