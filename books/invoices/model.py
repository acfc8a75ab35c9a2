"""What reading an invoice yields: plain dataclasses with a JSON form.

Amounts and rates are :class:`~decimal.Decimal`, dates ISO strings
(``YYYY-MM-DD``); a value that was not found stays ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

INVOICE = "invoice"
CREDIT_NOTE = "credit_note"

CREDIT_NOTE_CODES = frozenset({"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"})
"""UNTDID 1001 document type codes that mean a credit note (the rest are invoices)."""


def document_type_for(type_code: str | None) -> str | None:
    """The document type (invoice or credit note) for a UNTDID 1001 type code."""
    if not type_code:
        return None
    return CREDIT_NOTE if type_code.strip() in CREDIT_NOTE_CODES else INVOICE


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@dataclass
class PartyInfo:
    """A seller or a buyer as named on the document."""

    name: str | None = None
    """Legal name (raison sociale), as written."""
    vat_id: str | None = None
    """VAT identifier (e.g. ``FR11123456782``)."""
    legal_id: str | None = None
    """Legal registration identifier (SIREN, SIRET, …)."""
    legal_id_scheme: str | None = None
    """ISO 6523 scheme of ``legal_id`` (``0002`` SIREN, ``0009`` SIRET, …)."""

    def to_json(self) -> dict[str, Any]:
        """The JSON form of the party."""
        return {
            "name": self.name,
            "vat_id": self.vat_id,
            "legal_id": self.legal_id,
            "legal_id_scheme": self.legal_id_scheme,
        }


@dataclass
class Totals:
    """Document-level amounts (EN 16931 BT-109, BT-110, BT-112, BT-113, BT-115)."""

    net: Decimal | None = None
    """Total without VAT."""
    tax: Decimal | None = None
    """Total VAT in the invoice currency."""
    gross: Decimal | None = None
    """Total with VAT."""
    prepaid: Decimal | None = None
    """Amount already paid."""
    payable: Decimal | None = None
    """Amount due for payment."""
    rounding: Decimal | None = None
    """Rounding added to reach the amount due (BT-114)."""

    def to_json(self) -> dict[str, Any]:
        """The JSON form, amounts as exact decimal strings."""
        return {
            "net": _text(self.net),
            "tax": _text(self.tax),
            "gross": _text(self.gross),
            "prepaid": _text(self.prepaid),
            "payable": _text(self.payable),
            "rounding": _text(self.rounding),
        }


@dataclass
class VatLine:
    """One line of the VAT breakdown."""

    category: str | None = None
    """VAT category code (``S`` standard, ``E`` exempt, ``K`` intra-EU, …)."""
    rate: Decimal | None = None
    """Rate in percent."""
    base: Decimal | None = None
    """Taxable amount."""
    amount: Decimal | None = None
    """VAT amount."""

    def to_json(self) -> dict[str, Any]:
        """The JSON form of the VAT line."""
        return {
            "category": self.category,
            "rate": _text(self.rate),
            "base": _text(self.base),
            "amount": _text(self.amount),
        }


@dataclass
class Line:
    """One invoice line."""

    description: str | None = None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    net: Decimal | None = None
    vat_rate: Decimal | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON form of the line."""
        return {
            "description": self.description,
            "quantity": _text(self.quantity),
            "unit_price": _text(self.unit_price),
            "net": _text(self.net),
            "vat_rate": _text(self.vat_rate),
        }


@dataclass
class Extraction:
    """Everything read from one file, or why it could not be read."""

    file: str
    """The path as given by the caller."""
    format: str | None = None
    """``facturx``, ``cii``, ``ubl``, ``pdf`` or ``image``."""
    profile: str | None = None
    """Specification identifier (Factur-X/ZUGFeRD guideline, UBL customization)."""
    type_code: str | None = None
    """UNTDID 1001 document type code (``380`` invoice, ``381`` credit note, …)."""
    document_type: str | None = None
    """``invoice`` or ``credit_note``."""
    number: str | None = None
    issue_date: str | None = None
    due_date: str | None = None
    currency: str | None = None
    seller: PartyInfo = field(default_factory=PartyInfo)
    buyer: PartyInfo = field(default_factory=PartyInfo)
    totals: Totals = field(default_factory=Totals)
    vat: list[VatLine] = field(default_factory=list)
    ibans: list[str] = field(default_factory=list)
    """Every payee IBAN found, in document order (the first is ``iban``)."""
    lines: list[Line] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)
    """Per field, how sure the reader is (1.0 for values read from XML)."""
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    """Why the file could not be read; ``None`` when it was."""

    def filled_fields(self) -> list[str]:
        """The names (as used in ``confidence``) of the fields that hold a value."""
        names = [
            name
            for name in ("type_code", "number", "issue_date", "due_date", "currency")
            if getattr(self, name)
        ]
        for role in ("seller", "buyer"):
            party = getattr(self, role)
            names += [f"{role}.{key}" for key in ("name", "vat_id", "legal_id") if getattr(party, key)]
        for key in ("net", "tax", "gross", "prepaid", "payable"):
            if getattr(self.totals, key) is not None:
                names.append(f"totals.{key}")
        names += [name for name in ("vat", "ibans", "lines") if getattr(self, name)]
        return names

    @property
    def iban(self) -> str | None:
        """The first payee IBAN, if any."""
        return self.ibans[0] if self.ibans else None

    def to_json(self) -> dict[str, Any]:
        """The JSON object printed by ``saisie extract --json``."""
        return {
            "file": self.file,
            "format": self.format,
            "profile": self.profile,
            "document_type": self.document_type,
            "type_code": self.type_code,
            "number": self.number,
            "issue_date": self.issue_date,
            "due_date": self.due_date,
            "currency": self.currency,
            "seller": self.seller.to_json(),
            "buyer": self.buyer.to_json(),
            "totals": self.totals.to_json(),
            "vat": [v.to_json() for v in self.vat],
            "iban": self.iban,
            "ibans": list(self.ibans),
            "lines": [line.to_json() for line in self.lines],
            "confidence": dict(self.confidence),
            "warnings": list(self.warnings),
            "error": self.error,
        }
