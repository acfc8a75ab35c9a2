"""How a page writes its labels, numbers and dates: French, English (UK, US), German.

Each label has several wordings, as real issuers use; a sample picks one per
label from its own seeded random generator, so a layout is never tied to one
wording. German wordings include compound nouns (``Rechnungsnummer``,
``Gesamtsumme``) and abbreviations (``USt-IdNr.``, ``MwSt.``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

_FR = {
    "invoice": ["FACTURE", "Facture"],
    "credit_note": ["AVOIR", "Facture d'avoir"],
    "number": ["Facture N°", "N° de facture", "Numéro de facture", "Facture n°"],
    "credit_number": ["Avoir N°", "N° d'avoir", "Numéro d'avoir"],
    "issue_date": ["Date de facture", "Date", "Date d'émission", "Date de facturation"],
    "credit_date": ["Date de l'avoir", "Date", "Date d'émission"],
    "due_date": ["Date d'échéance", "Échéance", "À payer avant le"],
    "delivery_date": ["Date de livraison", "Livré le"],
    "related_invoice": ["Facture d'origine", "Avoir sur facture", "Facture concernée"],
    "related_of": ["du"],
    "order": ["Votre commande", "Réf. commande", "Bon de commande"],
    "customer_no": ["N° client", "Code client"],
    "buyer": ["Facturé à", "Client", "Adresse de facturation"],
    "vat_id": ["N° TVA", "TVA intracom.", "N° TVA intracommunautaire", "Identifiant TVA"],
    "legal_id": ["SIREN", "RCS", "SIRET"],
    "contact": ["Votre contact", "Contact", "Suivi par"],
    "phone": ["Tél.", "Téléphone"],
    "description": ["Désignation", "Description"],
    "quantity": ["Qté", "Quantité"],
    "unit_price": ["P.U. HT", "Prix unitaire"],
    "line_vat": ["TVA", "Taux TVA"],
    "line_amount": ["Montant HT", "Total HT"],
    "lines_total": ["Total des lignes HT", "Sous-total lignes"],
    "adjustments": ["Remises et frais", "Remise / frais de port"],
    "net": ["Total HT", "Montant HT", "Total hors taxes", "Total H.T."],
    "vat": ["TVA", "Total TVA", "Montant TVA"],
    "vat_rate": ["TVA {rate} %", "TVA à {rate} %"],
    "gross": ["Total TTC", "Montant TTC", "Total T.T.C."],
    "prepaid": ["Acompte versé", "Déjà réglé", "Acompte"],
    "payable": ["Net à payer", "Reste à payer", "Montant à payer"],
    "vat_table_rate": ["Taux"],
    "vat_table_base": ["Base HT", "Base"],
    "vat_table_tax": ["Montant TVA", "TVA"],
    "iban": ["IBAN"],
    "bic": ["BIC"],
    "payment": ["Règlement par virement", "Conditions : virement à réception"],
    "page": ["Page"],
}
_EN = {
    "invoice": ["INVOICE", "Invoice", "TAX INVOICE"],
    "credit_note": ["CREDIT NOTE", "Credit Note"],
    "number": ["Invoice No.", "Invoice number", "Invoice #", "Invoice No"],
    "credit_number": ["Credit note No.", "Credit note number", "Credit Note #"],
    "issue_date": ["Invoice date", "Date", "Date of issue", "Issue date"],
    "credit_date": ["Credit note date", "Date", "Date of issue"],
    "due_date": ["Due date", "Payment due", "Due by"],
    "delivery_date": ["Delivery date", "Date of supply"],
    "related_invoice": ["Original invoice", "Related invoice", "Credit for invoice"],
    "related_of": ["dated"],
    "order": ["Your order", "PO number", "Order ref."],
    "customer_no": ["Customer No.", "Account No."],
    "buyer": ["Bill to", "Invoice to", "Customer"],
    "vat_id": ["VAT No.", "VAT Reg. No.", "VAT number", "VAT ID"],
    "legal_id": ["Company No.", "Registration No."],
    "contact": ["Contact", "Your contact", "Account manager"],
    "phone": ["Tel.", "Phone"],
    "description": ["Description", "Item"],
    "quantity": ["Qty", "Quantity"],
    "unit_price": ["Unit price", "Rate"],
    "line_vat": ["VAT", "VAT %"],
    "line_amount": ["Amount", "Net amount"],
    "lines_total": ["Sum of lines", "Lines total"],
    "adjustments": ["Allowances and charges", "Discounts / charges"],
    "net": ["Subtotal", "Total excl. VAT", "Net total", "Total before VAT"],
    "vat": ["VAT", "Total VAT", "VAT total"],
    "vat_rate": ["VAT {rate}%", "VAT @ {rate}%"],
    "gross": ["Total incl. VAT", "Total", "Grand total", "Invoice total"],
    "prepaid": ["Amount paid", "Prepayment", "Less deposit"],
    "payable": ["Amount due", "Balance due", "Total due"],
    "vat_table_rate": ["Rate", "VAT rate"],
    "vat_table_base": ["Net", "Taxable amount"],
    "vat_table_tax": ["VAT", "VAT amount"],
    "iban": ["IBAN"],
    "bic": ["BIC", "SWIFT"],
    "payment": ["Payment by bank transfer", "Please pay by bank transfer"],
    "page": ["Page"],
}
_DE = {
    "invoice": ["RECHNUNG", "Rechnung"],
    "credit_note": ["GUTSCHRIFT", "Gutschrift", "Rechnungskorrektur"],
    "number": ["Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr.", "Rechnungsnr."],
    "credit_number": ["Gutschriftsnummer", "Gutschrift Nr.", "Gutschrifts-Nr."],
    "issue_date": ["Rechnungsdatum", "Datum", "Ausstellungsdatum"],
    "credit_date": ["Gutschriftsdatum", "Datum"],
    "due_date": ["Fälligkeitsdatum", "Fällig am", "Zahlbar bis"],
    "delivery_date": ["Lieferdatum", "Leistungsdatum"],
    "related_invoice": ["Ursprungsrechnung", "Bezug: Rechnung", "Korrektur zu Rechnung"],
    "related_of": ["vom"],
    "order": ["Ihre Bestellung", "Bestellnummer", "Auftragsnr."],
    "customer_no": ["Kundennummer", "Kunden-Nr."],
    "buyer": ["Rechnungsempfänger", "Kunde", "Rechnungsanschrift"],
    "vat_id": ["USt-IdNr.", "USt-ID", "Umsatzsteuer-Identifikationsnummer", "UID-Nr."],
    "legal_id": ["Handelsregister", "HRB"],
    "contact": ["Ansprechpartner", "Ihr Ansprechpartner", "Bearbeiter"],
    "phone": ["Tel.", "Telefon"],
    "description": ["Bezeichnung", "Beschreibung", "Artikel"],
    "quantity": ["Menge", "Anz."],
    "unit_price": ["Einzelpreis", "E-Preis"],
    "line_vat": ["USt.", "MwSt."],
    "line_amount": ["Gesamtpreis", "Betrag netto"],
    "lines_total": ["Positionssumme", "Summe Positionen"],
    "adjustments": ["Rabatte und Zuschläge", "Nachlass / Zuschlag"],
    "net": ["Nettobetrag", "Summe netto", "Zwischensumme", "Gesamt netto", "Nettosumme"],
    "vat": ["Umsatzsteuer", "MwSt.", "USt.", "Steuerbetrag"],
    "vat_rate": ["zzgl. {rate} % USt.", "MwSt. {rate} %", "Umsatzsteuer {rate} %"],
    "gross": ["Gesamtbetrag", "Bruttobetrag", "Gesamtsumme", "Rechnungsbetrag", "Endbetrag"],
    "prepaid": ["Anzahlung", "Bereits gezahlt", "abzgl. Anzahlung"],
    "payable": ["Zahlbetrag", "Zu zahlender Betrag", "Offener Betrag"],
    "vat_table_rate": ["Steuersatz", "USt.-Satz"],
    "vat_table_base": ["Nettobetrag", "Bemessungsgrundlage"],
    "vat_table_tax": ["Steuerbetrag", "USt.-Betrag"],
    "iban": ["IBAN"],
    "bic": ["BIC"],
    "payment": ["Zahlbar per Überweisung", "Bitte überweisen Sie den Betrag"],
    "page": ["Seite"],
}
_MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"],
}  # fmt: skip
CURRENCY_SIGNS = {"EUR": "€", "USD": "$", "GBP": "£"}


@dataclass(frozen=True)
class Locale:
    """How one page writes: its labels, numbers and dates."""

    code: str
    """``fr``, ``de``, ``en_gb`` or ``en_us``."""
    language: str
    """``fr``, ``en`` or ``de`` (what the bench groups by)."""
    decimal: str
    thousands: str
    dates: str
    """``eu`` (day first) or ``us`` (month first)."""
    labels: dict[str, list[str]]

    def label(self, key: str, rng: random.Random, **values: str) -> str:
        """One wording of label ``key``, chosen by ``rng``."""
        return rng.choice(self.labels[key]).format(**values)

    def number(self, value: Decimal, places: int = 2) -> str:
        """``value`` with this locale's separators and at least ``places`` decimals."""
        exponent = -value.as_tuple().exponent if isinstance(value.as_tuple().exponent, int) else 0
        digits = max(places, exponent)
        text = f"{abs(value):,.{digits}f}"
        whole, _, fraction = text.partition(".")
        whole = whole.replace(",", self.thousands)
        sign = "-" if value < 0 else ""
        return sign + (whole + self.decimal + fraction if fraction else whole)

    def money(self, value: Decimal, currency: str | None, style: int = 0) -> str:
        """An amount as printed: ``1 234,56 €``, ``€1,234.56``, ``1.234,56 EUR``…"""
        code = currency or "EUR"
        text = self.number(value)
        sign = CURRENCY_SIGNS.get(code)
        if style % 3 == 2 or sign is None:
            return f"{text} {code}"
        if self.language == "en" and style % 3 == 1:
            return f"-{sign}{text[1:]}" if text.startswith("-") else f"{sign}{text}"
        return f"{text} {sign}"

    def rate(self, value: Decimal) -> str:
        """A VAT rate without trailing zeros: ``20``, ``5,5``."""
        normal = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
        text = f"{normal:f}"
        return text.replace(".", self.decimal)

    def date(self, iso: str, style: int = 0) -> str:
        """An ISO date as this locale prints it (numeric or with the month's name)."""
        year, month, day = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
        months = _MONTHS[self.language]
        if style % 2 == 1:
            if self.code == "en_us":
                return f"{months[month - 1]} {day}, {year}"
            if self.language == "en":
                return f"{day} {months[month - 1][:3]} {year}"
            if self.language == "de":
                return f"{day}. {months[month - 1]} {year}"
            return f"{day} {months[month - 1]} {year}"
        if self.dates == "us":
            return f"{month:02d}/{day:02d}/{year}"
        separator = "." if self.language == "de" else "/"
        return f"{day:02d}{separator}{month:02d}{separator}{year}"


LOCALES = {
    "fr": Locale("fr", "fr", ",", " ", "eu", _FR),
    "en_gb": Locale("en_gb", "en", ".", ",", "eu", _EN),
    "en_us": Locale("en_us", "en", ".", ",", "us", _EN),
    "de": Locale("de", "de", ",", ".", "eu", _DE),
}
"""Every locale a sample may be printed in."""
