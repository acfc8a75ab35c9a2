"""The documents of the FEC fixtures (tests/fixtures/fec/): one dossier, nine cases
named by the issue, published in order on 2026-03-31 at 10:00 UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from books.context import Workspace
from books.dossiers.service import DossierDraft, create_dossier
from books.ledger.chart import set_ledger_settings
from books.parties.changes import add_party

SLUG = "atelier-durand"
PUBLISHED_AT = datetime(2026, 3, 31, 10, 0, tzinfo=UTC)
SUPPLIERS = (("MARTIN", "Papeterie Martin"), ("BERLIN", "Berlin Werkzeuge GmbH"),
             ("INFOPLUS", "Informatique Plus"), ("ACME", "Acme Tools Inc."))
CUSTOMERS = (("ROUX", "Boulangerie Roux"),)


def _vat(rate: str, base: str, amount: str, category: str = "S") -> dict[str, Any]:
    return {"category": category, "rate": rate, "base": base, "amount": amount}


CASES: tuple[dict[str, Any], ...] = (
    # a purchase at 20 %, its account given by a rule
    {"direction": "purchase", "party": "MARTIN", "number": "FA-100", "issue_date": date(2026, 3, 2),
     "net": "100.00", "tax": "20.00", "gross": "120.00", "vat": [_vat("20", "100.00", "20.00")],
     "fields": {"account": {"value": "606400", "source": "rule"}}},
    # a multi-rate purchase (the dossier's default account)
    {"direction": "purchase", "party": "MARTIN", "number": "FA-101", "issue_date": date(2026, 3, 5),
     "net": "300.00", "tax": "45.50", "gross": "345.50",
     "vat": [_vat("20", "200.00", "40.00"), _vat("5.5", "100.00", "5.50")]},
    # a supplier credit note
    {"direction": "purchase", "party": "MARTIN", "number": "AV-12", "issue_date": date(2026, 3, 6),
     "doc_type": "credit_note", "net": "50.00", "tax": "10.00", "gross": "60.00",
     "vat": [_vat("20", "50.00", "10.00")], "fields": {"account": {"value": "606400", "source": "rule"}}},
    # an intra-EU reverse-charge purchase
    {"direction": "purchase", "party": "BERLIN", "number": "DE-2026-77",
     "issue_date": date(2026, 3, 9), "net": "1000.00", "tax": "0.00", "gross": "1000.00",
     "vat": [_vat("20", "1000.00", "0.00", "K")]},
    # a fixed-asset purchase
    {"direction": "purchase", "party": "INFOPLUS", "number": "FI-555", "issue_date": date(2026, 3, 10),
     "net": "1500.00", "tax": "300.00", "gross": "1800.00", "vat": [_vat("20", "1500.00", "300.00")],
     "fields": {"account": {"value": "218300", "source": "manual"}}},
    # a sale
    {"direction": "sale", "party": "ROUX", "number": "V-2026-001", "issue_date": date(2026, 3, 12),
     "net": "250.00", "tax": "50.00", "gross": "300.00", "vat": [_vat("20", "250.00", "50.00")],
     "fields": {"account": {"value": "706000", "source": "rule"}}},
    # a customer credit note
    {"direction": "sale", "party": "ROUX", "number": "AVV-2026-001", "issue_date": date(2026, 3, 13),
     "doc_type": "credit_note", "net": "25.00", "tax": "5.00", "gross": "30.00",
     "vat": [_vat("20", "25.00", "5.00")], "fields": {"account": {"value": "706000", "source": "rule"}}},
    # printed total one cent above net + VAT: the VAT line takes it, as printed
    {"direction": "sale", "party": "ROUX", "number": "V-2026-002", "issue_date": date(2026, 3, 16),
     "net": "99.99", "tax": "20.00", "gross": "120.00", "vat": [_vat("20", "99.99", "20.00")],
     "fields": {"account": {"value": "706000", "source": "rule"}}},
    # a purchase in USD, at 0.92 EUR for 1 USD
    {"direction": "purchase", "party": "ACME", "number": "INV-9001", "issue_date": date(2026, 3, 18),
     "currency": "USD", "net": "200.00", "tax": "40.00", "gross": "240.00",
     "vat": [_vat("20", "200.00", "40.00")],
     "fields": {"exchange_rate": {"value": "0.92", "source": "manual"}}},
)


def make_dossier(admin: Workspace) -> tuple[int, dict[str, int]]:
    """The dossier of the cases with its parties: its id, and the parties' ids by code."""
    created = create_dossier(admin, DossierDraft(name="Atelier Durand", siren="552100554"))
    set_ledger_settings(admin, SLUG, supplier_prefix="F", customer_prefix="C",
                        closing_date=date(2026, 12, 31))
    parties = {}
    for kind, rows in (("supplier", SUPPLIERS), ("customer", CUSTOMERS)):
        for code, name in rows:
            parties[code] = add_party(admin, SLUG, kind, {"code": code, "name": name}).id
    return created.dossier.id, parties  # type: ignore[return-value]


def insert_case(admin: Workspace, dossier_id: int, parties: dict[str, int],
                case: dict[str, Any], n: int) -> int:
    """One case as a document in review; its id."""
    from store.inbox import insert_document

    with admin.transaction() as session:
        return insert_document(
            session=session, dossier_id=dossier_id, direction=case["direction"],
            doc_type=case.get("doc_type", "invoice"), status="review",
            party_id=parties[case["party"]],
            number=case["number"], issue_date=case["issue_date"],
            currency=case.get("currency", "EUR"),
            net=Decimal(case["net"]), tax=Decimal(case["tax"]), gross=Decimal(case["gross"]),
            file_hash=f"{n:064d}", stored_path=f"x/{n}", original_name=f"{case['number']}.xml",
            format="cii", extracted={"vat": case["vat"]}, fields=case.get("fields", {}))
