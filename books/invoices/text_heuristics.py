"""Invoice fields from plain text (a PDF's text layer or OCR output).

Each value is looked for next to its usual labels, in French, English and
German; each comes with a confidence between 0 and 1, and what is not found
stays empty. Amounts found to agree (net + VAT = gross) gain confidence.
Parties and identifiers are in :mod:`books.invoices.text_parties`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from books.invoices.model import Extraction, VatLine, document_type_for
from books.invoices.text_parties import read_parties
from books.invoices.textvalues import RATE, amounts_in, dates_in, parse_rate

_NUMBER_TOKEN = r"([A-Z0-9][A-Z0-9/_.\-]*\d[A-Z0-9/_.\-]*|\d[A-Z0-9/_.\-]*)"
NUMBER_LABELS = re.compile(
    r"(?:\bfacture|\bavoir|\binvoice|\bcredit\s+note|\brechnung|\bgutschrift)"
    r"(?:\s*(?:n\s?[°ºo]\.?|num[ée]ro|number|nr\.?|nummer|no\.?|#))+\s*[:.]?\s*" + _NUMBER_TOKEN
    + r"|\b(?:n[°º]|num[ée]ro)\s+(?:de\s+)?(?:facture|d'avoir)\s*[:.]?\s*" + _NUMBER_TOKEN,
    re.IGNORECASE,
)  # fmt: skip

ISSUE_LABELS = re.compile(
    r"date\s+(?:de\s+(?:la\s+)?facture|d['’]émission|d['’]emission|de\s+facturation)"
    r"|invoice\s+date|issue\s+date|date\s+of\s+issue|issued\s+(?:at|on)|rechnungsdatum"
    r"|^date\b|^datum\b",
    re.IGNORECASE,
)
DUE_LABELS = re.compile(
    r"[ée]ch[ée]ance|date\s+limite|[àa]\s+payer\s+(?:avant|le|au\s+plus\s+tard)|payable\s+(?:le|avant)"
    r"|due\s+date|payment\s+due|due\s+(?:on|by)|(?:pay|remit)\s+(?:until|by|before)"
    r"|f[äa]llig|zahlbar\s+bis|bis\s+zum",
    re.IGNORECASE,
)
TOTAL_LABELS = {
    "net": r"total\s+h\.?\s?t\.?|montant\s+h\.?\s?t\.?|total\s+hors\s+tax\w*|sous[- ]total|net\s+total"
    r"|sub-?total|total\s+(?:excl\w*|before|without)\.?\s+(?:vat|tax\w*)|nettobetrag|summe\s+netto"
    r"|gesamt\s+netto|total\s+net\b",
    "tax": r"total\s+t\.?v\.?a\.?|montant\s+(?:de\s+la\s+)?t\.?v\.?a\.?|vat\s+total|total\s+vat"
    r"|tax\s+total|total\s+tax|ust\.?\s+gesamt|mwst\.?\s+gesamt|umsatzsteuer\s+gesamt",
    "gross": r"total\s+t\.?t\.?c\.?|montant\s+t\.?t\.?c\.?|total\s+(?:incl\w*|including|with)\.?\s+"
    r"(?:vat|tax\w*)|grand\s+total|gesamtbetrag|bruttobetrag|rechnungsbetrag|total\s+amount",
    "payable": r"net\s+[àa]\s+payer|reste\s+[àa]\s+payer|montant\s+[àa]\s+payer|total\s+[àa]\s+payer"
    r"|amount\s+due|balance\s+due|total\s+due|due\s+payable|amount\s+payable|zu\s+zahlen|zahlbetrag",
}
TOTAL_PATTERNS = {key: re.compile(value, re.IGNORECASE) for key, value in TOTAL_LABELS.items()}
CREDIT_WORDS = re.compile(r"\b(?:avoir|credit\s+note|gutschrift)\b", re.IGNORECASE)
INVOICE_WORDS = re.compile(r"\b(?:facture|invoice|rechnung)\b", re.IGNORECASE)
CURRENCIES = (("€", "EUR"), ("EUR", "EUR"), ("$", "USD"), ("USD", "USD"), ("£", "GBP"), ("GBP", "GBP"), ("CHF", "CHF"))  # fmt: skip
VAT_TOLERANCE = Decimal("0.02")


def read_text(text: str, result: Extraction, *, scale: float = 1.0) -> None:
    """Fill ``result`` from invoice ``text``; confidences are multiplied by ``scale``."""
    lines = [" ".join(line.split()) for line in text.replace("\u00a0", " ").splitlines()]
    lines = [line for line in lines if line]
    found: dict[str, float] = {}
    _read_kind(lines, result, found)
    number_line = _read_number(lines, result, found)
    _read_dates(lines, number_line, result, found)
    _read_currency(text, result, found)
    _read_totals(lines, result, found)
    _read_vat(lines, result, found)
    read_parties(lines, result, found)
    result.confidence.update({key: round(value * scale, 2) for key, value in found.items()})


def _read_kind(lines: list[str], result: Extraction, found: dict[str, float]) -> None:
    head = "\n".join(lines[:15])
    if CREDIT_WORDS.search(head):
        result.type_code = "381"
    elif INVOICE_WORDS.search("\n".join(lines)):
        result.type_code = "380"
    else:
        return
    result.document_type = document_type_for(result.type_code)
    found["type_code"] = found["document_type"] = 0.7


def _read_number(lines: list[str], result: Extraction, found: dict[str, float]) -> int | None:
    """The invoice number next to its label; returns the index of its line."""
    for index, line in enumerate(lines):
        match = NUMBER_LABELS.search(line)
        if match:
            value = (match.group(1) or match.group(2)).rstrip(".-/")
            if not any(char.isdigit() for char in value):
                continue
            result.number = value
            found["number"] = 0.9
            return index
    return None


def _read_dates(
    lines: list[str], number_line: int | None, result: Extraction, found: dict[str, float]
) -> None:
    due = _labelled_date(lines, DUE_LABELS)
    if due:
        result.due_date, found["due_date"] = due[0], due[1]
    issue = _labelled_date(lines, ISSUE_LABELS)
    if issue is None and number_line is not None:
        dates = dates_in(lines[number_line])
        issue = (dates[0][0], 0.85) if dates else None
    if issue is None:
        dates = [d for line in lines if not DUE_LABELS.search(line) for d, _ in dates_in(line)]
        issue = (dates[0], 0.4) if dates else None
    if issue:
        result.issue_date, found["issue_date"] = issue[0], issue[1]


def _labelled_date(lines: list[str], labels: re.Pattern[str]) -> tuple[str, float] | None:
    """The first date after a label on its line (0.9), or alone on the next (0.7)."""
    for index, line in enumerate(lines):
        match = labels.search(line)
        if not match:
            continue
        dates = dates_in(line[match.end() :])
        if dates:
            return dates[0][0], 0.9
        if index + 1 < len(lines):
            following = dates_in(lines[index + 1])
            if following and following[0][1] == 0:
                return following[0][0], 0.7
    return None


def _read_currency(text: str, result: Extraction, found: dict[str, float]) -> None:
    counts: dict[str, int] = {}
    for sign, code in CURRENCIES:
        counts[code] = counts.get(code, 0) + text.count(sign)
    code, count = max(counts.items(), key=lambda item: item[1])
    if count:
        result.currency = code
        found["currency"] = 0.8


def _read_totals(lines: list[str], result: Extraction, found: dict[str, float]) -> None:
    for key, pattern in TOTAL_PATTERNS.items():
        value = _labelled_amount(lines, pattern)
        if value is not None:
            setattr(result.totals, key, value[0])
            found[f"totals.{key}"] = value[1]
    _complete_totals(result, found)


def _labelled_amount(lines: list[str], pattern: re.Pattern[str]) -> tuple[Decimal, float] | None:
    """The last amount printed after a label (same line 0.85, else a line of its own 0.7)."""
    best = None
    for index, line in enumerate(lines):
        for match in pattern.finditer(line):
            rest = line[match.end() :]
            amounts = [a for a in amounts_in(rest) if "%" not in rest[: a[1]]]
            if amounts:
                best = (amounts[-1][0] if len(amounts) == 1 else amounts[0][0], 0.85)
            elif rest.strip(" :") == "" and index + 1 < len(lines):
                following = amounts_in(lines[index + 1])
                if len(following) == 1 and following[0][1] <= 2:
                    best = (following[0][0], 0.7)
    return best


def _complete_totals(result: Extraction, found: dict[str, float]) -> None:
    """Derive missing totals from the others and raise confidence when they agree."""
    totals = result.totals
    if totals.gross is None and None not in (totals.net, totals.tax):
        totals.gross = totals.net + totals.tax
        found["totals.gross"] = min(found["totals.net"], found["totals.tax"]) * 0.9
    if totals.payable is None and totals.gross is not None:
        totals.payable = totals.gross
        found["totals.payable"] = found["totals.gross"] * 0.8
    if totals.gross is None and totals.payable is not None:
        totals.gross = totals.payable
        found["totals.gross"] = found["totals.payable"] * 0.6
    if None not in (totals.net, totals.tax, totals.gross):
        if abs(totals.net + totals.tax - totals.gross) <= Decimal("0.01"):
            for key in ("net", "tax", "gross"):
                found[f"totals.{key}"] = max(found[f"totals.{key}"], 0.95)
            if totals.payable == totals.gross:
                found["totals.payable"] = max(found["totals.payable"], 0.95)


def _read_vat(lines: list[str], result: Extraction, found: dict[str, float]) -> None:
    """VAT lines: a rate with a base and an amount that agree (base × rate = amount)."""
    vat: list[VatLine] = []
    for line in lines:
        match = RATE.search(line)
        if not match:
            continue
        rate = parse_rate(match.group(1))
        values = [value for value, _ in amounts_in(line[match.end() :])]
        pair = _agreeing_pair(rate, values)
        if pair is not None:
            candidate = VatLine("S" if rate else "Z", rate, pair[0], pair[1])
            if candidate not in vat:
                vat.append(candidate)
    if vat:
        result.vat = vat
        found["vat"] = 0.85


def _agreeing_pair(rate: Decimal, values: list[Decimal]) -> tuple[Decimal, Decimal] | None:
    for base, amount in zip(values, values[1:], strict=False):
        if base and abs(base * rate / 100 - amount) <= VAT_TOLERANCE:
            return base, amount
    return None
