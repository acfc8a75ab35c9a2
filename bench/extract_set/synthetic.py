"""French e-invoices made up in code, as CII (Factur-X EN 16931) XML, for the set.

The shared corpus is mostly German and EU examples; what a French firm
receives are French suppliers' invoices: SIREN and FR VAT numbers with valid
keys, rates of 20, 10, 5.5 and 2.1 %, deposits already paid, credit notes.
Each invoice is written as XML and then read by the structured reader like
any corpus file, so its truth still comes from the XML.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from stdnum import iban, luhn

_TRADES = ["Boulangerie", "Transports", "Menuiserie", "Imprimerie", "Cabinet", "Garage",
           "Plomberie", "Traiteur", "Librairie", "Électricité", "Pépinières", "Laboratoire"]  # fmt: skip
_NAMES = ["Martin", "Lefèvre", "Dubois", "Moreau", "Girard", "Fournier", "Rousseau", "Blanchard",
          "Chevalier", "Gauthier", "Perrin", "Mercier"]  # fmt: skip
_FORMS = ["SARL", "SAS", "SA", "EURL", "SASU"]
_ITEMS = [("Prestation de maintenance", "20"), ("Pain de campagne", "5.5"), ("Transport de marchandises", "20"),
          ("Travaux de rénovation", "10"), ("Livres", "5.5"), ("Médicaments remboursables", "2.1"),
          ("Repas traiteur", "10"), ("Fournitures de bureau", "20"), ("Abonnement presse", "2.1"),
          ("Main-d'œuvre", "20"), ("Plants et arbustes", "10"), ("Location de matériel", "20")]  # fmt: skip
CENT = Decimal("0.01")


def _siren(rng: random.Random) -> str:
    body = str(rng.randrange(10_000_000, 99_999_999))
    return body + luhn.calc_check_digit(body)


def _vat(siren: str) -> str:
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


def _iban(rng: random.Random) -> str:
    bban = (
        f"{rng.randrange(10000, 99999)}{rng.randrange(10000, 99999)}{rng.randrange(10**10, 10**11)}"
    )
    bban += f"{rng.randrange(10, 97):02d}"
    return f"FR{iban.calc_check_digits('FR00' + bban)}{bban}"


def _company(rng: random.Random) -> str:
    return f"{rng.choice(_TRADES)} {rng.choice(_NAMES)} {rng.choice(_FORMS)}"


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def invoice_xml(rng: random.Random, number: int) -> str:
    """One made-up French invoice (or credit note) as Factur-X EN 16931 CII XML."""
    seller_siren, buyer_siren = _siren(rng), _siren(rng)
    credit = rng.random() < 0.12
    issued = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(700))
    lines = []
    for _ in range(rng.randrange(1, 7)):
        name, rate = rng.choice(_ITEMS)
        quantity = Decimal(rng.randrange(1, 40))
        price = Decimal(rng.randrange(150, 250_000)) / 100
        lines.append((name, Decimal(rate), quantity, price, (quantity * price).quantize(CENT)))
    rates = sorted({line[1] for line in lines}, reverse=True)
    breakdown = []
    for rate in rates:
        base = sum((line[4] for line in lines if line[1] == rate), Decimal(0))
        breakdown.append((rate, base, (base * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)))
    net = sum((line[4] for line in lines), Decimal(0))
    tax = sum((row[2] for row in breakdown), Decimal(0))
    gross = net + tax
    prepaid = (
        (gross * Decimal(rng.choice((20, 30, 50))) / 100).quantize(Decimal(1))
        if not credit and rng.random() < 0.25
        else Decimal(0)
    )
    due = issued + dt.timedelta(days=rng.choice((0, 30, 45, 60))) if rng.random() < 0.75 else None
    line_xml = "".join(
        f"""<ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>{index}</ram:LineID></ram:AssociatedDocumentLineDocument>
<ram:SpecifiedTradeProduct><ram:Name>{escape(name)}</ram:Name></ram:SpecifiedTradeProduct>
<ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>{price}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
<ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">{quantity}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
<ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>{rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>
<ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>{amount}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>
"""
        for index, (name, rate, quantity, price, amount) in enumerate(lines, start=1)
    )
    tax_xml = "".join(
        f"<ram:ApplicableTradeTax><ram:CalculatedAmount>{amount}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>"
        f"<ram:BasisAmount>{base}</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode>"
        f"<ram:RateApplicablePercent>{rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>\n"
        for rate, base, amount in breakdown
    )
    due_xml = (
        f'<ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">{due:%Y%m%d}'
        "</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>"
        if due
        else ""
    )
    prefix = "AV" if credit else rng.choice(("FA", "F", "FAC-", ""))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
<rsm:ExchangedDocument><ram:ID>{prefix}{issued.year}{number:05d}</ram:ID><ram:TypeCode>{381 if credit else 380}</ram:TypeCode>
<ram:IssueDateTime><udt:DateTimeString format="102">{issued:%Y%m%d}</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
<rsm:SupplyChainTradeTransaction>
{line_xml}<ram:ApplicableHeaderTradeAgreement>
<ram:SellerTradeParty><ram:Name>{escape(_company(rng))}</ram:Name><ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">{seller_siren}</ram:ID></ram:SpecifiedLegalOrganization>
<ram:PostalTradeAddress><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{_vat(seller_siren)}</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty>
<ram:BuyerTradeParty><ram:Name>{escape(_company(rng))}</ram:Name><ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">{buyer_siren}</ram:ID></ram:SpecifiedLegalOrganization>
<ram:PostalTradeAddress><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{_vat(buyer_siren)}</ram:ID></ram:SpecifiedTaxRegistration></ram:BuyerTradeParty>
</ram:ApplicableHeaderTradeAgreement><ram:ApplicableHeaderTradeDelivery/>
<ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode><ram:PayeePartyCreditorFinancialAccount><ram:IBANID>{_iban(rng)}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>
{tax_xml}{due_xml}
<ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>{_money(net)}</ram:LineTotalAmount><ram:TaxBasisTotalAmount>{_money(net)}</ram:TaxBasisTotalAmount>
<ram:TaxTotalAmount currencyID="EUR">{_money(tax)}</ram:TaxTotalAmount><ram:GrandTotalAmount>{_money(gross)}</ram:GrandTotalAmount>
<ram:TotalPrepaidAmount>{_money(prepaid)}</ram:TotalPrepaidAmount><ram:DuePayableAmount>{_money(gross - prepaid)}</ram:DuePayableAmount>
</ram:SpecifiedTradeSettlementHeaderMonetarySummation></ram:ApplicableHeaderTradeSettlement>
</rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>
"""


def write_synthetic(folder: Path, count: int, seed: str = "synthetic") -> list[str]:
    """Write ``count`` made-up invoices into ``folder``; returns their file names."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    names = []
    for number in range(1, count + 1):
        name = f"synthetic_{number:03d}.xml"
        (folder / name).write_text(invoice_xml(rng, number), encoding="utf-8")
        names.append(name)
    return names
