"""A party's record (fiche): its activity over the fiscal year and what today stands for it.

The figures are computed from the party's documents and payments:
- sales (or purchases) of the year: the gross of its invoices issued that
  year, credit notes deducted;
- payments of the year: what was received (or paid) that year;
- outstanding: what is still owed today, whatever the year of the invoice;
  payments tied to a document settle it, the others (and credit notes)
  settle the oldest open invoices first;
- overdue: the outstanding part whose due date has passed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from books.errors import InvalidInput
from books.i18n import t

if TYPE_CHECKING:
    from books.context import Workspace
    from store.matching import AliasRow
    from store.models import Dossier, Party
    from store.parties.record import ContactRow, DocumentRow, PaymentRow, ReminderRow

ZERO = Decimal("0.00")
LATEST = 20
"""How many of the latest documents the record lists."""
COUNTED_TYPES = ("invoice", "credit_note")
"""Document types that make sales and debts (quotes and receipts do not)."""
COLLECTIVE_ACCOUNTS = {"customer": "411000", "supplier": "401000"}
"""The chart of accounts' collective account used when a party has none of its own."""


@dataclass(frozen=True)
class DocumentLine:
    """A document as the record lists it, with how much of it is still owed."""

    id: int
    number: str | None
    issue_date: date | None
    due_date: date | None
    amount: Decimal
    """Signed: a credit note is negative."""
    currency: str
    status: str
    """``review``, ``published`` or ``failed``."""
    remaining: Decimal
    payment_state: str
    """``paid``, ``partial``, ``overdue``, ``open``, ``credit`` or ``none`` (not counted)."""


@dataclass(frozen=True)
class Activity:
    """The record's Activité section, for one fiscal year."""

    year: int
    total: Decimal
    """Sales (customer) or purchases (supplier) of the year."""
    paid: Decimal
    """Payments received (or made) in the year."""
    outstanding: Decimal
    overdue: Decimal
    months: tuple[Decimal, ...]
    """Twelve monthly totals, January first."""
    latest: tuple[DocumentLine, ...]
    unallocated: Decimal = ZERO
    """Paid (or credited) beyond every invoice: a deposit not allocated yet."""

    @property
    def balance(self) -> Decimal:
        """What the party owes today, negative when it has paid in advance."""
        return self.outstanding - self.unallocated


@dataclass(frozen=True)
class RuleLine:
    """One value today stands for the party, and where it comes from."""

    field: str
    value: str
    source: str
    """``party``, ``dossier``, ``chart`` or ``none``."""
    dossier_default: str


@dataclass(frozen=True)
class OpenInvoice:
    """An invoice not fully paid yet (to settle or to chase)."""

    id: int
    number: str | None
    issue_date: date | None
    due_date: date | None
    remaining: Decimal
    overdue: bool
    last_level: int
    """The highest reminder level already sent for it (0: none)."""


@dataclass(frozen=True)
class PartyRecord:
    """Everything the record screen shows, read at once."""

    party: Party
    dossier_slug: str
    dossier_name: str
    currency: str
    """The dossier's base currency (the figures are in it)."""
    connected: str | None
    """Why identities cannot be edited here (connected dossier), if so."""
    groups: tuple[str, ...]
    document_count: int
    activity: Activity
    payments: tuple[PaymentRow, ...]
    reminders: tuple[ReminderRow, ...]
    contacts: tuple[ContactRow, ...]
    open_invoices: tuple[OpenInvoice, ...]
    rules: tuple[RuleLine, ...]
    aliases: tuple[AliasRow, ...] = ()
    """Names confirmed as the party's on documents (Règles), oldest first."""

    @property
    def stamp(self) -> tuple[object, ...]:
        """What changes when anything shown changes (to skip needless redraws)."""
        return (self.party.version, self.groups, self.document_count, self.activity,
                self.payments, self.reminders, self.contacts, self.open_invoices, self.rules,
                self.aliases)


# -------------------------------------------------------------------- figures


