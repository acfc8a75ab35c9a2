"""UN/CEFACT Cross Industry Invoice: Factur-X / ZUGFeRD 2 (D16B) and ZUGFeRD 1.

Element names differ between the two versions only by a few prefixes
(``ExchangedDocument`` / ``HeaderExchangedDocument``, …), so each step of a
path lists both spellings and one reader serves both. ZUGFeRD 1's release
candidate (root ``Invoice`` in ``urn:un:unece:uncefact:data:standard:CBFBUY:5``)
has ZUGFeRD 1's elements, with its dates written straight in the date element
(``<IssueDateTime format="102">20130605</IssueDateTime>``) rather than in a
``DateTimeString`` child.
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from books.invoices.dates import parse_xml_date
from books.invoices.model import Extraction, Line, PartyInfo, Totals, VatLine, document_type_for
from books.invoices.xmltools import (
    decimal,
    decimal_at,
    find,
    find_all,
    fold,
    kids,
    local,
    text,
    text_at,
)

ROOTS = frozenset({"CrossIndustryInvoice", "CrossIndustryDocument"})
"""Root local names of CII invoices (D16B, ZUGFeRD 1)."""

CONTEXT = ("ExchangedDocumentContext", "SpecifiedExchangedDocumentContext")
DOCUMENT = ("ExchangedDocument", "HeaderExchangedDocument")
TRANSACTION = ("SupplyChainTradeTransaction", "SpecifiedSupplyChainTradeTransaction")
AGREEMENT = ("ApplicableHeaderTradeAgreement", "ApplicableSupplyChainTradeAgreement")
SETTLEMENT = ("ApplicableHeaderTradeSettlement", "ApplicableSupplyChainTradeSettlement")
SUMMATION = (
    "SpecifiedTradeSettlementHeaderMonetarySummation",
    "SpecifiedTradeSettlementMonetarySummation",
)
RATE = ("RateApplicablePercent", "ApplicablePercent")
LINE_AGREEMENT = ("SpecifiedLineTradeAgreement", "SpecifiedSupplyChainTradeAgreement")
LINE_DELIVERY = ("SpecifiedLineTradeDelivery", "SpecifiedSupplyChainTradeDelivery")
LINE_SETTLEMENT = ("SpecifiedLineTradeSettlement", "SpecifiedSupplyChainTradeSettlement")
LINE_SUMMATION = (
    "SpecifiedTradeSettlementLineMonetarySummation",
    "SpecifiedTradeSettlementMonetarySummation",
)


def read_cii(root: etree._Element, result: Extraction) -> None:
    """Fill ``result`` from the CII document ``root`` (already checked to be CII)."""
    document = find(root, DOCUMENT)
    transaction = find(root, TRANSACTION)
    agreement = find(transaction, AGREEMENT)
    settlement = find(transaction, SETTLEMENT)
    result.profile = text_at(root, CONTEXT, "GuidelineSpecifiedDocumentContextParameter", "ID")
    result.number = text_at(document, "ID")
    result.type_code = text_at(document, "TypeCode")
    result.document_type = document_type_for(result.type_code)
    result.issue_date = _date(find(document, "IssueDateTime"))
    result.currency = text_at(settlement, "InvoiceCurrencyCode")
    result.seller = _party(find(agreement, "SellerTradeParty"))
    result.buyer = _party(find(agreement, "BuyerTradeParty"))
    result.due_date = _due_date(settlement)
    result.totals = _totals(find(settlement, SUMMATION), result.currency)
    result.vat = [_vat_line(tax) for tax in kids(settlement, "ApplicableTradeTax")]
    result.ibans = _ibans(settlement)
    result.lines = [_line(item) for item in kids(transaction, "IncludedSupplyChainTradeLineItem")]


def _date(element: etree._Element | None) -> str | None:
    """The date of a date element: its ``DateTimeString`` child, else its own text."""
    if element is None:
        return None
    element = find(element, "DateTimeString") if len(element) else element
    if element is None:
        return None
    return parse_xml_date(text(element), element.get("format"))


def _due_date(settlement: etree._Element | None) -> str | None:
    for terms in kids(settlement, "SpecifiedTradePaymentTerms"):
        due = _date(find(terms, "DueDateDateTime"))
        if due:
            return due
    return None


def _party(party: etree._Element | None) -> PartyInfo:
    if party is None:
        return PartyInfo()
    info = PartyInfo(name=fold(text_at(party, "Name")))
    legal = find(party, "SpecifiedLegalOrganization", "ID")
    if text(legal):
        info.legal_id = text(legal)
        info.legal_id_scheme = legal.get("schemeID")
    for registration in find_all(party, "SpecifiedTaxRegistration", "ID"):
        if registration.get("schemeID") == "VA" and text(registration):
            info.vat_id = text(registration)
            break
    return info


def _totals(summation: etree._Element | None, currency: str | None) -> Totals:
    return Totals(
        net=decimal_at(summation, "TaxBasisTotalAmount"),
        tax=_tax_total(summation, currency),
        gross=decimal_at(summation, "GrandTotalAmount"),
        prepaid=decimal_at(summation, "TotalPrepaidAmount"),
        payable=decimal_at(summation, "DuePayableAmount"),
        rounding=decimal_at(summation, "RoundingAmount"),
    )


def _tax_total(summation: etree._Element | None, currency: str | None) -> Decimal | None:
    """The VAT total in the invoice currency (a second one may be in the accounting currency)."""
    amounts = list(kids(summation, "TaxTotalAmount"))
    if not amounts:
        return None
    in_currency = (a for a in amounts if currency and a.get("currencyID") == currency)
    return decimal(next(in_currency, amounts[0]))


def _vat_line(tax: etree._Element) -> VatLine:
    return VatLine(
        category=text_at(tax, "CategoryCode"),
        rate=decimal_at(tax, RATE),
        base=decimal_at(tax, "BasisAmount"),
        amount=decimal_at(tax, "CalculatedAmount"),
    )


def _ibans(settlement: etree._Element | None) -> list[str]:
    """Payee account ids (BT-84: IBAN, else proprietary id), in document order."""
    found = []
    for means in kids(settlement, "SpecifiedTradeSettlementPaymentMeans"):
        for account in kids(means, "PayeePartyCreditorFinancialAccount"):
            number = text_at(account, "IBANID") or text_at(account, "ProprietaryID")
            if number:
                found.append(number)
    return found


def _line(item: etree._Element) -> Line:
    agreement = find(item, LINE_AGREEMENT)
    settlement = find(item, LINE_SETTLEMENT)
    return Line(
        description=text_at(item, "SpecifiedTradeProduct", "Name"),
        quantity=decimal_at(item, LINE_DELIVERY, "BilledQuantity"),
        unit_price=decimal_at(agreement, "NetPriceProductTradePrice", "ChargeAmount"),
        net=decimal_at(settlement, LINE_SUMMATION, "LineTotalAmount"),
        vat_rate=decimal_at(settlement, "ApplicableTradeTax", RATE),
    )


def is_cii(root: etree._Element) -> bool:
    """Whether ``root`` is a CII invoice root element."""
    return local(root) in ROOTS
