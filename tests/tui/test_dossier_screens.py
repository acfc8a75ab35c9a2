"""Gérer (settings) and the dossier overview."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from textual.widgets import DataTable, Input, SelectionList, Static

from books.dossiers.service import access_logins, edit_dossier, get_dossier
from tests.tui.conftest import wait_for
from tui.app import SaisieApp
from tui.screens.dossier import DossierScreen
from tui.screens.home import HomeScreen
from tui.screens.settings import DossierSettingsScreen
from tui.screens.unsaved import DiscardQuestion


async def open_settings(app: SaisieApp, pilot) -> DossierSettingsScreen:  # type: ignore[no-untyped-def]
    await wait_for(lambda: app.screen.query_one("#dossiers", DataTable).row_count == 3)
    await pilot.press("g")
    await wait_for(lambda: isinstance(app.screen, DossierSettingsScreen))
    screen = app.screen
    assert isinstance(screen, DossierSettingsScreen)
    await wait_for(lambda: screen.query_one("#f-name", Input).value != "")
    return screen


async def test_manage_saves_identity_and_access(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_settings(app, pilot)
        assert screen.query_one("#f-name", Input).value == "Boulangerie Dupré"
        screen.query_one("#f-siren", Input).value = "732 829 320"
        screen.query_one("#f-vat_id", Input).value = "FR44732829320"
        screen.query_one("#f-default_due_days", Input).value = "45"
        access = screen.query_one("#f-access", SelectionList)
        assert access.selected == ["carol"]
        access.select("bob")
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, HomeScreen))
    dossier = get_dossier(seeded["alice"], "boulangerie-dupre")
    assert (dossier.siren, dossier.vat_id, dossier.default_due_days) == ("732829320", "FR44732829320", 45)
    assert access_logins(seeded["alice"], "boulangerie-dupre") == ["alice", "bob", "carol"]


async def test_manage_refuses_bad_values_and_conflicts(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_settings(app, pilot)
        screen.query_one("#f-siren", Input).value = "123"
        await pilot.press("ctrl+s")
        await wait_for(lambda: "SIREN" in str(screen.query_one("#settings-error", Static).render()))
        assert isinstance(app.screen, DossierSettingsScreen)
        screen.query_one("#f-siren", Input).value = ""
        screen.query_one("#f-default_due_days", Input).value = "45"
        edit_dossier(seeded["alice"], "boulangerie-dupre", {"name": "Boulangerie Dupré SARL"})
        await pilot.press("ctrl+s")
        await wait_for(lambda: "quelqu'un d'autre" in str(screen.query_one("#settings-error", Static).render()))
        assert screen.query_one("#f-name", Input).value == "Boulangerie Dupré SARL"  # reloaded
        assert screen.query_one("#f-default_due_days", Input).value == "45"  # the edit kept
        await pilot.press("escape")  # the edit is not saved: asked first
        await wait_for(lambda: isinstance(app.screen, DiscardQuestion))
        await pilot.press("o")
        assert isinstance(app.screen, HomeScreen)
    assert get_dossier(seeded["alice"], "boulangerie-dupre").name == "Boulangerie Dupré SARL"


async def test_dossier_screen_shows_identity_inbox_and_activity(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    app._start_dossier = "hotel-du-vieux-port"
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DossierScreen) and bool(app.screen.details))
        screen = app.screen
        console = Console(width=200, record=True)
        console.print(screen._inbox_table(screen.details))
        assert screen.details["inbox"].endswith("hotel-du-vieux-port")
        assert screen.details["inbox"] in console.export_text()
        console.print(screen._identity_table(screen.details))
        assert "Qui publie" in console.export_text()
        activity = screen.query_one("#activity", DataTable)
        assert activity.row_count >= 1
        await pilot.press("c")
        assert any("copiée" in n.message for n in app._notifications)
        await pilot.press("g")
        await wait_for(lambda: isinstance(app.screen, DossierSettingsScreen))
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_the_activity_fits_80_columns_and_a_resize(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    """Every column of the recent activity is on screen at 80 columns, the action whole;
    going to 120 columns and back keeps them readable (they were crushed to a few letters)."""
    from books.access.audit import describe, list_events

    app = app_as()
    app._start_dossier = "hotel-du-vieux-port"
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DossierScreen) and bool(app.screen.details))
        activity = app.screen.query_one("#activity", DataTable)
        action = describe(list_events(app.workspace, "hotel-du-vieux-port", 1)[0])[1]

        def fits() -> bool:
            widths = [c.get_render_width(activity) for c in activity.columns.values()]
            return (activity.row_count >= 1 and sum(widths) <= activity.size.width
                    and str(activity.get_row_at(0)[3]) == action)

        await wait_for(fits)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await wait_for(fits)
        assert min(c.width for c in activity.columns.values()) >= 4


async def test_collaborator_cannot_manage_from_the_dossier(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as("carol")
    app._start_dossier = "hotel-du-vieux-port"
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        await pilot.press("g")
        assert isinstance(app.screen, DossierScreen)
        assert any("modifier un dossier" in n.message for n in app._notifications)


async def test_the_dossier_screen_imports_the_lists_while_it_is_read(app_as: Callable[[str], SaisieApp], seeded,  # type: ignore[no-untyped-def]
                                                                    monkeypatch) -> None:
    """The lists' modules are imported once the dossier screen is up, not by the first
    ``v`` (issue 13 item 24: v -> first rows)."""
    import importlib

    from tui.screens import dossier

    imported: list[str] = []
    real = importlib.import_module
    monkeypatch.setattr(importlib, "import_module",
                        lambda name, *a: imported.append(name) or real(name, *a))
    app = app_as()
    app._start_dossier = "hotel-du-vieux-port"
    async with app.run_test(size=(120, 40)):
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        await wait_for(lambda: "tui.screens.parties.listing" in imported)
        assert set(dossier.LIST_MODULES) <= set(imported)
