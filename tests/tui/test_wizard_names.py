"""A dossier named like another one (case, accents, spaces aside) is pointed out before it is created."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Static

from books.dossiers.service import list_dossiers
from tests.tui.conftest import wait_for
from tests.tui.test_wizard import wizard
from tui.app import SaisieApp
from tui.screens.created import CreatedScreen
from tui.screens.home import HomeScreen
from tui.screens.unsaved import DiscardQuestion


async def test_a_duplicate_name_is_pointed_out_and_can_be_confirmed(
        app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *"boulangerie  dupre", "enter", "ctrl+n", "ctrl+n")
        await wait_for(lambda: wizard(app).step == "confirm")
        warning = str(app.screen.query_one("#conflict", Static).render())
        assert "Boulangerie Dupré" in warning and "porte déjà ce nom" in warning
        assert not app.screen.query_one("#create").display
        await pilot.press("enter")  # "create an additional dossier" has the focus
        await wait_for(lambda: isinstance(app.screen, CreatedScreen))
    assert len(list_dossiers(seeded["alice"])) == 4


async def test_a_duplicate_name_can_be_cancelled(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *"GARAGE martin & fils", "enter", "ctrl+n", "ctrl+n")
        await wait_for(lambda: wizard(app).step == "confirm")
        assert "Garage Martin & Fils" in str(app.screen.query_one("#conflict", Static).render())
        await pilot.press("ctrl+x")
        await wait_for(lambda: isinstance(app.screen, DiscardQuestion))
        await pilot.press("o")
        assert isinstance(app.screen, HomeScreen)
    assert len(list_dossiers(seeded["alice"])) == 3
