"""Strings of the text and scan reader (issue 20): identifiers kept as printed."""

from __future__ import annotations

STRINGS = {
    "text_reader.warning.vat_checksum": (
        "n° TVA {number} ({role}) : clé de contrôle fausse, gardé tel qu'imprimé, à vérifier",
        "VAT number {number} ({role}): wrong check digits, kept as printed, check it",
    ),
    "text_reader.warning.legal_id_checksum": (
        "SIREN/SIRET {number} ({role}) : clé de contrôle fausse, gardé tel qu'imprimé, à vérifier",
        "SIREN/SIRET {number} ({role}): wrong check digit, kept as printed, check it",
    ),
    "text_reader.label.to_check": ("À vérifier", "To check"),
    "text_reader.field.seller.name": ("Fournisseur", "Seller"),
    "text_reader.field.seller.vat_id": ("N° TVA du fournisseur", "Seller's VAT number"),
    "text_reader.field.seller.legal_id": ("SIREN/SIRET du fournisseur", "Seller's SIREN/SIRET"),
    "text_reader.field.buyer.name": ("Client", "Buyer"),
    "text_reader.field.buyer.vat_id": ("N° TVA du client", "Buyer's VAT number"),
    "text_reader.field.buyer.legal_id": ("SIREN/SIRET du client", "Buyer's SIREN/SIRET"),
    "text_reader.role.seller": ("fournisseur", "seller"),
    "text_reader.role.buyer": ("client", "buyer"),
}
