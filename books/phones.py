"""Phone numbers: checked and written one way, with python-phonenumbers.

A number without a country prefix is read as French (or as the party's
country); it is stored in the international format (``+33 1 23 45 67 89``)
so that a list, an export and a dialler read it the same.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from books.errors import InvalidInput
from books.i18n import t

DEFAULT_REGION = "FR"


def clean_phone(value: str | None, field: str, region: str | None = None) -> str | None:
    """A valid phone number in the international format, or None when empty.

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


_FRENCH = re.compile(r"(?:0|\+33 ?(?:\(0\) ?)?|0033 ?)([1-9])[ .-]?(\d\d)[ .-]?(\d\d)[ .-]?(\d\d)[ .-]?(\d\d)")


def _french(text: str) -> str | None:
    """A French number written the usual ways, without python-phonenumbers' 40 µs
    (an import of 100,000 customers holds as many numbers): France's numbering plan
    decides validity on the first five national digits, asked to python-phonenumbers
    once per prefix. None when the text is not of that shape (the slow path decides)."""
    match = _FRENCH.fullmatch(text)
    if match is None:
        return None
    first, *pairs = match.groups()
    national = first + "".join(pairs)
    if first == "8" or not _french_prefix_valid(national[:5]):  # 08 numbers group otherwise
        return None
    return f"+33 {first} {' '.join(pairs)}"


@cache
def _french_prefix_valid(prefix: str) -> bool:
    return _normalised("+33" + prefix + "0000", "FR") is not None


@lru_cache(maxsize=4096)
def _normalised(text: str, region: str) -> str | None:
    import phonenumbers

    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
