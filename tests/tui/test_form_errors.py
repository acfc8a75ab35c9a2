"""A refused save names every wrong field by its label and puts the focus on the first."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import DataTable, Input, Static

from books.errors import InvalidFields, InvalidInput
from books.parties.fields import clean_fields
from tests.tui.conftest import wait_for
from tui.app import SaisieApp
from tui.screens.dossier import DossierScreen
from tui.screens.parties.form import PartyFormScreen
from tui.screens.parties.listing import PartiesScreen
from tui.screens.settings import DossierSettingsScreen

SLUG = "boulangerie-dupre"
INTERNAL_KEYS = ("name :", "vat_id", "payment_terms_days", "contact_email", "base_currency", "siren :")


def shown(static: Static) -> str:
    return str(static.render())


def test_party_fields_are_all_checked_and_named_by_label() -> None:
    with pytest.raises(InvalidFields) as caught:
        clean_fields({"code": "", "name": " ", "siren": "123", "vat_id": "FR00",
                      "payment_terms_days": "abc", "email": "x@"})
    errors = caught.value.errors
    assert [e.field for e in errors] == ["code", "name", "siren", "vat_id", "payment_terms_days", "email"]
    message = caught.value.message
    for label in ("Code", "Raison sociale", "SIREN", "N° TVA intracom.", "Délai de paiement (jours)", "E-mail"):
        assert label in message
    assert not any(key in message for key in INTERNAL_KEYS)
    with pytest.raises(InvalidInput) as one:
        clean_fields({"code": "C1", "name": "Nom", "payment_terms_days": "-3"})
    assert one.value.field == "payment_terms_days" and "Délai de paiement" in one.value.message


async def test_the_party_form_shows_every_error_and_focuses_the_first(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    app._start_dossier = SLUG
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DossierScreen))
        await pilot.press("v")
        await wait_for(lambda: isinstance(app.screen, PartiesScreen) and app.screen.total == 0)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, PartyFormScreen))
        form = app.screen
        form.query_one("#f-code", Input).value = "C1"
        form.query_one("#f-vat_id", Input).value = "FR00"
        form.query_one("#f-payment_terms_days", Input).value = "abc"
        form.query_one("#f-email", Input).focus()
        await pilot.press("ctrl+s")
        error = form.query_one("#form-error", Static)
        await wait_for(lambda: shown(error) != "")
        text = shown(error)
        assert "Raison sociale" in text and "N° TVA intracom." in text and "Délai de paiement" in text
        assert not any(key in text for key in INTERNAL_KEYS)
        assert app.focused is form.query_one("#f-name", Input)


async def test_settings_name_their_fields_and_focus_the_first(app_as: Callable[[str], SaisieApp]) -> None:
    app = app_as()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: app.screen.query_one("#dossiers", DataTable).row_count == 3)
        await pilot.press("g")
        await wait_for(lambda: isinstance(app.screen, DossierSettingsScreen))
        screen = app.screen
        await wait_for(lambda: screen.query_one("#f-name", Input).value != "")
        screen.query_one("#f-base_currency", Input).value = "EURO"
        screen.query_one("#f-contact_email", Input).value = "pas-une-adresse"
        await pilot.press("ctrl+s")
        error = screen.query_one("#settings-error", Static)
        await wait_for(lambda: shown(error) != "")
        text = shown(error)
        assert "Devise de base" in text and "Email du client" in text
        assert not any(key in text for key in INTERNAL_KEYS)
        assert app.focused is screen.query_one("#f-base_currency", Input)
