"""Engines and sessions from a URL or a plain path.

A plain path (or ``sqlite:///…``) means an embedded SQLite database, opened in
WAL mode with foreign keys enforced and a busy timeout so that two processes
can work on it at once. ``postgresql+psycopg://…`` means a shared server.
Nothing is created at import time.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from store import memory
from store.errors import DatabaseUnavailable

BUSY_TIMEOUT_MS = 10_000
PAGE_SIZE = 16_384
"""Bytes in a page of a new SQLite database (SQLite's default is 4,096). The
party indexes hold long keys (sort and search keys, ~100 bytes an entry): a
page of 16 KiB takes about 140 of them instead of 35, so a 100,000-party
import splits and writes fewer pages (``bench/importer.py``: the bare insert
of the import's rows 1.0–1.5 s instead of 1.2–1.7 s)."""
READ_CACHE_KIB = 2_048
"""SQLite page cache of a connection, in KiB (2 MiB): a list reads its pages
through several connections at once (screen, reader, counter, index), each
with a cache of its own, which a whole-list read (a count, the filter index)
fills. With 8 MiB each they held ~17 MB of the app's memory; a page missing
here is a copy from the system's file cache (a few microseconds)."""
WRITE_CACHE_KIB = 2_048
"""The cache while a connection writes (2 MiB, as for reading). Shrunk back
afterwards and its memory returned (:mod:`store.memory`). A bulk archive of
100,000 parties touches pages far beyond any cache the memory target allows
(most of its pages are read from the system's file cache either way):
measured in-process, archive and undo of 100,000 take the same CPU time with
2 MiB as with 8 MiB (0.5 s and 0.3 s), and 6 MB less at their peak; 32 MiB
put the app at 130–140 MB while archiving (target 120 MB)."""


def normalize_url(target: str) -> str:
    """The SQLAlchemy URL for ``target``: a URL as is, a path as SQLite."""
    if "://" in target:
        return target
    path = Path(os.path.expanduser(target)).resolve()
    return f"sqlite:///{path}"


def is_sqlite(url: str) -> bool:
    """Whether ``url`` names an SQLite database."""
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for in-memory and other backends."""
    if not is_sqlite(url):
        return None
    rest = url.split(":///", 1)[1] if ":///" in url else ""
    if not rest or rest == ":memory:":
        return None
    return Path(rest.split("?", 1)[0])


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Takes effect only when the file is new (before WAL writes its header); an
    # existing database keeps the page size it was made with.
    cursor.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA cache_size = -{READ_CACHE_KIB}")
    # Statement journals and large sorts spill to temporary files (the OS
    # caches them) instead of the process's heap: archiving 100,000 parties
    # held ~50 MB of statement journal in memory, which the allocator kept.
    cursor.execute("PRAGMA temp_store = FILE")
    # The log is copied back into the database by a Checkpointer after commits,
    # not by whichever commit crosses 1,000 pages of log (see Checkpointer).
    cursor.execute("PRAGMA wal_autocheckpoint = 0")
    cursor.close()


class Checkpointer:
    """Copies SQLite's write-ahead log back into the database after commits,
    on a thread of its own.

    Left to SQLite (``wal_autocheckpoint``), the copy runs inside the commit
    that crosses 1,000 pages of log: archiving or importing 100,000 parties
    then waits about 0.2 s more for a copy the user has no use for. Here the
    commit returns once the log is written, and the copy follows. The thread
    ends after a few idle seconds; SQLite also checkpoints when the last
    connection closes, and a copy cut short is simply done again later.
    """

    DELAY_S = 0.05
    """Wait after a request, so the commit that asked is finished."""
    IDLE_S = 2.0

    def __init__(self, path: Path) -> None:
        self.path = path
        self._wanted = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        """Copy the log back soon."""
        self._wanted.set()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint",
                                                 daemon=True)
                self._thread.start()

    def _run(self) -> None:
        import sqlite3

        while True:
            if not self._wanted.wait(self.IDLE_S):
                with self._lock:
                    if not self._wanted.is_set():
                        self._thread = None
                        return
            self._wanted.clear()
            time.sleep(self.DELAY_S)
            try:
                db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
                try:
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)")
                finally:
                    db.close()
            except sqlite3.Error:
                pass  # done by the next request, or by SQLite when the last connection closes


_checkpointers: dict[Path, Checkpointer] = {}
_checkpointers_lock = threading.Lock()


def _checkpoint_soon(engine: Engine | None) -> None:
    """After a commit on an SQLite file: have its log copied back in the background."""
    if engine is None or engine.dialect.name != "sqlite":
        return
    path = sqlite_path(str(engine.url))
    if path is None:
        return
    with _checkpointers_lock:
        checkpointer = _checkpointers.get(path)
        if checkpointer is None:
            checkpointer = _checkpointers[path] = Checkpointer(path)
    checkpointer.request()


def _on_sqlite_checkin(dbapi_connection: Any, record: Any) -> None:
    """A connection that wrote goes back to the pool with its cache shrunk."""
    if dbapi_connection is None or not record.info.pop("wrote", False):
        return
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA cache_size = -{READ_CACHE_KIB}")
        cursor.execute("PRAGMA shrink_memory")
    finally:
        cursor.close()
    memory.release()  # the write cache's pages, back to the system


def make_engine(target: str) -> Engine:
    """Open the database at ``target`` and check that it answers.

    Raises:
        DatabaseUnavailable: with the reason, when it cannot be opened.
    """
    memory.configure()
    url = normalize_url(target)
    path = sqlite_path(url)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(f"{path.parent}: {exc.strerror or exc}") from exc
    try:
        if is_sqlite(url):
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _on_sqlite_connect)
            event.listen(engine, "checkin", _on_sqlite_checkin)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        with engine.connect():
            pass
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        reason = getattr(exc, "orig", None) or exc
        raise DatabaseUnavailable(str(reason).strip().splitlines()[0]) from exc
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit (rows are handed to the UI)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on error.

    On SQLite the transaction takes the write lock before its first read
    (``BEGIN IMMEDIATE``, waiting up to the busy timeout for another writer):
    what it reads stays true until it commits, so a check made on a read (a
    row's version, a code still free) cannot be overtaken by another
    process's write before this one's. Left deferred, the driver starts the
    transaction at the first write and the reads before it see a state that
    may already be gone (two processes then both accepted a save of the same
    version). PostgreSQL gets the same guarantee from row locks and
    conditional updates (:func:`store.parties.changes.update_versioned`).
    """
    with factory() as session:
        with session.begin():
            engine = session.get_bind()
            if engine.dialect.name == "sqlite":
                connection = session.connection()
                connection.exec_driver_sql(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                connection.info["wrote"] = True
            yield session
        _checkpoint_soon(engine)  # type: ignore[arg-type]


def backup_sqlite(engine: Engine, destination: Path) -> None:
    """A consistent copy of a live SQLite database (online backup API).

    Raises:
        DatabaseUnavailable: for other backends or when the copy fails.
    """
    import sqlite3

    if engine.dialect.name != "sqlite":
        raise DatabaseUnavailable("backup works on SQLite only; use pg_dump for PostgreSQL")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(partial)
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
        finally:
            target.close()
        os.replace(partial, destination)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseUnavailable(str(exc)) from exc
    finally:
        raw.close()
