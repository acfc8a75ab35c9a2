"""Paying and chasing: a party's payment details, payments and reminders.

Every change checks the role and writes the audit log. Payment details are
party fields, so they go through :func:`books.parties.changes.update_party` and its
version check (a save over someone else's is refused with the fresh values).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from books.access.permissions import require
from books.errors import InvalidInput, NotFound
from books.i18n import t
from books.parties.fields import clean_amount
from books.payment_methods import PAYMENT_METHODS as PAYMENT_METHODS
from books.payment_methods import clean_payment_method

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from books.context import Workspace
    from store.models import Party

CHANNELS = ("email", "letter", "phone")
"""How a reminder was sent: email, courrier, téléphone."""
LEVELS = (1, 2, 3)
"""Reminder levels: first reminder, second reminder, formal notice."""
DETAIL_FIELDS = ("payment_terms_days", "payment_method", "iban", "bic", "sepa_mandate_ref",
                 "sepa_mandate_date", "credit_limit", "insurer_guarantee", "other_guarantees")
"""The party fields the Paiement section edits."""
REFERENCE_MAX = 100


@dataclass(frozen=True)
class NewPayment:
    """A payment as the form collects it (amount and date still as typed)."""

    paid_on: str | date
    amount: str | Decimal
    method: str | None = None
    reference: str | None = None
    document_id: int | None = None


@dataclass(frozen=True)
class NewReminder:
    """A reminder as the form collects it."""

    document_id: int | None
    level: int
    channel: str
    note: str | None = None
    sent_on: str | date = ""


def _party(ws: Workspace, party_id: int) -> Party:
    from books.parties.changes import get_party_by_id

    require(ws.user, "party.edit")
    return get_party_by_id(ws, party_id)


def _audit(session: Session, ws: Workspace, party: Party, entity: str, entity_id: int, action: str,
           **kwargs: Any) -> None:
    """An event about a payment or a reminder, named by its party's code (its own id in
    the payload, to tell two payments of the same day apart)."""
    from store.audit import add_event

    named = {key: {f"{entity}_id": entity_id, **values} for key, values in kwargs.items()}
    add_event(session=session, actor=ws.user.login, dossier_id=party.dossier_id, entity=entity,
              entity_id=party.code, action=action, **named)


def _day(field: str, value: str | date) -> date:
    from books.parties.record import parse_day

    day = value if isinstance(value, date) else parse_day(field, value)
    if day is None:
        raise InvalidInput(t("record.required", field=t(f"record.field.{field}")))
    return day


# ------------------------------------------------------------------- details


def update_payment_details(ws: Workspace, party_id: int, values: dict[str, Any],
                           expected_version: int) -> Party:
    """Change payment terms and method, IBAN, BIC, SEPA mandate, credit limit and
    guarantees of a party.

    Raises:
        Conflict: someone saved the party since ``expected_version``.
        InvalidInput: naming the wrong field.
    """
    from books.parties.changes import update_party
    from books.parties.record import parse_day

    unknown = set(values) - set(DETAIL_FIELDS)
    if unknown:
        raise InvalidInput(t("party.unknown_field", field=sorted(unknown)[0]))
    changes = dict(values)
    mandate = changes.get("sepa_mandate_date")
    if isinstance(mandate, str):
        changes["sepa_mandate_date"] = parse_day("sepa_mandate_date", mandate)
    return update_party(ws, party_id, changes, expected_version)


# ------------------------------------------------------------------ payments


def _check_document(session: Session, party_id: int, document_id: int | None) -> None:
    from store.parties.record import document_of_party

    if document_id is not None and document_of_party(session=session, party_id=party_id,
                                                     document_id=document_id) is None:
        raise InvalidInput(t("record.document_not_party"))


def _payment_values(party_id: int, new: NewPayment) -> dict[str, Any]:
    amount = clean_amount("amount", new.amount)
    if amount is None or amount <= 0:
        raise InvalidInput(t("record.amount_positive", value=new.amount))
    reference = " ".join((new.reference or "").split()) or None
    if reference and len(reference) > REFERENCE_MAX:
        raise InvalidInput(t("field.too_long", field=t("record.field.reference"), max=REFERENCE_MAX))
    return {"party_id": party_id, "document_id": new.document_id, "paid_on": _day("paid_on", new.paid_on),
            "amount": amount, "method": clean_payment_method(new.method, t("record.field.payment_method")),
            "reference": reference}


def record_payment(ws: Workspace, party_id: int, new: NewPayment) -> int:
    """Record a payment received from (or made to) the party; returns its id."""
    from store.parties.record import insert_payment

    party = _party(ws, party_id)
    values = _payment_values(party_id, new)
    with ws.transaction() as session:
        _check_document(session, party_id, new.document_id)
        payment_id = insert_payment(session=session, values=values)
        _audit(session, ws, party, "payment", payment_id, "create", after=_jsonable(values))
    return payment_id


def remove_payment(ws: Workspace, party_id: int, payment_id: int) -> None:
    """Remove a payment recorded by mistake (the audit log keeps what it was)."""
    from store.parties.record import delete_payment, list_payments

    party = _party(ws, party_id)
    with ws.transaction() as session:
        before = next((p for p in list_payments(session=session, party_id=party_id)
                       if p.id == payment_id), None)
        if before is None or not delete_payment(session=session, party_id=party_id, payment_id=payment_id):
            raise NotFound(t("record.payment_gone"))
        _audit(session, ws, party, "payment", payment_id, "delete",
               before=_jsonable({"paid_on": before.paid_on, "amount": before.amount,
                                 "method": before.method, "reference": before.reference,
                                 "document_id": before.document_id}))


# ----------------------------------------------------------------- reminders


def _reminder_values(ws: Workspace, party: Party, new: NewReminder) -> dict[str, Any]:
    if party.kind != "customer":
        raise InvalidInput(t("record.reminder_customers_only"))
    if new.document_id is None:
        raise InvalidInput(t("record.required", field=t("record.field.document")))
    if new.level not in LEVELS:
        raise InvalidInput(t("record.bad_level", value=new.level))
    if new.channel not in CHANNELS:
        raise InvalidInput(t("record.bad_channel", value=new.channel))
    note = (new.note or "").strip() or None
    if note and len(note) > 1000:
        raise InvalidInput(t("field.too_long", field=t("record.field.note"), max=1000))
    return {"party_id": party.id, "document_id": new.document_id, "level": new.level,
            "channel": new.channel, "note": note, "sent_on": _day("sent_on", new.sent_on),
            "sent_by": ws.user.login}


def record_reminder(ws: Workspace, party_id: int, new: NewReminder) -> int:
    """Record a reminder sent to a customer for one of its unpaid invoices; returns its id."""
    from books.parties.record import remaining_by_document
    from store.parties.record import insert_reminder, list_payments, party_documents

    party = _party(ws, party_id)
    values = _reminder_values(ws, party, new)
    with ws.transaction() as session:
        docs = party_documents(session=session, party_id=party_id)
        remaining = remaining_by_document(docs, list_payments(session=session, party_id=party_id))
        if new.document_id not in {d.id for d in docs}:
            raise InvalidInput(t("record.document_not_party"))
        if remaining.get(new.document_id, Decimal(0)) <= 0:  # type: ignore[arg-type]
            raise InvalidInput(t("record.invoice_paid"))
        reminder_id = insert_reminder(session=session, values=values)
        _audit(session, ws, party, "reminder", reminder_id, "create", after=_jsonable(values))
    return reminder_id


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, (Decimal, date)) else v) for k, v in values.items()}
