"""The home screen: list, filter, open, archive, help, language, theme, palette."""

from __future__ import annotations

import tomllib
from collections.abc import Callable

from textual.widgets import DataTable, Input

from books.dossiers.service import list_dossiers
from tests.tui.conftest import wait_for
from tui.app import SaisieApp
from tui.screens.dossier import DossierScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen


def table(app: SaisieApp) -> DataTable:
    return app.screen.query_one("#dossiers", DataTable)


def palette_prompts(app: SaisieApp) -> list[str]:
    """What the command palette offers right now."""
    from textual.command import CommandList

    found = app.screen.query(CommandList)
    if not found:
        return []
    options = found.first()
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def names(app: SaisieApp) -> list[str]:
    t = table(app)
    return [str(t.get_row_at(i)[0]) for i in range(t.row_count)]


async def test_lists_the_dossiers_the_user_may_open(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)):
        await wait_for(lambda: table(app).row_count == 3)
        assert names(app) == ["Boulangerie Dupré", "Garage Martin & Fils", "Hôtel du Vieux Port"]
    app = app_as("carol")
    async with app.run_test(size=(120, 40)):
        await wait_for(lambda: table(app).row_count == 2)
        assert names(app) == ["Boulangerie Dupré", "Hôtel du Vieux Port"]


async def test_filter_as_you_type_ignores_accents_and_case(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: table(app).row_count == 3)
        await pilot.press("slash", *"HOTEL")
        assert names(app) == ["Hôtel du Vieux Port"]
        await pilot.press("enter")  # one match: opens it
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("slash")
        await pilot.press("escape")
        assert app.screen.query_one("#filter", Input).value == ""
        assert table(app).row_count == 3


async def test_enter_opens_the_dossier_under_the_cursor(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: table(app).row_count == 3)
        await pilot.press("down", "enter")
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        screen = app.screen
        assert isinstance(screen, DossierScreen) and screen.slug == "garage-martin-fils"
        await wait_for(lambda: bool(screen.details))
        assert screen.details["name"] == "Garage Martin & Fils"


async def test_archive_and_restore_with_confirmation(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: table(app).row_count == 3)
        await pilot.press("a")
        await pilot.press("n")  # no: nothing happens
        await pilot.press("a", "y")
        await wait_for(lambda: table(app).row_count == 2)
        assert "Boulangerie Dupré" not in names(app)
        await pilot.press("h")
        await wait_for(lambda: names(app) == ["Boulangerie Dupré"])
        await pilot.press("a", "enter")
        await wait_for(lambda: table(app).row_count == 0)
        await pilot.press("h")
        await wait_for(lambda: table(app).row_count == 3)


async def test_collaborator_keys_are_refused_with_a_reason(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as("carol")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: table(app).row_count == 2)
        for key in ("n", "g", "a"):
            await pilot.press(key)
            assert isinstance(app.screen, HomeScreen)
        messages = [n.message for n in app._notifications]
        assert any("créer un dossier" in m for m in messages)
        assert any("modifier un dossier" in m for m in messages)
        assert any("archiver un dossier" in m for m in messages)


async def test_help_lists_every_key(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await wait_for(lambda: isinstance(app.screen, HelpScreen))
        keys = app.screen.query_one("#keys", DataTable)
        rows = [tuple(str(c) for c in keys.get_row_at(i)) for i in range(keys.row_count)]
        labels = {label for _key, label in rows}
        assert {"Ajouter un client", "Gérer", "Archiver/restaurer", "Filtrer", "Actualiser", "English"} <= labels
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_language_toggle_persists(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: table(app).row_count == 3)
        await pilot.press("f2")
        assert str(table(app).columns["waiting"].label) == "Waiting"
        await pilot.press("f2")
        assert str(table(app).columns["waiting"].label) == "En attente"
    saved = tomllib.loads(app.settings.config_path.read_text())
    assert saved["language"] == "fr"


async def test_theme_cycles_and_persists(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.theme == "saisie-dark"
        await pilot.press("f3")
        assert app.theme != "saisie-dark"
        chosen = app.theme
    assert tomllib.loads(app.settings.config_path.read_text())["theme"] == chosen


async def test_palette_opens_a_dossier_by_fuzzy_name(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: table(app).row_count == 3)
        await pilot.press("ctrl+p")
        await pilot.press(*"vieux port")
        await wait_for(lambda: any("Hôtel du Vieux Port" in p for p in palette_prompts(app)))
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        assert app.screen.slug == "hotel-du-vieux-port"  # type: ignore[attr-defined]


async def test_list_refreshes_changes_from_elsewhere(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    from books.dossiers.service import DossierDraft, create_dossier

    app = app_as()
    async with app.run_test(size=(120, 40)):
        await wait_for(lambda: table(app).row_count == 3)
        create_dossier(seeded["alice"], DossierDraft(name="Ajouté Ailleurs"))
        await wait_for(lambda: table(app).row_count == 4, timeout=6)
    assert len(list_dossiers(seeded["alice"])) == 4


async def test_palette_finds_a_party_by_siren_in_any_dossier(app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    from books.parties.changes import add_party
    from tui.screens.parties.record import PartyRecordScreen

    party = add_party(seeded["alice"], "hotel-du-vieux-port", "supplier",
                      {"code": "F042", "name": "Blanchisserie du Port", "siren": "732829320"})
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: table(app).row_count == 3)
        await pilot.press("ctrl+p", *"732829320")
        await wait_for(lambda: any("Blanchisserie du Port" in p for p in palette_prompts(app)))
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, PartyRecordScreen))
        assert app.screen.party_id == party.id  # type: ignore[attr-defined]
