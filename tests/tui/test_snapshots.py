"""Snapshots of key screens (review the report before updating them)."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable, Input

from tests.tui.conftest import wait_for
from tui.app import SaisieApp


def test_home_screen(snap_compare, app_as: Callable[[str], SaisieApp]) -> None:  # type: ignore[no-untyped-def]
    app = app_as()

    async def loaded(pilot) -> None:  # type: ignore[no-untyped-def]
        await wait_for(lambda: app.screen.query_one("#dossiers", DataTable).row_count == 3)
        await pilot.pause(0.3)  # let key bars and focus settle before the picture

    assert snap_compare(app, terminal_size=(120, 40), run_before=loaded)


def test_home_screen_80x24(snap_compare, app_as: Callable[[str], SaisieApp]) -> None:  # type: ignore[no-untyped-def]
    app = app_as("carol")

    async def loaded(pilot) -> None:  # type: ignore[no-untyped-def]
        await wait_for(lambda: app.screen.query_one("#dossiers", DataTable).row_count == 2)
        await pilot.pause(0.3)  # let key bars and focus settle before the picture

    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)


def test_wizard_first_step(snap_compare, app_as: Callable[[str], SaisieApp]) -> None:  # type: ignore[no-untyped-def]
    app = app_as()

    async def opened(pilot) -> None:  # type: ignore[no-untyped-def]
        await wait_for(lambda: app.screen.query_one("#dossiers", DataTable).row_count == 3)
        await pilot.press("n", *"Cave Leroy")
        for field in app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor would make the picture flaky
        await pilot.pause(0.3)  # let key bars and focus settle before the picture

    assert snap_compare(app, terminal_size=(80, 24), run_before=opened)
