"""The garbage collector in the app: a full collection when a screen closes, rarely while one is built."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest

from tests.tui.conftest import wait_for
from tui.app import FULL_COLLECTION_EVERY, SaisieApp
from tui.screens.dossier import DossierScreen
from tui.screens.home import HomeScreen


@pytest.fixture
def collector() -> Iterator[None]:
    """The test process's collector as it was (the app sets it up for itself)."""
    threshold = gc.get_threshold()
    yield
    gc.set_threshold(*threshold)


async def test_full_collections_are_rare_once_the_first_screen_is_drawn(
        app_as: Callable[[str], SaisieApp], collector: None) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await wait_for(lambda: gc.get_threshold()[2] == FULL_COLLECTION_EVERY)
        assert gc.get_freeze_count() > 0  # the start-up's objects are left out of collections


async def test_closing_a_screen_collects_once_opening_one_does_not(
        app_as: Callable[[str], SaisieApp], collector: None, monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_as("alice")
    collections: list[int] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, HomeScreen) and app.screen.is_mounted)
        await pilot.pause()
        monkeypatch.setattr(gc, "collect", lambda generation=2: collections.append(generation) or 0)
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert collections == []
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, HomeScreen))
        await wait_for(lambda: collections == [2])
