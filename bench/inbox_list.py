"""Inbox list benchmark: ``python -m bench.inbox_list`` prints JSON figures.

Measured through tmux at 120×40 like :mod:`bench.parties` (keys sent and the
pane read by one control-mode client, :mod:`bench.term`), on a copy of the
demo database whose dossier "distribution-nationale-alimentaire" gets
``--size`` (default 50,000) purchase documents in review (the list's rows are
written straight into the table once: the figures are about reading them):

- ``list_interactive_ms``: ``b`` on the dossier screen → the first rows drawn;
  ``list_counted_ms``: → the status line shows "50 000 pièce(s)";
- ``filter_keystroke_ms``: one key typed in the filter (a supplier's name, an
  invoice number, an amount typed "1 250") → the new first row on screen (keys
  whose first row does not change are not timed), p50/p95/max;
- ``flag_filter_ms``: ``f`` (party unknown) → the first such row on screen;
- ``cursor_down_ms`` (a move that scrolls one row) and ``page_down_ms``, p50/p95;
- ``select_all_ms``: ``+`` → "50 000 sélectionné(s)";
- ``sort_party_ms``: ``s`` (date → party) → the list's first rows in the new order;
  ``sorted_page_down_ms``: page downs in that order once its index is read, p50/p95
  (without an index on the column, SQL sorts the whole list for each page);
- ``rss_mb``: the app's resident memory with the list open, after the filters.

``parties_100000``: the same figures for the party list (the dossier's 100,000
customers, :mod:`bench.parties`' steps) in the same database, measured right after.
The database is made once in ``$SAISIE_BENCH_INBOX_LIST_DIR`` (default
``/tmp/saisie-bench-inbox-list``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench import common
from bench.common import SAISIE
from bench.term import Pane

BENCH_DIR = Path(os.environ.get("SAISIE_BENCH_INBOX_LIST_DIR", "/tmp/saisie-bench-inbox-list"))
SLUG = "distribution-nationale-alimentaire"
SESSION = f"saisie-inbox-list-{os.getpid()}"
FIRST_ROW = 4
"""Line of the first data row (context bar, title, filter, header)."""
FLAGS = ([], [], [], ["party_unknown"], ["totals"], ["possible_duplicate"], [], [])
PANE: Pane | None = None


TOTAL = ""
"""The status line's count of the whole list once read (the demo's own documents in review
come on top of the generated ones)."""


def shown(lines: list[str], noun: str = "pièce(s)") -> int | None:
    """The count the status line shows (``50 006 pièce(s)``), None while it reads."""
    for line in lines:
        found = re.search(r"([\d\u202f]+) " + re.escape(noun), line)
        if found:
            return int(found.group(1).replace("\u202f", ""))
    return None


def whole(lines: list[str]) -> bool:
    """Whether the whole list is shown (its first count, read at open)."""
    return any(TOTAL in line for line in lines)


def database(size: int) -> Path:
    """A copy of the demo database with ``size`` purchase documents in the dossier (made once)."""
    folder = BENCH_DIR / str(size)
    config = folder / "config.toml"
    if config.exists():
        return config
    from books.config import load_settings
    from books.context import open_workspace
    from store.engine import backup_sqlite

    demo = open_workspace(load_settings(str(common.demo_config(BENCH_DIR / "demo"))))
    folder.mkdir(parents=True, exist_ok=True)
    backup_sqlite(demo.engine, folder / "saisie.db")
    demo.close()
    making = folder / "config.tmp"
    making.write_text(f'database = "{folder / "saisie.db"}"\ninbox_root = "{folder / "inbox"}"\n'
                      f'archive_root = "{folder / "archive"}"\nwatch_inbox = false\n')
    _fill(making, size)
    making.rename(config)
    return config


def _fill(config: Path, size: int) -> None:
    from books.config import load_settings
    from books.context import open_workspace
    from books.dossiers.service import get_dossier
    from books.parties.listing import list_query, page
    from store.documents import insert_many

    ws = open_workspace(load_settings(str(config)))
    dossier = get_dossier(ws, SLUG)
    assert dossier.id is not None
    suppliers = page(ws, list_query(dossier.id, "supplier"), 0, 400)
    rng = random.Random(17)
    for start in range(0, size, 10_000):
        rows = []
        for n in range(start, min(start + 10_000, size)):
            party = rng.choice(suppliers)
            flags = FLAGS[n % len(FLAGS)]
            net = Decimal(rng.randrange(1_000, 900_000)) / 100
            rows.append({
                "dossier_id": dossier.id, "direction": "purchase", "status": "review",
                "party_id": None if flags == ["party_unknown"] else party.id,
                "party_name_detected": party.name, "number": f"FA-{2026_000_000 + n}",
                "issue_date": date(2026, 1 + n % 12, 1 + n % 28), "net": net,
                "tax": (net / 5).quantize(Decimal("0.01")),
                "gross": (net * Decimal("1.2")).quantize(Decimal("0.01")),
                "file_hash": f"{n:064x}", "stored_path": f"bench/{n}.pdf",
                "original_name": f"facture-{n}.pdf", "flags": flags, "currency": "EUR",
                "doc_type": "invoice", "format": "pdf"})
        with ws.transaction() as session:
            insert_many(session=session, rows=rows)
    ws.close()


def expected_first(config: Path, words: list[str]) -> dict[str, str]:
    """The number of the first row each prefix of each word shows (through the services)."""
    from books.config import load_settings
    from books.context import open_workspace
    from books.dossiers.service import get_dossier
    from books.inbox.listing import DocumentSource, doc_query

    ws = open_workspace(load_settings(str(config)))
    dossier_id = get_dossier(ws, SLUG).id
    source = DocumentSource(ws)
    out = {}
    for word in words:
        for n in range(1, len(word) + 1):
            rows = source.read(doc_query(dossier_id, "purchase", word[:n]), 0, 1)[0]
            out[word[:n]] = rows[0].number or "" if rows else ""
    rows = source.read(doc_query(dossier_id, "purchase", sort="party"), 0, 1)[0]
    out["sorted_by_party"] = rows[0].number or ""
    source.close()
    ws.close()
    return out


def pane() -> Pane:
    """The tmux pane the app runs in."""
    assert PANE is not None
    return PANE


def first_row(lines: list[str]) -> str:
    """The first data row (empty while it is being read)."""
    line = lines[FIRST_ROW] if len(lines) > FIRST_ROW else ""
    return "" if line.strip() in ("", "…") else line


def rss_mb() -> float:
    """The app's resident memory now."""
    status = Path(f"/proc/{pane().pid()}/status").read_text()
    return round(int(next(x for x in status.splitlines() if x.startswith("VmRSS")).split()[1]) / 1024, 1)


