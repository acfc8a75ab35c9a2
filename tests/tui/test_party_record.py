"""The party record (fiche): every key, the conflict, refusals, delete versus archive."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import Checkbox, ContentSwitcher, DataTable, Input, Select, Static

from books.context import Workspace
from books.parties.changes import add_party, get_party_by_id, update_party
from books.parties.contacts import add_contact
from books.parties.payments import NewPayment, record_payment
from books.parties.record import load_record
from tests.books.test_party_record import add_document
from tests.tui.conftest import wait_for
from tui.app import SaisieApp
from tui.screens.confirm import ConfirmScreen
from tui.screens.parties.record import SECTIONS, PartyRecordScreen
from tui.screens.parties.record_forms import (
    ContactDialog,
    PaymentDetailsDialog,
    PaymentDialog,
    ReminderDialog,
)
from tui.screens.unsaved import DiscardQuestion
from tui.widgets.record_chart import RecordBarChart, bar_levels, chart_cells

SLUG = "hotel-du-vieux-port"
TODAY = date(2026, 11, 23)


@pytest.fixture
def parties(seeded: dict[str, Workspace]) -> dict[str, int]:
    """In the hotel's dossier (open to bob and carol): a customer with a ledger, one without
    documents, and a supplier."""
    admin = seeded["alice"]
    customer = add_party(admin, SLUG, "customer", {
        "code": "C1", "name": "Café des Arts", "city": "Marseille", "payment_terms_days": "30",
        "payment_method": "virement", "account": "411CAFE", "comments": "Client depuis 2019",
        "custom_fields": {"Secteur": "Restauration", "Commercial": "Léa"}})
    assert customer.id is not None
    jan = add_document(admin, customer.id, "FV-001", date(2026, 1, 12), date(2026, 2, 11), "1200.00")
    add_document(admin, customer.id, "FV-002", date(2026, 3, 5), date(2026, 4, 4), "840.00")
    add_document(admin, customer.id, "FV-003", date(2026, 11, 2), date(2026, 12, 2), "360.00")
    record_payment(admin, customer.id, NewPayment("10/02/2026", "1200", "virement", "VIR-881", jan))
    add_contact(admin, customer.id, {"name": "Jeanne Roux", "role": "Comptabilité", "email": "jeanne@arts.fr",
                                     "favourite_email": True})
    empty = add_party(admin, SLUG, "customer", {"code": "C2", "name": "Épicerie Vide"})
    supplier = add_party(admin, SLUG, "supplier", {"code": "F1", "name": "Moulins Réunis"})
    return {"customer": customer.id, "empty": empty.id, "supplier": supplier.id}  # type: ignore[dict-item]


async def open_record(app: SaisieApp, pilot: Any, party_id: int) -> PartyRecordScreen:  # noqa: ARG001
    await wait_for(lambda: app.screen.query_one("#dossiers", DataTable).row_count > 0)
    screen = PartyRecordScreen(party_id, today=TODAY)
    app.push_screen(screen)
    await wait_for(lambda: screen.record is not None and screen.is_current)
    await pilot.pause()
    return screen


def text_of(static: Static) -> str:
    """What a Static shows, as plain text (non-breaking spaces made plain)."""
    console = Console(width=200, record=True)
    console.print(static.content)
    return console.export_text().replace("\u202f", " ")


def notified(app: SaisieApp, text: str) -> bool:
    return any(text in n.message for n in app._notifications)


def cell_texts(table: DataTable[Any]) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]


async def test_sections_by_key(app_as: Callable[[str], SaisieApp], parties: dict[str, int]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, parties["customer"])
        switcher = screen.query_one(ContentSwitcher)
        for number, name in enumerate(SECTIONS, start=1):
            await pilot.press(str(number))
            assert switcher.current == f"sec-{name}" and screen.section == name
        await pilot.press("1")
        docs = screen.query_one("#act-docs", DataTable)
        assert [row[1] for row in cell_texts(docs)] == ["FV-003", "FV-002", "FV-001"]
        chart = screen.query_one(RecordBarChart)
        assert chart.values[0] == Decimal("1200.00") and chart.current_month == 11
        figures = text_of(screen.query_one("#act-figures", Static))
        assert "2 400,00" in figures and "Ventes 2026" in figures
        await pilot.press("2")
        identity = text_of(screen.query_one("#ident-more", Static))
        assert "Commercial" in identity and "Léa" in identity and "Client depuis 2019" in identity
        await pilot.press("6")
        rules = text_of(screen.query_one("#rules-table", Static))
        assert "411CAFE" in rules and "fiche du tiers" in rules
        await pilot.press("escape")
        assert not isinstance(app.screen, PartyRecordScreen)


async def test_keys_follow_the_section(app_as: Callable[[str], SaisieApp], parties: dict[str, int]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, parties["supplier"])

        def actions() -> set[str]:
            return {b.binding.action for b in screen.active_bindings.values()}
        assert "new_payment" not in actions()
        await pilot.press("3")
        assert {"new_payment", "edit_details", "remove_payment"} <= actions()
        await pilot.press("4")
        assert "new_reminder" not in actions()  # a supplier is never chased
        assert "fournisseur" in text_of(screen.query_one("#rem-summary", Static))
        await pilot.press("5")
        assert {"new_contact", "edit_contact", "favourite_email", "favourite_reminder"} <= actions()


async def test_edit_identity_opens_the_creation_form(app_as: Callable[[str], SaisieApp],
                                                     parties: dict[str, int]) -> None:
    from tui.screens.parties.form import PartyFormScreen

    app = app_as("bob")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, parties["customer"])
        await pilot.press("2", "e")
        await wait_for(lambda: isinstance(app.screen, PartyFormScreen))
        form = app.screen
        await wait_for(lambda: form.query_one("#f-name", Input).value == "Café des Arts")
        form.query_one("#f-name", Input).value = "Café des Arts & Lettres"
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is screen)
        await wait_for(lambda: screen.record is not None and screen.record.party.name == "Café des Arts & Lettres")
        assert "Lettres" in text_of(screen.query_one("#record-title", Static))


async def test_payment_details_and_the_conflict(app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace],
                                               parties: dict[str, int]) -> None:
    app = app_as("bob")
    party_id = parties["customer"]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_record(app, pilot, party_id)
        await pilot.press("3", "e")
        await wait_for(lambda: isinstance(app.screen, PaymentDetailsDialog))
        dialog = app.screen
        dialog.query_one("#f-iban", Input).value = "FR76 3000 6000 0112 3456 7890 189"
        dialog.query_one("#f-sepa_mandate_ref", Input).value = "RUM-001"
        dialog.query_one("#f-sepa_mandate_date", Input).value = "15/03/2026"
        dialog.query_one("#f-payment_method", Select).value = "prélèvement"
        # meanwhile, someone saves the party from another terminal
        fresh = get_party_by_id(seeded["alice"], party_id)
        update_party(seeded["alice"], party_id, {"payment_terms_days": "60"}, fresh.version)
        await pilot.press("ctrl+s")
        await wait_for(lambda: "quelqu'un d'autre" in text_of(dialog.query_one("#form-error", Static)))
        # the other person's terms are loaded and named; this person's edits stay in the form
        assert dialog.query_one("#f-payment_terms_days", Input).value == "60"
        assert "Délai de paiement" in text_of(dialog.query_one("#form-error", Static))
        assert dialog.query_one("#f-sepa_mandate_ref", Input).value == "RUM-001"
        assert get_party_by_id(seeded["alice"], party_id).iban is None  # nothing overwritten
        await pilot.press("ctrl+s")  # saved knowingly, over the values shown
        await wait_for(lambda: not isinstance(app.screen, PaymentDetailsDialog))
    party = get_party_by_id(seeded["alice"], party_id)
    assert (party.iban, party.sepa_mandate_ref, party.sepa_mandate_date, party.payment_method) == (
        "FR7630006000011234567890189", "RUM-001", date(2026, 3, 15), "prélèvement")
    assert party.payment_terms_days == 60  # the second save did not write the stale 30 back


async def test_record_and_remove_a_payment(app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace],
                                           parties: dict[str, int]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, parties["customer"])
        await pilot.press("3", "n")
        await wait_for(lambda: isinstance(app.screen, PaymentDialog))
        dialog = app.screen
        invoice = next(o for o in screen.record.open_invoices if o.number == "FV-002")  # type: ignore[union-attr]
        dialog.query_one("#f-document", Select).value = invoice.id
        await wait_for(lambda: dialog.query_one("#f-amount", Input).value != "")
        assert dialog.query_one("#f-amount", Input).value.replace("\u202f", " ") == "840,00"
        dialog.query_one("#f-amount", Input).value = "400"
        dialog.query_one("#f-reference", Input).value = "CHQ 12"
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is screen)
        table = screen.query_one("#pay-table", DataTable)
        await wait_for(lambda: table.row_count == 2)
        assert cell_texts(table)[0][3:] == ["CHQ 12", "FV-002"]
        assert screen.record.activity.outstanding == Decimal("800.00")  # type: ignore[union-attr]
        table.move_cursor(row=0)
        await pilot.press("x")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(lambda: table.row_count == 1)
    assert len(load_record(seeded["alice"], parties["customer"], TODAY).payments) == 1


async def test_a_payment_refused_keeps_the_form(app_as: Callable[[str], SaisieApp], parties: dict[str, int]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_record(app, pilot, parties["customer"])
        await pilot.press("3", "n")
        await wait_for(lambda: isinstance(app.screen, PaymentDialog))
        dialog = app.screen
        dialog.query_one("#f-amount", Input).value = "-5"
        await pilot.press("ctrl+s")
        await wait_for(lambda: "positif" in text_of(dialog.query_one("#form-error", Static)))
        await pilot.press("escape")  # the amount typed is not saved: asked first
        await wait_for(lambda: isinstance(app.screen, DiscardQuestion))
        await pilot.press("o")
        assert isinstance(app.screen, PartyRecordScreen)


async def test_record_a_reminder(app_as: Callable[[str], SaisieApp], parties: dict[str, int]) -> None:
    app = app_as("bob")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, parties["customer"])
        await pilot.press("4")
        assert "1 échue" in text_of(screen.query_one("#rem-summary", Static)).replace("(s)", "")
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, ReminderDialog))
        dialog = app.screen
        assert dialog.query_one("#f-level", Select).value == 1
        dialog.query_one("#f-channel", Select).value = "phone"
        dialog.query_one("#f-note", Input).value = "promet un virement"
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is screen)
        table = screen.query_one("#rem-table", DataTable)
        await wait_for(lambda: table.row_count == 1)
        assert cell_texts(table)[0][1:] == ["FV-002", "1 · relance", "téléphone", "promet un virement", "bob"]
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, ReminderDialog))
        assert app.screen.query_one("#f-level", Select).value == 2  # the next level for that invoice
        await pilot.press("escape")


async def test_no_reminder_without_unpaid_invoice(app_as: Callable[[str], SaisieApp],
                                                  parties: dict[str, int]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_record(app, pilot, parties["empty"])
        await pilot.press("4", "n")
        await pilot.pause()
        assert isinstance(app.screen, PartyRecordScreen)
        await wait_for(lambda: notified(app, "aucune facture impayée"))


async def test_contacts_add_edit_favourites_remove(app_as: Callable[[str], SaisieApp],
                                                   parties: dict[str, int]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, parties["customer"])
        await pilot.press("5")  # a section is composed when first shown
        table = screen.query_one("#contacts-table", DataTable)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, ContactDialog))
        dialog = app.screen
        dialog.query_one("#f-name", Input).value = "Marc Blanc"
        dialog.query_one("#f-email", Input).value = "marc@arts.fr"
        dialog.query_one("#f-fav-reminder", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_for(lambda: table.row_count == 2)
        assert cell_texts(table)[1] == ["Marc Blanc", "—", "marc@arts.fr", "—", "", "★"]
        table.move_cursor(row=1)
        await pilot.press("e")
        await wait_for(lambda: isinstance(app.screen, ContactDialog))
        app.screen.query_one("#f-role", Input).value = "Gérant"
        await pilot.press("ctrl+s")
        await wait_for(lambda: cell_texts(table)[1][1] == "Gérant")
        await pilot.press("f")
        await wait_for(lambda: cell_texts(table)[1][4] == "★")
        await pilot.press("F")
        await wait_for(lambda: cell_texts(table)[1][5] == "")
        await pilot.press("x")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(lambda: table.row_count == 1)
        assert cell_texts(table)[0][0] == "Jeanne Roux"


async def test_a_collaborator_reads_only(app_as: Callable[[str], SaisieApp], parties: dict[str, int]) -> None:
    app = app_as("carol")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, parties["customer"])
        assert "lecture seule" in text_of(screen.query_one("#record-title", Static))
        for keys in (("2", "e"), ("3", "e"), ("3", "n"), ("3", "x"), ("4", "n"), ("5", "n"), ("5", "e"),
                     ("5", "x"), ("5", "f"), ("5", "F"), ("1", "a"), ("1", "d")):
            app._notifications.clear()
            await pilot.press(*keys)
            await pilot.pause()
            assert app.screen is screen, keys
            await wait_for(lambda: notified(app, "Collaborateur"))


async def test_delete_is_refused_with_documents_and_archive_is_offered(
        app_as: Callable[[str], SaisieApp], seeded: dict[str, Workspace], parties: dict[str, int]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, parties["customer"])
        await pilot.press("d")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen))
        question = text_of(app.screen.query_one("#question", Static))
        assert "3 pièce(s)" in question and "archiver" in question.lower()
        await pilot.press("y")
        await wait_for(lambda: screen.record is not None and screen.record.party.archived)
        assert "archivé" in text_of(screen.query_one("#record-title", Static))
        await pilot.press("a")  # restore
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(lambda: screen.record is not None and not screen.record.party.archived)
    assert get_party_by_id(seeded["alice"], parties["customer"]).deleted_at is None


async def test_delete_without_documents_and_archive(app_as: Callable[[str], SaisieApp],
                                                    seeded: dict[str, Workspace], parties: dict[str, int]) -> None:
    from books.errors import NotFound

    app = app_as("bob")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, parties["supplier"])
        await pilot.press("a")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        assert app.screen is screen and not screen.record.party.archived  # type: ignore[union-attr]
        await pilot.press("d")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen))
        assert "Aucune pièce" in text_of(app.screen.query_one("#question", Static))
        await pilot.press("y")
        await wait_for(lambda: not isinstance(app.screen, (PartyRecordScreen, ConfirmScreen)))
        await wait_for(lambda: notified(app, "supprimé"))
    with pytest.raises(NotFound):
        get_party_by_id(seeded["alice"], parties["supplier"])


async def test_changes_from_another_terminal_show_up(app_as: Callable[[str], SaisieApp],
                                                     seeded: dict[str, Workspace], parties: dict[str, int]) -> None:
    from books.parties.changes import delete_single

    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, parties["empty"])
        add_contact(seeded["bob"], parties["empty"], {"name": "Paul Vert"})
        await pilot.press("5", "r")
        table = screen.query_one("#contacts-table", DataTable)
        await wait_for(lambda: table.row_count == 1)
        delete_single(seeded["bob"], parties["empty"])  # the record re-reads itself every 3 s
        await wait_for(lambda: not isinstance(app.screen, PartyRecordScreen), timeout=15)
        await wait_for(lambda: notified(app, "aucun tiers"))  # notify posts a message: it lands later


def test_chart_levels_and_cells() -> None:
    values = (Decimal(100), Decimal(0), Decimal(-20), Decimal(1), *([Decimal(50)] * 8))
    levels = bar_levels(values, 2)
    assert levels[:4] == [16, 0, 0, 1] and levels[4] == 8
    cells = chart_cells(values, 2, 3)
    assert cells[0][0] == "███" and cells[1][0] == "███" and cells[0][4] == "   " and cells[1][4] == "███"
    assert cells[1][3] == "▁▁▁" and bar_levels((Decimal(0),) * 12, 5) == [0] * 12


def test_record_snapshot(snap_compare: Any, app_as: Callable[[str], SaisieApp], parties: dict[str, int]) -> None:
    app = app_as("bob")

    async def opened(pilot: Any) -> None:
        screen = await open_record(app, pilot, parties["customer"])
        # The documents' columns are measured on a later refresh than the rows' arrival:
        # under load the picture was once taken in between (columns as wide as their titles).
        table = screen.query_one("#act-docs", DataTable)
        await wait_for(lambda: table.row_count == 3 and table.virtual_size.width >= 50)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=opened)


async def test_language_switch_redraws_the_record(app_as: Callable[[str], SaisieApp],
                                                  parties: dict[str, int]) -> None:
    app = app_as("alice")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(app, pilot, parties["customer"])
        await pilot.press("f2")
        await wait_for(lambda: "Activity" in text_of(screen.query_one("#tab-activity", Static)))
        assert "Sales 2026" in text_of(screen.query_one("#act-figures", Static))
        chart = str(screen.query_one(RecordBarChart).render())
        assert "Jan" in chart and "1,200.00 €" in chart
        await pilot.press("f2")
        await wait_for(lambda: "fév" in str(screen.query_one(RecordBarChart).render()))
