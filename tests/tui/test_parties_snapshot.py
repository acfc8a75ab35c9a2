"""Snapshot of the customer list at 80×24 (stable data: 30 fixed customers)."""

from __future__ import annotations

from collections.abc import Callable

from tests.tui.conftest import wait_for
from tests.tui.test_parties_list import SLUG, listed  # noqa: F401
from tui.app import SaisieApp
from tui.screens.dossier import DossierScreen
from tui.screens.parties.listing import PartiesScreen


def test_customer_list_80x24(snap_compare, app_as: Callable[[str], SaisieApp], listed) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app = app_as()
    app._start_dossier = SLUG

    async def opened(pilot) -> None:  # type: ignore[no-untyped-def]
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        await pilot.press("v")
        await wait_for(lambda: isinstance(app.screen, PartiesScreen) and app.screen.total == 30)
        await pilot.press("space", "space", "down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=opened)
