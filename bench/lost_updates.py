"""Two processes saving one party at once: ``python -m bench.lost_updates`` prints JSON figures.

Each round, two processes read the same version of a party, wait for each
other, then save it at the same moment. A correct store accepts one save and
refuses the other (:class:`books.errors.Conflict`). For each database:

- ``service``: ``--rounds`` rounds of ``books.parties.changes.update_party``
  (each save sets the address to its own value);
- ``cli``: ``--cli-rounds`` rounds of two concurrent ``saisie parties rename``
  processes (as the issue measured them).

Figures per mode: ``both_accepted`` (rounds where the two saves were taken: a
fault for ``service``, whose two saves always start from the same version; not
for ``cli``, where one process may finish before the other reads),
``accepted`` (saves reported done), ``version_rise`` (how far the version
rose), ``lost`` (``accepted - version_rise``: saves reported done and then
overwritten). PostgreSQL is measured when ``SAISIE_TEST_POSTGRES_URL`` is set
(its ``public`` schema is dropped and made again).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import SAISIE

SLUG = "bench-lost-updates"
CODE = "C001"


def _settings(folder: Path, database: str) -> Any:
    from books.config import Settings

    return Settings(config_path=folder / "config.toml", database=database,
                    inbox_root=folder / "inbox", archive_root=folder / "archive")


def _prepare(folder: Path, database: str) -> None:
    from books.context import open_workspace
    from books.dossiers.service import DossierDraft, create_dossier
    from books.parties.changes import add_party

    if database.startswith("postgresql"):
        from sqlalchemy import create_engine, text

        engine = create_engine(database)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    ws = open_workspace(_settings(folder, database), "bench")
    create_dossier(ws, DossierDraft(name="Bench Lost Updates"))
    add_party(ws, SLUG, "customer", {"code": CODE, "name": "Client"})
    (folder / "config.toml").write_text(
        f'database = "{database}"\ninbox_root = "{folder / "inbox"}"\n'
        f'archive_root = "{folder / "archive"}"\n')
    ws.close()


def _version(folder: Path, database: str) -> int:
    from books.context import open_workspace
    from books.parties.changes import get_party

    ws = open_workspace(_settings(folder, database), "bench")
    try:
        return get_party(ws, SLUG, "customer", CODE).version
    finally:
        ws.close()


def _saver(folder: Path, database: str, tag: str, rounds: int, barrier: Any, out: Any) -> None:
    from books.context import open_workspace
    from books.errors import Conflict
    from books.parties.changes import get_party, update_party

    ws = open_workspace(_settings(folder, database), "bench")
    accepted: list[int] | str = []
    try:
        for round_ in range(rounds):
            party = get_party(ws, SLUG, "customer", CODE)
            barrier.wait(60)
            try:
                update_party(ws, party.id, {"address": f"{tag}{round_}"}, party.version)  # type: ignore[arg-type]
                accepted.append(round_)  # type: ignore[union-attr]
            except Conflict:
                pass
            barrier.wait(60)
    except Exception as exc:  # the other process must not wait for this one
        barrier.abort()
        accepted = f"{type(exc).__name__}: {exc}"
    finally:
        ws.close()
    out.put(accepted)


def _service(folder: Path, database: str, rounds: int) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    barrier, out = context.Barrier(2), context.Queue()
    start = _version(folder, database)
    began = time.perf_counter()
    workers = [context.Process(target=_saver, args=(folder, database, tag, rounds, barrier, out))
               for tag in "AB"]
    for worker in workers:
        worker.start()
    results = [out.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    seconds = time.perf_counter() - began
    failed = [r for r in results if isinstance(r, str)]
    if failed:
        raise RuntimeError(f"a saving process failed: {failed[0]}")
    return _figures(rounds, results, _version(folder, database) - start, seconds)


def _cli(folder: Path, database: str, rounds: int) -> dict[str, Any]:
    env = {**os.environ, "SAISIE_USER": "bench"}
    start = _version(folder, database)
    began = time.perf_counter()
    results: list[list[int]] = [[], []]
    for round_ in range(rounds):
        runs = [subprocess.Popen(
            [SAISIE, "--config", str(folder / "config.toml"), "parties", "rename", CODE,
             f"Client {tag}{round_}", "--dossier", SLUG, "--kind", "customer"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for tag in "AB"]
        for index, run in enumerate(runs):
            if run.wait() == 0:
                results[index].append(round_)
    seconds = time.perf_counter() - began
    return _figures(rounds, results, _version(folder, database) - start, seconds)


def _figures(rounds: int, results: list[list[int]], rise: int, seconds: float) -> dict[str, Any]:
    accepted = sum(len(r) for r in results)
    both = len(set(results[0]) & set(results[1]))
    return {"rounds": rounds, "both_accepted": both, "accepted": accepted, "version_rise": rise,
            "lost": accepted - rise, "seconds": round(seconds, 1)}


def run(rounds: int = 100, cli_rounds: int = 20) -> dict[str, Any]:
    """Measure each database; returns the figures by database and mode."""
    figures: dict[str, Any] = {}
    databases = {"sqlite": None, "postgresql": os.environ.get("SAISIE_TEST_POSTGRES_URL")}
    for name, url in databases.items():
        if name == "postgresql" and not url:
            continue
        with tempfile.TemporaryDirectory(prefix="saisie-lost-") as tmp:
            folder = Path(tmp)
            database = url or str(folder / "saisie.db")
            _prepare(folder, database)
            figures[name] = {"service": _service(folder, database, rounds)}
            if cli_rounds:
                figures[name]["cli"] = _cli(folder, database, cli_rounds)
    return figures


def main() -> None:
    """Print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--cli-rounds", type=int, default=20)
    args = parser.parse_args()
    print(json.dumps(run(args.rounds, args.cli_rounds), indent=2))


if __name__ == "__main__":
    main()
