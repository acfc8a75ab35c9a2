"""The record edits what the firm manages in Saisie, and shows deposits."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from textual.widgets import Input, Static

from books.context import Workspace
from books.parties.changes import get_party_by_id
from books.parties.payments import NewPayment, record_payment
from tests.tui.conftest import wait_for
from tests.tui.test_party_record import open_record, parties, text_of  # noqa: F401
from tui.app import SaisieApp
from tui.screens.parties.record_forms import PaymentDetailsDialog


async def test_credit_limit_and_guarantees_in_the_paiement_form(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace], parties: dict[str, int]) -> None:  # noqa: F811
    app = app_as("bob")
    party_id = parties["customer"]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, party_id)
        await pilot.press("3", "e")
        await wait_for(lambda: isinstance(app.screen, PaymentDetailsDialog))
        dialog = app.screen
        dialog.query_one("#f-credit_limit", Input).value = "15 000"
        dialog.query_one("#f-insurer_guarantee", Input).value = "8000,50"
        dialog.query_one("#f-other_guarantees", Input).value = "Caution du gérant"
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is screen)
        await wait_for(lambda: screen.record is not None and screen.record.party.credit_limit is not None)
        details = text_of(screen.query_one("#pay-details", Static))
        assert "15 000,00 €" in details and "8 000,50 €" in details and "Caution du gérant" in details
        await pilot.press("e")  # the form shows what is stored, ready to change again
        await wait_for(lambda: isinstance(app.screen, PaymentDetailsDialog))
        assert app.screen.query_one("#f-credit_limit", Input).value == "15000,00"
    party = get_party_by_id(seeded["alice"], party_id)
    assert (party.credit_limit, party.insurer_guarantee, party.other_guarantees) == (
        Decimal("15000.00"), Decimal("8000.50"), "Caution du gérant")


async def test_comments_in_the_identite_form(app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace],
                                             parties: dict[str, int]) -> None:  # noqa: F811
    from tui.screens.parties.form import PartyFormScreen

    app = app_as("bob")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, parties["customer"])
        await pilot.press("2", "e")
        await wait_for(lambda: isinstance(app.screen, PartyFormScreen))
        form = app.screen
        await wait_for(lambda: form.query_one("#f-comments", Input).value == "Client depuis 2019")
        form.query_one("#f-comments", Input).value = "Client depuis 2019, paie à 60 jours"
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is screen)
        await wait_for(lambda: "60 jours" in text_of(screen.query_one("#ident-more", Static)))
    assert get_party_by_id(seeded["alice"], parties["customer"]).comments == "Client depuis 2019, paie à 60 jours"


async def test_an_unallocated_deposit_shows_in_the_record(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace], parties: dict[str, int]) -> None:  # noqa: F811
    party_id = parties["customer"]
    # FV-002 and FV-003 are still open (1 200,00); 1 500,00 received without an invoice
    record_payment(seeded["alice"], party_id, NewPayment("20/11/2026", "1500", "virement"))
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, party_id)
        figures = text_of(screen.query_one("#act-figures", Static))
        assert "-300,00 €" in figures and "Acompte non affecté : 300,00 €" in figures
        await pilot.press("3")
        title = text_of(screen.query_one("#pay-title", Static))
        assert "encours -300,00 €" in title and "acompte non affecté 300,00 €" in title
