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
    """The login of whoever runs Saisie (``SAISIE_USER`` overrides, for scripts and tests)."""
    return os.environ.get("SAISIE_USER") or getpass.getuser()


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


def connect(settings: Settings) -> tuple[Engine, sessionmaker[Session]]:
    """Open and upgrade the configured database.

    Raises:
        StoreUnavailable: naming the database and the reason.
    """
    from store.engine import make_engine, session_factory
    from store.errors import DatabaseUnavailable
    from store.schema import upgrade

    try:
        engine = make_engine(settings.database)
        upgrade(engine)
    except DatabaseUnavailable as exc:
        raise StoreUnavailable(t("db.unavailable", database=settings.database, reason=exc)) from exc
    return engine, session_factory(engine)


def open_workspace(settings: Settings, login: str | None = None) -> Workspace:
    """Open the database and identify the acting user.

    On an empty database the acting login becomes its first admin.

    Raises:
        PermissionDenied: the login is not a user (they must ask an admin).
    """
    from store import audit, dossiers, users

    engine, sessions = connect(settings)
    login = login or acting_login()
    from store.engine import transaction

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