def open_list(size: int) -> tuple[float, float]:
    """Home → the dossier → ``b``: ms to the first rows and to the count."""
    p = pane()
    p.wait(lambda ls: any("dossier(s) sur" in line for line in ls))
    time.sleep(0.5)
    p.keys("/")
    time.sleep(0.2)
    p.keys("distribution", literal=True)
    p.wait(lambda ls: any("1 dossier(s) sur" in line for line in ls))
    p.keys("Enter")
    time.sleep(0.3)
    p.keys("Enter")
    p.wait(lambda ls: any("Clients" in line for line in ls[-1:]))
    time.sleep(0.5)
    start = time.perf_counter()
    p.keys("b")
    p.wait(lambda ls: "Tiers" in ls[FIRST_ROW - 1] and first_row(ls) != "")
    rows = (time.perf_counter() - start) * 1000
    p.wait(lambda ls: (shown(ls) or 0) >= size, timeout=60)
    global TOTAL
    TOTAL = f"{shown(p.lines()):,} pièce(s)".replace(",", "\u202f")
    return rows, (time.perf_counter() - start) * 1000


def filter_keystrokes(words: list[str], expected: dict[str, str], size: int) -> list[float]:
    """Type each word a key at a time; time the keys that change the first row."""
    p, times = pane(), []
    p.keys("/")
    time.sleep(0.3)
    for word in words:
        p.keys("C-u")
        p.wait(whole)
        time.sleep(0.1)
        previous = first_row(p.lines())
        for n, char in enumerate(word, 1):
            number = expected[word[:n]]
            key = char if char != " " else "Space"
            if not number or number in previous:
                p.keys(char, literal=True) if char != " " else p.keys("Space")
                time.sleep(0.15)
                previous = first_row(p.lines())
                continue
            times.append(p.timed(key, lambda ls, number=number: number in first_row(ls)))
            previous = first_row(p.lines())
            time.sleep(0.1)
    p.keys("C-u", "Enter")
    p.wait(whole)
    return times


def moves() -> tuple[list[float], list[float]]:
    """Cursor moves that scroll one row, then page downs."""
    p = pane()
    p.keys("PageDown")
    time.sleep(0.3)
    downs, pages = [], []
    for _ in range(30):
        before = first_row(p.lines())
        downs.append(p.timed("Down", lambda ls, b=before: first_row(ls) not in ("", b)))
    for _ in range(30):
        before = first_row(p.lines())
        pages.append(p.timed("PageDown", lambda ls, b=before: first_row(ls) not in ("", b)))
    p.keys("Home")
    time.sleep(0.3)
    return downs, pages


