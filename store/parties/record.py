"""Queries behind a party's record: its documents, payments, reminders and contacts.

Amounts come back as exact ``Decimal``; sums are made by the caller (SQLite
keeps money as text, so summing in SQL would go through binary floats).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from store.models import Contact, Document, Dossier, Party, Payment, Reminder


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A document tied to a party, with what the record needs of it."""

    id: int
    direction: str
    doc_type: str
    status: str
    number: str | None
    issue_date: date | None
    due_date: date | None
    currency: str
    gross: Decimal | None
    payable: Decimal | None


@dataclass(frozen=True, slots=True)
class PaymentRow:
    """A payment received from (or made to) a party."""

    id: int
    paid_on: date
    amount: Decimal
    method: str | None
    reference: str | None
    document_id: int | None
    document_number: str | None


@dataclass(frozen=True, slots=True)
class ReminderRow:
    """A reminder sent to a customer for an unpaid invoice."""

    id: int
    sent_on: date
    level: int
    channel: str
    note: str | None
    sent_by: str
    document_id: int | None
    document_number: str | None


@dataclass(frozen=True, slots=True)
class ContactRow:
    """A person at a party."""

    id: int
    name: str
    role: str | None
    email: str | None
    phone: str | None
    favourite_email: bool
    favourite_reminder: bool


# ------------------------------------------------------------------ documents


def dossier_by_id(*, session: Session, dossier_id: int) -> Dossier | None:
    """The dossier a party belongs to, detached."""
    dossier = session.get(Dossier, dossier_id)
    if dossier is not None:
        session.expunge(dossier)
    return dossier


def party_documents(*, session: Session, party_id: int) -> list[DocumentRow]:
    """Every document tied to a party, newest first (failed ones included)."""
    query = (
        select(Document.id, Document.direction, Document.doc_type, Document.status, Document.number,
               Document.issue_date, Document.due_date, Document.currency, Document.gross,
               Document.payable)
        .where(Document.party_id == party_id)
        .order_by(Document.issue_date.desc(), Document.id.desc())
    )
    return [DocumentRow(*row) for row in session.execute(query)]


def count_documents(*, session: Session, party_id: int) -> int:
    """How many documents are tied to a party."""
    query = select(func.count()).select_from(Document).where(Document.party_id == party_id)
    return session.execute(query).scalar_one()


def document_of_party(*, session: Session, party_id: int, document_id: int) -> DocumentRow | None:
    """One document, only if it is tied to this party."""
    for row in party_documents(session=session, party_id=party_id):
        if row.id == document_id:
            return row
    return None


# ------------------------------------------------------------------- payments


def list_payments(*, session: Session, party_id: int) -> list[PaymentRow]:
    """A party's payments, newest first, with the number of the document each settles."""
    query = (
        select(Payment.id, Payment.paid_on, Payment.amount, Payment.method, Payment.reference,
               Payment.document_id, Document.number)
        .outerjoin(Document, Document.id == Payment.document_id)
        .where(Payment.party_id == party_id)
        .order_by(Payment.paid_on.desc(), Payment.id.desc())
    )
    return [PaymentRow(*row) for row in session.execute(query)]


def insert_payment(*, session: Session, values: dict[str, Any]) -> int:
    """Record a payment; returns its id."""
    payment = Payment(**values)
    session.add(payment)
    session.flush()
    assert payment.id is not None
    return payment.id


def delete_payment(*, session: Session, party_id: int, payment_id: int) -> bool:
    """Remove a party's payment; False when it was not there."""
    result = session.execute(
        delete(Payment).where(Payment.id == payment_id, Payment.party_id == party_id)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


# ------------------------------------------------------------------ reminders


def list_reminders(*, session: Session, party_id: int) -> list[ReminderRow]:
    """A party's reminders, newest first, with the number of the invoice each chases."""
    query = (
        select(Reminder.id, Reminder.sent_on, Reminder.level, Reminder.channel, Reminder.note,
               Reminder.sent_by, Reminder.document_id, Document.number)
        .outerjoin(Document, Document.id == Reminder.document_id)
        .where(Reminder.party_id == party_id)
        .order_by(Reminder.sent_on.desc(), Reminder.id.desc())
    )
    return [ReminderRow(*row) for row in session.execute(query)]


def insert_reminder(*, session: Session, values: dict[str, Any]) -> int:
    """Record a reminder; returns its id."""
    reminder = Reminder(**values)
    session.add(reminder)
    session.flush()
    assert reminder.id is not None
    return reminder.id


# ------------------------------------------------------------------- contacts


def list_contacts(*, session: Session, party_id: int) -> list[ContactRow]:
    """The people at a party, by name."""
    query = (
        select(Contact.id, Contact.name, Contact.role, Contact.email, Contact.phone,
               Contact.favourite_email, Contact.favourite_reminder)
        .where(Contact.party_id == party_id)
        .order_by(Contact.name, Contact.id)
    )
    return [ContactRow(*row) for row in session.execute(query)]


def get_contact(*, session: Session, party_id: int, contact_id: int) -> ContactRow | None:
    """One contact of a party."""
    for row in list_contacts(session=session, party_id=party_id):
        if row.id == contact_id:
            return row
    return None


def insert_contact(*, session: Session, values: dict[str, Any]) -> int:
    """Add a contact; returns its id."""
    contact = Contact(**values)
    session.add(contact)
    session.flush()
    assert contact.id is not None
    return contact.id


def update_contact(*, session: Session, party_id: int, contact_id: int, values: dict[str, Any],
                   expected: dict[str, Any] | None = None) -> bool:
    """Change a contact's fields; False when it was not there, or when a field
    of ``expected`` no longer holds its expected value (checked by the UPDATE
    itself, so the check and the write are one step on every database)."""
    table = Contact.__table__
    statement = update(table).where(table.c.id == contact_id, table.c.party_id == party_id)
    for name, value in (expected or {}).items():
        statement = statement.where(table.c[name].is_not_distinct_from(value))
    result = session.execute(statement.values(**values))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def delete_contact(*, session: Session, party_id: int, contact_id: int) -> bool:
    """Remove a contact; False when it was not there."""
    result = session.execute(
        delete(Contact).where(Contact.id == contact_id, Contact.party_id == party_id)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


# ----------------------------------------------------------------------- demo


def customers_with_siren(*, session: Session, dossier_id: int, limit: int) -> list[Party]:
    """The first customers of a dossier that have a SIREN, detached (the demo bills them)."""
    query = (select(Party).where(Party.dossier_id == dossier_id, Party.kind == "customer",
                                 Party.siren.is_not(None), Party.deleted_at.is_(None))
             .order_by(Party.id).limit(limit))
    found = list(session.execute(query).scalars())
    for party in found:
        session.expunge(party)
    return found


def published_with_method(*, session: Session, dossier_id: int) -> list[tuple[Document, str | None]]:
    """A dossier's published documents tied to a party, with the party's payment method."""
    query = (select(Document, Party.payment_method).join(Party, Party.id == Document.party_id)
             .where(Document.dossier_id == dossier_id, Document.status == "published")
             .order_by(Document.id))
    return [(doc, method) for doc, method in session.execute(query)]
