"""The truth of a generated sample: the e-invoice's own XML, read by the structured reader.

A sample's values are never typed by hand: the source e-invoice is read with
:func:`books.invoices.read_invoice` (exact on the corpus), and both the
rendering and the truth written to the manifest come from that reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from books.invoices import Extraction, read_invoice
from books.invoices.model import CREDIT_NOTE

SCORED_FIELDS = (
    "invoice_number",
    "issue_date",
    "tax_exclusive_total",
    "tax_total",
    "tax_inclusive_total",
    "payable_amount",
    "seller_name",
    "seller_vat_id",
)
"""The fields the issue's targets name (number, issue date, net, VAT, gross, payable,
seller name, seller VAT id), in the truth format of ``books.invoices.truth``."""
EXTRA_FIELDS = ("document_type", "due_date", "currency", "buyer_name", "buyer_vat_id", "iban")
"""Printed too and scored in the bench, but not in the targets."""
SHORT_NAMES = {
    "invoice_number": "number",
    "issue_date": "issue_date",
    "tax_exclusive_total": "net",
    "tax_total": "vat",
    "tax_inclusive_total": "gross",
    "payable_amount": "payable",
    "seller_name": "seller_name",
    "seller_vat_id": "seller_vat_id",
    "document_type": "doc_type",
    "due_date": "due_date",
    "currency": "currency",
    "buyer_name": "buyer_name",
    "buyer_vat_id": "buyer_vat_id",
    "iban": "iban",
}
"""Column names the bench prints."""
CONFIDENCE_KEYS = {
    "invoice_number": "number",
    "issue_date": "issue_date",
    "tax_exclusive_total": "totals.net",
    "tax_total": "totals.tax",
    "tax_inclusive_total": "totals.gross",
    "payable_amount": "totals.payable",
    "seller_name": "seller.name",
    "seller_vat_id": "seller.vat_id",
    "document_type": "type_code",
    "due_date": "due_date",
    "currency": "currency",
    "buyer_name": "buyer.name",
    "buyer_vat_id": "buyer.vat_id",
    "iban": "ibans",
}
"""Truth field → the key of ``Extraction.confidence`` that rates it."""


@dataclass(frozen=True)
class SourceInvoice:
    """One e-invoice to render: where it comes from and what its XML says."""

    source: str
    """The source file, relative to the corpus (or a fixture name)."""
    reading: Extraction
    """The structured reader's result for the source."""

    @property
    def credit_note(self) -> bool:
        """Whether the document type is a credit note."""
        return self.reading.document_type == CREDIT_NOTE


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def truth_fields(reading: Extraction) -> dict[str, Any]:
    """The printed fields of ``reading`` in the truth format (``books.invoices.truth``).

    A field the e-invoice does not hold is left out (it is then not scored).
    """
    totals = reading.totals
    fields: dict[str, Any] = {
        "invoice_number": reading.number,
        "type_code": reading.type_code,
        "document_type": reading.document_type,
        "issue_date": reading.issue_date,
        "due_date": reading.due_date,
        "currency": reading.currency,
        "seller_name": reading.seller.name,
        "seller_vat_id": reading.seller.vat_id,
        "seller_legal_id": reading.seller.legal_id,
        "buyer_name": reading.buyer.name,
        "buyer_vat_id": reading.buyer.vat_id,
        "tax_exclusive_total": _text(totals.net),
        "tax_total": _text(totals.tax),
        "tax_inclusive_total": _text(totals.gross),
        "prepaid": _text(totals.prepaid),
        "payable_amount": _text(totals.payable),
        "vat_breakdown": [
            {
                "category": v.category,
                "rate": _text(v.rate),
                "taxable": _text(v.base),
                "tax": _text(v.amount),
            }
            for v in reading.vat
        ],
        "iban": list(reading.ibans),
    }
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def read_source(path: Path, source: str) -> SourceInvoice | None:
    """The source invoice in ``path``, or ``None`` when it cannot serve as one.

    An e-invoice serves when the structured reader reads it without error and it
    has a number, an issue date, a seller name and the amounts a page prints.
    """
    reading = read_invoice(path)
    if reading.error is not None or reading.format not in ("cii", "ubl", "facturx"):
        return None
    totals = reading.totals
    if not (reading.number and reading.issue_date and reading.seller.name):
        return None
    if totals.net is None or totals.gross is None or totals.payable is None:
        return None
    return SourceInvoice(source=source, reading=reading)
