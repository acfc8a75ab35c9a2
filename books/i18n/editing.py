"""Strings of the editing fixes: managed fields, payment methods, phones, deposits,
the import review, the audit wording, themes, duplicate dossier names, quitting."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # deposits and overpayments in the record
    "ed.unallocated": (
        "Acompte non affecté : {amount} (à imputer sur une prochaine facture)",
        "Unallocated deposit: {amount} (to set against a next invoice)",
    ),
    "ed.payments_unallocated": (" · acompte non affecté {amount}", " · unallocated deposit {amount}"),
}
