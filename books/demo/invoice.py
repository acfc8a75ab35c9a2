"""Small but real UBL invoices for the demo's inbox and documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from store.models import Dossier


@dataclass(frozen=True)
class DemoParty:
    """Who sells or buys on a demo invoice."""

    name: str
    siren: str
    vat_id: str
    city: str
    postcode: str


def dossier_party(dossier: Dossier) -> DemoParty:
    """A demo dossier's company as its invoices name it (its place from ``data.PLACES``)."""
    from books.demo.data import PARIS, PLACES

    postcode, city = PLACES.get(dossier.name, PARIS)
    return DemoParty(dossier.name, dossier.siren or "", dossier.vat_id or "", city, postcode)


def invoice_rates(dossier: Dossier) -> tuple[str, ...]:
    """The rates a demo dossier's invoices are drawn from: its VAT territory's."""
    from books.demo.data import INVOICE_RATES

    return INVOICE_RATES.get(dossier.vat_territory, INVOICE_RATES["mainland"])


def ubl_invoice(
    *, number: str, issued: date, due: date, seller: DemoParty, buyer: DemoParty,
    net: Decimal, rate: Decimal, description: str,
) -> str:
    """A UBL 2.1 invoice (EN 16931 / Peppol BIS 3 shape) with one line."""
    tax = (net * rate / 100).quantize(Decimal("0.01"))
    gross = net + tax

    def party(p: DemoParty) -> str:
        return (
            "<cac:Party>"
            f"<cac:PostalAddress><cbc:CityName>{escape(p.city)}</cbc:CityName>"
            f"<cbc:PostalZone>{p.postcode}</cbc:PostalZone>"
            "<cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country>"
            "</cac:PostalAddress>"
            f"<cac:PartyTaxScheme><cbc:CompanyID>{p.vat_id}</cbc:CompanyID>"
            "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>"
            f"<cac:PartyLegalEntity><cbc:RegistrationName>{escape(p.name)}</cbc:RegistrationName>"
            f'<cbc:CompanyID schemeID="0002">{p.siren}</cbc:CompanyID></cac:PartyLegalEntity>'
            "</cac:Party>"
        )

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" '
        'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" '
        'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
        "<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:"
        "billing:3.0</cbc:CustomizationID>"
        "<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>"
        f"<cbc:ID>{number}</cbc:ID><cbc:IssueDate>{issued.isoformat()}</cbc:IssueDate>"
        f"<cbc:DueDate>{due.isoformat()}</cbc:DueDate>"
        "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>"
        "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>"
        f"<cac:AccountingSupplierParty>{party(seller)}</cac:AccountingSupplierParty>"
        f"<cac:AccountingCustomerParty>{party(buyer)}</cac:AccountingCustomerParty>"
        f'<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">{tax}</cbc:TaxAmount>'
        f'<cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">{net}</cbc:TaxableAmount>'
        f'<cbc:TaxAmount currencyID="EUR">{tax}</cbc:TaxAmount>'
        f"<cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>{rate}</cbc:Percent>"
        "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>"
        "</cac:TaxSubtotal></cac:TaxTotal>"
        "<cac:LegalMonetaryTotal>"
        f'<cbc:LineExtensionAmount currencyID="EUR">{net}</cbc:LineExtensionAmount>'
        f'<cbc:TaxExclusiveAmount currencyID="EUR">{net}</cbc:TaxExclusiveAmount>'
        f'<cbc:TaxInclusiveAmount currencyID="EUR">{gross}</cbc:TaxInclusiveAmount>'
        f'<cbc:PayableAmount currencyID="EUR">{gross}</cbc:PayableAmount>'
        "</cac:LegalMonetaryTotal>"
        '<cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>'
        f'<cbc:LineExtensionAmount currencyID="EUR">{net}</cbc:LineExtensionAmount>'
        f"<cac:Item><cbc:Name>{escape(description)}</cbc:Name>"
        f"<cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>{rate}</cbc:Percent>"
        "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item>"
        f'<cac:Price><cbc:PriceAmount currencyID="EUR">{net}</cbc:PriceAmount></cac:Price>'
        "</cac:InvoiceLine></Invoice>\n"
    )
