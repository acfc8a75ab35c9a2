"""Engines and sessions from a URL or a plain path.

A plain path (or ``sqlite:///…``) means an embedded SQLite database, opened in
WAL mode with foreign keys enforced and a busy timeout so that two processes
can work on it at once. ``postgresql+psycopg://…`` means a shared server.
Nothing is created at import time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from store.errors import DatabaseUnavailable

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 32_768
"""SQLite page cache per connection, in KiB (32 MiB)."""


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
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    # A larger page cache (allocated only as pages are read) keeps bulk changes to
    # 100,000 parties and their list indexes in memory instead of thrashing.
    cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    cursor.execute("PRAGMA temp_store = MEMORY")
    cursor.close()


def make_engine(target: str) -> Engine:
    """Open the database at ``target`` and check that it answers.

    Raises:
        DatabaseUnavailable: with the reason, when it cannot be opened.
    """
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
    """A session in one transaction: committed on success, rolled back on error."""
    with factory() as session, session.begin():
        yield session


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
