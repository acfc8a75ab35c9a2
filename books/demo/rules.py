"""The demo's rules: what a firm sets up for a dossier's regular suppliers, through the
rules service (as an admin would), so that the invoices the demo drops in the inbox
come out of the pipeline filled, each field saying which rule gave it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from books.context import Workspace
    from store.models import Dossier

SUPPLIER_RULES: tuple[dict[str, Any], ...] = (
    {"account": "6064", "due_end_of_month": "0",
     "note": "Toujours renseigner le numéro de facture"},
    {"account": "6061", "payment_method": "prélèvement", "paid": "oui"},
    {"account": "6226", "due_days": "30", "description": "Honoraires"},
    {"account": "6135", "payment_method": "virement", "due_days": "45"},
    {"account": "6251", "paid": "oui", "payment_method": "carte"},
    {"account": "6262", "due_end_of_month": "10"},
    {"account": "607", "vat_rate": "5.5", "due_days": "60"},
)
"""One rule a supplier, in turn: supplies, utilities, fees, rentals, travel, telecoms, goods."""
REDUCED_RATE = {"mainland": "5.5", "overseas": "2.1"}
"""The goods' reduced rate, by the dossier's VAT territory (La Réunion: 2.1 %)."""

FIRST = 8
"""The demo drops invoices of the suppliers from this one on (``seed._drop_invoices``);
the first of them get a rule, the last ones are left to manual typing."""


def add_demo_rules(ws: Workspace, dossier: Dossier) -> None:
    """A rule for each of the dossier's regular suppliers, a payment-method rule, an
    auto-publish exception and the dossier's default VAT rate (only when blank)."""
    from books.dossiers.vat import rates_of
    from books.rules.service import commit, plan_party_rules, plan_rule
    from store.parties.changes import identified

    assert dossier.id is not None
    with ws.read() as session:
        suppliers = identified(session=session, dossier_id=dossier.id, kind="supplier", limit=40)
    chosen = suppliers[FIRST:FIRST + len(SUPPLIER_RULES)]
    territory = dossier.vat_territory
    for supplier, values in zip(chosen, SUPPLIER_RULES, strict=False):
        assert supplier.id is not None
        if "vat_rate" in values:
            values = {**values, "vat_rate": REDUCED_RATE.get(territory, rates_of(territory)[-1])}
        blanks = ["vat_rate"] if "vat_rate" in values else []
        commit(ws, plan_party_rules(ws, dossier.slug, "supplier", [supplier.id], values, blanks,
                                    apply_to_inbox=False))
    commit(ws, plan_rule(ws, dossier.slug, "payment_method", {"paid": "oui"},
                         condition={"payment_method": "carte"}, apply_to_inbox=False))
    commit(ws, plan_rule(ws, dossier.slug, "exception", {},
                         condition={"amount_above": "5000"}, apply_to_inbox=False))
    commit(ws, plan_rule(ws, dossier.slug, "defaults", {"vat_rate": rates_of(territory)[0]},
                         ["vat_rate"], apply_to_inbox=False))
