"""Invoice fields from a page's text (a PDF's text layer, OCR output or plain text).

Each value is looked for by its label, in French, English and German, on the
label's segment, to its right or under it (:mod:`books.invoices.text_lookup`);
each comes with a confidence between 0 and 1, and what is not found stays
empty. The confidences are meant to be honest: a value reaches 0.9 only when
a strong label sits next to it or other printed values confirm it (amounts:
:mod:`books.invoices.text_amounts`), and drops when it contradicts another
field. Parties and identifiers are in :mod:`books.invoices.text_parties`.
"""

from __future__ import annotations

import datetime as dt
import re

from books.invoices.layout import TextLine, text_lines
from books.invoices.model import Extraction, document_type_for
from books.invoices.text_amounts import CERTAIN, read_totals
from books.invoices.text_labels import (
    CREDIT_WORDS,
    DUE_DATE,
    INVOICE_WORDS,
    ISSUE_DATE,
    JOINED,
    NOT_ISSUE_DATE,
    NOT_NUMBER,
    NUMBER,
    TITLE,
)
from books.invoices.text_lookup import BELOW, Found, Parser, as_lines_of_words, lookup
from books.invoices.text_parties import read_parties
from books.invoices.textvalues import (
    DATE,
    amount_at_start,
    date_at_start,
    dates_in,
    day_first_order,
    is_ambiguous_date,
)

_TOKEN = re.compile(r"([A-Za-z0-9][A-Za-z0-9/_.\-]*)")
CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP"}
CURRENCY_CODES = frozenset(
    "EUR USD GBP CHF DKK SEK NOK ISK PLN CZK HUF RON BGN HRK TRY JPY CNY CAD AUD NZD SGD HKD INR ZAR MAD TND XOF XPF"
    .split()
)
"""ISO 4217 codes read next to amounts."""
_CODE = re.compile(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])")
LABELLED = 0.9
"""A value right next to a strong label."""
AMBIGUOUS = 0.75
"""A date whose day and month could be swapped, nothing on the page telling which."""
MAX_TERM_DAYS = 370
"""A due date this long after the issue date is not believed."""


def read_text(text: str, result: Extraction, *, scale: float = 1.0) -> None:
    """Fill ``result`` from plain invoice ``text``; confidences are multiplied by ``scale``."""
    read_lines(text_lines(text), result, scale=scale)


def read_lines(lines: list[TextLine], result: Extraction, *, scale: float = 1.0) -> None:
    """Fill ``result`` from a page's lines; confidences are multiplied by ``scale``
    (but amounts that other printed amounts confirm)."""
    found: dict[str, float] = {}
    text = "\n".join(line.text for line in lines)
    _read_kind(lines, result, found)
    number = _read_number(lines, result, found)
    _read_dates(lines, text, number, result, found)
    _read_currency(text, result, found)
    read_totals(lines, result, found)
    read_parties(lines, result, found)
    for key, value in found.items():
        confirmed = key.startswith("totals.") and value >= CERTAIN
        found[key] = max(value * scale, 0.92) if confirmed and scale < 1 else value * scale
    result.confidence.update({key: round(value, 2) for key, value in found.items()})


def _read_kind(lines: list[TextLine], result: Extraction, found: dict[str, float]) -> None:
    head = "\n".join(line.text for line in lines[:15])
    if CREDIT_WORDS.search(head):
        result.type_code = "381"
    elif INVOICE_WORDS.search("\n".join(line.text for line in lines)):
        result.type_code = "380"
    else:
        return
    result.document_type = document_type_for(result.type_code)
    found["type_code"] = found["document_type"] = 0.7


def _number_token(text: str) -> tuple[str, int] | None:
    """An invoice number at the start of ``text``: a token holding a digit, not a date."""
    if DATE.match(text):
        return None
    match = _TOKEN.match(text)
    if match is None:
        return None
    value = match.group(1).rstrip(".-/")
    if not any(char.isdigit() for char in value) or len(value) > 40:
        return None
    return value, match.end()


def _number_cell(text: str) -> tuple[str, int] | None:
    """An invoice number alone in its cell: all of it, spaces and words included
    ("018304 / 28865"), as long as it holds a digit and is no date or amount."""
    value = text.strip().rstrip(".")
    if not 0 < len(value) <= 30 or not any(char.isdigit() for char in value):
        return None
    if DATE.match(value) or amount_at_start(value) or ":" in value:
        return _number_token(text)
    return value, len(text)


