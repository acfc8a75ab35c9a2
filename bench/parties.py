"""Party list benchmark: ``python -m bench.parties`` prints JSON figures.

Measured through tmux at 120×40 (keys sent and the pane read by one control-mode client,
about every millisecond: :mod:`bench.term`;
Pilot has an 80–100 ms floor and never sees the terminal) on the demo's
100,000-customer list ("distribution-nationale-alimentaire"):

- ``list_interactive_ms``: ``v`` on the dossier screen → the first rows drawn;
  ``list_counted_ms``: → the status line shows "100 000 client(s)";
- ``filter_keystroke_ms``: one key typed in the filter → the new first row on
  screen (keys whose first row does not change are not timed), p50/p95/max;
- ``cursor_down_ms`` (a move that scrolls one row) and ``page_down_ms``, p50/p95;
- ``select_all_archive_ms``: ``+`` then Actions › Archiver → the list shows
  0 customers (all 100,000 archived); the archive is then undone with ``u``;
  ``undo_ms``: ``u`` → the whole list is back;
- ``rss_mb``: the app's resident memory (VmRSS) at each stage: the dossier
  screen, the list open and counted, after the filter keys, after the archive,
  after the undo; ``peak_rss_mb``: its high water mark (VmHWM) at the end;
  ``phase_peak_rss_mb``: the high water mark within each phase (start to the
  dossier screen, opening the list, filtering, moving, archiving, undoing),
  the kernel's mark being reset between phases (``/proc/PID/clear_refs``);
  ``phase_cpu_s``: the app's CPU time in each phase (wall times depend on the
  machine's load, CPU time much less); ``load``: the load average at the end.

``list_interactive_ui_cpu_ms`` and ``list_interactive_cpu_ms``: the CPU time of
the app's main (UI) thread and of the whole app from ``v`` until the first rows
show, which the machine's load inflates much less than the wall time.
``--reopen N`` instead closes and opens the list N times after the first opening
and prints each opening's wall, UI-thread and app CPU milliseconds and their medians.

``--size N`` benches a list of N customers: the demo database copied and its
list grown to N (made once, in a folder of its own). ``--cycles N`` instead
opens the list (``v``, until counted) and closes it (``esc``) N times and
prints the app's VmRSS after each close: it must stay flat.

The demo database is made once in ``$SAISIE_BENCH_PARTIES_DIR`` (default
``/tmp/saisie-bench-parties``) with ``saisie demo --no-open``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from bench import common
from bench.common import SAISIE
from bench.term import Pane

BENCH_DIR = Path(os.environ.get("SAISIE_BENCH_PARTIES_DIR", "/tmp/saisie-bench-parties"))

SLUG = "distribution-nationale-alimentaire"
WORDS = ("fournier", "paris", "boulangerie martin")
SESSION = f"saisie-parties-{os.getpid()}"
FIRST_ROW = 4
"""Line of the first data row (context bar, title, filter, header)."""


SIZE = 100_000
"""Customers in the benched list (``--size``): the demo's 100,000, or more added to it."""


def counted(noun: str) -> str:
    """The status line's count of the whole list (``100 000 client``)."""
    return f"{SIZE:,}".replace(",", "\u202f") + f" {noun}"


def demo_config(size: int = 100_000) -> Path:
    """The bench's demo database, made on first use; at another size, a copy of it whose
    list is grown to ``size`` customers (``books.demo.seed.grow_list``), kept in its own folder."""
    config = common.demo_config(BENCH_DIR)
    if size == 100_000:
        return config
    folder = BENCH_DIR.with_name(f"{BENCH_DIR.name}-{size}")
    sized = folder / "config.toml"
    if not sized.exists():
        _grow_copy(config, folder, size)
    return sized


def _grow_copy(config: Path, folder: Path, size: int) -> None:
    """Copy the demo database into ``folder`` and grow its list to ``size`` customers."""
    from books.config import load_settings
    from books.context import open_workspace
    from books.demo.seed import grow_list
    from store.engine import backup_sqlite

    source = open_workspace(load_settings(str(config)))
    folder.mkdir(parents=True, exist_ok=True)
    backup_sqlite(source.engine, folder / "saisie.db")
    source.close()
    text = config.read_text().replace('"saisie.db"', f'"{folder / "saisie.db"}"')
    (folder / "config.tmp").write_text(text)
    ws = open_workspace(load_settings(str(folder / "config.tmp")))
    grow_list(ws, SLUG, "customer", size)
    ws.close()
    (folder / "config.tmp").rename(folder / "config.toml")


