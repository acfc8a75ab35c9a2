"""The customer list screen, driven by keys (Pilot): every key of the list."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from books.context import Workspace
from books.parties.changes import add_party, rename_party
from tests.tui.conftest import wait_for
from tui.app import SaisieApp
from tui.screens.dossier import DossierScreen
from tui.screens.parties.actions import menu_entries
from tui.screens.parties.listing import PartiesScreen
from tui.widgets.party_table import PartyTable

SLUG = "boulangerie-dupre"
CITIES = ("Paris", "Lyon", "Évry")


def add_customers(seeded: dict[str, Workspace]) -> dict[str, Workspace]:
    """30 customers C01…C30 in the bakery's dossier (names sort like their codes)."""
    for n in range(1, 31):
        add_party(seeded["alice"], SLUG, "customer",
                  {"code": f"C{n:02}", "name": f"Client {n:02}", "city": CITIES[n % 3]})
    return seeded


@pytest.fixture
def listed(seeded: dict[str, Workspace]) -> dict[str, Workspace]:
    """The seeded app data with 30 customers in the bakery's dossier."""
    return add_customers(seeded)


async def open_list(app: SaisieApp, pilot, kind_key: str = "v", total: int = 30) -> PartiesScreen:  # type: ignore[no-untyped-def]
    """The bakery's dossier (opened at start) → its customer list, loaded."""
    await wait_for(lambda: isinstance(app.screen, DossierScreen))
    await pilot.press(kind_key)
    await wait_for(lambda: isinstance(app.screen, PartiesScreen))
    screen = app.screen
    assert isinstance(screen, PartiesScreen)
    await wait_for(lambda: screen.total == total and screen.table.current is not None)
    return screen


def names(table: PartyTable, count: int = 5) -> list[str]:
    """The names of the first rows in the cache."""
    return [r.name for r in (table.cache.row(i) for i in range(count)) if r is not None]


async def test_opens_from_dossier_and_moves_the_cursor(app_as: Callable[[str], SaisieApp], listed) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        table = screen.table
        assert screen.kind == "customer" and names(table, 2) == ["Client 01", "Client 02"]
        await pilot.press("down", "down")
        assert table.cursor == 2
        await pilot.press("up")
        assert table.cursor == 1
        await pilot.press("end")
        assert table.cursor == 29
        await pilot.press("home")
        assert table.cursor == 0
        await pilot.press("pagedown")
        assert table.cursor == min(table.visible_rows - 1, 29)
        await pilot.press("pageup")
        assert table.cursor == 0
        await pilot.press("escape")
        assert isinstance(app.screen, DossierScreen)
        await pilot.press("a")
        await wait_for(lambda: isinstance(app.screen, PartiesScreen) and app.screen.kind == "supplier")
        await wait_for(lambda: app.screen.total == 0)


async def test_filter_sort_and_archived_toggle(app_as: Callable[[str], SaisieApp], listed) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("slash", *"EVRY")
        await wait_for(lambda: screen.total == 10)
        assert all(r.city == "Évry" for r in screen.table.cache.pages[0])
        await pilot.press("enter")
        assert screen.focused is screen.table
        await pilot.press("o")
        await wait_for(lambda: screen.descending and names(screen.table, 1) == ["Client 29"])
        await pilot.press("s")
        assert screen.sort == "siren"
        await pilot.press("s", "s", "s", "s")
        assert screen.sort == "name"
        await pilot.press("slash", "ctrl+u", "escape")
        await wait_for(lambda: screen.total == 30)
        await pilot.press("space", "a")
        await pilot.press(*["down"] * menu_entries().index("archive"), "enter")
        await wait_for(lambda: app.screen.query("#safe-yes"))  # archive asks first
        await pilot.press("o")
        await wait_for(lambda: screen.total == 29)
        await pilot.press("h")
        await wait_for(lambda: screen.total == 30 and screen.show_archived)
        assert "archivés inclus" in str(screen.query_one("#parties-status").render())


