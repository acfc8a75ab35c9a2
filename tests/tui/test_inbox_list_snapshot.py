"""Snapshots of the inbox list at 120×40 and 80×24 (20 fixed purchase invoices)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.tui.conftest import wait_for
from tests.tui.test_inbox_list import SLUG, inbox  # noqa: F401
from tui.app import SaisieApp
from tui.screens.dossier import DossierScreen
from tui.screens.inbox.listing import InboxListScreen


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_purchase_inbox(snap_compare, app_as: Callable[[str], SaisieApp], inbox, size) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    app = app_as()
    app._start_dossier = SLUG

    async def opened(pilot) -> None:  # type: ignore[no-untyped-def]
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        await pilot.press("b")
        await wait_for(lambda: isinstance(app.screen, InboxListScreen) and app.screen.total == 20)
        await pilot.press("space", "space", "down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=opened)
