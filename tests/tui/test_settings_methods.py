"""Dossier settings: the payment method comes from the one list (suggested, checked)."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input, Static

from books.dossiers.service import get_dossier
from tests.tui.conftest import wait_for
from tests.tui.test_dossier_screens import open_settings
from tui.app import SaisieApp
from tui.screens.home import HomeScreen


async def test_payment_method_is_suggested_checked_and_normalised(
        app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_settings(app, pilot)
        field = screen.query_one("#f-default_payment_method", Input)
        assert field.suggester is not None
        assert await field.suggester.get_suggestion("pré") == "prélèvement"
        field.value = "bitcoin"
        await pilot.press("ctrl+s")
        await wait_for(lambda: "bitcoin" in str(screen.query_one("#settings-error", Static).render()))
        assert "Mode de règlement" in str(screen.query_one("#settings-error", Static).render())
        field.value = "CB"
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, HomeScreen))
    assert get_dossier(seeded["alice"], "boulangerie-dupre").default_payment_method == "carte"
