"""Totals and VAT breakdown read from a page, and how far the amounts agree.

Labels find candidates (:mod:`books.invoices.text_lookup`); then the amounts
check each other, which is what their confidence rests on:

- net + VAT = gross, in total and per rate (base × rate = VAT amount);
- payable = gross − prepaid;
- the breakdown's rates are French or other EU rates.

A value only reaches :data:`CERTAIN` when another printed value confirms it;
a label alone gives at most :data:`LABELLED`; a value that contradicts the
others drops to :data:`CONTRADICTED`. A credit note printed with negative
totals is read with positive ones, as on an e-invoice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from books.invoices.layout import TextLine
from books.invoices.model import Extraction, VatLine
from books.invoices.text_labels import (
    BARE_TAX,
    BARE_TOTAL,
    LINE_HEADER,
    PART,
    RATE_TAX,
    SUBTOTAL,
    TOTALS,
)
from books.invoices.text_lookup import Found, best, lookup
from books.invoices.textvalues import RATE, amount_at_start, amounts_in, parse_rate

CERTAIN = 0.95
LABELLED = 0.85
WEAK = 0.6
DERIVED = 0.7
CONTRADICTED = 0.4
TURNED = 0.88
"""At most this sure of a total whose printed sign was turned (a credit note)."""
SURE = 0.9
"""What the inbox and auto-publish count as sure."""
TWO_LABELS = 0.92
"""Two labelled values that agree (gross and payable)."""
TOLERANCE = Decimal("0.01")
VAT_TOLERANCE = Decimal("0.02")

KNOWN_RATES = frozenset(
    Decimal(rate).quantize(Decimal("0.01"))
    for rate in (
        "0", "0.9", "1.05", "2.1", "5.5", "8.5", "10", "13", "20",  # France (with Corsica, overseas)
        "7", "19", "16", "5", "21", "9", "6", "12", "4", "3", "22", "23", "24", "25", "25.5", "27",
        "17", "14", "8", "18", "15", "11", "9.5", "13.5", "4.8", "2.6", "3.8", "8.1", "7.7", "2.5",
    )
)  # fmt: skip
"""VAT rates of France and the other EU countries (and Switzerland), in percent."""

KEYS = ("net", "tax", "gross", "prepaid", "payable")


@dataclass
class Amounts:
    """The totals read so far and their confidence."""

    values: dict[str, Decimal] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)
    origin: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Totals computed from other totals, and from which (they cannot confirm those)."""

    @property
    def derived(self) -> set[str]:
        """The totals computed rather than read."""
        return set(self.origin)

    def set(self, key: str, value: Decimal, score: float, *, origin: tuple[str, ...] = ()) -> None:
        """Record ``value`` for ``key`` at ``score`` (computed from ``origin`` if given)."""
        self.values[key] = value
        self.scores[key] = score
        if origin:
            self.origin[key] = origin

    ceilings: dict[str, float] = field(default_factory=dict)
    """Confidences that doubts have capped: later agreement cannot raise them above."""

    def cap(self, key: str, score: float) -> None:
        """Lower ``key``'s confidence to at most ``score``, for good."""
        if key in self.scores:
            self.ceilings[key] = min(self.ceilings.get(key, 1.0), score)
            self.scores[key] = min(self.scores[key], score)

    def raise_to(self, key: str, score: float) -> None:
        """Raise ``key``'s confidence to at least ``score`` (within its ceiling)."""
        if key in self.scores:
            self.scores[key] = min(max(self.scores[key], score), self.ceilings.get(key, 1.0))


def _amount(text: str) -> tuple[Decimal, int] | None:
    """An amount at the start of a text, after a rate or a currency if any."""
    rate = RATE.match(text.lstrip("( "))
    if rate is not None:
        skipped = len(text) - len(text.lstrip("( ")) + rate.end()
        text = text[skipped:].lstrip(") :")
        found = amount_at_start(text)
        return None if found is None else (found[0], found[1])
    return amount_at_start(text)


def read_totals(lines: list[TextLine], result: Extraction, found: dict[str, float]) -> None:
    """Fill the totals and the VAT breakdown of ``result`` from ``lines``."""
    amounts = Amounts()
    for key in KEYS:
        exclude = None if key == "prepaid" else PART
        hit = best(lookup(lines, TOTALS[key], _amount, exclude=exclude, skip_lines=LINE_HEADER), last=True)
        if hit is not None:
            amounts.set(key, hit.value, LABELLED * _ocr(hit))
    _weak_labels(lines, amounts)
    vat = read_vat_lines(lines)
    rate_taxes = read_rate_taxes(lines)
    _credit_note_signs(amounts, vat, rate_taxes, result)
    if "tax" not in amounts.values and rate_taxes:
        amounts.set("tax", sum(rate_taxes.values(), Decimal(0)), LABELLED * 0.95)
    _cross_check(amounts, vat)
    for key, value in amounts.values.items():
        setattr(result.totals, key, value)
        found[f"totals.{key}"] = amounts.scores[key]
    if vat:
        result.vat = vat
        found["vat"] = _vat_score(vat, amounts)