async def test_selection_keys_and_count(app_as: Callable[[str], SaisieApp], listed) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        table = screen.table
        await pilot.press("space", "space")
        assert screen.selected == 2 and table.cursor == 2
        await pilot.press("shift+down", "shift+down")
        assert screen.selected == 5
        assert "5 sélectionné(s)" in str(screen.query_one("#parties-status").render())
        await pilot.press("minus")
        assert screen.selected == 0
        await pilot.press("plus")
        assert screen.selected == 30 and table.picks.query is not None
        assert table.picks.ids == set()
        await pilot.press("space")
        assert screen.selected == 29
        await pilot.press("asterisk")
        assert screen.selected == 1
        await pilot.press("asterisk")
        await wait_for(lambda: screen.selected == 29)


async def test_selection_survives_the_filter(app_as: Callable[[str], SaisieApp], listed) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("down", "space")
        await pilot.press("slash", *"lyon")
        await wait_for(lambda: screen.total == 10)
        await pilot.press("enter", "plus")
        await wait_for(lambda: screen.selected == 11)
        await pilot.press("slash", "ctrl+u", *"paris")
        await wait_for(lambda: screen.total == 10)
        await pilot.press("enter", "plus")
        await wait_for(lambda: screen.selected == 21)
        await pilot.press("slash", "ctrl+u", "enter")
        await wait_for(lambda: screen.total == 30)
        assert screen.selected == 21
        await pilot.press("plus")
        await wait_for(lambda: screen.selected == 30)


async def test_live_refresh_from_another_terminal(app_as: Callable[[str], SaisieApp], listed, workspaces) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = SLUG
    bob = workspaces("alice")  # another terminal, its own connection
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        await pilot.press("down", "down")
        cursor_id = screen.table.current.id
        add_party(bob, SLUG, "customer", {"code": "A00", "name": "Aaa premier"})
        await wait_for(lambda: screen.total == 31, timeout=3)
        assert names(screen.table, 1) == ["Aaa premier"]
        assert screen.table.current.id == cursor_id
        party = screen.table.cache.row(5)
        rename_party(bob, party.id, "Zzz renommé", party.version)
        await wait_for(lambda: names(screen.table, 31)[-1] == "Zzz renommé", timeout=3)


async def test_collaborator_is_read_only_and_told_why(app_as: Callable[[str], SaisieApp], listed) -> None:  # type: ignore[no-untyped-def]
    app = app_as("carol")
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_list(app, pilot)
        assert "lecture seule" in str(screen.query_one("#parties-status").render())
        for key in ("n", "r", "delete", "u", "e"):
            app._notifications.clear()
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, PartiesScreen), key
            assert any("Collaborateur" in n.message for n in app._notifications), key
        await pilot.press("a")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert any("Collaborateur" in n.message for n in app._notifications)
        await pilot.press("space", "plus")
        assert screen.selected == 30


async def test_help_lists_every_list_key(app_as: Callable[[str], SaisieApp], listed) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import DataTable

    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#keys", DataTable)
        labels = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        for label in ("Renommer", "Supprimer", "Actions", "Tout sélectionner (filtre)",
                      "Inverser la sélection", "Désélectionner tout", "Trier par", "Ordre inverse",
                      "Archivés", "Filtrer", "Ajouter", "Annuler", "Sélect.", "Page suivante"):
            assert label in labels, label
        # Textual's own keys are said in French too; a field's editing keys are summed up.
        assert "Élément suivant" in labels
        assert not labels & {"Focus Next", "Focus Previous", "Scroll Left", "Page Right",
                             "Copy selected text"}


async def test_sort_skips_the_columns_a_narrow_terminal_drops(app_as: Callable[[str], SaisieApp], listed) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_list(app, pilot)
        assert "source" not in screen.table.shown_columns()  # dropped at 80 columns
        seen = []
        for _ in range(4):
            await pilot.press("s")
            seen.append(screen.sort)
        assert seen == ["siren", "city", "code", "name"]
