"""Editing a party after its creation: managed fields, payment methods, phones,
deposits shown in the record, audit wording, saves without changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier
from books.parties.changes import add_party
from books.parties.payments import NewPayment, record_payment
from books.parties.record import load_record
from tests.books.test_party_record import TODAY, add_document


@pytest.fixture
def shop(team: dict[str, Workspace]) -> dict[str, Any]:
    """A dossier open to bob and carol, with one customer."""
    admin = team["alice"]
    create_dossier(admin, DossierDraft(name="Boulangerie Dupré", access=["bob", "carol"]))
    customer = add_party(admin, "boulangerie-dupre", "customer", {"code": "C1", "name": "Café des Arts"})
    return {"team": team, "customer": customer.id, "admin": admin}


def test_a_payment_beyond_the_invoices_shows_as_an_unallocated_deposit(shop: dict[str, Any]) -> None:
    admin, party = shop["admin"], shop["customer"]
    invoice = add_document(admin, party, "F1", date(2026, 3, 1), date(2026, 4, 1), "100.00")
    record_payment(admin, party, NewPayment("01/04/2026", "100", "virement", None, invoice))
    assert load_record(admin, party, TODAY).activity.unallocated == 0
    record_payment(admin, party, NewPayment("02/04/2026", "150", "virement"))
    activity = load_record(admin, party, TODAY).activity
    assert activity.outstanding == Decimal("0.00")
    assert activity.unallocated == Decimal("150.00")
    assert activity.balance == Decimal("-150.00")


def test_an_overpaid_invoice_leaves_the_excess_unallocated(shop: dict[str, Any]) -> None:
    admin, party = shop["admin"], shop["customer"]
    invoice = add_document(admin, party, "F1", date(2026, 3, 1), date(2026, 4, 1), "100.00")
    record_payment(admin, party, NewPayment("01/04/2026", "130", "chèque", None, invoice))
    activity = load_record(admin, party, TODAY).activity
    assert (activity.outstanding, activity.unallocated, activity.balance) == (
        Decimal("0.00"), Decimal("30.00"), Decimal("-30.00"))