def _ocr(hit: Found) -> float:
    """Recognition doubts lower a value's confidence (1.0 for a text layer)."""
    return 1.0 if hit.segment.confidence >= 0.9 else max(hit.segment.confidence, 0.5)


def _weak_labels(lines: list[TextLine], amounts: Amounts) -> None:
    """A bare "Total" for the gross, a bare "TVA" for the tax, a subtotal for the net."""
    if "gross" not in amounts.values:
        hit = best(lookup(lines, BARE_TOTAL, _amount, skip_lines=LINE_HEADER), last=True)
        if hit is not None:
            amounts.set("gross", hit.value, WEAK * _ocr(hit))
    if "tax" not in amounts.values:
        hit = best(lookup(lines, BARE_TAX, _amount, skip_lines=LINE_HEADER), last=True)
        if hit is not None:
            amounts.set("tax", hit.value, WEAK * _ocr(hit))
    if "net" not in amounts.values:
        hit = best(lookup(lines, SUBTOTAL, _amount, skip_lines=LINE_HEADER), last=True)
        if hit is not None:
            amounts.set("net", hit.value, WEAK * _ocr(hit))


def read_rate_taxes(lines: list[TextLine]) -> dict[Decimal, Decimal]:
    """The VAT amount printed for each rate by a label naming the rate ("MwSt. 19 %")."""
    taxes: dict[Decimal, Decimal] = {}
    for hit in lookup(lines, RATE_TAX, amount_at_start, skip_lines=LINE_HEADER):
        match = RATE_TAX.search(hit.label)
        rate = parse_rate(match.group("rate")) if match else None
        if rate is not None and rate in KNOWN_RATES and rate not in taxes:
            taxes[rate] = abs(hit.value)
    return taxes


def read_vat_lines(lines: list[TextLine]) -> list[VatLine]:
    """Breakdown lines: a known rate with a base and an amount that agree (base × rate)."""
    vat: list[VatLine] = []
    for line in lines:
        text = line.text
        if PART.search(text):  # "remise 5 % sur 100,00 : -5,00" is no VAT line
            continue
        for match in RATE.finditer(text):
            rate = parse_rate(match.group(1))
            if rate not in KNOWN_RATES:
                continue
            values = [abs(value) for value, _ in amounts_in(text)]
            pair = _agreeing_pair(rate, values)
            if pair is not None:
                candidate = VatLine("S" if rate else "Z", rate, pair[0], pair[1])
                if candidate not in vat and not any(v.rate == rate and v.base == pair[0] for v in vat):
                    vat.append(candidate)
                break
    return vat


def _agreeing_pair(rate: Decimal, values: list[Decimal]) -> tuple[Decimal, Decimal] | None:
    """The first (base, amount) among ``values`` with amount = base × rate, the amount
    printed after the base (a line's quantity before its total is no VAT amount)."""
    for i, base in enumerate(values):
        if not base or not rate:
            continue
        for amount in values[i + 1 :]:
            if amount != base and abs(base * rate / 100 - amount) <= VAT_TOLERANCE:
                return base, amount
    return None


def _credit_note_signs(
    amounts: Amounts, vat: list[VatLine], rate_taxes: dict[Decimal, Decimal], result: Extraction
) -> None:
    """A credit note printed with negative totals is read with positive ones (as an
    e-invoice states it); an invoice's negative totals stay as printed. Turning the
    sign is a reading of the page, so it caps the confidence below :data:`SURE`."""
    signed = [value for value in amounts.values.values() if value]
    if result.document_type != "credit_note" or not signed or not all(value < 0 for value in signed):
        return
    for key, value in amounts.values.items():
        amounts.values[key] = -value
        amounts.cap(key, TURNED)


