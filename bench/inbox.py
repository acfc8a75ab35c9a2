"""``python -m bench.inbox [FILES] [DROPS]``: the inbox pipeline's throughput and latency.

1. FILES structured invoices (UBL, 1,000 by default; 10,000 for the issue's
   flat-memory check) dropped at once in a dossier's folder, taken in by one
   process through the whole pipeline into SQLite: documents per second, CPU per
   document (the pipeline's process and the reader's, apart: the machine is shared,
   CPU time is what a load does not inflate), peak RSS of the process (the reader's
   child process apart) and its resident memory every half second (it must stay flat).
2. DROPS files (50 by default) dropped one at a time while ``inbox run``
   watches (``run_forever`` in a thread): time from the drop to the document
   in the database, p50 and p95.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import threading
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from books.config import Settings
from books.context import open_workspace
from books.demo.invoice import DemoParty, ubl_invoice
from books.dossiers.service import DossierDraft, create_dossier, get_dossier
from books.i18n import set_language

BUYER = DemoParty("Garage Central SARL", "552100554", "FR96552100554", "Lyon", "69003")
SELLER = DemoParty("Dupont Plomberie SARL", "443061841", "FR64443061841", "Lyon", "69001")


def _invoice(n: int) -> bytes:
    return ubl_invoice(number=f"B-{n:06d}", issued=date(2026, 11, 2), due=date(2026, 12, 2),
                       seller=SELLER, buyer=BUYER, net=Decimal(100 + n % 900),
                       rate=Decimal("20"), description="Pièces").encode()


def _drop(folder: Path, n: int, old: bool = True) -> Path:
    path = folder / f"B-{n:06d}.xml"
    path.write_bytes(_invoice(n))
    if old:
        past = time.time() - 5
        os.utime(path, (past, past))
    return path


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the reader's process)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(files: int = 1_000, drops: int = 50) -> dict[str, object]:
    """Both measures on a fresh database in a temporary folder."""
    from books.inbox.pipeline import Pipeline
    from books.inbox.runner import run_forever
    from books.invoices.sandbox import SandboxedReader

    set_language("fr")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = Settings(config_path=root / "config.toml", database=str(root / "s.db"),
                            inbox_root=root / "inbox", archive_root=root / "archive")
        ws = open_workspace(settings, "bench")
        create_dossier(ws, DossierDraft(name="Garage Central", siren="552100554"))
        folder = Path(get_dossier(ws, "garage-central").inbox_path)
        for n in range(files):
            _drop(folder, n)
        rss_start = _rss_mb()
        with SandboxedReader() as reader:
            pipeline = Pipeline(ws, reader)
            samples: list[tuple[float, int, float]] = []
            done = threading.Event()
            sampler = threading.Thread(target=_sample, args=(pipeline, samples, done), daemon=True)
            started, cpu, own = time.perf_counter(), _cpu(), time.process_time()
            sampler.start()
            summary = pipeline.run_once()
            elapsed, own = time.perf_counter() - started, time.process_time() - own
            done.set()
            sampler.join()
        cpu = _cpu() - cpu  # the reader's process counted once it has ended
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        latencies, latency_cpu = _latencies(ws, folder, drops, files, run_forever)
        ws.close()
    latencies.sort()
    processed = max(summary.processed, 1)
    return {
        "files": files, "processed": summary.processed,
        "documents_per_s": round(summary.processed / elapsed, 1),
        "batch_s": round(elapsed, 2),
        "cpu_s_per_document_ms": round(1000 * cpu / processed, 2),
        "pipeline_cpu_per_document_ms": round(1000 * own / processed, 2),
        "reader_cpu_per_document_ms": round(1000 * (cpu - own) / processed, 2),
        "documents_per_cpu_s": round(summary.processed / cpu, 1),
        "rss_before_mb": round(rss_start, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "rss_over_time": _thinned(samples),
        "drop_to_document_p50_s": round(latencies[len(latencies) // 2], 3),
        "drop_to_document_p95_s": round(latencies[int(len(latencies) * 0.95)], 3),
        "watching_cpu_per_drop_ms": round(1000 * latency_cpu / max(drops, 1), 2),
        "load_average": round(os.getloadavg()[0], 1),
    }


def _rss_mb() -> float:
    """The process's resident memory now (``VmRSS``), in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _sample(pipeline, samples: list[tuple[float, int, float]],  # type: ignore[no-untyped-def]
            done: threading.Event) -> None:
    """Every half second: seconds since the start, documents done, resident MB."""
    started = time.perf_counter()
    while not done.wait(0.5):
        samples.append((time.perf_counter() - started, pipeline.summary.processed, _rss_mb()))


def _thinned(samples: list[tuple[float, int, float]], keep: int = 24) -> list[str]:
    """At most ``keep`` samples, evenly spread, the last one included, as
    ``"<seconds> s <documents> docs <MB> MB"``."""
    if len(samples) > keep:
        step = len(samples) / keep
        samples = [samples[int(i * step)] for i in range(keep - 1)] + [samples[-1]]
    return [f"{at:.1f} s {done} docs {mb:.1f} MB" for at, done, mb in samples]


def _latencies(ws, folder: Path, drops: int, start: int,  # type: ignore[no-untyped-def]
               run_forever) -> tuple[list[float], float]:
    from store.inbox import list_documents

    stop, ready = threading.Event(), threading.Event()
    spent: list[float] = []

    def watch() -> None:  # the watcher's own CPU (this loop's polling apart)
        run_forever(ws, None, stop, ready=lambda: (spent.append(time.thread_time()), ready.set()))
        spent.append(time.thread_time())

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    ready.wait(60)
    times = []
    for n in range(start, start + drops):
        dropped = time.perf_counter()
        _drop(folder, n, old=False)
        number = f"B-{n:06d}"
        while time.perf_counter() - dropped < 30:
            with ws.read() as session:
                latest = list_documents(session=session, dossier_id=1, limit=1)
            if latest and latest[0].number == number and latest[0].status == "review":
                break
            time.sleep(0.01)
        times.append(time.perf_counter() - dropped)
    stop.set()
    watcher.join(30)
    return times, spent[-1] - spent[0]


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:3]]
    print(json.dumps(run(*arguments), indent=2))
