"""Who the database says is connected, and what a login's role is before any upgrade.

On PostgreSQL the server authenticated the connection (peer authentication over
the Unix socket, a password, a certificate): ``session_user`` is that person,
whatever the environment says. SQLite has no such notion; the file's
permissions are its boundary.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError


@dataclass(frozen=True, slots=True)
class ServerRole:
    """The PostgreSQL role of a connection."""

    name: str
    superuser: bool
    """A superuser (or the owner of the tables) can rewrite every table anyway."""


def server_role(engine: Engine) -> ServerRole | None:
    """The role PostgreSQL authenticated, or ``None`` on SQLite."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        name, superuser, owner = conn.execute(text(
            "SELECT session_user, r.rolsuper, "
            "  EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = current_schema() "
            "          AND t.tableowner = session_user) "
            "FROM pg_roles r WHERE r.rolname = session_user")).one()
    return ServerRole(name=name, superuser=bool(superuser or owner))


def stored_role(engine: Engine, login: str) -> str | None:
    """The Saisie role of ``login`` read with the oldest schema's columns (before an
    upgrade), or ``None`` when there is no such user or no user table yet."""
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT role FROM app_user WHERE login = :login"),
                                {"login": login}).scalar()
    except SQLAlchemyError:
        return None
