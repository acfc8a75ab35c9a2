"""Compare an extraction with reference values in the test corpus's ``truth`` format.

Used by the tests (every field must match) and by ``bench/`` (field accuracy
of the text heuristics). Amounts compare as :class:`~decimal.Decimal`, names
with white space folded, identifiers and IBANs without spaces.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from books.invoices.model import Extraction

SIMPLE_FIELDS = {
    "invoice_number": lambda r: r.number,
    "type_code": lambda r: r.type_code,
    "issue_date": lambda r: r.issue_date,
    "due_date": lambda r: r.due_date,
    "currency": lambda r: r.currency,
    "seller_name": lambda r: r.seller.name,
    "seller_vat_id": lambda r: r.seller.vat_id,
    "seller_legal_id": lambda r: r.seller.legal_id,
    "seller_legal_id_scheme": lambda r: r.seller.legal_id_scheme,
    "buyer_name": lambda r: r.buyer.name,
    "buyer_vat_id": lambda r: r.buyer.vat_id,
    "buyer_legal_id": lambda r: r.buyer.legal_id,
    "buyer_legal_id_scheme": lambda r: r.buyer.legal_id_scheme,
    "tax_exclusive_total": lambda r: r.totals.net,
    "tax_total": lambda r: r.totals.tax,
    "tax_inclusive_total": lambda r: r.totals.gross,
    "prepaid": lambda r: r.totals.prepaid,
    "payable_amount": lambda r: r.totals.payable,
}
"""Truth field name → how to get the same value from an extraction."""
AMOUNT_FIELDS = {"tax_exclusive_total", "tax_total", "tax_inclusive_total", "prepaid", "payable_amount"}
DATE_FIELDS = {"issue_date", "due_date"}
ID_FIELDS = {"seller_vat_id", "buyer_vat_id", "seller_legal_id", "buyer_legal_id"}
COMPARED_FIELDS = (*SIMPLE_FIELDS, "vat_breakdown", "iban")


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def _fold(value: Any) -> str | None:
    return None if value is None else " ".join(str(value).split())


def _compact(value: Any) -> str | None:
    return None if value is None else "".join(str(value).split()).upper()


def field_matches(name: str, expected: Any, result: Extraction) -> bool:
    """Whether ``result`` holds the truth value ``expected`` for field ``name``."""
    if name == "vat_breakdown":
        return _vat_key(expected or []) == _vat_key(
            [{"category": v.category, "rate": v.rate, "taxable": v.base, "tax": v.amount} for v in result.vat]
        )
    if name == "iban":
        return [_compact(i) for i in expected or []] == [_compact(i) for i in result.ibans]
    actual = SIMPLE_FIELDS[name](result)
    if name in DATE_FIELDS and expected is not None:
        expected = str(expected)[:10]  # xs:date may carry a time zone: "2016-04-04+01:00"
    if name in AMOUNT_FIELDS:
        return _decimal(expected) == _decimal(actual)
    if name in ID_FIELDS:
        return _compact(expected) == _compact(actual)
    return _fold(expected) == _fold(actual)


def _vat_key(lines: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted(
        (
            str(line.get("category")),
            _decimal(line.get("rate")),
            _decimal(line.get("taxable")),
            _decimal(line.get("tax")),
        )
        for line in lines
    )


def mismatches(fields: dict[str, Any], result: Extraction) -> dict[str, tuple[Any, Any]]:
    """The compared truth fields that ``result`` gets wrong: name → (expected, read)."""
    wrong = {}
    for name in COMPARED_FIELDS:
        if name not in fields:
            continue
        if not field_matches(name, fields[name], result):
            wrong[name] = (fields[name], _shown(name, result))
    return wrong


def _shown(name: str, result: Extraction) -> Any:
    if name == "vat_breakdown":
        return [v.to_json() for v in result.vat]
    if name == "iban":
        return result.ibans
    return SIMPLE_FIELDS[name](result)
