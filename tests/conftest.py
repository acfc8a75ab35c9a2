"""Shared fixtures: isolated folders, a database per test (SQLite, and
PostgreSQL when ``SAISIE_TEST_POSTGRES_URL`` is set), workspaces per user."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from books.config import Settings
from books.context import Workspace, open_workspace
from books.i18n import set_language

POSTGRES_URL = os.environ.get("SAISIE_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Nothing outside tmp_path: XDG dirs there, no inherited Saisie settings."""
    for var in ("SAISIE_DATABASE", "SAISIE_CONFIG", "SAISIE_USER"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("SAISIE_USER", "alice")
    set_language("fr")
    yield
    set_language("fr")


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: an SQLite file, or a reset PostgreSQL schema."""
    if request.param == "postgresql":
        assert POSTGRES_URL
        _reset_postgres(POSTGRES_URL)
        return POSTGRES_URL
    return str(tmp_path / "saisie.db")


@pytest.fixture
def settings(tmp_path: Path, database: str) -> Settings:
    """Settings pointing at the test database and tmp folders."""
    return Settings(
        config_path=tmp_path / "config.toml",
        database=database,
        inbox_root=tmp_path / "inbox",
        archive_root=tmp_path / "archive",
        watch_inbox=False,  # the app's folder watcher is tested on its own
    )


@pytest.fixture
def workspaces(settings: Settings) -> Iterator[Callable[[str], Workspace]]:
    """Open workspaces as any login; all are closed at the end."""
    opened: list[Workspace] = []

    def open_as(login: str) -> Workspace:
        ws = open_workspace(settings, login)
        opened.append(ws)
        return ws

    yield open_as
    for ws in opened:
        ws.close()


@pytest.fixture
def admin(workspaces: Callable[[str], Workspace]) -> Workspace:
    """The first user of an empty database: alice, admin."""
    return workspaces("alice")


@pytest.fixture
def team(admin: Workspace, workspaces: Callable[[str], Workspace]) -> dict[str, Workspace]:
    """alice (admin), bob (team lead), carol (collaborator)."""
    from books.access.users import add_user

    add_user(admin, "bob", "team_lead", "Bob Lenoir", "bob@cabinet.fr")
    add_user(admin, "carol", "collaborator", "Carol Petit", "carol@cabinet.fr")
    return {"alice": admin, "bob": workspaces("bob"), "carol": workspaces("carol")}
