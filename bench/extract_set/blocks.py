"""What every layout prints, worded for its locale: party blocks, dates, lines, totals.

A :class:`Sheet` holds one sample's invoice, locale and seeded random
generator; the layouts ask it for labelled values and place them. Beside the
fields that are scored it prints what real invoices carry and a reader must
not confuse with them: addresses with postcodes, a contact person, an order
reference, a delivery date, a credit note's original invoice and its date,
the buyer's VAT number, a sum of lines that is not the net total when there
are document-level allowances or charges, page numbers.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from bench.extract_set.locales import Locale
from bench.extract_set.page import LEFT, PAGE_HEIGHT, RIGHT, Page
from books.invoices import Extraction

_STREETS = {
    "fr": [
        "12 rue des Lilas",
        "4 avenue Jean Jaurès",
        "27 boulevard Voltaire",
        "8 place de la Mairie",
    ],
    "en": ["14 High Street", "221 Baker Street", "5 Market Road", "90 Riverside Drive"],
    "de": ["Hauptstraße 12", "Bahnhofstraße 7", "Lindenweg 3a", "Industriestraße 41"],
}
_CITIES = {
    "fr": ["69003 Lyon", "75011 Paris", "33000 Bordeaux", "44000 Nantes"],
    "en": ["London EC1A 1BB", "Manchester M1 2AB", "Springfield, IL 62701", "Bristol BS1 4DJ"],
    "de": ["10115 Berlin", "80331 München", "50667 Köln", "20095 Hamburg"],
}
_PEOPLE = [
    "Marie Dupont",
    "John Carter",
    "Anna Schmidt",
    "Luc Moreau",
    "Sarah Jones",
    "Jürgen Weber",
]


@dataclass
class Sheet:
    """One sample being printed: the invoice, how it is worded, and its page."""

    reading: Extraction
    locale: Locale
    rng: random.Random
    negative: bool = False
    """Print a credit note's amounts negative (the truth stays positive)."""
    page: Page = field(default_factory=Page)

    def __post_init__(self) -> None:
        self.money_style = self.rng.randrange(3)
        self.date_style = self.rng.randrange(2)
        lang = self.locale.language
        self.seller_address = (self.rng.choice(_STREETS[lang]), self.rng.choice(_CITIES[lang]))
        self.buyer_address = (self.rng.choice(_STREETS[lang]), self.rng.choice(_CITIES[lang]))
        self.contact = self.rng.choice(_PEOPLE)
        self.phone = f"+33 {self.rng.randrange(1, 6)} {self.rng.randrange(10, 99)} {self.rng.randrange(10, 99)} {self.rng.randrange(10, 99)} {self.rng.randrange(10, 99)}"
        self.order_ref = f"PO-{self.rng.randrange(10000, 99999)}"
        self.customer_no = f"C{self.rng.randrange(1000, 9999)}"

    @property
    def credit(self) -> bool:
        """Whether the document is a credit note."""
        return self.reading.document_type == "credit_note"

    def label(self, key: str, **values: str) -> str:
        """A wording of label ``key`` (credit notes have their own for number and date)."""
        if self.credit and key in ("number", "issue_date"):
            key = {"number": "credit_number", "issue_date": "credit_date"}[key]
        if key == "invoice" and self.credit:
            key = "credit_note"
        return self.locale.label(key, self.rng, **values)

    def money(self, value: Decimal | None) -> str:
        """An amount as printed (negative for a credit note printed so)."""
        if value is None:
            return ""
        if self.negative and self.credit and value > 0:
            value = -value
        return self.locale.money(value, self.reading.currency, self.money_style)

    def date(self, iso: str | None) -> str:
        """A date as printed."""
        return self.locale.date(iso, self.date_style) if iso else ""

    def meta(self) -> list[tuple[str, str]]:
        """The document's labelled facts: number, dates, references."""
        r = self.reading
        items = [
            (self.label("number"), r.number or ""),
            (self.label("issue_date"), self.date(r.issue_date)),
        ]
        if self.credit and r.issue_date:  # the invoice it corrects, with its own date
            related = dt.date.fromisoformat(r.issue_date[:10]) - dt.timedelta(
                days=self.rng.randrange(20, 90)
            )
            reference = f"{self.rng.randrange(10000, 99999)} {self.label('related_of')} {self.date(related.isoformat())}"
            items.append((self.label("related_invoice"), reference))
        if r.due_date:
            items.append((self.label("due_date"), self.date(r.due_date)))
        if r.issue_date and self.rng.random() < 0.5:
            delivered = dt.date.fromisoformat(r.issue_date[:10]) - dt.timedelta(
                days=self.rng.randrange(1, 12)
            )
            items.append((self.label("delivery_date"), self.date(delivered.isoformat())))
        if self.rng.random() < 0.5:
            items.append((self.label("order"), self.order_ref))
        if self.rng.random() < 0.4:
            items.append((self.label("customer_no"), self.customer_no))
        return items

    def seller_lines(self) -> list[str]:
        """The seller's block below its name: address, identifiers, contact."""
        seller = self.reading.seller
        lines = list(self.seller_address)
        if seller.vat_id:
            lines.append(
                f"{self.label('vat_id')} : {seller.vat_id}"
                if self.locale.language == "fr"
                else f"{self.label('vat_id')}: {seller.vat_id}"
            )
        if seller.legal_id:
            lines.append(f"{self.label('legal_id')} {seller.legal_id}")
        lines.append(f"{self.label('phone')} {self.phone}")
        return lines

    def buyer_lines(self) -> list[str]:
        """The buyer's block: name, address, VAT number, contact."""
        buyer = self.reading.buyer
        lines = [buyer.name or "", *self.buyer_address]
        if buyer.vat_id:
            lines.append(f"{self.label('vat_id')}: {buyer.vat_id}")
        lines.append(f"{self.label('contact')}: {self.contact}")
        return [line for line in lines if line]

    def totals(self, per_rate: bool = True) -> list[tuple[str, str]]:
        """The totals as (label, amount), in printed order."""
        r, t = self.reading, self.reading.totals
        items = []
        line_sum = sum((line.net for line in r.lines if line.net is not None), Decimal(0))
        if r.lines and t.net is not None and line_sum != t.net:
            items.append((self.label("lines_total"), self.money(line_sum)))
            items.append((self.label("adjustments"), self.money(t.net - line_sum)))
        items.append((self.label("net"), self.money(t.net)))
        rated = [v for v in r.vat if v.rate is not None and v.amount is not None]
        if per_rate and len(rated) > 1:
            items += [
                (self.label("vat_rate", rate=self.locale.rate(v.rate)), self.money(v.amount))
                for v in rated
            ]
        elif t.tax is not None:
            items.append((self.label("vat"), self.money(t.tax)))
        items.append((self.label("gross"), self.money(t.gross)))
        if t.prepaid:
            items.append((self.label("prepaid"), self.money(t.prepaid)))
        items.append((self.label("payable"), self.money(t.payable)))
        return items

    def vat_rows(self) -> list[tuple[str, str, str]]:
        """The VAT breakdown as (rate, base, tax) strings."""
        return [
            (f"{self.locale.rate(v.rate)} %", self.money(v.base), self.money(v.amount))
            for v in self.reading.vat
            if v.rate is not None
        ]


