"""The database as a whole: its schema upgrade and its backup, both admin actions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from books.errors import InvalidInput, StoreUnavailable
from books.i18n import t

if TYPE_CHECKING:
    from books.config import Settings
    from books.context import Workspace


def upgrade_database(settings: Settings) -> str:
    """Bring the schema up to date as the acting user, who must be an admin.

    Returns:
        The message to show (the revision the database is at).

    Raises:
        PermissionDenied: the acting user is not an admin (or not a user).
    """
    from books.access.permissions import require
    from books.context import open_workspace
    from store.schema import current_revision

    ws = open_workspace(settings)
    try:
        require(ws.user, "database.manage")
        return t("db.upgraded", revision=current_revision(ws.engine))
    finally:
        ws.close()


def backup(ws: Workspace, destination: Path) -> str:
    """Copy the live SQLite database to ``destination`` (never over an existing file).

    Only admins: the copy holds every dossier, those the person may not open included.

    Returns:
        The message to show.
    """
    from books.access.permissions import require
    from store import audit
    from store.engine import backup_sqlite
    from store.errors import DatabaseUnavailable

    require(ws.user, "database.manage")
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


def firm_grants(ws: Workspace, *, apply: bool = False) -> tuple[list[str], str | None]:
    """The PostgreSQL privileges that make the server enforce Saisie's roles.

    Args:
        apply: run them now (the connected role must own the tables).

    Returns:
        The SQL statements, and the message to show when they were applied.

    Raises:
        PermissionDenied: the acting user is not an admin.
        InvalidInput: the database is not PostgreSQL.
        StoreUnavailable: the statements were refused by the server.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from books.access.permissions import require
    from books.access.users import list_users
    from store import audit, grants

    require(ws.user, "database.manage")
    if ws.engine.dialect.name != "postgresql":
        raise InvalidInput(t("db.grants_postgres_only"))
    users = {user.login: user.role for user in list_users(ws) if user.active}
    members = {login: users[login] for login in grants.server_logins(ws.engine, sorted(users))}
    statements = grants.grant_statements(tables=grants.schema_tables(ws.engine), members=members)
    if not apply:
        return statements, None
    try:
        grants.apply(ws.engine, statements)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise StoreUnavailable(t("db.grants_failed", reason=reason)) from exc
    with ws.transaction() as session:
        audit.add_event(session=session, actor=ws.user.login, entity="database", action="grants",
                        after={"members": members})
    return statements, t("db.grants_applied", roles=len(grants.GROUPS), members=len(members))