PEAKS: dict[str, float] = {}
"""The app's peak resident memory in each phase (MB), filled as the bench goes."""
CPU: dict[str, float] = {}
"""The app's CPU time in each phase (s)."""
_CPU_MARK = [0.0]

PANE: Pane | None = None
"""The tmux pane the app runs in (one control-mode client reads it)."""


def pane() -> Pane:
    assert PANE is not None
    return PANE


def screen() -> list[str]:
    """The pane's lines now."""
    return pane().lines()


def keys(*names: str) -> None:
    """Send keys (tmux key names; ``"-l", text`` sends text)."""
    if names and names[0] == "-l":
        pane().keys(*names[1:], literal=True)
    else:
        pane().keys(*names)


def wait(condition: Any, timeout: float = 30.0) -> float:
    """Seconds until ``condition(lines)`` holds."""
    return pane().wait(condition, timeout)


def first_row(lines: list[str]) -> str:
    """The first data row of the list (empty while it is being read)."""
    line = lines[FIRST_ROW] if len(lines) > FIRST_ROW else ""
    return "" if line.strip() in ("", "…") else line


def timed(key: str, condition: Any) -> float:
    """Milliseconds from sending ``key`` until ``condition`` holds."""
    return pane().timed(key, condition)


def open_list(rss: dict[str, float] | None = None) -> tuple[float, float]:
    """Home → the dossier → ``v``: ms to the first rows and to the count (and the
    memory on the home and dossier screens, into ``rss``)."""
    rss = {} if rss is None else rss
    wait(lambda ls: any("dossier(s) sur" in line for line in ls))
    time.sleep(0.5)
    rss["home"] = rss_mb()
    keys("/")
    time.sleep(0.2)
    keys("-l", "distribution")
    wait(lambda ls: any("1 dossier(s) sur" in line for line in ls))
    keys("Enter")
    time.sleep(0.3)
    keys("Enter")
    wait(lambda ls: any("Clients" in line for line in ls[-1:]))
    time.sleep(0.5)
    rss["dossier"] = rss_mb()
    phase_peak_mb("start_to_dossier")
    start = time.perf_counter()
    rows = timed_opening()
    wait(lambda ls: any(counted("client") in line for line in ls))
    return rows, (time.perf_counter() - start) * 1000


OPENINGS: list[tuple[float, float, float]] = []
"""Each opening timed by :func:`timed_opening`: wall, UI-thread CPU and app CPU (ms)."""


def ui_thread_ns() -> int:
    """Nanoseconds the app's main thread (the UI's) has run on a CPU so far."""
    return int(Path(f"/proc/{pane().pid()}/task/{pane().pid()}/schedstat").read_text().split()[0])


def timed_opening() -> float:
    """``v`` on the dossier screen until the first rows show: the wall milliseconds
    (the CPU times go into :data:`OPENINGS`)."""
    ui, cpu = ui_thread_ns(), cpu_s()
    start = time.perf_counter()
    keys("v")
    wait(lambda ls: "Raison sociale" in ls[FIRST_ROW - 1] and first_row(ls) != "")
    wall = (time.perf_counter() - start) * 1000
    OPENINGS.append((round(wall, 1), round((ui_thread_ns() - ui) / 1e6, 1),
                     round((cpu_s() - cpu) * 1000, 1)))
    return wall


def reopen(times: int) -> list[tuple[float, float, float]]:
    """Close the open list and open it again ``times`` times (each once counted and
    settled); each opening's wall, UI-thread CPU and app CPU milliseconds."""
    for _ in range(times):
        wait(lambda ls: any(counted("client") in line for line in ls), timeout=120)
        time.sleep(2.0)  # the filter index is read in the background meanwhile
        keys("Escape")
        wait(lambda ls: any("Clients" in line for line in ls[-1:]))
        time.sleep(1.0)
        timed_opening()
    return OPENINGS[-times:]


def expected_first_names(config: Path) -> dict[str, str]:
    """The first name each prefix of each word shows (read through the services)."""
    from books.config import load_settings
    from books.context import open_workspace
    from books.dossiers.service import get_dossier
    from books.parties.listing import list_query, page

    ws = open_workspace(load_settings(str(config)))
    dossier_id = get_dossier(ws, SLUG).id
    assert dossier_id is not None
    out = {}
    for word in WORDS:
        for n in range(1, len(word) + 1):
            rows = page(ws, list_query(dossier_id, "customer", word[:n]), 0, 1)
            out[word[:n]] = rows[0].name if rows else ""
    ws.close()
    return out