def signed_amount(doc: DocumentRow) -> Decimal:
    """What a document weighs: payable (or gross), negative for a credit note."""
    amount = doc.payable if doc.payable is not None else (doc.gross or ZERO)
    return -amount if doc.doc_type == "credit_note" else amount


def counted(doc: DocumentRow) -> bool:
    """Whether a document makes sales and debts (not failed, an invoice or credit note)."""
    return doc.status != "failed" and doc.doc_type in COUNTED_TYPES


def remaining_by_document(docs: Iterable[DocumentRow], payments: Iterable[PaymentRow]) -> dict[int, Decimal]:
    """What is still owed on each counted invoice.

    Payments tied to an invoice settle it; the rest (unallocated payments,
    credit notes, overpayments) settles the oldest open invoices first.
    """
    return settle(docs, payments)[0]


def settle(docs: Iterable[DocumentRow], payments: Iterable[PaymentRow]) -> tuple[dict[int, Decimal], Decimal]:
    """What is still owed on each counted invoice, and what is left over once
    every invoice is settled (a deposit or an overpayment not allocated yet)."""
    docs = list(docs)
    invoices = sorted((d for d in docs if counted(d) and d.doc_type == "invoice"),
                      key=lambda d: (d.due_date or d.issue_date or date.max, d.id))
    credits = sum((-signed_amount(d) for d in docs if counted(d) and d.doc_type == "credit_note"), ZERO)
    tied: dict[int, Decimal] = defaultdict(lambda: ZERO)
    pool = credits
    known = {d.id for d in invoices}
    for payment in payments:
        if payment.document_id in known:
            tied[payment.document_id] += payment.amount  # type: ignore[index]
        else:
            pool += payment.amount
    remaining: dict[int, Decimal] = {}
    for doc in invoices:
        left = signed_amount(doc) - tied[doc.id]
        pool += max(-left, ZERO)
        left = max(left, ZERO)
        settle = min(left, pool)
        remaining[doc.id] = left - settle
        pool -= settle
    return remaining, pool


def _state(doc: DocumentRow, remaining: dict[int, Decimal], today: date) -> str:
    if not counted(doc):
        return "none"
    if doc.doc_type == "credit_note":
        return "credit"
    left, amount = remaining.get(doc.id, ZERO), signed_amount(doc)
    if left <= 0:
        return "paid"
    if doc.due_date is not None and doc.due_date < today:
        return "overdue"
    return "partial" if left < amount else "open"


def document_lines(docs: list[DocumentRow], remaining: dict[int, Decimal], today: date,
                   limit: int = LATEST) -> tuple[DocumentLine, ...]:
    """The latest documents with their payment state."""
    return tuple(
        DocumentLine(d.id, d.number, d.issue_date, d.due_date, signed_amount(d), d.currency, d.status,
                     remaining.get(d.id, ZERO), _state(d, remaining, today))
        for d in docs[:limit]
    )


def compute_activity(docs: list[DocumentRow], payments: list[PaymentRow], year: int,
                     today: date) -> Activity:
    """The Activité figures of a fiscal year (the calendar year ``year``)."""
    months = [ZERO] * 12
    for doc in docs:
        if counted(doc) and doc.issue_date is not None and doc.issue_date.year == year:
            months[doc.issue_date.month - 1] += signed_amount(doc)
    paid = sum((p.amount for p in payments if p.paid_on.year == year), ZERO)
    remaining, unallocated = settle(docs, payments)
    due = {d.id: d.due_date for d in docs}
    overdue = sum((left for doc_id, left in remaining.items()
                   if due[doc_id] is not None and due[doc_id] < today), ZERO)  # type: ignore[operator]
    return Activity(year, sum(months, ZERO), paid, sum(remaining.values(), ZERO), overdue,
                    tuple(months), document_lines(docs, remaining, today), max(unallocated, ZERO))


