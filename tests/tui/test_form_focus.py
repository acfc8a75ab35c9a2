"""Where the focus goes in forms: a focused Select shows its value, ⏎ on the wizard's
access step goes on, and no invisible focus stop swallows typed text."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input, Select, SelectionList
from textual.widgets._select import SelectCurrent

from books.parties.changes import add_party
from tests.tui.conftest import wait_for
from tui.app import SaisieApp
from tui.screens.dossier import DossierScreen
from tui.screens.parties.form import PartyFormScreen
from tui.screens.parties.listing import PartiesScreen
from tui.screens.parties.record import PartyRecordScreen
from tui.screens.parties.record_forms import PaymentDialog
from tui.screens.wizard import NewDossierWizard

SLUG = "boulangerie-dupre"


def value_rows(select: Select[object]) -> int:
    """Rows inside the Select's box where its value is drawn (0: an empty box)."""
    return select.query_one(SelectCurrent).content_region.height


async def test_a_focused_select_shows_its_value(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, NewDossierWizard))
        sector = app.screen.query_one("#sector", Select)
        sector.value = "commerce"
        await pilot.press("tab")
        assert app.focused is sector
        await pilot.pause()
        assert value_rows(sector) == 1 and sector.region.height == 1
        assert "Commerce" in str(sector.query_one(SelectCurrent).query_one("#label").render())


async def test_enter_on_the_access_step_goes_on_and_space_ticks(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, NewDossierWizard))
        wizard = app.screen
        await pilot.press(*"Cave Leroy", "enter")
        assert wizard.step == "access"
        access = wizard.query_one("#collaborators", SelectionList)
        await pilot.press("space")
        assert len(access.selected) == 1
        await pilot.press("enter")
        assert wizard.step == "invite"
        assert len(access.selected) == 1


async def test_tab_after_the_last_field_comes_back_to_the_first(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    add_party(seeded["alice"], SLUG, "customer", {"code": "C01", "name": "Client Un"})
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        await pilot.press("v")
        await wait_for(lambda: isinstance(app.screen, PartiesScreen) and app.screen.total == 1)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, PartyFormScreen))
        form = app.screen
        assert all(isinstance(w, Input) for w in form.focus_chain)
        form.query_one("#f-groups", Input).focus()
        await pilot.press("tab", "x")
        assert app.focused is form.query_one("#f-code", Input)
        assert form.query_one("#f-code", Input).value == "x"


async def test_no_hidden_stop_after_the_payment_reference(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    party = add_party(seeded["alice"], SLUG, "customer", {"code": "C01", "name": "Client Un"})
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        assert party.id is not None
        app.push_screen(PartyRecordScreen(party.id))
        await wait_for(lambda: isinstance(app.screen, PartyRecordScreen) and app.screen.record is not None)
        await pilot.press("3", "n")
        await wait_for(lambda: isinstance(app.screen, PaymentDialog))
        dialog = app.screen
        assert all(isinstance(w, Input | Select) for w in dialog.focus_chain)
        dialog.query_one("#f-reference", Input).focus()
        await pilot.press("tab")
        assert app.focused is dialog.query_one("#f-document", Select)
