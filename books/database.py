"""Backing up the database while others work on it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from books.errors import InvalidInput, StoreUnavailable
from books.i18n import t

if TYPE_CHECKING:
    from books.context import Workspace


def backup(ws: Workspace, destination: Path) -> str:
    """Copy the live SQLite database to ``destination`` (never over an existing file).

    Returns:
        The message to show.
    """
    from store import audit
    from store.engine import backup_sqlite
    from store.errors import DatabaseUnavailable

    destination = destination.expanduser().resolve()
    if destination.exists():
        raise InvalidInput(t("db.backup_exists", path=destination))
    try:
        backup_sqlite(ws.engine, destination)
    except DatabaseUnavailable as exc:
        raise StoreUnavailable(t("db.unavailable", database=destination, reason=exc)) from exc
    with ws.transaction() as session:
        audit.add_event(
            session=session, actor=ws.user.login, entity="database", action="backup",
            after={"path": str(destination)},
        )
    return t("db.backup_done", path=destination)
