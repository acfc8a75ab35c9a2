"""The workspace: an opened database, the configuration and the acting user.

Every books service takes a :class:`Workspace` first. Opening one upgrades an
older database, makes the first user of an empty database its admin, and
refuses a login that is not a user.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from books.errors import PermissionDenied, StoreUnavailable
from books.i18n import t

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from books.config import Settings
    from store.rows import UserRow

DEFAULT_FIRM_NAME = "Mon cabinet"


def acting_login() -> str:
    """The login of whoever runs Saisie (``SAISIE_USER`` overrides, for scripts and tests).

    On PostgreSQL the server has the last word: see :func:`server_login`.
    """
    return os.environ.get("SAISIE_USER") or getpass.getuser()


def server_login(engine: Engine, asked: str | None) -> str | None:
    """The acting login PostgreSQL vouches for, or ``None`` on SQLite.

    The person is the role the server authenticated (``session_user``). A login
    asked for (``SAISIE_USER``, or given by the caller) is honoured only when it
    is that same role, or when that role is a superuser or owns the tables (who
    could rewrite them anyway: an administrator's maintenance, a test database).

    Raises:
        PermissionDenied: a login other than the authenticated one was asked for.
    """
    from store.identity import server_role

    role = server_role(engine)
    if role is None:
        return None
    if asked is None or asked == role.name:
        return role.name
    if role.superuser:
        return asked
    raise PermissionDenied(t("user.not_server_role", asked=asked, role=role.name))


@dataclass
class Workspace:
    """What a service needs to act: settings, database and who acts."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session] = field(repr=False)
    user: UserRow

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on error."""
        from store.engine import transaction

        with transaction(self.sessions) as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading."""
        with self.sessions() as session:
            yield session

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def connect(settings: Settings, upgrade_as: str | None = None) -> tuple[Engine, sessionmaker[Session]]:
    """Open the configured database and bring its schema up to date.

    An empty database is created for anyone (who becomes its first admin); an
    existing one behind the code is upgraded only when ``upgrade_as`` is one of
    its admins, since everyone else's work depends on it.

    Raises:
        StoreUnavailable: naming the database and the reason.
        PermissionDenied: the schema is behind and ``upgrade_as`` is not an admin.
    """
    from store.engine import session_factory

    engine = _open_engine(settings)
    _bring_up_to_date(settings, engine, upgrade_as)
    return engine, session_factory(engine)


def _open_engine(settings: Settings) -> Engine:
    from store.engine import make_engine
    from store.errors import DatabaseUnavailable

    try:
        return make_engine(settings.database)
    except DatabaseUnavailable as exc:
        raise StoreUnavailable(t("db.unavailable", database=settings.database, reason=exc)) from exc


def _bring_up_to_date(settings: Settings, engine: Engine, upgrade_as: str | None) -> None:
    from store.errors import DatabaseUnavailable
    from store.identity import stored_role
    from store.schema import HEAD, current_revision, upgrade

    try:
        revision = current_revision(engine)
        if revision not in (None, HEAD) and (
            upgrade_as is None or stored_role(engine, upgrade_as) != "admin"
        ):
            raise PermissionDenied(t("db.upgrade_needs_admin", revision=revision, head=HEAD))
        upgrade(engine)
    except DatabaseUnavailable as exc:
        engine.dispose()
        raise StoreUnavailable(t("db.unavailable", database=settings.database, reason=exc)) from exc
    except PermissionDenied:
        engine.dispose()
        raise


def open_workspace(settings: Settings, login: str | None = None) -> Workspace:
    """Open the database and identify the acting user.

    On an empty database the acting login becomes its first admin.

    On PostgreSQL the acting login is the role the server authenticated
    (:func:`server_login`).

    Raises:
        PermissionDenied: the login is not a user (they must ask an admin), or not
            the one PostgreSQL authenticated.
    """
    from store import audit, dossiers, users
    from store.engine import session_factory, transaction

    asked = login or os.environ.get("SAISIE_USER") or None
    engine = _open_engine(settings)
    try:
        login = server_login(engine, asked) or asked or getpass.getuser()
    except BaseException:
        engine.dispose()
        raise
    _bring_up_to_date(settings, engine, login)
    sessions = session_factory(engine)

    with transaction(sessions) as session:
        user = users.get_user(session=session, login=login)
        if user is None and users.count_users(session=session) == 0:
            dossiers.ensure_firm(session=session, name=DEFAULT_FIRM_NAME)
            user = users.add_user(session=session, login=login, role="admin", name=login)
            audit.add_event(
                session=session, actor=login, entity="user", entity_id=login,
                action="bootstrap", after={"login": login, "role": "admin"},
            )
    if user is None:
        engine.dispose()
        raise PermissionDenied(t("user.unknown", login=login))
    if not user.active:
        engine.dispose()
        raise PermissionDenied(t("user.inactive", login=login))
    return Workspace(settings=settings, engine=engine, sessions=sessions, user=user)