def filter_keystrokes(expected: dict[str, str]) -> list[float]:
    """Type each word a key at a time; time the keys that change the first row."""
    times: list[float] = []
    keys("/")
    time.sleep(0.3)  # Textual moves the focus on its next turn; keys before that go to the list
    for word in WORDS:
        keys("C-u")
        wait(lambda ls: any(counted("client") in line for line in ls))
        # Textual runs the Input's ctrl+u binding once the key has bubbled up to
        # the app: a letter sent right behind it is inserted first, then erased.
        time.sleep(0.1)
        previous = first_row(screen())
        for n, char in enumerate(word, 1):
            name = expected[word[:n]]
            if not name or name in previous:
                keys("-l", char) if char != " " else keys("Space")
                time.sleep(0.15)
                previous = first_row(screen())
                continue
            times.append(timed(char if char != " " else "Space",
                               lambda ls, name=name: name in first_row(ls)))
            previous = first_row(screen())
            time.sleep(0.1)
    keys("C-u", "Enter")
    wait(lambda ls: any(counted("client") in line for line in ls))
    return times


def moves() -> tuple[list[float], list[float]]:
    """Cursor moves that scroll one row, then page downs (each changes the first row)."""
    keys("PageDown")
    time.sleep(0.3)
    downs, pages = [], []
    for _ in range(30):
        before = first_row(screen())
        downs.append(timed("Down", lambda ls, b=before: first_row(ls) not in ("", b)))
    for _ in range(30):
        before = first_row(screen())
        pages.append(timed("PageDown", lambda ls, b=before: first_row(ls) not in ("", b)))
    keys("Home")
    return downs, pages


def select_all_and_archive() -> tuple[float, float, float]:
    """``+``, Actions › Archiver → 0 customers listed; then undo: both times in ms,
    and the memory after the archive."""
    keys("-l", "+")
    wait(lambda ls: any(counted("sélectionné") in line for line in ls))
    from tui.screens.parties.actions import menu_entries

    keys("a")
    wait(lambda ls: any("Actions sur" in line for line in ls))
    for _ in range(menu_entries().index("archive")):
        keys("Down")
    time.sleep(0.2)
    keys("Enter")  # archiving asks first ("Archiver 100 000 clients ?", Enter alone says no)
    wait(lambda ls: any("Archiver " in line and " clients ?" in line for line in ls))
    start = time.perf_counter()
    keys("o")
    wait(lambda ls: any(" 0 client(s)" in line for line in ls), timeout=600)
    elapsed = (time.perf_counter() - start) * 1000
    archived_rss = rss_mb()
    phase_peak_mb("archive")
    start = time.perf_counter()
    keys("u")
    wait(lambda ls: any(counted("client") in line for line in ls), timeout=600)
    phase_peak_mb("undo")
    return elapsed, (time.perf_counter() - start) * 1000, archived_rss


def _status_mb(field: str) -> float:
    status = Path(f"/proc/{pane().pid()}/status").read_text()
    return round(int(next(line for line in status.splitlines()
                          if line.startswith(field)).split()[1]) / 1024, 1)


def peak_rss_mb() -> float:
    """The app's peak resident memory."""
    return _status_mb("VmHWM")


def rss_mb() -> float:
    """The app's resident memory now."""
    return _status_mb("VmRSS")


def cpu_s() -> float:
    """The app's CPU time so far (user and system, its threads included)."""
    fields = Path(f"/proc/{pane().pid()}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def phase_peak_mb(name: str) -> float:
    """Record phase ``name``: the app's peak resident memory since the previous phase
    (or its start) into :data:`PEAKS`, its CPU time into :data:`CPU`; the
    kernel's high water mark is reset to the memory now."""
    peak = peak_rss_mb()
    Path(f"/proc/{pane().pid()}/clear_refs").write_text("5")
    PEAKS[name] = peak
    now = cpu_s()
    CPU[name] = round(now - _CPU_MARK[0], 2)
    _CPU_MARK[0] = now
    return peak


def open_and_close(cycles: int) -> list[float]:
    """Open the list and close it ``cycles`` times; VmRSS after each close (settled)."""
    out = []
    for _ in range(cycles):
        keys("v")
        wait(lambda ls: any(counted("client") in line for line in ls), timeout=120)
        time.sleep(1.0)  # the filter index is read in the background meanwhile
        keys("Escape")
        wait(lambda ls: any("Clients" in line for line in ls[-1:]))
        time.sleep(1.0)
        out.append(rss_mb())
    return out


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(int(q * len(ordered)), len(ordered) - 1)], 1)


