"""The one list of payment methods: parties, payments, dossier defaults, imports.

Stored as the French words firms use (``virement``, ``prélèvement``…); what
people and other software write (``VIR``, ``CB``, ``Chèque``, ``direct debit``)
is read as one of them, anything else is refused with the list.
"""

from __future__ import annotations

from books.errors import InvalidInput
from books.i18n import t
from books.identity import fold

PAYMENT_METHODS = ("virement", "prélèvement", "chèque", "carte", "espèces", "LCR")
"""Payment methods, as stored and offered in the forms."""

_ALIASES = {
    "virement": ("vir", "virement bancaire", "virement sepa", "transfer", "bank transfer",
                 "credit transfer", "wire", "wire transfer"),
    "prélèvement": ("prlv", "prel", "prelevement sepa", "prelevement automatique", "direct debit",
                    "sepa direct debit", "debit"),
    "chèque": ("chq", "cheque bancaire", "check", "cheque"),
    "carte": ("cb", "carte bancaire", "carte bleue", "card", "credit card", "debit card"),
    "espèces": ("esp", "especes", "liquide", "cash"),
    "LCR": ("traite", "effet", "lettre de change", "lcr magnetique", "bill of exchange"),
}
_KNOWN = {fold(alias): method for method, aliases in _ALIASES.items()
          for alias in (method, *aliases)}


def clean_payment_method(value: str | None, field: str) -> str | None:
    """One of :data:`PAYMENT_METHODS` (``CB`` → ``carte``), or None when empty.

    Raises:
        InvalidInput: naming the field, what was typed and the methods accepted.
    """
    text = " ".join((value or "").replace("-", " ").replace(".", " ").split())
    if not text:
        return None
    method = _KNOWN.get(fold(text))
    if method is None:
        raise InvalidInput(t("ed.bad_payment_method", field=field, value=value,
                             choices=", ".join(PAYMENT_METHODS)))
    return method
