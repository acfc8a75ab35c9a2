"""Phone numbers: checked and written one way, with python-phonenumbers.

A number without a country prefix is read as French (or as the party's
country) and must have the length that country's numbers have; it is stored
in the international format (``+33 1 23 45 67 89``) so that a list, an export
and a dialler read it the same.
"""

from __future__ import annotations

import re
from functools import lru_cache

from books.errors import InvalidInput
from books.i18n import t

DEFAULT_REGION = "FR"


def clean_phone(value: str | None, field: str, region: str | None = None) -> str | None:
    """A possible phone number (right length) in the international format, or None when empty.

    Raises:
        InvalidInput: naming the field and what was typed.
    """
    text = " ".join((value or "").split())
    if not text:
        return None
    region = (region or DEFAULT_REGION).upper()
    phone = _french(text) if region == "FR" else None
    if phone is None:
        phone = _normalised(text, region)
    if phone is None:
        raise InvalidInput(t("ed.bad_phone", field=field, value=text))
    return phone


FRENCH_PHONE = re.compile(r"(?:0|\+33 ?(?:\(0\) ?)?|0033 ?)([1-79])[ .-]?(\d\d)[ .-]?(\d\d)[ .-]?(\d\d)[ .-]?(\d\d)")
"""A French number in the usual shapes: its first digit (not 8) and four pairs."""


def _french(text: str) -> str | None:
    """A French number written the usual ways, without python-phonenumbers' 40 µs
    (an import of 100,000 customers holds as many numbers): nine digits after the
    0 or +33 are a possible French number, written ``+33 X XX XX XX XX``. None when
    the text is not of that shape (08 numbers are grouped otherwise: the slow path)."""
    match = FRENCH_PHONE.fullmatch(text)
    if match is None:
        return None
    first, *pairs = match.groups()
    return f"+33 {first} {' '.join(pairs)}"


@lru_cache(maxsize=4096)
def _normalised(text: str, region: str) -> str | None:
    import phonenumbers

    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    # Possible (the right length for the country), not "valid": a number in a range
    # the library does not know yet (new allocations) is still a real customer's.
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