def _agree(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= TOLERANCE


def _cross_check(amounts: Amounts, vat: list[VatLine]) -> None:
    """Derive what is missing and score every total by what confirms or contradicts it."""
    values = amounts.values
    vat_base = sum((v.base for v in vat if v.base is not None), Decimal(0)) if vat else None
    vat_tax = sum((v.amount for v in vat if v.amount is not None), Decimal(0)) if vat else None
    if "tax" not in values and vat_tax is not None:
        amounts.set("tax", vat_tax, DERIVED)
    if "net" not in values and vat_base is not None and vat:
        amounts.set("net", vat_base, DERIVED)
    _derive_triple(amounts)
    net, tax, gross = values.get("net"), values.get("tax"), values.get("gross")
    if None not in (net, tax, gross):
        printed = not amounts.derived & {"net", "tax", "gross"}
        confirmed = (vat_tax is not None and _agree(vat_tax, tax)) or (  # type: ignore[arg-type]
            vat_base is not None and _agree(vat_base, net)  # type: ignore[arg-type]
        )
        if not _agree(net + tax, gross):  # type: ignore[operator]
            _contradiction(amounts, vat_base, vat_tax)
        elif printed or confirmed:
            for key in ("net", "tax", "gross"):
                amounts.raise_to(key, CERTAIN)
    if vat_base is not None and net is not None and not _agree(vat_base, net):
        amounts.cap("net", LABELLED)
    if vat_tax is not None and tax is not None and not _agree(vat_tax, tax):
        amounts.cap("tax", LABELLED)
    _check_payable(amounts)


def _derive_triple(amounts: Amounts) -> None:
    """The third of net, tax and gross when two are printed."""
    values, scores = amounts.values, amounts.scores
    if "gross" not in values and "net" in values and "tax" in values:
        amounts.set("gross", values["net"] + values["tax"], min(scores["net"], scores["tax"]) * 0.85,
                    origin=("net", "tax"))
    if "gross" not in values and "payable" in values and "prepaid" not in values:
        amounts.set("gross", values["payable"], scores["payable"] * 0.7, origin=("payable",))
    if "tax" not in values and "net" in values and "gross" in values:
        amounts.set("tax", values["gross"] - values["net"], min(scores["net"], scores["gross"]) * 0.8,
                    origin=("gross", "net"))
    if "net" not in values and "tax" in values and "gross" in values:
        amounts.set("net", values["gross"] - values["tax"], min(scores["tax"], scores["gross"]) * 0.8,
                    origin=("gross", "tax"))


def _contradiction(amounts: Amounts, vat_base: Decimal | None, vat_tax: Decimal | None) -> None:
    """net + tax ≠ gross: the value the breakdown does not confirm drops (all do without one)."""
    values = amounts.values
    confirmed_net = vat_base is not None and _agree(vat_base, values["net"])
    confirmed_tax = vat_tax is not None and _agree(vat_tax, values["tax"])
    if confirmed_net and confirmed_tax:
        amounts.cap("gross", CONTRADICTED)
        return
    for key in ("net", "tax", "gross"):
        amounts.cap(key, CONTRADICTED)


def _check_payable(amounts: Amounts) -> None:
    values, scores = amounts.values, amounts.scores
    gross = values.get("gross")
    if gross is None:
        return
    prepaid = values.get("prepaid", Decimal(0))
    expected = gross - prepaid
    if "payable" not in values:
        amounts.set("payable", expected, scores["gross"] * 0.8, origin=("gross", "prepaid"))
        return
    if amounts.origin.get("gross") == ("payable",):
        return  # the gross was taken from the payable: no confirmation either way
    if _agree(values["payable"], expected):
        _payable_agrees(amounts)
        return
    amounts.cap("payable", CONTRADICTED if scores["gross"] >= 0.9 else WEAK)
    amounts.cap("gross", LABELLED)
    amounts.cap("prepaid", WEAK)


def _payable_agrees(amounts: Amounts) -> None:
    """Payable = gross − prepaid: two printed values confirm each other."""
    origin = amounts.origin.get("gross")
    if origin == ("net", "tax") and not amounts.derived & {"net", "tax"}:
        for key in ("net", "tax", "gross", "payable"):  # net + tax = payable, all printed
            amounts.raise_to(key, CERTAIN)
    elif origin is None:
        agreed = max(TWO_LABELS, amounts.scores["gross"]) if amounts.scores["gross"] >= LABELLED * 0.9 else LABELLED
        amounts.raise_to("payable", min(CERTAIN, agreed))
        amounts.raise_to("gross", min(TWO_LABELS, agreed))
    if "prepaid" in amounts.values:
        amounts.raise_to("prepaid", amounts.scores["payable"])


def _vat_score(vat: list[VatLine], amounts: Amounts) -> float:
    """The breakdown agrees when its sums are the printed net and tax; never sure, since
    a printed page rarely says each line's VAT category (exempt, reverse charge…)."""
    base = sum((v.base for v in vat if v.base is not None), Decimal(0))
    tax = sum((v.amount for v in vat if v.amount is not None), Decimal(0))
    net, total = amounts.values.get("net"), amounts.values.get("tax")
    if net is not None and total is not None and _agree(base, net) and _agree(tax, total):
        return LABELLED
    return WEAK
