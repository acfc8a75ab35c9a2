"""ctrl+q quits at once, and a form's escape closes it at once, except when the form holds
what the person typed: then they ask, and the safe answer keeps it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import DataTable, Input

from tests.tui.conftest import wait_for
from tests.tui.test_party_record import open_record, parties  # noqa: F401
from tui.app import SaisieApp
from tui.screens.parties.form import PartyFormScreen
from tui.screens.parties.record_forms import PaymentDetailsDialog
from tui.screens.unsaved import DiscardQuestion, QuitQuestion


def recording_exit(app: SaisieApp) -> list[bool]:
    exits: list[bool] = []
    app.exit = lambda *a, **k: exits.append(True)  # type: ignore[method-assign]
    return exits


async def test_quit_at_once_without_a_form(app_as: Callable[[str], SaisieApp], seeded: Any) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: app.screen.query_one("#dossiers", DataTable).row_count > 0)
        exits = recording_exit(app)
        await pilot.press("ctrl+q")
        assert exits == [True] and not isinstance(app.screen, QuitQuestion)


async def test_a_half_filled_form_asks_first(app_as: Callable[[str], SaisieApp], seeded: Any) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: app.screen.query_one("#dossiers", DataTable).row_count > 0)
        exits = recording_exit(app)
        await pilot.press("n", *"Cave Le")  # the new dossier wizard, half filled
        await pilot.press("ctrl+q")
        await wait_for(lambda: isinstance(app.screen, QuitQuestion))
        await pilot.press("enter")  # the safe answer has the focus: nothing is lost
        await wait_for(lambda: not isinstance(app.screen, QuitQuestion))
        assert exits == [] and app.screen.query_one("#name", Input).value == "Cave Le"
        await pilot.press("ctrl+q")
        await wait_for(lambda: isinstance(app.screen, QuitQuestion))
        await pilot.press("ctrl+q")  # a second ctrl+q leaves the question as it is
        assert isinstance(app.screen, QuitQuestion) and exits == []
        await pilot.press("o")
        await wait_for(lambda: exits == [True])


async def test_forms_filled_from_the_database_and_left_unchanged_do_not_ask(
        app_as: Callable[[str], SaisieApp], parties: dict[str, int]) -> None:  # noqa: F811
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_record(app, pilot, parties["customer"])
        await pilot.press("2", "e")
        await wait_for(lambda: isinstance(app.screen, PartyFormScreen))
        form = app.screen
        await wait_for(lambda: form.query_one("#f-name", Input).value == "Café des Arts")
        await pilot.pause()
        assert not form.has_unsaved_changes()
        form.query_one("#f-city", Input).value = "Aix"
        assert form.has_unsaved_changes()
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DiscardQuestion))
        await pilot.press("o")
        await pilot.press("3", "e")
        await wait_for(lambda: isinstance(app.screen, PaymentDetailsDialog))
        await pilot.pause()
        exits = recording_exit(app)
        await pilot.press("ctrl+q")
        assert exits == [True]


async def test_escape_on_a_half_typed_party_asks_and_keeps_it(
        app_as: Callable[[str], SaisieApp], parties: dict[str, int]) -> None:  # noqa: F811
    """A stray escape lost a half-typed party. Now: asked, the safe answer (Enter, n,
    escape) keeps the form and what was typed; o leaves; untouched, escape closes at once."""
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        record = await open_record(app, pilot, parties["customer"])
        await pilot.press("2", "e")
        await wait_for(lambda: isinstance(app.screen, PartyFormScreen))
        form = app.screen
        await wait_for(lambda: form.query_one("#f-name", Input).value == "Café des Arts")
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: closes at once
        await wait_for(lambda: app.screen is record)
        await pilot.press("2", "e")
        await wait_for(lambda: isinstance(app.screen, PartyFormScreen))
        form = app.screen
        await wait_for(lambda: form.query_one("#f-name", Input).value == "Café des Arts")
        await pilot.pause()
        form.query_one("#f-city", Input).value = "Aix-en-Provence"
        for safe in ("escape", "enter", "n"):
            await pilot.press("escape")
            await wait_for(lambda: isinstance(app.screen, DiscardQuestion))
            await pilot.press(safe)
            await wait_for(lambda: app.screen is form)
            assert form.query_one("#f-city", Input).value == "Aix-en-Provence"
        await pilot.press("escape", "o")
        await wait_for(lambda: app.screen is record)
