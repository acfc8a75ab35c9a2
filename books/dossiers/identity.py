"""What the inbox and the rules know of a dossier: its identity and its defaults.

A plain value, below both the pipeline (``books.inbox``) and the rules
(``books.rules``), which both resolve a document's fields against it.
"""

from __future__ import annotations

from dataclasses import dataclass

FLAGS = ("failed", "party_unknown", "direction_unknown", "totals", "credit_note_as_invoice",
         "possible_duplicate", "not_addressed", "date_future", "date_old", "foreign_currency")
"""Every flag a document can carry, in the order screens list them."""
DIRECTION_FOLDERS = {"achats": "purchase", "ventes": "sale"}
"""A dossier's inbox subfolders that say the direction when the document does not."""


@dataclass(frozen=True, slots=True)
class DossierIdentity:
    """What the pipeline knows of a dossier."""

    id: int
    slug: str
    name: str
    siren: str | None
    vat_id: str | None
    base_currency: str = "EUR"
    default_due_days: int = 30
    default_payment_method: str | None = None
