"""Who may act on the database: the server's word on PostgreSQL, admins for upgrades,
backups and grants, and privileges that stop a collaborator raising their own role."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from books.access.users import add_user
from books.config import Settings
from books.context import Workspace, open_workspace
from books.database import backup, firm_grants, upgrade_database
from books.errors import InvalidInput, PermissionDenied

POSTGRES_URL = os.environ.get("SAISIE_TEST_POSTGRES_URL")


def test_backup_is_for_admins(team: dict[str, Workspace], tmp_path: Path) -> None:
    for login in ("bob", "carol"):
        with pytest.raises(PermissionDenied, match="administrer la base"):
            backup(team[login], tmp_path / f"{login}.db")
        assert not (tmp_path / f"{login}.db").exists()


def test_upgrade_is_for_admins(team: dict[str, Workspace], settings: Settings,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAISIE_USER", "carol")
    with pytest.raises(PermissionDenied):
        upgrade_database(settings)
    monkeypatch.setenv("SAISIE_USER", "mallory")
    with pytest.raises(PermissionDenied, match="mallory"):
        upgrade_database(settings)
    monkeypatch.setenv("SAISIE_USER", "alice")
    from store.schema import HEAD

    assert HEAD in upgrade_database(settings)


def test_a_database_behind_is_upgraded_only_by_an_admin(team: dict[str, Workspace],
                                                        settings: Settings) -> None:
    from alembic import command

    from store.schema import alembic_config

    with team["alice"].engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0003")
    with pytest.raises(PermissionDenied, match="administrateur"):
        open_workspace(settings, "carol")
    with pytest.raises(PermissionDenied, match="administrateur"):
        open_workspace(settings, "nobody")
    open_workspace(settings, "alice").close()
    open_workspace(settings, "carol").close()  # up to date again: everyone works


def test_grants_are_refused_on_sqlite_and_to_non_admins(team: dict[str, Workspace]) -> None:
    with pytest.raises(PermissionDenied):
        firm_grants(team["bob"])
    if team["alice"].engine.dialect.name == "sqlite":
        with pytest.raises(InvalidInput, match="PostgreSQL"):
            firm_grants(team["alice"])


# PostgreSQL: two database roles -------------------------------------------------------------

needs_postgres = pytest.mark.skipif(POSTGRES_URL is None, reason="SAISIE_TEST_POSTGRES_URL not set")


def _as_role(url: str, role: str) -> str:
    """The test URL, connecting as ``role`` (the test server trusts local connections)."""
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{role}@{rest.split('@', 1)[1]}"


@pytest.fixture
def server_roles(settings: Settings) -> Iterator[Callable[[str], str]]:
    """Create login roles on the test server; dropped afterwards."""
    if not settings.database.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    superuser = create_engine(settings.database)
    made: list[str] = []

    def make(stem: str) -> str:
        name = f"{stem}_{uuid.uuid4().hex[:8]}"
        with superuser.begin() as conn:
            conn.execute(text(f'CREATE ROLE "{name}" LOGIN'))
            conn.execute(text(f'GRANT CONNECT ON DATABASE {conn.engine.url.database} TO "{name}"'))
        made.append(name)
        return name

    yield make
    with superuser.begin() as conn:
        for name in made:
            conn.execute(text(f'DROP OWNED BY "{name}"'))
            conn.execute(text(f'DROP ROLE "{name}"'))
    superuser.dispose()


@needs_postgres
def test_the_server_says_who_acts(admin: Workspace, settings: Settings,
                                  server_roles: Callable[[str], str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    boss, clerk = server_roles("boss"), server_roles("clerk")
    add_user(admin, boss, "admin")
    add_user(admin, clerk, "collaborator")
    statements, done = firm_grants(admin, apply=True)  # the owner (test superuser) applies them
    assert done is not None and any(clerk in s for s in statements)

    as_clerk = Settings(config_path=settings.config_path, database=_as_role(settings.database, clerk),
                        inbox_root=settings.inbox_root, archive_root=settings.archive_root)
    monkeypatch.delenv("SAISIE_USER", raising=False)
    ws = open_workspace(as_clerk)
    assert (ws.user.login, ws.user.role) == (clerk, "collaborator")
    ws.close()

    monkeypatch.setenv("SAISIE_USER", boss)
    with pytest.raises(PermissionDenied, match=clerk):
        open_workspace(as_clerk)
    with pytest.raises(PermissionDenied, match=clerk):
        open_workspace(as_clerk, "alice")

    # Straight SQL as the clerk: reading works, raising one's role or access does not.
    engine = create_engine(as_clerk.database)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM app_user")).scalar() >= 3
        for statement in (
            f"UPDATE app_user SET role = 'admin' WHERE login = '{clerk}'",
            "INSERT INTO dossier_access (user_id, dossier_id) VALUES (1, 1)",
            "DELETE FROM audit_event",
            "UPDATE party SET name = 'x'",
        ):
            with pytest.raises(ProgrammingError, match="permission denied"), engine.begin() as conn:
                conn.execute(text(statement))
        with engine.begin() as conn:  # what a collaborator's work writes is allowed
            conn.execute(text("INSERT INTO audit_event (at, actor, entity, action) "
                              "VALUES (now(), :me, 'test', 'test')"), {"me": clerk})
    finally:
        engine.dispose()
