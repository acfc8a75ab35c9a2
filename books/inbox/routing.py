"""The firm's shared folder: which dossier a document belongs to.

An e-invoicing platform or a scanner drops every client's invoices in one
folder; each goes to the dossier that is its buyer (a purchase) or its seller
(a sale), by SIREN, SIRET or VAT number. What matches no dossier waits "à
classer" for a person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from books.inbox.analysis import DossierIdentity, is_dossier

if TYPE_CHECKING:
    from books.context import Workspace


def route(ws: Workspace, extracted: dict[str, Any]) -> DossierIdentity | None:
    """The dossier a document read from the firm's folder belongs to, or ``None``."""
    from store.inbox import dossiers_by_identity
    from store.models import Dossier

    with ws.read() as session:
        rows = dossiers_by_identity(session=session)
        candidates = []
        for dossier_id, slug, siren, vat, name in rows:
            if not (siren or vat):
                continue  # only identifiers route: a name alone is too weak for a whole firm
            identity = DossierIdentity(id=dossier_id, slug=slug, name=name, siren=siren, vat_id=vat)
            for side in ("buyer", "seller"):
                part = {k: v for k, v in (extracted.get(side) or {}).items() if k != "name"}
                if is_dossier(part, identity):
                    candidates.append((side, dossier_id))
        if not candidates:
            return None
        candidates.sort(key=lambda c: c[0])  # the buyer first: a purchase
        dossier = session.get_one(Dossier, candidates[0][1])
        return DossierIdentity(
            id=dossier.id, slug=dossier.slug, name=dossier.name, siren=dossier.siren,
            vat_id=dossier.vat_id, base_currency=dossier.base_currency,
            default_due_days=dossier.default_due_days,
            default_payment_method=dossier.default_payment_method)
