"""``saisie demo``: a realistic firm, filled idempotently.

Collaborators with each role, dossiers with valid French identities, a few
thousand customers and suppliers with addresses, groups and contacts, one
dossier with 100,000 customers for scale, and real UBL invoices: some in
review, some published, some just dropped in the inbox folders.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from books.access.permissions import require
from books.access.users import add_user
from books.demo import data
from books.demo.invoice import DemoParty, dossier_party, invoice_rates, ubl_invoice
from books.demo.payments import fill_payments
from books.dossiers.service import DossierDraft, create_dossier
from books.i18n import t
from books.identity import fold, french_vat, siren_check_digit, slugify

if TYPE_CHECKING:
    from books.context import Workspace
    from store.models import Dossier

Progress = Callable[[str], None]
FIRM_NAME = "Cabinet Lefèvre & Associés"
TODAY = data.TODAY
"""Demo documents are dated around this day so the demo reads the same every run."""


def make_siren(seed: int) -> str:
    """A valid SIREN derived from ``seed``."""
    stem = f"{(seed * 7_919 + 31_415_926) % 100_000_000:08d}"
    return stem + siren_check_digit(stem)


def make_siret(siren: str) -> str:
    """The head office SIRET of a SIREN (NIC 0001x, Luhn-valid)."""
    return siren + "0001" + siren_check_digit(siren + "0001")


def make_iban(seed: int) -> str:
    """A valid French IBAN (RIB key and IBAN check digits computed)."""
    bank, branch, account = 30000 + seed % 9000, 10000 + seed % 80000, seed % 10**11
    key = 97 - ((89 * bank + 15 * branch + 3 * account) % 97)
    bban = f"{bank:05d}{branch:05d}{account:011d}{key:02d}"
    check = 98 - int(bban + "152700") % 97
    return f"FR{check:02d}{bban}"


def seed_demo(ws: Workspace, progress: Progress = lambda _step: None) -> list[str]:
    """Fill the database with the demo firm; returns the slugs created this time."""
    require(ws.user, "dossier.create")
    _name_firm(ws)
    _add_collaborators(ws, progress)
    created = []
    for index, (name, sector, customers, suppliers) in enumerate(data.DOSSIERS, start=1):
        if _exists(ws, slugify(name)):
            continue
        progress(t("demo.dossier", name=name, customers=customers, suppliers=suppliers))
        dossier = _create(ws, index, name, sector)
        _fill_parties(ws, dossier, index, customers, suppliers)
        _fill_documents(ws, dossier, index)
        fill_payments(ws, dossier)
        from books.demo.rules import add_demo_rules

        add_demo_rules(ws, dossier)  # before the pipeline takes in the dropped invoices
        created.append(dossier.slug)
    if created:
        _drop_in_firm_folder(ws)
        _settle_files(ws.settings.inbox_root)
        progress(t("demo.inbox"))
        from books.inbox.runner import run_once

        run_once(ws)
    return created


def _settle_files(root: Path) -> None:
    """Date the dropped files a few seconds back: they are complete, and the pipeline
    leaves alone a file changed in the last half second (one still being copied)."""
    import os
    import time

    past = time.time() - 5
    for path in root.rglob("*"):
        if path.is_file() and "traités" not in path.parts:
            os.utime(path, (past, past))


def _drop_in_firm_folder(ws: Workspace) -> None:
    """The firm's shared folder (an e-invoicing platform drops every client's invoices
    there): one for a demo dossier, found by its SIREN, and one for no dossier."""
    from store.inbox import dossiers_by_identity

    firm = ws.settings.inbox_root / "_cabinet"
    firm.mkdir(parents=True, exist_ok=True)
    rng = random.Random(77)
    with ws.read() as session:
        entries = [row for row in dossiers_by_identity(session=session) if row[2]]
    if not entries:
        return
    _id, _slug, siren, vat, name = entries[min(1, len(entries) - 1)]
    buyer = DemoParty(name, siren or "", vat or "", "Paris", "75011")
    seller = DemoParty("Orange Business SA", "380129866", "FR89380129866", "Paris", "75015")
    (firm / "plateforme-000412.xml").write_text(
        _invoice_xml(rng, f"OB-{TODAY.year}-000412", seller, buyer), encoding="utf-8")
    stranger = DemoParty("Pâtisserie Lemoine SARL", "401237780", "FR33401237780", "Lille", "59000")
    (firm / "plateforme-000413.xml").write_text(
        _invoice_xml(rng, f"OB-{TODAY.year}-000413", seller, stranger), encoding="utf-8")


def _name_firm(ws: Workspace) -> None:
    from store.dossiers import ensure_firm

    with ws.transaction() as session:
        firm = ensure_firm(session=session, name=FIRM_NAME)
        if firm.name != FIRM_NAME and firm.name == "Mon cabinet":
            firm.name = FIRM_NAME


def _add_collaborators(ws: Workspace, progress: Progress) -> None:
    from books.access.users import list_users

    known = {u.login for u in list_users(ws)}
    for login, name, role in data.COLLABORATORS:
        if login not in known:
            progress(t("demo.user", login=login))
            add_user(ws, login, role, name, f"{login}@cabinet-lefevre.fr")


def _exists(ws: Workspace, slug: str) -> bool:
    from store.dossiers import get_dossier

    with ws.read() as session:
        return get_dossier(session=session, slug=slug) is not None


def _create(ws: Workspace, index: int, name: str, sector: str) -> Dossier:
    siren = make_siren(index)
    rng = random.Random(index)
    first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.SURNAMES)
    logins = [login for login, _n, role in data.COLLABORATORS if role != "admin"]
    draft = DossierDraft(
        name=name, sector=sector, siren=siren, vat_id=french_vat(siren),
        contact_name=f"{first} {last}",
        contact_email=f"{fold(first)}.{fold(last)}@{slugify(name, 30)}.fr".replace(" ", ""),
        contact_phone=f"0{rng.randint(1, 5)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
        f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
        access=rng.sample(logins, k=2), postcode=data.PLACES.get(name, data.PARIS)[0],
    )
    return create_dossier(ws, draft).dossier


_FOLDED = {w: fold(w) for w in (*data.SURNAMES, *data.TRADES, *data.LEGAL_FORMS, *(c for _p, c in data.CITIES))}
_SLUGS = {w: slugify(w, 20) for w in data.SURNAMES}


def _phone(rng: random.Random) -> str:
    """A French number as the forms store it (``+33 1 23 45 67 89``; no 08 premium-rate one)."""
    digits = f"0{rng.randint(100_000_000, 999_999_999)}"
    first = "9" if digits[1] == "8" else digits[1]
    return f"+33 {first} " + " ".join(digits[i:i + 2] for i in range(2, 10, 2))


def _party_row(rng: random.Random, dossier_id: int, kind: str, n: int, seed: int) -> dict[str, Any]:
    surname, trade, form = rng.choice(data.SURNAMES), rng.choice(data.TRADES), rng.choice(data.LEGAL_FORMS)
    name = f"{trade} {surname} {form}".rstrip()
    postcode, city = rng.choice(data.CITIES)
    draw = rng.random()
    row: dict[str, Any] = {
        "dossier_id": dossier_id, "kind": kind,
        "code": f"{'C' if kind == 'customer' else 'F'}{n:06d}",
        "name": name, "sort_key": f"{_FOLDED[trade]} {_FOLDED[surname]} {_FOLDED[form]}".rstrip(),
        "address": f"{1 + n % 180} {data.STREETS[n % len(data.STREETS)]}",
        "postcode": postcode, "city": city, "country": "FR",
        "email": f"contact@{_SLUGS[surname]}-{n}.fr",
        "phone": _phone(rng),
        "payment_terms_days": (0, 30, 30, 45, 60)[n % 5],
        "payment_method": data.PAYMENT_METHODS[n % len(data.PAYMENT_METHODS)],
        "account": ("411" if kind == "customer" else "401") + f"{n:05d}"[-5:],
        "source": "csv" if draw < 0.3 else "manual",
    }
    if draw < 0.7:
        siren = make_siren(seed)
        row.update(siren=siren, siret=make_siret(siren), vat_id=french_vat(siren))
    row["search_key"] = " ".join(
        (row["code"].lower(), row["sort_key"], row.get("siren") or "", row.get("siret") or "",
         (row.get("vat_id") or "").lower(), _FOLDED.get(city) or fold(city))
    )
    if kind == "supplier" or draw > 0.9:
        row.update(iban=make_iban(seed), bic="BNPAFRPPXXX")
    if kind == "customer" and 0.7 <= draw < 0.9:
        row["credit_limit"] = Decimal((5000, 10000, 20000, 50000)[n % 4])
    return row


def _fill_parties(ws: Workspace, dossier: Dossier, index: int, customers: int, suppliers: int) -> None:
    from store import audit
    from store.parties import changes as parties

    rng = random.Random(1000 + index)
    with ws.transaction() as session:
        for kind, count, groups in (
            ("customer", customers, data.CUSTOMER_GROUPS),
            ("supplier", suppliers, data.SUPPLIER_GROUPS),
        ):
            rows = [
                _party_row(rng, dossier.id, kind, n, index * 1_000_000 + n + (500_000 if kind == "supplier" else 0))
                for n in range(1, count + 1)
            ]
            parties.insert_many(session=session, rows=rows)
            ids = list(parties.ids_by_code(session=session, dossier_id=dossier.id, kind=kind).values())
            group_ids = parties.ensure_groups(session=session, dossier_id=dossier.id, names=groups)
            sample = ids if len(ids) < 5000 else ids[::20]
            pairs = [(group_ids[rng.choice(groups)], pid) for pid in sample if rng.random() < 0.6]
            parties.add_members(session=session, pairs=pairs)
            contacts = []
            for pid in sample[:2000]:
                first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.SURNAMES)
                contacts.append({
                    "party_id": pid, "name": f"{first} {last}", "role": rng.choice(data.CONTACT_ROLES),
                    "email": f"{fold(first)}.{fold(last)}@exemple.fr", "favourite_email": True,
                    "favourite_reminder": kind == "customer",
                })
            parties.add_contacts(session=session, rows=contacts)
        audit.add_event(
            session=session, actor=ws.user.login, dossier_id=dossier.id, entity="party",
            action="demo_import", after={"customers": customers, "suppliers": suppliers},
        )


def _demo_party(row: Any) -> DemoParty:
    return DemoParty(row.name, row.siren, row.vat_id, row.city, row.postcode)


def _fill_documents(ws: Workspace, dossier: Dossier, index: int) -> None:
    """Published and in-review supplier invoices, and a few files waiting in the inbox."""
    from books.inbox.review import publish
    from store import audit
    from store.inbox import insert_document
    from store.parties.changes import identified

    rng = random.Random(2000 + index)
    me = dossier_party(dossier)
    rates = invoice_rates(dossier)
    with ws.transaction() as session:
        suppliers = identified(session=session, dossier_id=dossier.id, kind="supplier", limit=40)
        # The accounting's history: reviewed, then published through the product's own
        # publish (so its journal entries exist and the FEC of the demo is complete); what
        # waits for review is dropped in the inbox folder below, for the pipeline to take in.
        rows = [_document_row(ws, dossier, rng, n, suppliers[n % len(suppliers)], me, "review",
                              rates) for n in range(8)]
        ids = [insert_document(session=session, **row) for row in rows]
        audit.add_event(
            session=session, actor=ws.user.login, dossier_id=dossier.id, entity="document",
            action="demo_import", after={"documents": len(rows)},
        )
    publish(ws, ids)
    _drop_invoices(Path(dossier.inbox_path), rng, suppliers, me, index, rates)
    from books.demo.inbox_mix import drop_for_dossier

    drop_for_dossier(ws, dossier, index, me, TODAY)


def _drop_invoices(inbox: Path, rng: random.Random, suppliers: list[Any], me: DemoParty,
                   index: int, rates: tuple[str, ...]) -> None:
    """Invoices dropped in a dossier's folder as a client, a scanner or a mail rule would:
    for the inbox pipeline to take in (``saisie demo`` runs it at the end)."""
    purchases = inbox / "achats"
    purchases.mkdir(parents=True, exist_ok=True)
    for n in range(6 + rng.randint(0, 4)):
        supplier = suppliers[(n + 8) % len(suppliers)]
        number = f"FA-{TODAY.year}-{rng.randint(1000, 9999)}"
        xml = _invoice_xml(rng, number, _demo_party(supplier), me, rates)
        folder = purchases if n % 3 == 0 else inbox
        (folder / f"facture-{number}.xml").write_text(xml, encoding="utf-8")
        if index == 1 and n == 0:  # the same file sent twice: a duplicate record
            (inbox / f"facture-{number} (renvoi).xml").write_text(xml, encoding="utf-8")
    if index == 1:  # a scan the reader cannot read: kept, failed, with its reason
        (inbox / "scan-illisible.pdf").write_bytes(b"%PDF-1.4\n% a scan cut short by the copier\n")


def _invoice_xml(rng: random.Random, number: str, seller: DemoParty, buyer: DemoParty,
                 rates: tuple[str, ...] = data.INVOICE_RATES["mainland"]) -> str:
    issued = TODAY - timedelta(days=rng.randint(0, 60))
    net = Decimal(rng.randint(4_000, 480_000)) / 100
    return ubl_invoice(
        number=number, issued=issued, due=issued + timedelta(days=30), seller=seller, buyer=buyer,
        net=net, rate=Decimal(rng.choice(rates)),
        description=rng.choice(("Fournitures", "Prestation de service", "Maintenance", "Transport")),
    )


def _document_row(
    ws: Workspace, dossier: Dossier, rng: random.Random, n: int, supplier: Any, me: DemoParty, status: str,
    rates: tuple[str, ...],
) -> dict[str, Any]:
    number = f"F{TODAY.year}-{1000 + n * 37 + dossier.id}"
    xml = _invoice_xml(rng, number, _demo_party(supplier), me, rates)
    digest = hashlib.sha256(xml.encode()).hexdigest()
    stored = ws.settings.archive_root / digest[:2] / f"{digest}.xml"
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_text(xml, encoding="utf-8")
    net = Decimal(xml.split("<cbc:TaxExclusiveAmount currencyID=\"EUR\">")[1].split("<")[0])
    gross = Decimal(xml.split("<cbc:PayableAmount currencyID=\"EUR\">")[1].split("<")[0])
    issued = date.fromisoformat(xml.split("<cbc:IssueDate>")[1][:10])
    return {
        "dossier_id": dossier.id, "direction": "purchase", "doc_type": "invoice", "status": status,
        "party_id": supplier.id, "party_name_detected": supplier.name, "number": number,
        "issue_date": issued, "due_date": issued + timedelta(days=30), "currency": "EUR",
        "net": net, "tax": gross - net, "gross": gross, "payable": gross,
        "file_hash": digest, "stored_path": str(stored), "original_name": f"{number}.xml",
        "format": "ubl", "submitted_by": dossier.contact_email,
        "published_at": None if status == "review" else _now(),
    }


def _now() -> Any:
    from store.models import utcnow

    return utcnow()


def grow_list(ws: Workspace, slug: str, kind: str, total: int, batch: int = 50_000) -> int:
    """Add demo parties to a dossier's list until it holds ``total`` (for benchmarks at
    1,000,000 rows); returns how many were added. Idempotent: codes continue the list's."""
    from books.dossiers.service import get_dossier
    from store.parties import changes as parties

    require(ws.user, "party.edit")
    dossier = get_dossier(ws, slug)
    with ws.read() as session:
        present = parties.count_parties(session=session, dossier_id=dossier.id, kind=kind)
    index = next(i for i, (name, *_rest) in enumerate(data.DOSSIERS, start=1) if slugify(name) == slug)
    rng = random.Random(7000 + present)
    for start in range(present + 1, total + 1, batch):
        numbers = range(start, min(start + batch, total + 1))
        with ws.transaction() as session:
            parties.insert_many(session=session, rows=[
                _party_row(rng, dossier.id, kind, n, index * 1_000_000 + n) for n in numbers])
    return max(total - present, 0)
