"""Amounts and dates as printed on invoices, in French, English or German style.

``1 234,56``, ``1.234,56``, ``1,234.56`` and ``1234.56`` are all 1234.56;
``12/03/2024``, ``12.03.2024``, ``2024-03-12``, ``12 mars 2024`` and
``March 12, 2024`` are all 2024-03-12 (numeric dates are read day first).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from books.invoices.dates import iso_date

_SEP = r"[ \u00a0\u202f.,'’]"
AMOUNT = re.compile(
    r"(?<![\w.,])(?P<sign>[-−])?\s?(?P<num>\d{1,3}(?:" + _SEP + r"\d{3})+[.,]\d{2}"
    r"|\d+[.,]\d{2})(?![\d%]|[.,]\d)"
)
"""An amount with exactly two decimals, optionally with thousands separators."""
MAX_WHOLE_DIGITS = 15
"""Digits before the decimal mark of the largest printed amount read."""

RATE = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,3})?)\s?%")
"""A percentage such as ``20 %``, ``5,5%`` or ``19%``."""

MONTHS = {
    "janvier": 1, "janv": 1, "january": 1, "jan": 1, "januar": 1,
    "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "february": 2, "feb": 2, "februar": 2,
    "mars": 3, "march": 3, "mar": 3, "märz": 3,
    "avril": 4, "april": 4, "apr": 4, "avr": 4,
    "mai": 5, "may": 5,
    "juin": 6, "june": 6, "jun": 6, "juni": 6,
    "juillet": 7, "juil": 7, "july": 7, "jul": 7, "juli": 7,
    "août": 8, "aout": 8, "august": 8, "aug": 8,
    "septembre": 9, "september": 9, "sept": 9, "sep": 9,
    "octobre": 10, "october": 10, "oct": 10, "oktober": 10,
    "novembre": 11, "november": 11, "nov": 11,
    "décembre": 12, "decembre": 12, "december": 12, "dec": 12, "déc": 12, "dezember": 12,
}  # fmt: skip
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = re.compile(
    r"(?<!\d)(?:(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2})"
    r"|(?P<d2>\d{1,2})[./-](?P<m2>\d{1,2})[./-](?P<y2>\d{4}|\d{2})"
    r"|(?P<d3>\d{1,2})(?:er)?\.?\s+(?P<mn3>" + _MONTH_NAMES + r")\.?\s+(?P<y3>\d{4})"
    r"|(?P<mn4>" + _MONTH_NAMES + r")\.?\s+(?P<d4>\d{1,2}),?\s+(?P<y4>\d{4}))(?!\d)",
    re.IGNORECASE,
)
"""A date in any of the usual printed forms."""


def parse_amount(number: str, sign: str | None = None) -> Decimal | None:
    """The exact value of a printed amount (the ``num`` group of :data:`AMOUNT`)."""
    digits = re.sub(r"[ \u00a0\u202f'’]", "", number)
    decimal_mark = digits[-3]
    whole = digits[:-3].replace(".", "").replace(",", "")
    if len(whole) > MAX_WHOLE_DIGITS:  # a run of digits, not an amount (and beyond exact sums)
        return None
    try:
        value = Decimal(f"{whole}.{digits[-2:]}") if decimal_mark in ".," else None
    except InvalidOperation:
        return None
    if value is not None and sign:
        value = -value
    return value


def amounts_in(text: str) -> list[tuple[Decimal, int]]:
    """Every amount in ``text`` with its start offset."""
    found = []
    for match in AMOUNT.finditer(text):
        value = parse_amount(match.group("num"), match.group("sign"))
        if value is not None:
            found.append((value, match.start()))
    return found


def parse_rate(text: str) -> Decimal:
    """A printed percentage (``5,5``) as a two-decimal rate (``5.50``)."""
    return Decimal(text.replace(",", ".")).quantize(Decimal("0.01"))


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def date_from_match(match: re.Match[str], *, day_first: bool = True) -> str | None:
    """The ISO date of a :data:`DATE` match, ``None`` if it is no real date.

    A numeric date with both parts up to 12 is read day first, or month first
    (US) when ``day_first`` is false; dotted dates are always day first.
    """
    groups = match.groupdict()
    if groups["y1"]:
        return iso_date(int(groups["y1"]), int(groups["m1"]), int(groups["d1"]))
    if groups["y2"]:
        day, month = int(groups["d2"]), int(groups["m2"])
        dotted = "." in match.group(0)
        if month > 12 >= day or (not day_first and not dotted and day <= 12):
            day, month = month, day
        return iso_date(_year(groups["y2"]), month, day)
    if groups["y3"]:
        return iso_date(int(groups["y3"]), MONTHS[groups["mn3"].lower()], int(groups["d3"]))
    return iso_date(int(groups["y4"]), MONTHS[groups["mn4"].lower()], int(groups["d4"]))


def dates_in(text: str, *, day_first: bool = True) -> list[tuple[str, int]]:
    """Every real date in ``text`` (ISO) with its start offset."""
    found = []
    for match in DATE.finditer(text):
        value = date_from_match(match, day_first=day_first)
        if value:
            found.append((value, match.start()))
    return found


_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})[/-](\d{1,2})[/-](?:\d{4}|\d{2})(?!\d)")


def day_first_order(text: str) -> bool | None:
    """Whether the page's numeric dates are day first (``True``), month first (US,
    ``False``), or ``None`` when no date tells (every part up to 12)."""
    days = months = 0
    for match in _NUMERIC_DATE.finditer(text):
        first, second = int(match.group(1)), int(match.group(2))
        days += first > 12 >= second
        months += second > 12 >= first
    if days == months:
        return None
    return days > months


def is_ambiguous_date(text: str) -> bool:
    """Whether ``text`` starts with a numeric date whose day and month could swap."""
    match = DATE.match(text)
    if match is None or not match.group("y2") or "." in match.group(0):
        return False
    first, second = int(match.group("d2")), int(match.group("m2"))
    return first != second and first <= 12 and second <= 12


def amount_at_start(text: str) -> tuple[Decimal, int] | None:
    """The amount at the start of ``text`` (a currency sign may come first), and its end."""
    match = _LEADING_AMOUNT.match(text)
    if match is None:
        return None
    value = parse_amount(match.group("num"), match.group("sign") or match.group("sign2"))
    return None if value is None else (value, match.end())


def date_at_start(text: str, *, day_first: bool = True) -> tuple[str, int] | None:
    """The date at the start of ``text`` and its end."""
    match = DATE.match(text)
    if match is None:
        return None
    value = date_from_match(match, day_first=day_first)
    return None if value is None else (value, match.end())


_LEADING_AMOUNT = re.compile(
    r"(?P<sign2>[-−])?\s?(?:[€$£]|[A-Z]{3}(?![A-Za-z]))?\s?" + AMOUNT.pattern.replace("(?<![\\w.,])", "")
)
