"""Text-PDF invoices for the demo's inbox: what a supplier without e-invoicing sends, laid
out as small French firms print theirs (fpdf2, Helvetica in Windows-1252 for the euro
sign), read by the text-PDF reader like any client's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from books.demo.invoice import DemoParty

CONDITIONS = ("Conditions de paiement : 30 jours date de facture. En cas de retard, pénalités "
              "au taux de 3 fois le taux d'intérêt légal et indemnité forfaitaire de 40 € "
              "pour frais de recouvrement.")
"""The late-payment lines French invoices must print (Code de commerce, L441-10)."""


def pdf_invoice(
    *, number: str, issued: date, due: date, seller: DemoParty, buyer: DemoParty,
    net: Decimal, rate: Decimal, description: str,
) -> bytes:
    """A one-page invoice with one line: the seller's block and identifiers top left, the
    invoice's number and dates top right, the buyer below, the line, then the totals."""
    from fpdf import FPDF

    tax = (net * rate / 100).quantize(Decimal("0.01"))
    gross = net + tax
    page = FPDF()
    page.core_fonts_encoding = "windows-1252"  # the euro sign
    page.set_title(f"Facture {number}")
    page.set_author(seller.name)
    page.add_page()

    def text(x: float, y: float, value: str, size: float = 10, bold: bool = False) -> None:
        page.set_font("Helvetica", "B" if bold else "", size)
        page.set_xy(x, y)
        page.cell(text=value)

    text(15, 15, seller.name, 13, bold=True)
    for row, line in enumerate((f"{seller.postcode} {seller.city}", f"SIREN : {seller.siren}",
                                f"N° TVA intracommunautaire : {seller.vat_id}")):
        text(15, 22 + 6 * row, line)
    text(120, 15, "FACTURE", 16, bold=True)
    for row, (label, value) in enumerate((("Facture n°", number),
                                          ("Date de facture", issued.strftime("%d/%m/%Y")),
                                          ("Échéance", due.strftime("%d/%m/%Y")))):
        text(120, 25 + 6 * row, label)
        text(160, 25 + 6 * row, value)
    for row, line in enumerate(("Facturé à", buyer.name, f"{buyer.postcode} {buyer.city}",
                                f"N° TVA : {buyer.vat_id}")):
        text(15, 60 + 6 * row, line, bold=row == 1)
    for x, title in ((15, "Désignation"), (110, "Quantité"), (135, "Prix unitaire HT"),
                     (172, "Montant HT")):
        text(x, 100, title, bold=True)
    page.line(15, 106, 195, 106)
    for x, value in ((15, description), (110, "1"), (135, _euros(net)), (172, _euros(net))):
        text(x, 108, value)
    page.line(15, 116, 195, 116)
    for row, (label, value) in enumerate((
            ("Total HT", net), (f"TVA {_rate(rate)} %", tax), ("Total TTC", gross),
            ("Net à payer", gross))):
        text(120, 130 + 6 * row, label, bold=row == 3)
        text(165, 130 + 6 * row, _euros(value), bold=row == 3)
    page.set_font("Helvetica", "", 8)
    page.set_xy(15, 265)
    page.multi_cell(180, 4, CONDITIONS)
    return bytes(page.output())


def _euros(amount: Decimal) -> str:
    """``1 234,56 €`` as French invoices print it."""
    return f"{amount:,.2f} €".replace(",", " ").replace(".", ",")


def _rate(rate: Decimal) -> str:
    """``20`` or ``5,5``."""
    return f"{rate.normalize():f}".replace(".", ",")
