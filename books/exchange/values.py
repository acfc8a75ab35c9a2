"""Cell values as French exports write them: amounts, dates, days, countries.

Also the formula-injection guard: export prefixes risky cells with ``'`` and
import removes that prefix, so a round trip is exact.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from books.errors import InvalidInput
from books.i18n import t

FORMULA_STARTS = ("=", "+", "-", "@")
"""A cell starting with one of these is run as a formula by spreadsheets."""

_SPACES = str.maketrans("", "", " \u00a0\u202f'’€\t")
_DAYS = re.compile(r"^(\d{1,3})(?:[.,]0+)?\s*(?:j|jr|jrs|jour|jours|d|day|days)?\.?$", re.IGNORECASE)
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y", "%Y/%m/%d")

COUNTRY_NAMES: dict[str, str] = {
    "france": "FR", "belgique": "BE", "belgium": "BE", "suisse": "CH", "switzerland": "CH",
    "luxembourg": "LU", "allemagne": "DE", "germany": "DE", "espagne": "ES", "spain": "ES",
    "italie": "IT", "italy": "IT", "royaume-uni": "GB", "royaume uni": "GB", "united kingdom": "GB",
    "pays-bas": "NL", "pays bas": "NL", "netherlands": "NL", "portugal": "PT", "monaco": "MC",
    "etats-unis": "US", "etats unis": "US", "united states": "US", "usa": "US", "irlande": "IE",
    "ireland": "IE", "autriche": "AT", "austria": "AT", "canada": "CA", "maroc": "MA",
    "morocco": "MA", "tunisie": "TN", "tunisia": "TN", "algerie": "DZ", "algeria": "DZ",
}
"""Country names seen in French exports, folded, to their ISO code."""


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def unneutralise(cell: str) -> str:
    """Undo :func:`neutralise` (the import side of the round trip)."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def read_amount(field: str, text: str) -> Decimal:
    """``12 500,50``, ``12.500,50``, ``12,500.50`` and ``12500.5`` as a Decimal.

    The last of ``,`` and ``.`` is the decimal mark when both appear; one mark
    repeated is a thousands separator; a single ``,`` is decimal.

    Raises:
        InvalidInput: naming the field and the value.
    """
    compact = text.translate(_SPACES)
    negative = compact.startswith("(") and compact.endswith(")")
    compact = compact.strip("()")
    last = max(compact.rfind(","), compact.rfind("."))
    if last >= 0:
        mark = compact[last]
        if compact.count(mark) > 1:
            compact = compact.replace(mark, "")
        else:
            compact = compact[:last].replace(",", "").replace(".", "") + "." + compact[last + 1:]
    try:
        amount = Decimal(compact)
    except InvalidOperation:
        raise InvalidInput(t("party.bad_amount", field=field, value=text)) from None
    if not amount.is_finite():
        raise InvalidInput(t("party.bad_amount", field=field, value=text))
    return amount.copy_negate() if negative else amount  # no context: no overflow


def read_date(field: str, text: str) -> date:
    """``31/12/2026`` (also with ``-`` or ``.``, two-digit years, or ISO) as a date.

    Raises:
        InvalidInput: naming the field and the value.
    """
    value = text.strip().split(" ")[0]
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise InvalidInput(t("import.bad_date", field=field, value=text))


def read_days(field: str, text: str) -> int:
    """Payment terms: ``30``, ``45 jours``, ``60 j`` as a number of days.

    Raises:
        InvalidInput: naming the field and the value.
    """
    found = _DAYS.match(text.strip())
    if not found:
        raise InvalidInput(t("party.bad_days", field=field, value=text))
    return int(found.group(1))


def read_country(field: str, text: str) -> str:
    """An ISO code as is, or a country name French exports write (``France``)."""
    from books.identity import fold

    value = text.strip()
    if len(value) == 2 and value.isalpha():
        return value.upper()
    code = COUNTRY_NAMES.get(fold(value))
    if code is None:
        raise InvalidInput(t("party.bad_country", value=text))
    return code


def write_amount(amount: Decimal | None) -> str:
    """An amount as a French spreadsheet shows it: ``12500,50`` (read back exactly)."""
    return "" if amount is None else f"{amount:.2f}".replace(".", ",")


def write_date(day: date | None) -> str:
    """A date as ``31/12/2026``."""
    return "" if day is None else day.strftime("%d/%m/%Y")
