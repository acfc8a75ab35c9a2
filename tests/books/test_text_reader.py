"""The text reader (issue 20): values by the page's geometry, labels in three languages,
what is not the value, honest confidence, and auto-publish kept off unsure amounts.

PDFs are built here with fpdf2 (cells placed where a layout puts them), so each
test says where a value sits relative to its label.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF

from books.context import Workspace
from books.invoices import read_invoice
from books.invoices.model import Extraction
from books.invoices.trust import SURE, amounts_sure, confidence_of, to_check

Cell = tuple[float, float, str]
"""x, y (millimetres from the top left) and the text drawn there."""


def pdf(cells: list[Cell], path: Path) -> Path:
    """A one-page A4 PDF with each text drawn at its place (Helvetica, 10 pt)."""
    document = FPDF()
    document.core_fonts_encoding = "windows-1252"  # the euro sign
    document.add_page()
    document.set_font("Helvetica", size=10)
    for x, y, text in cells:
        document.set_xy(x, y)
        document.cell(text=text)
    document.output(str(path))
    return path


def read(cells: list[Cell], tmp_path: Path, name: str = "page.pdf") -> Extraction:
    result = read_invoice(pdf(cells, tmp_path / name))
    assert result.error is None and result.format == "pdf"
    return result


def column(x: float, y: float, *texts: str, step: float = 6) -> list[Cell]:
    """Texts one under another from (x, y)."""
    return [(x, y + step * index, text) for index, text in enumerate(texts)]


def pairs(x: float, y: float, rows: list[tuple[str, str]], gap: float = 60) -> list[Cell]:
    """Labels at x, their values ``gap`` mm to the right, one row each."""
    cells = []
    for index, (label, value) in enumerate(rows):
        cells += [(x, y + 6 * index, label), (x + gap, y + 6 * index, value)]
    return cells


SELLER_FR = column(15, 15, "Atelier Lumière SARL", "4 rue des Arts", "69003 Lyon",
                   "N° TVA intracommunautaire : FR44732829320")
BUYER_FR = column(15, 60, "Facturé à", "Boulangerie Martin", "12 place du Marché", "75011 Paris",
                  "N° TVA : FR58552100554", "Suivi par : Marie Dupont")


def amounts(values: list[tuple[str, str]], y: float = 150) -> list[Cell]:
    return pairs(120, y, values, gap=45)


FR_TOTALS = [("Total HT", "1 000,00 €"), ("TVA 20 %", "200,00 €"), ("Total TTC", "1 200,00 €"),
             ("Net à payer", "1 200,00 €")]


def check_french(result: Extraction) -> None:
    assert result.number == "FA-2026-117"
    assert result.issue_date == "2026-03-04"
    assert result.totals.net == Decimal("1000.00") and result.totals.tax == Decimal("200.00")
    assert result.totals.gross == result.totals.payable == Decimal("1200.00")
    assert result.seller.name == "Atelier Lumière SARL"
    assert result.seller.vat_id == "FR44732829320"
    assert result.buyer.name == "Boulangerie Martin" and result.buyer.vat_id == "FR58552100554"


def test_french_labels_left_of_their_values(tmp_path: Path) -> None:
    facts = pairs(120, 15, [("Facture n°", "FA-2026-117"), ("Date de livraison", "01/03/2026"),
                            ("Date de facture", "04/03/2026"), ("Échéance", "03/04/2026")], gap=40)
    result = read(SELLER_FR + BUYER_FR + facts + amounts(FR_TOTALS), tmp_path)
    check_french(result)
    assert result.due_date == "2026-04-03"  # the delivery date, printed first, is not the issue date
    for name in ("totals.net", "totals.tax", "totals.gross", "totals.payable"):
        assert result.confidence[name] >= SURE  # net + VAT = gross, payable = gross
    assert amounts_sure(result.to_json())


def test_values_under_their_labels_and_totals_as_a_table(tmp_path: Path) -> None:
    header = [(15, 100, "Facture n°"), (60, 100, "Date de facture"), (110, 100, "Date de livraison")]
    values = [(15, 106, "FA-2026-117"), (60, 106, "04/03/2026"), (110, 106, "28/02/2026")]
    table = [(20, 150, "Total HT"), (60, 150, "TVA"), (100, 150, "Total TTC"), (150, 150, "Net à payer"),
             (20, 156, "1 000,00"), (60, 156, "200,00"), (100, 156, "1 200,00"), (150, 156, "1 200,00")]
    check_french(read(SELLER_FR + BUYER_FR + header + values + table, tmp_path))


def test_german_compound_labels(tmp_path: Path) -> None:
    seller = column(15, 15, "Müller Werkzeuge GmbH", "Hauptstraße 12", "10115 Berlin",
                    "USt-IdNr.: DE136695976")
    buyer = column(15, 60, "Rechnungsempfänger", "Schmidt & Partner KG", "Lindenweg 3", "80331 München")
    facts = pairs(120, 15, [("Teilrechnung Nr.", "TR-2026/08"), ("Lieferdatum", "02.03.2026"),
                            ("Rechnungsdatum", "05.03.2026"), ("Zahlbar bis", "04.04.2026")], gap=40)
    totals = amounts([("Positionssumme", "1.050,00 €"), ("Rabatt", "50,00 €"), ("Zwischensumme", "1.000,00 €"),
                      ("MwSt. 19 %", "190,00 €"), ("Gesamtsumme", "1.190,00 €"), ("Anzahlung", "190,00 €"),
                      ("Zahlbetrag", "1.000,00 €")])
    result = read(seller + buyer + facts + totals, tmp_path)
    assert (result.number, result.issue_date, result.due_date) == ("TR-2026/08", "2026-03-05", "2026-04-04")
    assert result.seller.name == "Müller Werkzeuge GmbH" and result.seller.vat_id == "DE136695976"
    assert result.buyer.name == "Schmidt & Partner KG"
    totals_read = result.totals
    assert totals_read.gross == Decimal("1190.00")  # not the sum of lines, nor the allowance
    assert (totals_read.net, totals_read.tax) == (Decimal("1000.00"), Decimal("190.00"))
    assert (totals_read.prepaid, totals_read.payable) == (Decimal("190.00"), Decimal("1000.00"))
    assert result.confidence["totals.payable"] >= SURE  # gross − deposit = payable


def test_english_us_dates_and_two_columns(tmp_path: Path) -> None:
    seller = column(15, 15, "Acme Widgets Inc", "5 Market Road", "Springfield, IL 62701")
    left = column(15, 60, "Bill to", "Globex Corporation", "Attn: John Carter")
    facts = pairs(120, 60, [("Invoice #", "INV-7781"), ("Invoice date", "03/05/2026"),
                            ("Due date", "04/04/2026")], gap=35)
    totals = amounts([("Subtotal", "$1,000.00"), ("Sales tax", "$80.00"), ("Total", "$1,080.00"),
                      ("Balance due", "$1,080.00")])
    result = read(seller + left + facts + totals, tmp_path)
    assert result.number == "INV-7781"
    assert (result.issue_date, result.due_date) == ("2026-03-05", "2026-04-04")  # month first
    assert result.currency == "USD"
    assert result.buyer.name == "Globex Corporation"  # not the contact person
    assert result.seller.name == "Acme Widgets Inc"
    assert result.totals.payable == Decimal("1080.00")


def test_european_dates_on_an_english_page(tmp_path: Path) -> None:
    facts = pairs(120, 15, [("Invoice No.", "GB-55"), ("Date of issue", "03/05/2026"),
                            ("Payment due", "02/06/2026")], gap=35)
    result = read(column(15, 15, "Thames Print Ltd", "London EC1A 1BB") + facts
                  + amounts([("Amount due", "£99.00")]), tmp_path)
    assert (result.issue_date, result.due_date) == ("2026-05-03", "2026-06-02")


def test_a_credit_note_printed_negative_reads_positive(tmp_path: Path) -> None:
    facts = pairs(120, 15, [("Avoir n°", "AV-12"), ("Date", "04/03/2026")], gap=40)
    totals = amounts([("Total HT", "-100,00 €"), ("Total TVA", "-20,00 €"), ("Total TTC", "-120,00 €")])
    result = read(SELLER_FR + facts + totals + [(90, 40, "AVOIR")], tmp_path)
    assert (result.document_type, result.type_code) == ("credit_note", "381")
    assert (result.totals.net, result.totals.tax, result.totals.gross) == (
        Decimal("100.00"), Decimal("20.00"), Decimal("120.00"))


def test_an_invoice_with_negative_totals_keeps_them(tmp_path: Path) -> None:
    facts = pairs(120, 15, [("Facture n°", "FA-9"), ("Date", "04/03/2026")], gap=40)
    totals = amounts([("Total HT", "-100,00 €"), ("Total TVA", "-20,00 €"), ("Total TTC", "-120,00 €")])
    result = read(SELLER_FR + facts + totals + [(90, 40, "FACTURE")], tmp_path)
    assert result.document_type == "invoice" and result.totals.gross == Decimal("-120.00")


def test_a_heading_or_a_stylesheet_line_is_no_issue_date(tmp_path: Path) -> None:
    cells = [(15, 10, "Stylesheet version 2.1 généré le 01/01/2026"), (15, 20, "Atelier Lumière SARL"),
             (120, 30, "Facture n° FA-3 du 04/03/2026")]
    result = read(cells + amounts([("Net à payer", "10,00 €")]), tmp_path)
    assert result.issue_date == "2026-03-04"


def test_identifiers_failing_their_check_digits_are_kept_and_flagged(tmp_path: Path) -> None:
    seller = column(15, 15, "Atelier Lumière SARL", "N° TVA : FR00123456789", "SIREN 123 456 789")
    result = read(seller + pairs(120, 15, [("Facture n°", "FA-4")]), tmp_path)
    assert result.seller.vat_id == "FR00123456789" and result.seller.legal_id == "123456789"
    assert result.confidence["seller.vat_id"] < 0.6 and result.confidence["seller.legal_id"] < 0.6
    assert sum("FR00123456789" in w or "123456789" in w for w in result.warnings) >= 2


def test_a_total_contradicting_the_others_is_not_sure(tmp_path: Path) -> None:
    totals = amounts([("Total HT", "1 000,00 €"), ("Total TVA", "200,00 €"), ("Total TTC", "1 250,00 €")])
    result = read(SELLER_FR + pairs(120, 15, [("Facture n°", "FA-5")]) + totals, tmp_path)
    assert all(result.confidence[f"totals.{key}"] < 0.6 for key in ("net", "tax", "gross"))
    assert not amounts_sure(result.to_json())
    assert "totals.gross" in to_check(result.to_json())


def test_a_lone_labelled_amount_is_not_sure(tmp_path: Path) -> None:
    result = read(SELLER_FR + pairs(120, 15, [("Facture n°", "FA-6")])
                  + amounts([("Net à payer", "120,00 €")]), tmp_path)
    assert result.totals.payable == Decimal("120.00")
    assert 0.6 <= result.confidence["totals.payable"] < SURE
    assert not amounts_sure(result.to_json())


def _contradictions(result: Extraction) -> list[str]:
    """Values at >= SURE that another read value contradicts."""
    totals, found = result.totals, []
    sure = {name for name, value in result.confidence.items() if value >= SURE}
    if {"totals.net", "totals.tax", "totals.gross"} & sure and None not in (totals.net, totals.tax, totals.gross):
        if abs(totals.net + totals.tax - totals.gross) > Decimal("0.01"):  # type: ignore[operator]
            found.append("net + tax != gross")
    if {"totals.gross", "totals.payable"} & sure and None not in (totals.gross, totals.payable):
        if abs(totals.gross - (totals.prepaid or 0) - totals.payable) > Decimal("0.01"):  # type: ignore[operator]
            found.append("gross - prepaid != payable")
    if "issue_date" in sure and result.due_date and result.issue_date and result.due_date < result.issue_date:
        found.append("due before issue")
    return found


@pytest.mark.parametrize("variant", range(6))
def test_no_sure_value_contradicts_another(tmp_path: Path, variant: int) -> None:
    """The calibration property: whatever is printed, nothing at >= 0.9 disagrees with the rest."""
    gross = ["1 200,00 €", "1 250,00 €", "1 200,00 €", "1 200,00 €", "1 200,00 €", "1 200,00 €"][variant]
    payable = ["1 200,00 €", "1 200,00 €", "1 100,00 €", "1 200,00 €", "1 200,00 €", "-1 200,00 €"][variant]
    due = ["03/04/2026", "03/04/2026", "03/04/2026", "01/02/2026", "03/04/2026", "03/04/2026"][variant]
    tax = ["200,00 €", "200,00 €", "200,00 €", "200,00 €", "210,00 €", "200,00 €"][variant]
    facts = pairs(120, 15, [("Facture n°", "FA-7"), ("Date de facture", "04/03/2026"), ("Échéance", due)], gap=40)
    totals = amounts([("Total HT", "1 000,00 €"), ("Total TVA", tax), ("Total TTC", gross),
                      ("Net à payer", payable)])
    result = read(SELLER_FR + facts + totals, tmp_path)
    assert _contradictions(result) == []


def test_trust_of_an_e_invoice_and_of_a_text_document() -> None:
    xml: dict[str, Any] = {"format": "cii", "totals": {"gross": "12.00", "payable": "12.00"}, "confidence": {}}
    assert amounts_sure(xml) and confidence_of(xml, "totals.gross") == 1.0 and to_check(xml) == []
    text = {"format": "pdf", "totals": {"net": "10.00", "gross": "12.00", "payable": "12.00"},
            "confidence": {"totals.net": 0.95, "totals.gross": 0.95, "totals.payable": 0.7}}
    assert not amounts_sure(text)
    text["confidence"]["totals.payable"] = 0.92
    assert amounts_sure(text)
    assert not amounts_sure({"format": "image", "totals": {}, "confidence": {}})  # no amount at all
    assert not amounts_sure({"format": "pdf", "error": "unreadable"})


PLUMBER = column(15, 15, "Dupont Plomberie SARL", "SIREN 443 061 841")
GARAGE_BUYER = [(15, 60, "Client : Garage Central - SIREN 552 100 554")]


def test_auto_publish_never_books_unsure_text_amounts(admin: Workspace, tmp_path: Path) -> None:
    from books.inbox.runner import run_once
    from tests.books import test_inbox
    from tests.books.test_rules_service import supplier_rule

    garage = test_inbox.garage.__wrapped__(admin)
    supplier_rule(admin, account="6064", auto_publish="oui")
    facts = pairs(120, 15, [("Facture n°", "T-1"), ("Date de facture", "02/11/2026")], gap=40)
    sure = amounts([("Total HT", "100,00 €"), ("Total TVA", "20,00 €"), ("Total TTC", "120,00 €"),
                    ("Net à payer", "120,00 €")])
    unsure = amounts([("Net à payer", "120,00 €")])
    test_inbox.drop(garage, "sure.pdf", pdf(PLUMBER + GARAGE_BUYER + facts + sure, tmp_path / "a.pdf").read_bytes())
    facts[1] = (160, 15, "T-2")
    test_inbox.drop(garage, "unsure.pdf", pdf(PLUMBER + GARAGE_BUYER + facts + unsure, tmp_path / "b.pdf").read_bytes())
    run_once(admin)
    status = {doc.number: doc.status for doc in test_inbox.documents(admin)}
    assert status == {"T-1": "published", "T-2": "review"}


def test_a_label_drawn_word_by_word_and_a_date_naming_two(tmp_path: Path) -> None:
    words = [(15, 40, "Handelsrechnung"), (50, 40, "Nr."), (60, 40, "471102"), (78, 40, "vom"), (88, 40, "05.06.2018")]
    dates = [(15, 50, "Liefer- und Rechnungsdatum:"), (80, 50, "03.06.2018")]
    result = read(column(15, 15, "Lieferant GmbH", "USt-IdNr.: DE136695976") + words + dates
                  + amounts([("Gesamtbetrag", "100,00 €")]), tmp_path)
    assert result.number == "471102"
    assert result.issue_date == "2018-06-03"  # the label names the invoice's date too
    assert result.confidence["number"] < SURE  # read across pieces of a line: not sure


def test_a_party_block_of_labelled_rows(tmp_path: Path) -> None:
    rows = [(15, 40, "Verkäufer")] + pairs(15, 46, [("Nummer:", "549910"), ("Name:", "Lieferant GmbH"),
                                                    ("Anschrift:", "Lieferantenstraße 20")], gap=70)
    result = read(rows + pairs(120, 15, [("Rechnungsnummer", "R-1")]) + amounts([("Gesamtbetrag", "9,00 €")]),
                  tmp_path)
    assert result.seller.name == "Lieferant GmbH"  # not the row label "Nummer:"
