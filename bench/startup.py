"""Start-up benchmark: ``python -m bench.startup`` prints JSON figures.

- ``app_interactive_s``: process start → the dossiers screen showing its list,
  timed through tmux (capture-pane polled every 5 ms), on the demo database;
- ``app_peak_rss_mb``: the app's peak resident memory (VmHWM) once interactive;
- ``app_interactive_cpu_s``: the app's CPU time (user + system) at that moment;
- ``cli_dossier_list_s``, ``cli_parties_list_s``: wall and CPU time (``s``,
  ``cpu_s``) of ``saisie dossier list`` and of a filtered ``saisie parties list``
  of the demo's 100,000 customers (no Textual);
- ``imports_s``: what the stack itself costs to import, for comparison;
- ``importtime_ms``: ``python -X importtime`` of ``saisie dossier list`` and of
  the app's modules, the modules' own time summed by top-level package (where
  the start-up goes: SQLAlchemy, SQLModel and pydantic, Textual, ours);
- ``importtime_modules_ms``: the same runs module by module: the largest own
  times, and ours (``books``, ``store``, ``tui``) apart.

The demo database is made once in ``$SAISIE_BENCH_DIR`` (default
``/tmp/saisie-bench``). Medians of several runs.
"""

from __future__ import annotations

import json
import os
import resource
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
PARTIES_SLUG = "distribution-nationale-alimentaire"
"""The demo's dossier of 100,000 customers."""


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


OURS = ("books", "store", "tui")


def _importtime(code: str) -> dict[str, float]:
    """Each module's own import time (ms) in one fresh process running ``code``."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code],
                          capture_output=True, text=True, check=True)
    modules: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _cumulative, module = line[len("import time:"):].split("|")
        modules[module.strip()] = modules.get(module.strip(), 0.0) + int(own) / 1000
    return modules


def import_breakdown(config: Path, top: int = 8, modules_top: int = 15) -> dict[str, dict[str, Any]]:
    """Milliseconds of module execution (``-X importtime``'s self times, median of
    RUNS): by top-level package (the ``top`` largest and the total) under
    ``packages``, and module by module (the ``modules_top`` largest, and ours
    apart) under ``modules``."""
    out: dict[str, dict[str, Any]] = {"packages": {}, "modules": {}}
    for name, code in IMPORTTIME_RUNS.items():
        runs = [_importtime(code.format(config=str(config))) for _ in range(RUNS)]
        by_package: list[dict[str, float]] = []
        for modules in runs:
            packages: dict[str, float] = {}
            for module, ms in modules.items():
                packages[module.split(".")[0]] = packages.get(module.split(".")[0], 0.0) + ms
            by_package.append(packages)
        names = {p for r in by_package for p in r}
        medians = {p: statistics.median(r.get(p, 0.0) for r in by_package) for p in names}
        largest = sorted(medians.items(), key=lambda item: -item[1])[:top]
        out["packages"][name] = {p: round(ms, 1) for p, ms in largest}
        out["packages"][name]["total"] = round(statistics.median(sum(r.values()) for r in runs), 1)
        every = {m for r in runs for m in r}
        module_ms = {m: statistics.median(r.get(m, 0.0) for r in runs) for m in every}
        ranked = sorted(module_ms.items(), key=lambda item: -item[1])
        out["modules"][name] = {
            "largest": {m: round(ms, 1) for m, ms in ranked[:modules_top]},
            "ours": {m: round(ms, 1) for m, ms in ranked if m.split(".")[0] in OURS and ms >= 0.5},
            "ours_total": round(sum(ms for m, ms in module_ms.items() if m.split(".")[0] in OURS), 1),
        }
    return out


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_command(config: Path, *args: str) -> dict[str, float]:
    """Median wall and CPU time of ``saisie ARGS`` (after one run not counted)."""
    command = [SAISIE, "--config", str(config), *args]
    _wall(command)
    samples = []
    for _ in range(RUNS):
        cpu = _cpu_children()
        samples.append((_wall(command), _cpu_children() - cpu))
    return {"s": round(statistics.median(s for s, _ in samples), 3),
            "cpu_s": round(statistics.median(c for _, c in samples), 3)}


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def _keep_server() -> str:
    """A quiet session that keeps the tmux server up between measured sessions
    (a server whose last session just closed refuses a new one for a moment)."""
    keeper = f"saisie-bench-keeper-{os.getpid()}"
    _tmux("new-session", "-d", "-s", keeper, "sleep 600")
    return keeper


def app_start(config: Path, marker: str = "dossier(s) sur") -> tuple[float, float, float]:
    """Seconds from spawn until the list is on screen, the app's CPU seconds then,
    and its peak RSS in MB."""
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
        pid = _tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        time.sleep(1.0)
        status = Path(f"/proc/{pid}/status").read_text()
        peak_kb = int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1])
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return elapsed, cpu, peak_kb / 1024


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
    load = os.getloadavg()[0]
    importtime = import_breakdown(config)
    return {
        "app_interactive_s": round(statistics.median(s for s, _, _ in starts), 3),
        "app_interactive_cpu_s": round(statistics.median(c for _, c, _ in starts), 3),
        "app_peak_rss_mb": round(max(r for _, _, r in starts), 1),
        "cli_dossier_list_s": cli_command(config, "dossier", "list"),
        "cli_parties_list_s": cli_command(config, "parties", "list", "--dossier", PARTIES_SLUG,
                                          "--kind", "customer", "--filter", "fournier"),
        "imports_s": import_costs(),
        "importtime_ms": importtime["packages"],
        "importtime_modules_ms": importtime["modules"],
        "load": [round(load, 2), round(os.getloadavg()[0], 2)],
        "targets": {"app_interactive_s": 0.8, "app_peak_rss_mb": 150, "cli_dossier_list_s": 0.4},
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
