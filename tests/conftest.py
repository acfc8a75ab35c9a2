"""Shared fixtures: isolated folders, a database per test (SQLite, and
PostgreSQL when ``SAISIE_TEST_POSTGRES_URL`` is set), workspaces per user."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from books.config import Settings
from books.context import Workspace, open_workspace
from books.i18n import set_language


def _hypothesis_outside_the_repository() -> None:
    """Hypothesis writes its example database and caches (``constants``, ``unicode_data``)
    under ``.hypothesis`` in the working folder unless told otherwise; CI's profile keeps
    no database, a plain ``make test`` did: they are kept in the system's temporary
    folder (the caches shared between runs), and no example database at all."""
    import tempfile

    from hypothesis import settings
    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "saisie-hypothesis")
    # The profile in force (Hypothesis's own "ci" one under CI: derandomised) with no
    # example database.
    settings.register_profile("saisie", settings(database=None))
    settings.load_profile("saisie")


_hypothesis_outside_the_repository()

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


def _with_database(url: str, name: str) -> str:
    """``url`` naming database ``name`` (its query, e.g. the socket folder, kept as written)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _create_or_drop(url: str, name: str, create: bool) -> None:
    """Drop database ``name`` on ``url``'s server (closing what is left connected to it),
    then create it afresh when ``create``."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if create:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The PostgreSQL database of this test process.

    Run by pytest-xdist, each worker (``PYTEST_XDIST_WORKER``: gw0, gw1…) gets a
    database of its own on the test server, named after the given one, the worker and
    the run (``saisie_test_gw0_1f2e3d4c``), created here and dropped when the worker
    ends: the tests reset its schema, which two workers, or two runs on one server,
    must not do to each other. A single process uses the given database as it is.
    """
    assert POSTGRES_URL
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        yield POSTGRES_URL
        return
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:8]
    name = f"{urlsplit(POSTGRES_URL).path.lstrip('/')}_{worker}_{run}"
    _create_or_drop(POSTGRES_URL, name, create=True)
    yield _with_database(POSTGRES_URL, name)
    _create_or_drop(POSTGRES_URL, name, create=False)


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: an SQLite file, or a reset PostgreSQL schema."""
    if request.param == "postgresql":
        url: str = request.getfixturevalue("postgres_url")
        _reset_postgres(url)
        return url
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
