"""The party record's services: figures, payments, reminders, contacts, details, rules."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

import pytest

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier, edit_dossier
from books.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from books.parties.changes import add_party, get_party_by_id
from books.parties.contacts import add_contact, edit_contact, remove_contact, toggle_favourite
from books.parties.payments import (
    NewPayment,
    NewReminder,
    record_payment,
    record_reminder,
    remove_payment,
    update_payment_details,
)
from books.parties.record import effective_rules, load_record, parse_day

TODAY = date(2026, 11, 23)
_hashes: Iterator[int] = count()


def add_document(ws: Workspace, party_id: int, number: str, issued: date, due: date | None,
                 gross: str, **extra: Any) -> int:
    """A document tied to a party (inserted the way the demo and the inbox do)."""
    from sqlalchemy import select

    from store.documents import insert_many
    from store.models import Document, Party

    with ws.transaction() as session:
        dossier_id = session.get(Party, party_id).dossier_id  # type: ignore[union-attr]
        insert_many(session=session, rows=[{
            "dossier_id": dossier_id, "direction": "sale", "doc_type": "invoice", "status": "published",
            "party_id": party_id, "number": number, "issue_date": issued, "due_date": due,
            "currency": "EUR", "gross": Decimal(gross), "payable": Decimal(gross),
            "file_hash": f"h{next(_hashes)}", "stored_path": "/nowhere", "original_name": f"{number}.xml",
            **extra}])
        return session.execute(select(Document.id).where(Document.number == number)).scalar_one()


@pytest.fixture
def shop(team: dict[str, Workspace]) -> dict[str, Any]:
    """A dossier open to bob and carol, with one customer and one supplier."""
    admin = team["alice"]
    create_dossier(admin, DossierDraft(name="Boulangerie Dupré", access=["bob", "carol"]))
    customer = add_party(admin, "boulangerie-dupre", "customer",
                         {"code": "C1", "name": "Café des Arts", "payment_terms_days": "45"})
    supplier = add_party(admin, "boulangerie-dupre", "supplier", {"code": "F1", "name": "Moulins Réunis"})
    return {"team": team, "customer": customer.id, "supplier": supplier.id}


def ledger(ws: Workspace, party_id: int) -> dict[str, int]:
    """Invoices, a credit note, a failed document, tied and unallocated payments."""
    ids = {
        "old": add_document(ws, party_id, "F2025-9", date(2025, 12, 15), date(2026, 1, 14), "500.00"),
        "jan": add_document(ws, party_id, "F1", date(2026, 1, 10), date(2026, 2, 10), "1200.00"),
        "mar": add_document(ws, party_id, "F2", date(2026, 3, 5), date(2026, 4, 4), "600.00"),
        "nov": add_document(ws, party_id, "F3", date(2026, 11, 1), date(2026, 12, 1), "300.00"),
        "credit": add_document(ws, party_id, "AV1", date(2026, 3, 20), None, "100.00", doc_type="credit_note"),
        "failed": add_document(ws, party_id, "X1", date(2026, 6, 1), None, "999.00", status="failed"),
    }
    record_payment(ws, party_id, NewPayment("01/02/2026", "1 200,00", "virement", "VIR 1", ids["jan"]))
    record_payment(ws, party_id, NewPayment("2026-04-01", "200", "chèque", None, ids["mar"]))
    record_payment(ws, party_id, NewPayment(date(2026, 5, 1), Decimal("50"), None, None, None))
    return ids


def test_activity_figures_of_the_year(shop: dict[str, Any]) -> None:
    admin = shop["team"]["alice"]
    ids = ledger(admin, shop["customer"])
    activity = load_record(admin, shop["customer"], TODAY).activity
    assert activity.year == 2026
    assert activity.total == Decimal("2000.00")  # 1200 + 600 + 300 - 100 credit; 2025 and failed out
    assert activity.paid == Decimal("1450.00")
    # credit note and unallocated payment settle the oldest invoice first: 500 - 150 = 350
    assert activity.outstanding == Decimal("1050.00")  # 350 + 400 + 300
    assert activity.overdue == Decimal("750.00")  # 350 + 400; F3 is due next month
    months = dict(enumerate(activity.months, start=1))
    assert (months[1], months[3], months[11], months[6]) == (Decimal("1200.00"), Decimal("500.00"),
                                                              Decimal("300.00"), Decimal(0))
    states = {line.id: line.payment_state for line in activity.latest}
    assert states == {ids["old"]: "overdue", ids["jan"]: "paid", ids["mar"]: "overdue", ids["nov"]: "open",
                      ids["credit"]: "credit", ids["failed"]: "none"}
    assert [line.number for line in activity.latest][:2] == ["F3", "X1"]


def test_an_empty_record_and_another_year(shop: dict[str, Any]) -> None:
    admin = shop["team"]["alice"]
    record = load_record(admin, shop["customer"], TODAY)
    assert (record.activity.total, record.activity.outstanding, record.document_count) == (0, 0, 0)
    ledger(admin, shop["customer"])
    last_year = load_record(admin, shop["customer"], date(2025, 12, 31)).activity
    assert (last_year.year, last_year.total, last_year.paid) == (2025, Decimal("500.00"), Decimal(0))


def test_record_needs_access_to_the_dossier(shop: dict[str, Any], workspaces: Any) -> None:
    from books.access.users import add_user

    admin = shop["team"]["alice"]
    add_user(admin, "dan", "collaborator", "Dan", "dan@cabinet.fr")
    with pytest.raises(NotFound):
        load_record(workspaces("dan"), shop["customer"], TODAY)
    assert load_record(shop["team"]["carol"], shop["customer"], TODAY).party.code == "C1"


def test_payments_are_checked_audited_and_removable(shop: dict[str, Any]) -> None:
    from books.access.audit import list_events

    team, party = shop["team"], shop["customer"]
    other = add_document(team["alice"], shop["supplier"], "P1", date(2026, 5, 1), None, "10.00")
    with pytest.raises(PermissionDenied):
        record_payment(team["carol"], party, NewPayment("01/02/2026", "10"))
    for bad in (NewPayment("01/02/2026", "-3"), NewPayment("01/02/2026", "abc"),
                NewPayment("31/02/2026", "10"), NewPayment("", "10"),
                NewPayment("01/02/2026", "10", document_id=other)):
        with pytest.raises(InvalidInput):
            record_payment(team["alice"], party, bad)
    payment_id = record_payment(team["bob"], party, NewPayment("01/02/2026", "12,5", "carte", "CB 42"))
    record = load_record(team["alice"], party, TODAY)
    assert [(p.amount, p.method, p.reference) for p in record.payments] == [(Decimal("12.50"), "carte", "CB 42")]
    with pytest.raises(PermissionDenied):
        remove_payment(team["carol"], party, payment_id)
    remove_payment(team["alice"], party, payment_id)
    with pytest.raises(NotFound):
        remove_payment(team["alice"], party, payment_id)
    events = [(e.entity, e.action, e.actor) for e in list_events(team["alice"], "boulangerie-dupre", 10)]
    assert ("payment", "create", "bob") in events and ("payment", "delete", "alice") in events


def test_reminders_only_for_unpaid_sales_invoices(shop: dict[str, Any]) -> None:
    from books.access.audit import list_events

    team, party = shop["team"], shop["customer"]
    ids = ledger(team["alice"], party)
    new = NewReminder(ids["mar"], 2, "letter", "appel sans réponse", "20/11/2026")
    with pytest.raises(PermissionDenied):
        record_reminder(team["carol"], party, new)
    record_reminder(team["bob"], party, new)
    record = load_record(team["alice"], party, TODAY)
    assert [(r.level, r.channel, r.note, r.sent_by, r.document_number) for r in record.reminders] == [
        (2, "letter", "appel sans réponse", "bob", "F2")]
    assert {o.id: o.last_level for o in record.open_invoices} == {ids["old"]: 0, ids["mar"]: 2, ids["nov"]: 0}
    for bad in (NewReminder(ids["jan"], 1, "email", sent_on="20/11/2026"),  # paid
                NewReminder(ids["mar"], 4, "email", sent_on="20/11/2026"),
                NewReminder(ids["mar"], 1, "pigeon", sent_on="20/11/2026"),
                NewReminder(None, 1, "email", sent_on="20/11/2026")):
        with pytest.raises(InvalidInput):
            record_reminder(team["alice"], party, bad)
    with pytest.raises(InvalidInput):
        record_reminder(team["alice"], shop["supplier"], NewReminder(ids["mar"], 1, "email", sent_on=TODAY))
    assert ("reminder", "create", "bob") in [(e.entity, e.action, e.actor)
                                             for e in list_events(team["alice"], "boulangerie-dupre", 10)]


def test_contacts_add_edit_favourites_remove(shop: dict[str, Any]) -> None:
    from books.access.audit import list_events

    team, party = shop["team"], shop["customer"]
    with pytest.raises(PermissionDenied):
        add_contact(team["carol"], party, {"name": "Jeanne"})
    with pytest.raises(InvalidInput):
        add_contact(team["alice"], party, {"name": "  "})
    with pytest.raises(InvalidInput):
        add_contact(team["alice"], party, {"name": "Jeanne", "email": "pas-un-email"})
    jeanne = add_contact(team["bob"], party, {"name": " Jeanne  Roux ", "role": "Comptabilité",
                                               "email": "jeanne@arts.fr", "favourite_email": True})
    edit_contact(team["alice"], party, jeanne, {"phone": "01 02 03 04 05", "role": ""})
    with pytest.raises(PermissionDenied):
        toggle_favourite(team["carol"], party, jeanne, "favourite_reminder")
    assert toggle_favourite(team["alice"], party, jeanne, "favourite_reminder") is True
    assert toggle_favourite(team["alice"], party, jeanne, "favourite_email") is False
    (contact,) = load_record(team["alice"], party, TODAY).contacts
    assert (contact.name, contact.role, contact.phone, contact.favourite_email, contact.favourite_reminder) == (
        "Jeanne Roux", None, "+33 1 02 03 04 05", False, True)  # phones are normalised
    with pytest.raises(PermissionDenied):
        remove_contact(team["carol"], party, jeanne)
    remove_contact(team["alice"], party, jeanne)
    assert load_record(team["alice"], party, TODAY).contacts == ()
    with pytest.raises(NotFound):
        edit_contact(team["alice"], party, jeanne, {"name": "X"})
    actions = [(e.entity, e.action) for e in list_events(team["alice"], "boulangerie-dupre", 20)]
    assert {("contact", "create"), ("contact", "edit"), ("contact", "delete")} <= set(actions)


def test_payment_details_use_the_version(shop: dict[str, Any]) -> None:
    team, party = shop["team"], shop["customer"]
    version = get_party_by_id(team["alice"], party).version
    saved = update_payment_details(team["bob"], party, {
        "payment_terms_days": "60", "payment_method": "prélèvement", "iban": "FR76 3000 6000 0112 3456 7890 189",
        "bic": "AGRIFRPP", "sepa_mandate_ref": "RUM-2026-001", "sepa_mandate_date": "15/03/2026"}, version)
    assert (saved.payment_terms_days, saved.iban, saved.sepa_mandate_date) == (
        60, "FR7630006000011234567890189", date(2026, 3, 15))
    with pytest.raises(Conflict) as refused:
        update_payment_details(team["alice"], party, {"payment_terms_days": "30"}, version)
    assert "Café des Arts" in refused.value.message
    with pytest.raises(PermissionDenied):
        update_payment_details(team["carol"], party, {"bic": ""}, saved.version)
    with pytest.raises(InvalidInput):
        update_payment_details(team["alice"], party, {"iban": "FR76 0000"}, saved.version)
    with pytest.raises(InvalidInput):
        update_payment_details(team["alice"], party, {"name": "Autre"}, saved.version)
    assert get_party_by_id(team["alice"], party).payment_terms_days == 60


def test_rules_say_where_each_value_comes_from(shop: dict[str, Any]) -> None:
    admin = shop["team"]["alice"]
    edit_dossier(admin, "boulangerie-dupre", {"default_due_days": "30", "default_payment_method": "virement"})
    rules = {r.field: r for r in load_record(admin, shop["customer"], TODAY).rules}
    assert (rules["terms"].value, rules["terms"].source, rules["terms"].dossier_default) == (
        "45 jours", "party", "30 jours")
    assert (rules["method"].value, rules["method"].source) == ("virement", "dossier")
    assert (rules["account"].value, rules["account"].source) == ("411000", "chart")
    supplier = get_party_by_id(admin, shop["supplier"])
    from books.dossiers.service import get_dossier

    lines = effective_rules(supplier, get_dossier(admin, "boulangerie-dupre"))
    assert [(r.field, r.source) for r in lines] == [("terms", "dossier"), ("method", "dossier"),
                                                    ("account", "chart")]
    assert lines[2].value == "401000"


def test_parse_day() -> None:
    assert parse_day("paid_on", "3/4/26") == date(2026, 4, 3)
    assert parse_day("paid_on", " 2026-04-03 ") == date(2026, 4, 3)
    assert parse_day("paid_on", "") is None
    with pytest.raises(InvalidInput, match="Date du règlement"):
        parse_day("paid_on", "hier")


def test_demo_payments_fill_sales_payments_and_reminders(shop: dict[str, Any]) -> None:
    from sqlalchemy import func, select

    from books.demo.payments import fill_payments
    from books.demo.seed import make_siren
    from books.dossiers.service import get_dossier
    from books.identity import french_vat
    from store.models import Document, Payment, Reminder

    admin = shop["team"]["alice"]
    for n in range(1, 4):
        siren = make_siren(n)
        add_party(admin, "boulangerie-dupre", "customer",
                  {"code": f"D{n}", "name": f"Client {n}", "siren": siren, "vat_id": french_vat(siren)})
    fill_payments(admin, get_dossier(admin, "boulangerie-dupre"))
    with admin.read() as session:
        sales = session.execute(select(func.count()).select_from(Document)
                                .where(Document.direction == "sale")).scalar_one()
        payments = session.execute(select(func.count()).select_from(Payment)).scalar_one()
        reminders = session.execute(select(Reminder.level)).scalars().all()
    assert sales >= 12 and payments > 0 and reminders and set(reminders) <= {1, 2, 3}
    from books.parties.changes import get_party

    record = load_record(admin, get_party(admin, "boulangerie-dupre", "customer", "D1").id,  # type: ignore[arg-type]
                         date(2026, 11, 20))
    assert record.activity.total > 0