def open_invoices(docs: list[DocumentRow], payments: list[PaymentRow], reminders: list[ReminderRow],
                  today: date) -> tuple[OpenInvoice, ...]:
    """Invoices with something still owed, oldest due first."""
    remaining = remaining_by_document(docs, payments)
    levels: dict[int, int] = defaultdict(int)
    for reminder in reminders:
        if reminder.document_id is not None:
            levels[reminder.document_id] = max(levels[reminder.document_id], reminder.level)
    found = [
        OpenInvoice(d.id, d.number, d.issue_date, d.due_date, remaining[d.id],
                    d.due_date is not None and d.due_date < today, levels[d.id])
        for d in docs if remaining.get(d.id, ZERO) > 0
    ]
    return tuple(sorted(found, key=lambda o: (o.due_date or date.max, o.id)))


# ---------------------------------------------------------------------- rules


def effective_rules(party: Party, dossier: Dossier) -> tuple[RuleLine, ...]:
    """What today stands for the party: its own values, else the dossier's defaults."""
    days_default = t("record.days", days=dossier.default_due_days)
    method_default = dossier.default_payment_method or "—"
    if party.payment_terms_days is not None:
        terms = RuleLine("terms", t("record.days", days=party.payment_terms_days), "party", days_default)
    else:
        terms = RuleLine("terms", days_default, "dossier", days_default)
    if party.payment_method:
        method = RuleLine("method", party.payment_method, "party", method_default)
    elif dossier.default_payment_method:
        method = RuleLine("method", dossier.default_payment_method, "dossier", method_default)
    else:
        method = RuleLine("method", "—", "none", method_default)
    collective = COLLECTIVE_ACCOUNTS.get(party.kind, "")
    if party.account:
        account = RuleLine("account", party.account, "party", collective)
    else:
        account = RuleLine("account", collective, "chart", collective)
    return (terms, method, account)


# ----------------------------------------------------------------------- read


def load_record(ws: Workspace, party_id: int, today: date) -> PartyRecord:
    """Everything the record shows, for the fiscal year of ``today``.

    Raises:
        NotFound: the party is gone or its dossier is not the user's.
    """
    from books.parties.changes import connected_refusal, get_party_by_id
    from store.matching import aliases_of
    from store.parties import record as q

    party = get_party_by_id(ws, party_id)
    with ws.read() as session:
        dossier = q.dossier_by_id(session=session, dossier_id=party.dossier_id)
        docs = q.party_documents(session=session, party_id=party_id)
        payments = q.list_payments(session=session, party_id=party_id)
        reminders = q.list_reminders(session=session, party_id=party_id)
        contacts = q.list_contacts(session=session, party_id=party_id)
        from store.parties.changes import group_names

        groups = group_names(session=session, party_id=party_id)
        aliases = aliases_of(session=session, party_id=party_id)
    assert dossier is not None
    return PartyRecord(
        party=party, dossier_slug=dossier.slug, dossier_name=dossier.name,
        currency=dossier.base_currency, connected=connected_refusal(dossier), groups=tuple(groups), document_count=len(docs),
        activity=compute_activity(docs, payments, fiscal_year(today), today),
        payments=tuple(payments), reminders=tuple(reminders), contacts=tuple(contacts),
        open_invoices=open_invoices(docs, payments, reminders, today),
        rules=effective_rules(party, dossier), aliases=tuple(aliases),
    )


def fiscal_year(today: date) -> int:
    """The current fiscal year: the calendar year (dossiers hold no other year-end yet)."""
    return today.year


def parse_day(field: str, text: str) -> date | None:
    """A date typed as ``23/11/2026``, ``23/11/26`` or ``2026-11-23``; None when empty.

    Raises:
        InvalidInput: naming the field and what was typed.
    """
    value = text.strip()
    if not value:
        return None
    try:
        if "/" in value:
            day, month, year = (int(p) for p in value.split("/"))
            return date(year + 2000 if year < 100 else year, month, day)
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(t("record.bad_date", field=t(f"record.field.{field}"), value=value)) from None
