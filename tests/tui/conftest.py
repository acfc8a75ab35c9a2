"""Fixtures for the app: seeded dossiers and a polling helper for Pilot tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier
from tui.app import SaisieApp, make_app


@pytest.fixture
def database(tmp_path):  # type: ignore[no-untyped-def]
    """The app tests run on SQLite only (the store tests cover PostgreSQL)."""
    return str(tmp_path / "saisie.db")


@pytest.fixture
def seeded(team: dict[str, Workspace]) -> dict[str, Workspace]:
    """Three dossiers with fixed activity dates (stable snapshots)."""
    from sqlalchemy import update

    from store.models import Dossier

    admin = team["alice"]
    for name, sector, access in (
        ("Boulangerie Dupré", "commerce", ["carol"]),
        ("Garage Martin & Fils", "services", []),
        ("Hôtel du Vieux Port", "restauration", ["carol", "bob"]),
    ):
        create_dossier(admin, DossierDraft(name=name, sector=sector, access=access,
                                           contact_email=f"contact@{name[:4].lower()}.fr"))
    with admin.transaction() as session:
        session.execute(update(Dossier).values(last_activity_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC)))
    return team


@pytest.fixture
def app_as(seeded: dict[str, Workspace]) -> Callable[[str], SaisieApp]:
    """An unstarted app acting as one of alice, bob, carol."""

    def build(login: str = "alice") -> SaisieApp:
        ws = seeded[login]
        return make_app(ws.settings, ws)

    return build


async def wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    """Poll until ``condition`` holds (workers run in threads)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)
