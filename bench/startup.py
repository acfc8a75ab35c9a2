"""Start-up benchmark: ``python -m bench.startup`` prints JSON figures.

- ``app_interactive_s``: process start → the dossiers screen showing its list,
  timed through tmux (capture-pane polled every 5 ms), on the demo database;
- ``app_peak_rss_mb``: the app's peak resident memory (VmHWM) once interactive;
- ``cli_dossier_list_s``: wall time of ``saisie dossier list`` (no Textual);
- ``imports_s``: what the stack itself costs to import, for comparison;
- ``importtime_ms``: ``python -X importtime`` of ``saisie dossier list`` and of
  the app's modules, the modules' own time summed by top-level package (where
  the start-up goes: SQLAlchemy, SQLModel and pydantic, Textual, ours).

The demo database is made once in ``$SAISIE_BENCH_DIR`` (default
``/tmp/saisie-bench``). Medians of several runs.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import common
from bench.common import SAISIE

RUNS = 5
BENCH_DIR = Path(os.environ.get("SAISIE_BENCH_DIR", "/tmp/saisie-bench"))


def demo_config() -> Path:
    """The bench's demo database, made on first use."""
    return common.demo_config(BENCH_DIR)


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def import_costs() -> dict[str, float]:
    """Median wall time of importing each layer of the stack in a fresh process."""
    modules = ("sqlite3", "click", "sqlalchemy", "sqlmodel", "textual.app", "store.models", "tui.cli")
    return {
        m: round(statistics.median(_wall([sys.executable, "-c", f"import {m}"]) for _ in range(RUNS)), 3)
        for m in modules
    }


IMPORTTIME_RUNS = {
    "cli_dossier_list": "import sys; sys.argv = ['saisie', '--config', {config!r}, 'dossier', 'list']; "
                        "from tui.cli import main; main()",
    "app_modules": "import tui.cli.app, books.context, store.models, tui.app, tui.screens.home, "
                   "tui.screens.dossier",
}
"""What ``-X importtime`` looks at: a read-only command run whole, and what the app imports."""


def import_breakdown(config: Path, top: int = 8) -> dict[str, dict[str, float]]:
    """Milliseconds of module execution by top-level package (``-X importtime``'s
    self times, median of RUNS), the ``top`` largest and the total."""
    out: dict[str, dict[str, float]] = {}
    for name, code in IMPORTTIME_RUNS.items():
        runs: list[dict[str, float]] = []
        for _ in range(RUNS):
            done = subprocess.run([sys.executable, "-X", "importtime", "-c", code.format(config=str(config))],
                                  capture_output=True, text=True, check=True)
            by_package: dict[str, float] = {}
            for line in done.stderr.splitlines():
                if not line.startswith("import time:") or "self [us]" in line:
                    continue
                own, _cumulative, module = line[len("import time:"):].split("|")
                package = module.strip().split(".")[0]
                by_package[package] = by_package.get(package, 0.0) + int(own) / 1000
            runs.append(by_package)
        packages = {p for r in runs for p in r}
        medians = {p: statistics.median(r.get(p, 0.0) for r in runs) for p in packages}
        largest = sorted(medians.items(), key=lambda item: -item[1])[:top]
        out[name] = {p: round(ms, 1) for p, ms in largest}
        out[name]["total"] = round(statistics.median(sum(r.values()) for r in runs), 1)
    return out


def cli_list(config: Path) -> float:
    """Median wall time of ``saisie dossier list``."""
    command = [SAISIE, "--config", str(config), "dossier", "list"]
    _wall(command)
    return round(statistics.median(_wall(command) for _ in range(RUNS)), 3)


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def _keep_server() -> str:
    """A quiet session that keeps the tmux server up between measured sessions
    (a server whose last session just closed refuses a new one for a moment)."""
    keeper = f"saisie-bench-keeper-{os.getpid()}"
    _tmux("new-session", "-d", "-s", keeper, "sleep 600")
    return keeper


def app_start(config: Path, marker: str = "dossier(s) sur") -> tuple[float, float]:
    """Seconds from spawn until the list is on screen, and peak RSS in MB."""
    session = f"saisie-bench-{os.getpid()}"
    start = time.perf_counter()
    _tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40",
          f"exec {SAISIE} --config {config}")
    try:
        while marker not in _tmux("capture-pane", "-p", "-t", session):
            if time.perf_counter() - start > 30:
                raise RuntimeError("the app did not show its list within 30 s")
            time.sleep(0.005)
        elapsed = time.perf_counter() - start
        time.sleep(1.0)
        pid = _tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip()
        status = Path(f"/proc/{pid}/status").read_text()
        peak_kb = int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1])
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return elapsed, peak_kb / 1024


def run() -> dict[str, Any]:
    """All start-up figures."""
    if shutil.which("tmux") is None:
        raise SystemExit("bench.startup needs tmux")
    config = demo_config()
    keeper = _keep_server()
    try:
        starts = [app_start(config) for _ in range(RUNS)]
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keeper], capture_output=True)
    return {
        "app_interactive_s": round(statistics.median(s for s, _ in starts), 3),
        "app_peak_rss_mb": round(max(r for _, r in starts), 1),
        "cli_dossier_list_s": cli_list(config),
        "imports_s": import_costs(),
        "importtime_ms": import_breakdown(config),
        "load": round(os.getloadavg()[0], 2),
        "targets": {"app_interactive_s": 0.8, "app_peak_rss_mb": 150, "cli_dossier_list_s": 0.4},
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