def run(size: int = 100_000, cycles: int = 0, reopenings: int = 0) -> dict[str, Any]:
    """All party-list figures (or, with ``cycles``, the memory after each open and close)."""
    if shutil.which("tmux") is None:
        raise SystemExit("bench.parties needs tmux")
    global PANE, SIZE
    SIZE = size
    PEAKS.clear()
    CPU.clear()
    OPENINGS.clear()
    _CPU_MARK[0] = 0.0
    config = demo_config(size)
    expected = expected_first_names(config) if not (cycles or reopenings) else {}
    PANE = Pane(SESSION, f"exec {SAISIE} --config {config}")
    rss: dict[str, float] = {}
    try:
        if cycles:
            rows_ms, _counted_ms = open_list()
            keys("Escape")
            wait(lambda ls: any("Clients" in line for line in ls[-1:]))
            return {"size": size, "rss_after_close_mb": open_and_close(cycles)}
        if reopenings:
            open_list()
            again = reopen(reopenings)
            names = ("wall", "ui_cpu", "cpu")
            return {"size": size, "first_opening_ms": dict(zip(names, OPENINGS[0], strict=True)),
                    "reopenings_ms": [dict(zip(names, o, strict=True)) for o in again],
                    "reopening_median_ms": {k: statistics.median(o[i] for o in again)
                                            for i, k in enumerate(names)},
                    "load": [round(n, 2) for n in os.getloadavg()]}
        rows_ms, counted_ms = open_list(rss)
        rss["list_open"] = rss_mb()
        phase_peak_mb("open")
        typed = filter_keystrokes(expected)
        rss["filtered"] = rss_mb()
        phase_peak_mb("filter")
        downs, pages = moves()
        phase_peak_mb("moves")
        archive_ms, undo_ms, rss["archived"] = select_all_and_archive()
        rss["undone"] = rss_mb()
        peak = max(PEAKS.values())
    finally:
        PANE.close()
    return {
        "size": size,
        "list_interactive_ms": round(rows_ms, 1),
        "list_interactive_ui_cpu_ms": OPENINGS[0][1],
        "list_interactive_cpu_ms": OPENINGS[0][2],
        "list_counted_ms": round(counted_ms, 1),
        "filter_keystroke_ms": {"n": len(typed), "p50": _p(typed, 0.5), "p95": _p(typed, 0.95),
                                "max": round(max(typed), 1)},
        "cursor_down_ms": {"p50": _p(downs, 0.5), "p95": _p(downs, 0.95)},
        "page_down_ms": {"p50": _p(pages, 0.5), "p95": _p(pages, 0.95)},
        "select_all_archive_ms": round(archive_ms, 1),
        "undo_ms": round(undo_ms, 1),
        "rss_mb": rss,
        "peak_rss_mb": peak,
        "phase_peak_rss_mb": dict(PEAKS),
        "phase_cpu_s": dict(CPU),
        "load": [round(n, 2) for n in os.getloadavg()],
        "median_filter_ms": round(statistics.median(typed), 1),
        "targets": {"list_interactive_ms": 100, "filter_keystroke_ms_p50": 50,
                    "filter_keystroke_ms_p95": 150 if size > 100_000 else 50,
                    "cursor_down_ms": 16, "page_down_ms": 16,
                    "select_all_archive_ms": 2000 if size <= 100_000 else 15000,
                    "undo_ms": 15000, "peak_rss_mb": 120 if size <= 100_000 else 350},
    }


def main() -> None:
    """``python -m bench.parties [--size N] [--cycles N | --reopen N]``."""
    parser = argparse.ArgumentParser(prog="python -m bench.parties")
    parser.add_argument("--size", type=int, default=100_000, help="customers in the list")
    parser.add_argument("--cycles", type=int, default=0,
                        help="open and close the list N times, printing the memory after each")
    parser.add_argument("--reopen", type=int, default=0,
                        help="close and open the list N times, printing each opening's times")
    args = parser.parse_args()
    print(json.dumps(run(args.size, args.cycles, args.reopen), indent=2))


if __name__ == "__main__":
    main()