def _read_number(lines: list[TextLine], result: Extraction, found: dict[str, float]) -> Found | None:
    """The invoice number next to its label, else after the document's title."""
    hits = lookup(lines, NUMBER, _number_token, exclude=NOT_NUMBER, before_only=True, cell=_number_cell)
    score = LABELLED
    if not hits:  # a label drawn word by word: the line read as one piece
        hits = lookup(as_lines_of_words(lines), NUMBER, _number_token, exclude=NOT_NUMBER, before_only=True,
                      below=False)
        score = 0.85
    if not hits:
        hits = lookup(lines[:40], TITLE, _number_token, below=False)
        score = 0.7
    if not hits:
        return None
    first = hits[0]
    if first.segment.confidence < 1.0:
        first.value = _ocr_digits(first.value)
    values = {hit.value for hit in hits}
    confidence = score * (1.0 if first.strength > BELOW else 0.95) * _ocr(first)
    if len(values) > 1:
        confidence = min(confidence, 0.7)
    elif " " in first.value:
        confidence = min(confidence, 0.85)
    elif len(hits) > 1:
        confidence = min(confidence + 0.05, 0.97)
    result.number = first.value
    found["number"] = confidence
    return first


def _ocr_digits(value: str) -> str:
    """A recognised number's trailing run of digits with the letter O read for a zero
    ("INVOO0013" → "INV000013"): OCR's most common confusion."""
    match = re.search(r"[O0-9]*[0-9][O0-9]*$", value)
    if match is None or "O" not in match.group(0):
        return value
    return value[: match.start()] + match.group(0).replace("O", "0")


def _ocr(hit: Found) -> float:
    return 1.0 if hit.segment.confidence >= 0.9 else max(hit.segment.confidence, 0.5)


def _read_dates(
    lines: list[TextLine], text: str, number: Found | None, result: Extraction, found: dict[str, float]
) -> None:
    order = day_first_order(text)
    if order is None:
        order = _resolve_order(lines, number)
    day_first = True if order is None else order
    ambiguous: set[str] = set()

    def parse(value: str) -> tuple[str, int] | None:
        read = date_at_start(value, day_first=day_first)
        if read is not None and is_ambiguous_date(value):
            ambiguous.add(read[0])
        return read

    due = lookup(lines, DUE_DATE, parse)
    if due:
        result.due_date, found["due_date"] = due[0].value, 0.85 * _ocr(due[0])
    issue = _issue_date(lines, number, parse, day_first)
    if issue is not None:
        result.issue_date, found["issue_date"] = issue
    if order is None:
        for key, value in (("issue_date", result.issue_date), ("due_date", result.due_date)):
            if value in ambiguous:
                found[key] = min(found[key], AMBIGUOUS)
    _check_date_order(result, found)


def _issue_date(
    lines: list[TextLine], number: Found | None, parse: Parser, day_first: bool
) -> tuple[str, float] | None:
    """The issue date by its label, else on the number's segment, else the first date (weak)."""
    hits = lookup(lines, ISSUE_DATE, parse, exclude=NOT_ISSUE_DATE, before_only=True, joined=JOINED)
    if hits:
        first = hits[0]
        generic = re.fullmatch(r"\W*(?:date|datum|dated|le)\W*", first.label, re.IGNORECASE) is not None
        score = (0.85 if generic else LABELLED) * (1.0 if first.strength > BELOW else 0.95) * _ocr(first)
        if len({hit.value for hit in hits}) > 1:
            score = min(score, 0.7)
        return first.value, score
    if number is not None:
        dates = dates_in(number.segment.text, day_first=day_first)
        if dates:
            return dates[0][0], 0.8
    for line in lines:
        if NOT_ISSUE_DATE.search(line.text) or DUE_DATE.search(line.text):
            continue
        dates = dates_in(line.text, day_first=day_first)
        if dates:
            return dates[0][0], 0.4
    return None


def _resolve_order(lines: list[TextLine], number: Found | None) -> bool | None:
    """Day or month first when no date tells: the order that puts the due date shortly
    after the issue date; ``None`` when both orders do (or neither)."""
    plausible = []
    for day_first in (True, False):
        def parse(value: str, day_first: bool = day_first) -> tuple[str, int] | None:
            return date_at_start(value, day_first=day_first)

        due = lookup(lines, DUE_DATE, parse)
        issue = _issue_date(lines, number, parse, day_first)
        if due and issue and _plausible_term(issue[0], due[0].value):
            plausible.append(day_first)
    return plausible[0] if len(plausible) == 1 else None


def _plausible_term(issue: str, due: str) -> bool:
    days = (dt.date.fromisoformat(due) - dt.date.fromisoformat(issue)).days
    return 0 <= days <= MAX_TERM_DAYS


def _check_date_order(result: Extraction, found: dict[str, float]) -> None:
    """A due date before the issue date (or years after it) makes both doubtful."""
    if result.issue_date and result.due_date and not _plausible_term(result.issue_date, result.due_date):
        found["issue_date"] = min(found["issue_date"], 0.5)
        found["due_date"] = min(found["due_date"], 0.5)


def _read_currency(text: str, result: Extraction, found: dict[str, float]) -> None:
    """The currency most printed: signs and ISO codes."""
    counts: dict[str, int] = {}
    for sign, code in CURRENCY_SIGNS.items():
        counts[code] = counts.get(code, 0) + text.count(sign)
    for match in _CODE.finditer(text):
        if match.group(1) in CURRENCY_CODES:
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    code, count = max(counts.items(), key=lambda item: item[1])
    if count:
        result.currency = code
        found["currency"] = 0.8
