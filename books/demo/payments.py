"""The demo's sales, payments and reminders, so party records show real activity.

For a dossier just filled by ``saisie demo``: published sales invoices to a
dozen customers over the year, most paid, some partly, some overdue and
chased by reminders; and payments made for most published purchase invoices.
Everything is derived from a seeded random generator: the demo reads the
same every run.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from books.demo.invoice import DemoParty, dossier_party, invoice_rates, ubl_invoice

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from books.context import Workspace
    from store.models import Dossier, Party

CUSTOMERS = 12
"""How many customers of each dossier get sales invoices."""
CHANNELS = ("email", "email", "letter", "phone")
LATE_AFTER = (10, 25, 45)
"""Days after the due date when the reminders of level 1, 2 and 3 go out."""


def fill_payments(ws: Workspace, dossier: Dossier) -> None:
    """Add sales invoices, payments and reminders to a freshly seeded demo dossier."""
    from books.demo.data import TODAY
    from books.inbox.review import publish
    from store import audit
    from store.inbox import insert_document

    rng = random.Random(3000 + (dossier.id or 0))
    with ws.transaction() as session:
        customers = _customers(session, dossier)
        rows = [row for n, customer in enumerate(customers) for row in _sales(ws, dossier, rng, n, customer)]
        ids = [insert_document(session=session, **row) for row in rows]
    publish(ws, ids)  # through the product's publish: each sale gets its journal entry
    with ws.transaction() as session:
        made = _settle(session, rng, dossier, TODAY)
        audit.add_event(session=session, actor=ws.user.login, dossier_id=dossier.id, entity="payment",
                        action="demo_import", after={"sales_invoices": len(rows), **made})


def _customers(session: Session, dossier: Dossier) -> list[Party]:
    from store.parties.record import customers_with_siren

    return customers_with_siren(session=session, dossier_id=dossier.id, limit=CUSTOMERS)


def _sales(ws: Workspace, dossier: Dossier, rng: random.Random, n: int, customer: Party) -> list[dict[str, Any]]:
    """A customer's sales invoices from last December to this month."""
    from books.demo.data import TODAY

    me = dossier_party(dossier)
    buyer = DemoParty(customer.name, customer.siren or "", customer.vat_id or "", customer.city or "",
                      customer.postcode or "")
    terms = customer.payment_terms_days or dossier.default_due_days or 30
    start = date(TODAY.year - 1, 12, 1)
    span = (TODAY - start).days
    rows = []
    for k in range(rng.randint(4, 9)):
        issued = start + timedelta(days=rng.randint(0, span))
        number = f"FV{issued.year}-{dossier.id:02d}{n:02d}{k:02d}"
        net = Decimal(rng.randint(15_000, 1_200_000)) / 100
        xml = ubl_invoice(number=number, issued=issued, due=issued + timedelta(days=terms), seller=me,
                          buyer=buyer, net=net, rate=Decimal(invoice_rates(dossier)[0]),
                          description=rng.choice(("Prestation de conseil", "Livraison", "Abonnement",
                                                  "Travaux", "Formation")))
        rows.append(_row(ws, dossier, customer, number, issued, terms, net, xml))
    return rows


def _row(ws: Workspace, dossier: Dossier, customer: Party, number: str, issued: date, terms: int,
         net: Decimal, xml: str) -> dict[str, Any]:
    """A sales invoice in review, for the demo to publish."""
    digest = hashlib.sha256(xml.encode()).hexdigest()
    stored = ws.settings.archive_root / digest[:2] / f"{digest}.xml"
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_text(xml, encoding="utf-8")
    gross = net + (net * Decimal("0.20")).quantize(Decimal("0.01"))
    return {
        "dossier_id": dossier.id, "direction": "sale", "doc_type": "invoice", "status": "review",
        "party_id": customer.id, "party_name_detected": customer.name, "number": number,
        "issue_date": issued, "due_date": issued + timedelta(days=terms), "currency": "EUR",
        "net": net, "tax": gross - net, "gross": gross, "payable": gross, "file_hash": digest,
        "stored_path": str(stored), "original_name": f"{number}.xml", "format": "ubl",
        "submitted_by": dossier.contact_email,
    }


def _settle(session: Session, rng: random.Random, dossier: Dossier, today: date) -> dict[str, int]:
    """Pay most published invoices, part of some; chase the overdue sales invoices."""
    from books.demo.data import COLLABORATORS
    from store.parties.record import insert_payment, insert_reminder, published_with_method

    chasers = [login for login, _name, role in COLLABORATORS if role != "admin"]
    made = {"payments": 0, "reminders": 0}
    for doc, method in published_with_method(session=session, dossier_id=dossier.id):
        paid = _payment(rng, doc, today)
        if paid is not None:
            paid_on, amount = paid
            insert_payment(session=session, values={
                "party_id": doc.party_id, "document_id": doc.id, "paid_on": paid_on, "amount": amount,
                "method": method or "virement", "reference": f"RG{doc.id:06d}"})
            made["payments"] += 1
        if doc.direction == "sale" and (paid is None or paid[1] < doc.payable) and doc.due_date < today:
            for level, after in enumerate(LATE_AFTER, start=1):
                if doc.due_date + timedelta(days=after) <= today:
                    insert_reminder(session=session, values={
                        "party_id": doc.party_id, "document_id": doc.id, "level": level,
                        "sent_on": doc.due_date + timedelta(days=after), "channel": rng.choice(CHANNELS),
                        "note": None if level < 3 else "Mise en demeure par lettre recommandée",
                        "sent_by": rng.choice(chasers)})
                    made["reminders"] += 1
    return made


def _payment(rng: random.Random, doc: Any, today: date) -> tuple[date, Decimal] | None:
    """When and how much was paid on an invoice, or None: most paid, some partly, some not."""
    draw = rng.random()
    if doc.due_date >= today:
        draw = draw * 2.5
    if draw < 0.10:
        return None
    paid_on = min(today, doc.due_date + timedelta(days=rng.randint(-15, 8)))
    paid_on = max(paid_on, doc.issue_date)
    if draw < 0.18:
        return paid_on, (doc.payable / 2).quantize(Decimal("0.01"))
    if draw > 1.0:
        return None
    return paid_on, doc.payable