def flag_and_select(size: int) -> tuple[float, float]:
    """``f`` → the party-unknown rows; then back and ``+`` → all selected."""
    p = pane()
    flagged = p.timed("f", lambda ls: any("tiers inconnu" in line for line in ls)
                      and "T?" in first_row(ls))
    for _ in range(12):  # back to every flag
        p.keys("f")
        time.sleep(0.05)
    p.wait(whole, timeout=60)
    time.sleep(0.3)
    selected = p.timed("+", lambda ls: (shown(ls, "sélectionné(s)") or 0) >= size)
    return flagged, selected


def sorted_by_party(first: str) -> tuple[float, list[float]]:
    """``s`` → sorted by party (``first``: the number of the first row then); then page
    downs in that order."""
    p = pane()
    took = p.timed("s", lambda ls: first in first_row(ls))
    time.sleep(2.0)  # the order's index is read in the background
    p.keys("PageDown")  # the cursor to the bottom: the next page downs scroll
    time.sleep(0.3)
    pages = []
    for _ in range(20):
        before = first_row(p.lines())
        pages.append(p.timed("PageDown", lambda ls, b=before: first_row(ls) not in ("", b)))
    return took, pages


def parties_figures(config: Path) -> dict[str, Any]:
    """The party list's figures (100,000 customers of the same dossier) measured the same
    way, in the same database and the same minutes: what the inbox list is held to."""
    from bench import parties

    expected = parties.expected_first_names(config)
    parties.PANE = Pane(f"{SESSION}-parties", f"exec {SAISIE} --config {config}")
    try:
        rows_ms, counted_ms = parties.open_list()
        typed = parties.filter_keystrokes(expected)
        downs, pages = parties.moves()
    finally:
        parties.PANE.close()
    return {"list_interactive_ms": round(rows_ms, 1), "list_counted_ms": round(counted_ms, 1),
            "filter_keystroke_ms": {"n": len(typed), "p50": _p(typed, 0.5), "p95": _p(typed, 0.95),
                                    "max": round(max(typed), 1) if typed else None},
            "cursor_down_ms": {"p50": _p(downs, 0.5), "p95": _p(downs, 0.95)},
            "page_down_ms": {"p50": _p(pages, 0.5), "p95": _p(pages, 0.95)}}


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(int(q * len(ordered)), len(ordered) - 1)], 1)


def run(size: int = 50_000) -> dict[str, Any]:
    """All the inbox list's figures."""
    global PANE
    if shutil.which("tmux") is None:
        raise SystemExit("bench.inbox_list needs tmux")
    config = database(size)
    words = ["boulangerie", "fa-2026004", "1 250"]
    expected = expected_first(config, words)
    PANE = Pane(SESSION, f"exec {SAISIE} --config {config}")
    try:
        rows_ms, counted_ms = open_list(size)
        rss = {"list_open": rss_mb()}
        typed = filter_keystrokes(words, expected, size)
        rss["filtered"] = rss_mb()
        downs, pages = moves()
        flagged_ms, select_ms = flag_and_select(size)
        sort_ms, sorted_pages = sorted_by_party(expected["sorted_by_party"])
        rss["end"] = rss_mb()
    finally:
        PANE.close()
    return {
        "size": size,
        "parties_100000": parties_figures(config),
        "list_interactive_ms": round(rows_ms, 1),
        "list_counted_ms": round(counted_ms, 1),
        "filter_keystroke_ms": {"n": len(typed), "p50": _p(typed, 0.5), "p95": _p(typed, 0.95),
                                "max": round(max(typed), 1) if typed else None},
        "filter_keys_ms": [round(x, 1) for x in typed],
        "flag_filter_ms": round(flagged_ms, 1),
        "cursor_down_ms": {"p50": _p(downs, 0.5), "p95": _p(downs, 0.95)},
        "page_down_ms": {"p50": _p(pages, 0.5), "p95": _p(pages, 0.95)},
        "select_all_ms": round(select_ms, 1),
        "sort_party_ms": round(sort_ms, 1),
        "sorted_page_down_ms": {"p50": _p(sorted_pages, 0.5), "p95": _p(sorted_pages, 0.95)},
        "rss_mb": rss,
        "load_average": os.getloadavg(),
    }


def main() -> None:
    """``python -m bench.inbox_list [--size N]``."""
    parser = argparse.ArgumentParser(prog="python -m bench.inbox_list")
    parser.add_argument("--size", type=int, default=50_000, help="documents in the list")
    args = parser.parse_args()
    print(json.dumps(run(args.size), indent=2))


if __name__ == "__main__":
    main()
