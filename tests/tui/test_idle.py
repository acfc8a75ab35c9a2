"""At rest the app draws nothing: no frame while nobody types (over SSH every frame
is bytes on the wire), and a screen covered by another one stops its live refresh."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from books.parties.changes import add_party
from tests.tui.conftest import wait_for
from tui.app import SaisieApp
from tui.screens.dossier import DossierScreen
from tui.screens.parties.form import PartyFormScreen
from tui.screens.parties.listing import PartiesScreen

SLUG = "boulangerie-dupre"
FAST = 0.05
"""The live refresh periods in these tests (seconds): many reads in a short wait."""


@pytest.fixture
def fast_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every screen re-reads every FAST seconds instead of every few seconds."""
    monkeypatch.setattr("tui.screens.home.REFRESH_SECONDS", FAST)
    monkeypatch.setattr("tui.screens.dossier.REFRESH_SECONDS", FAST)
    monkeypatch.setattr("tui.screens.parties.listing.POLL_SECONDS", FAST)


def count_frames(app: SaisieApp) -> list[int]:
    """A one-item list holding how many frames the app has drawn since."""
    frames = [0]
    display = app._display

    def counted(screen: Any, renderable: Any) -> None:
        if renderable is not None:
            frames[0] += 1
        display(screen, renderable)

    app._display = counted  # type: ignore[method-assign]
    return frames


async def frames_while_idle(app: SaisieApp, frames: list[int], seconds: float = 0.8) -> int:
    """Frames drawn during ``seconds`` without a key, after the screen settled."""
    await asyncio.sleep(0.4)
    before = frames[0]
    await asyncio.sleep(seconds)
    return frames[0] - before


def count_calls(monkeypatch: pytest.MonkeyPatch, target: str) -> list[int]:
    """Count calls of the function at ``target`` (module.name), still calling it."""
    module_name, name = target.rsplit(".", 1)
    import importlib

    module = importlib.import_module(module_name)
    original = getattr(module, name)
    calls = [0]

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


async def test_idle_screens_draw_nothing(app_as: Callable[[str], SaisieApp], seeded, fast_refresh) -> None:  # type: ignore[no-untyped-def]
    add_party(seeded["alice"], SLUG, "customer", {"code": "C01", "name": "Client 01"})
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        frames = count_frames(app)
        await wait_for(lambda: isinstance(app.screen, DossierScreen) and bool(app.screen.details))
        # The dossiers screen lies under the dossier: its refresh used to repaint the terminal.
        assert await frames_while_idle(app, frames) == 0
        await pilot.press("v")
        await wait_for(lambda: isinstance(app.screen, PartiesScreen) and app.screen.total == 1)
        assert await frames_while_idle(app, frames) == 0


async def test_a_form_left_open_draws_nothing(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        frames = count_frames(app)
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        await pilot.press("v")
        await wait_for(lambda: isinstance(app.screen, PartiesScreen) and app.screen.total == 0)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, PartyFormScreen))
        focused = app.screen.focused
        assert focused is not None and getattr(focused, "cursor_blink", None) is False
        # A blinking cursor redraws its field twice a second.
        assert await frames_while_idle(app, frames, seconds=1.2) == 0


async def test_covered_screens_stop_reading_and_catch_up(  # type: ignore[no-untyped-def]
    app_as: Callable[[str], SaisieApp], seeded, fast_refresh, monkeypatch: pytest.MonkeyPatch
) -> None:
    home_reads = count_calls(monkeypatch, "tui.screens.home.list_dossiers")
    dossier_reads = count_calls(monkeypatch, "tui.screens.dossier.dossier_details")
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DossierScreen) and bool(app.screen.details))
        await asyncio.sleep(0.2)
        home_before = home_reads[0]
        await asyncio.sleep(0.5)
        assert home_reads[0] == home_before  # under the dossier: not read
        await wait_for(lambda: dossier_reads[0] >= 3)  # on top: read every FAST seconds
        await pilot.press("v")
        await wait_for(lambda: isinstance(app.screen, PartiesScreen))
        await asyncio.sleep(0.2)
        dossier_before = dossier_reads[0]
        await asyncio.sleep(0.5)
        assert dossier_reads[0] == dossier_before
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        await wait_for(lambda: dossier_reads[0] > dossier_before, timeout=1)  # read again on return