def draw_lines(sheet: Sheet, y: float) -> float:
    """The invoice lines as a table from ``y``; returns the y below it (new pages as needed)."""
    page, locale = sheet.page, sheet.locale
    columns = (
        (LEFT, sheet.label("description"), "L"),
        (122.0, sheet.label("quantity"), "R"),
        (148.0, sheet.label("unit_price"), "R"),
        (165.0, sheet.label("line_vat"), "R"),
        (RIGHT, sheet.label("line_amount"), "R"),
    )

    def header(top: float) -> float:
        for x, title, align in columns:
            page.text(x, top, title, bold=True, align=align, size=8.5)
        page.rule(LEFT, top + 1.5, RIGHT)
        return top + 6

    y = header(y)
    for line in sheet.reading.lines:
        if y > PAGE_HEIGHT - 40:
            page.new_page()
            y = header(25.0)
        cells = (
            page.fit(" ".join((line.description or "-").split()), 78, 8.5),
            locale.number(line.quantity.normalize(), 0) if line.quantity is not None else "",
            locale.number(line.unit_price, 2) if line.unit_price is not None else "",
            f"{locale.rate(line.vat_rate)} %" if line.vat_rate is not None else "",
            sheet.money(line.net),
        )
        for (x, _, align), cell in zip(columns, cells, strict=True):
            page.text(x, y, cell, align=align, size=8.5)
        y += 5
    page.rule(LEFT, y - 3, RIGHT)
    return y + 4


def ensure_room(sheet: Sheet, y: float, needed: float) -> float:
    """``y``, or the top of a new page when less than ``needed`` mm are left."""
    if y + needed > PAGE_HEIGHT - 20:
        sheet.page.new_page()
        return 25.0
    return y


def draw_footer(sheet: Sheet) -> None:
    """Payment details at the foot of the last page."""
    page, reading = sheet.page, sheet.reading
    y = PAGE_HEIGHT - 18
    page.text(LEFT, y, sheet.label("payment"), size=8)
    if reading.ibans:
        page.text(LEFT, y + 4, f"{sheet.label('iban')} {reading.ibans[0]}", size=8)
    name = " ".join((reading.seller.name or "").split())
    page.text(RIGHT, y + 8, f"{name} · {sheet.seller_address[1]}", size=7, align="R", grey=True)
    page.text(LEFT, y + 8, f"{sheet.label('page')} {page.pages}/{page.pages}", size=7, grey=True)
