"""A day's mixed arrivals for the demo's first dossiers: what makes their inbox lists
worth looking at (purchases and sales, and documents that need a person).

Files are dropped in the dossier's folder like any client's; the pipeline
takes them in and flags what it finds: an unknown supplier, totals that do
not add up, the same invoice sent again as another file, an invoice
addressed to another company. Most are UBL e-invoices; a few suppliers send
text PDFs, which the text reader reads. Nothing is written to the database here.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from books.demo.invoice import DemoParty, ubl_invoice

if TYPE_CHECKING:
    from books.context import Workspace
    from store.models import Dossier

MIXED_DOSSIERS = (1, 2)
"""The demo dossiers (by their order) that get the mix; the others keep a few files."""
STRANGERS = (
    DemoParty("Imprimerie Vasseur et Fils", "512903840", "FR47512903840", "Amiens", "80000"),
    DemoParty("Nettoyage Azur Services", "789245115", "FR83789245115", "Nice", "06000"),
    DemoParty("Café Torréfaction Marceau", "834556201", "FR63834556201", "Lyon", "69003"),
)
"""Suppliers no list knows: their invoices arrive with "party unknown"."""
PDF_COUNT = 3
"""Text-PDF invoices from listed suppliers (read by the text reader, matched, filled)."""
ELSEWHERE = DemoParty("Société Hôtelière du Lac", "443120985", "FR83443120985", "Annecy", "74000")
"""A company that is not the dossier: its invoice dropped here is "not addressed"."""


def drop_review_mix(inbox: Path, rng: random.Random, suppliers: list[DemoParty],
                    customers: list[DemoParty], me: DemoParty, today: date) -> int:
    """Drop the mix in ``inbox``; how many files."""
    purchases, sales = inbox / "achats", inbox / "ventes"
    purchases.mkdir(parents=True, exist_ok=True)
    sales.mkdir(parents=True, exist_ok=True)
    files: list[tuple[Path, str]] = []
    for n in range(14):  # ordinary purchases from listed suppliers
        seller = suppliers[(n * 3 + 1) % len(suppliers)]
        files.append((purchases, _xml(rng, f"FA-{today.year}-{2000 + n}", seller, me, today)))
    for n, stranger in enumerate(STRANGERS):
        files.append((purchases, _xml(rng, f"{stranger.name[:3].upper()}-{480 + n}", stranger, me, today)))
    for n in range(2):  # totals printed wrong (a VAT line off)
        xml = _xml(rng, f"FA-{today.year}-{3100 + n}", suppliers[n], me, today)
        files.append((purchases, _off_by(xml, Decimal("10.00"))))
    again = _xml(random.Random(rng.random()), f"FA-{today.year}-4242", suppliers[2], me, today)
    files.append((purchases, again))  # the same invoice, then as another file (a resend)
    files.append((purchases, again.replace("</Invoice>", "<!-- renvoi -->\n</Invoice>")))
    files.append((purchases, _xml(rng, f"SHL-{today.year}-77", suppliers[3], ELSEWHERE, today)))
    for n in range(min(6, len(customers))):  # sales to listed customers
        files.append((sales, _xml(rng, f"VT-{today.year}-{n + 1:04}", me, customers[n], today)))
    for n, (folder, xml) in enumerate(files):
        (folder / f"arrivee-{n:02}.xml").write_text(xml, encoding="utf-8")
    for n in range(PDF_COUNT):  # suppliers without e-invoicing: a text PDF each
        seller = suppliers[(n * 5 + 2) % len(suppliers)]
        (purchases / f"facture-{seller.name.split()[0].lower()}-{n + 1}.pdf").write_bytes(
            _pdf(rng, f"{seller.name[:2].upper()}-{today.year}-{610 + n}", seller, me, today))
    return len(files) + PDF_COUNT


def _pdf(rng: random.Random, number: str, seller: DemoParty, buyer: DemoParty,
         today: date) -> bytes:
    from books.demo.pdf_invoice import pdf_invoice

    issued = today - timedelta(days=rng.randint(0, 25))
    return pdf_invoice(
        number=number, issued=issued, due=issued + timedelta(days=30), seller=seller,
        buyer=buyer, net=Decimal(rng.randint(8_000, 180_000)) / 100,
        rate=Decimal(rng.choice(("20", "20", "10"))),
        description=rng.choice(("Entretien des locaux", "Fournitures de bureau",
                                "Réparation chambre froide", "Prestation de conseil")),
    )


def _xml(rng: random.Random, number: str, seller: DemoParty, buyer: DemoParty, today: date) -> str:
    issued = today - timedelta(days=rng.randint(0, 25))
    return ubl_invoice(
        number=number, issued=issued, due=issued + timedelta(days=30), seller=seller, buyer=buyer,
        net=Decimal(rng.randint(2_500, 320_000)) / 100,
        rate=Decimal(rng.choice(("20.00", "20.00", "20.00", "10.00", "5.50"))),
        description=rng.choice(("Fournitures", "Entretien", "Transport", "Honoraires", "Matières")),
    )


def _off_by(xml: str, amount: Decimal) -> str:
    """The invoice with its total including tax printed ``amount`` too high."""
    head, rest = xml.split('<cbc:TaxInclusiveAmount currencyID="EUR">', 1)
    value, tail = rest.split("<", 1)
    wrong = Decimal(value) + amount
    tail = tail.replace(f'<cbc:PayableAmount currencyID="EUR">{value}<',
                        f'<cbc:PayableAmount currencyID="EUR">{wrong}<', 1)
    return f'{head}<cbc:TaxInclusiveAmount currencyID="EUR">{wrong}<{tail}'


def drop_for_dossier(ws: Workspace, dossier: Dossier, index: int, me: DemoParty, today: date) -> int:
    """The mix for one of :data:`MIXED_DOSSIERS` (the others get none); how many files."""
    from store.parties.changes import identified

    if index not in MIXED_DOSSIERS:
        return 0
    with ws.read() as session:
        suppliers = [demo_party(p) for p in identified(session=session, dossier_id=dossier.id,
                                                       kind="supplier", limit=40)]
        customers = [demo_party(p) for p in identified(session=session, dossier_id=dossier.id,
                                                       kind="customer", limit=10)]
    if len(suppliers) < 4:
        return 0
    return drop_review_mix(Path(dossier.inbox_path), random.Random(4000 + index), suppliers,
                           customers, me, today)


def demo_party(row: Any) -> DemoParty:
    """A listed party as it is printed on a demo invoice."""
    return DemoParty(row.name, row.siren or "", row.vat_id or "", row.city or "Paris",
                     row.postcode or "75001")
