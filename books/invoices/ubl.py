"""OASIS UBL 2.x Invoice and CreditNote (EN 16931, Peppol BIS Billing 3, XRechnung)."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from books.invoices.dates import parse_xml_date
from books.invoices.model import (
    CREDIT_NOTE,
    Extraction,
    Line,
    PartyInfo,
    Totals,
    VatLine,
    document_type_for,
)
from books.invoices.xmltools import decimal, decimal_at, find, fold, kids, local, text, text_at

NAMESPACES = {
    "Invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "CreditNote": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}
"""Root local name → the UBL namespace it must be in."""


def is_ubl(root: etree._Element) -> bool:
    """Whether ``root`` is a UBL Invoice or CreditNote."""
    expected = NAMESPACES.get(local(root))
    return expected is not None and root.tag == f"{{{expected}}}{local(root)}"


def read_ubl(root: etree._Element, result: Extraction) -> None:
    """Fill ``result`` from the UBL document ``root`` (already checked to be UBL)."""
    credit = local(root) == "CreditNote"
    result.profile = text_at(root, "CustomizationID")
    result.number = text_at(root, "ID")
    result.type_code = text_at(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode")
    result.document_type = CREDIT_NOTE if credit else document_type_for(result.type_code)
    result.issue_date = parse_xml_date(text_at(root, "IssueDate"))
    result.due_date = _due_date(root)
    result.currency = text_at(root, "DocumentCurrencyCode")
    result.seller = _party(find(root, "AccountingSupplierParty", "Party"))
    result.buyer = _party(find(root, "AccountingCustomerParty", "Party"))
    result.totals = _totals(root, result.currency)
    result.vat = [_vat_line(sub) for tax in kids(root, "TaxTotal") for sub in kids(tax, "TaxSubtotal")]
    result.ibans = _ibans(root)
    line_name = "CreditNoteLine" if credit else "InvoiceLine"
    quantity_name = "CreditedQuantity" if credit else "InvoicedQuantity"
    result.lines = [_line(line, quantity_name) for line in kids(root, line_name)]


def _due_date(root: etree._Element) -> str | None:
    due = parse_xml_date(text_at(root, "DueDate"))
    if due:
        return due
    for means in kids(root, "PaymentMeans"):
        due = parse_xml_date(text_at(means, "PaymentDueDate"))
        if due:
            return due
    return None


def _party(party: etree._Element | None) -> PartyInfo:
    if party is None:
        return PartyInfo()
    legal_entity = find(party, "PartyLegalEntity")
    info = PartyInfo(
        name=fold(text_at(legal_entity, "RegistrationName") or text_at(party, "PartyName", "Name"))
    )
    company = find(legal_entity, "CompanyID")
    if text(company):
        info.legal_id = text(company)
        info.legal_id_scheme = company.get("schemeID")
    for scheme in kids(party, "PartyTaxScheme"):
        if (text_at(scheme, "TaxScheme", "ID") or "").upper() == "VAT" and text_at(
            scheme, "CompanyID"
        ):
            info.vat_id = text_at(scheme, "CompanyID")
            break
    return info


def _totals(root: etree._Element, currency: str | None) -> Totals:
    monetary = find(root, "LegalMonetaryTotal")
    return Totals(
        net=decimal_at(monetary, "TaxExclusiveAmount"),
        tax=_tax_total(root, currency),
        gross=decimal_at(monetary, "TaxInclusiveAmount"),
        prepaid=decimal_at(monetary, "PrepaidAmount"),
        payable=decimal_at(monetary, "PayableAmount"),
        rounding=decimal_at(monetary, "PayableRoundingAmount"),
    )


def _tax_total(root: etree._Element, currency: str | None) -> Decimal | None:
    """The VAT total in the document currency (another may be in the tax currency)."""
    amounts = [find(tax, "TaxAmount") for tax in kids(root, "TaxTotal")]
    amounts = [amount for amount in amounts if amount is not None]
    if not amounts:
        return None
    in_currency = (a for a in amounts if currency and a.get("currencyID") == currency)
    return decimal(next(in_currency, amounts[0]))


def _vat_line(subtotal: etree._Element) -> VatLine:
    category = find(subtotal, "TaxCategory")
    return VatLine(
        category=text_at(category, "ID"),
        rate=decimal_at(category, "Percent"),
        base=decimal_at(subtotal, "TaxableAmount"),
        amount=decimal_at(subtotal, "TaxAmount"),
    )


def _ibans(root: etree._Element) -> list[str]:
    found = []
    for means in kids(root, "PaymentMeans"):
        for account in kids(means, "PayeeFinancialAccount"):
            number = text_at(account, "ID")
            if number:
                found.append(number)
    return found


def _line(line: etree._Element, quantity_name: str) -> Line:
    item = find(line, "Item")
    return Line(
        description=text_at(item, "Name"),
        quantity=decimal_at(line, quantity_name),
        unit_price=decimal_at(line, "Price", "PriceAmount"),
        net=decimal_at(line, "LineExtensionAmount"),
        vat_rate=decimal_at(item, "ClassifiedTaxCategory", "Percent"),
    )
