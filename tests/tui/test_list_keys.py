"""The lists' filter keys (the same in the dossiers and in a customer list) and ranges."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable, Input

from books.context import Workspace
from books.parties.changes import add_party
from tests.tui.conftest import wait_for
from tui.app import SaisieApp
from tui.screens.dossier import DossierScreen
from tui.screens.home import HomeScreen
from tui.screens.parties.listing import PartiesScreen
from tui.screens.parties.record import PartyRecordScreen
from tui.widgets.keybar import KeyBar

SLUG = "boulangerie-dupre"


def customers(seeded: dict[str, Workspace]) -> None:
    for n in range(1, 7):
        add_party(seeded["alice"], SLUG, "customer", {"code": f"C{n}", "name": f"Client {n}"})
    add_party(seeded["alice"], SLUG, "customer", {"code": "Z1", "name": "Zola"})


async def open_list(app: SaisieApp, pilot) -> PartiesScreen:  # type: ignore[no-untyped-def]
    await wait_for(lambda: isinstance(app.screen, DossierScreen))
    await pilot.press("v")
    await wait_for(lambda: isinstance(app.screen, PartiesScreen) and app.screen.total == 7)
    screen = app.screen
    assert isinstance(screen, PartiesScreen)
    return screen


def footer(screen: PartiesScreen | HomeScreen) -> str:
    return str(screen.query_one(KeyBar).render())


async def test_in_the_customer_filter_plus_is_typed_and_not_offered(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    customers(seeded)
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        assert screen.check_action("select_all", ()) and "Actions" in footer(screen)
        await pilot.press("slash")
        await pilot.pause()
        assert not screen.check_action("select_all", ())
        assert "Actions" not in footer(screen) and "Fiche" not in footer(screen)
        assert "Liste" in footer(screen) and "Effacer le filtre" in footer(screen)
        await pilot.press("plus")
        assert screen.query_one("#party-filter", Input).value == "+"
        assert screen.table.picks.count() == 0


async def test_filter_keys_match_the_dossiers(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    """esc empties the filter and goes back to the list; ⏎ goes back to the list, and opens
    the only match; in both lists."""
    customers(seeded)
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_for(lambda: home.query_one("#dossiers", DataTable).row_count == 3)
        await pilot.press("slash", *"gar", "escape")
        assert home.query_one("#filter", Input).value == "" and home.focused is home.query_one("#dossiers")
        await pilot.press("slash", "e", "enter")
        assert home.focused is home.query_one("#dossiers") and isinstance(app.screen, HomeScreen)
        await pilot.press("slash", "ctrl+u", *"boul", "enter")
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        screen = await open_list(app, pilot)
        await pilot.press("slash", *"client", "escape")
        await wait_for(lambda: screen.total == 7)
        assert screen.query_one("#party-filter", Input).value == "" and screen.focused is screen.table
        await pilot.press("slash", *"client", "enter")
        await wait_for(lambda: screen.total == 6)
        assert screen.focused is screen.table and app.screen is screen
        await pilot.press("slash", "ctrl+u", *"zola", "enter")
        await wait_for(lambda: isinstance(app.screen, PartyRecordScreen))


async def test_shift_up_shrinks_a_range(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    customers(seeded)
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        table = screen.table
        await pilot.press("shift+down", "shift+down", "shift+down")
        assert table.picks.count() == 4 and table.cursor == 3
        await pilot.press("shift+up", "shift+up")
        assert table.picks.count() == 2 and table.cursor == 1
        await pilot.press("shift+up", "shift+up")
        assert table.cursor == 0 and table.picks.count() == 1
        await pilot.press("down", "down", "space")  # row 2 picked on its own
        await pilot.press("shift+down", "shift+up")  # a new range from row 3, taken back
        assert table.picks.count() == 3
