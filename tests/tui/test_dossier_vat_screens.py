"""The VAT territory in the wizard and the settings form: proposed from the postal code
as it is typed, the person's choice kept, saved; the rule editor offers its rates."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input, Select, Static

from books.dossiers.service import get_dossier
from tests.tui.conftest import wait_for
from tests.tui.test_dossier_screens import open_settings
from tui.app import SaisieApp
from tui.screens.created import CreatedScreen
from tui.screens.home import HomeScreen
from tui.screens.wizard import NewDossierWizard


async def test_the_wizard_proposes_the_territory_from_the_postal_code(
        app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *"Jardins d'Éole", "tab", "tab", *"97410")
        screen = app.screen
        assert isinstance(screen, NewDossierWizard)
        territory = screen.query_one("#territory", Select)
        await wait_for(lambda: territory.value == "overseas")
        await pilot.press("enter", "ctrl+n", "ctrl+n")
        assert screen.step == "confirm"
        summary = str(screen.query_one("#summary", Static).render())
        assert "DOM : Guadeloupe, Martinique, La Réunion (taux 8,5 ; 2,1 ; 1,75 ; 1,05 ; 0 %)" in summary
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, CreatedScreen))
    dossier = get_dossier(seeded["alice"], "jardins-d-eole")
    assert (dossier.postcode, dossier.vat_territory) == ("97410", "overseas")


async def test_the_wizard_keeps_a_territory_the_person_chose(
        app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *"Comptoir Austral")
        screen = app.screen
        territory = screen.query_one("#territory", Select)
        territory.value = "no_vat"
        await pilot.pause()
        screen.query_one("#postcode", Input).value = "97410"
        await pilot.pause()
        assert territory.value == "no_vat"  # chosen by the person: not replaced
        screen.query_one("#postcode", Input).value = "97#"
        await pilot.press("ctrl+n")
        assert "n'est pas un code postal" in str(screen.query_one("#wizard-error", Static).render())
        assert screen.step == "company"  # type: ignore[attr-defined]


async def test_settings_propose_then_save_the_territory(
        app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_settings(app, pilot)
        territory = screen.query_one("#f-vat_territory", Select)
        assert territory.value == "mainland"
        screen.query_one("#f-postcode", Input).value = "97400"
        await wait_for(lambda: territory.value == "overseas")
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, HomeScreen))
    dossier = get_dossier(seeded["alice"], "boulangerie-dupre")
    assert (dossier.postcode, dossier.vat_territory) == ("97400", "overseas")
    async with app_as().run_test(size=(120, 40)) as pilot:
        screen = await open_settings(pilot.app, pilot)
        await pilot.pause()
        assert screen.query_one("#f-vat_territory", Select).value == "overseas"  # not re-proposed
        assert screen.saved.edits(screen) == {}


async def test_the_dossier_overview_names_its_vat_territory(
        app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console

    from books.dossiers.service import edit_dossier
    from tui.screens.dossier import DossierScreen

    edit_dossier(seeded["alice"], "hotel-du-vieux-port", {"vat_territory": "overseas"})
    app = app_as()
    app._start_dossier = "hotel-du-vieux-port"
    async with app.run_test(size=(120, 40)):
        await wait_for(lambda: isinstance(app.screen, DossierScreen) and bool(app.screen.details))
        console = Console(width=200, record=True)
        console.print(app.screen._identity_table(app.screen.details))  # type: ignore[attr-defined]
        assert "Territoire TVA  DOM : Guadeloupe, Martinique, La Réunion" in console.export_text()


async def test_the_records_rules_section_says_where_its_values_come_from(
        app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    from books.parties.changes import add_party
    from tests.tui.test_party_record import open_record

    supplier = add_party(seeded["alice"], "hotel-du-vieux-port", "supplier",
                         {"code": "F1", "name": "Adobe"})
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, supplier.id)
        await pilot.press("6")
        note = screen.query_one("#rules-note", Static)
        await wait_for(lambda: "fiche du tiers" in str(note.render()))
        text = " ".join(str(note.render()).split())
        assert "Lecture seule" not in text and "se crée ou se modifie avec R" in text


async def test_settings_of_an_overseas_dossier_propose_a_new_postal_codes_territory(
        app_as: Callable[[str], SaisieApp], seeded) -> None:  # type: ignore[no-untyped-def]
    from books.dossiers.service import edit_dossier

    edit_dossier(seeded["alice"], "boulangerie-dupre",
                 {"postcode": "97410", "vat_territory": "overseas"})
    app = app_as()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(app, pilot)
        territory = screen.query_one("#f-vat_territory", Select)
        await pilot.pause()
        assert territory.value == "overseas"
        screen.query_one("#f-postcode", Input).focus()
        await pilot.press("end", *["backspace"] * 5, *"97300")
        await wait_for(lambda: territory.value == "no_vat")
        territory.value = "overseas"  # the person's choice, kept from now on
        await pilot.pause()
        await pilot.press(*["backspace"] * 5, *"75011")
        await pilot.pause()
        assert territory.value == "overseas"
