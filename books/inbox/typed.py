"""What a person types in a document's field, checked: dates that exist, amounts that
are amounts, VAT rates used in France. Each refusal names the field and says why."""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from books.errors import InvalidInput
from books.i18n import t

FRENCH_VAT_RATES = tuple(Decimal(r) for r in ("20", "10", "8.5", "5.5", "2.1", "1.75", "1.05",
                                              "0.9", "13", "0"))
"""Rates of French VAT: mainland 20, 10, 5.5, 2.1; overseas 8.5, 1.75, 1.05; Corsica 13,
0.9; 0 for exempt and reverse-charged supplies."""
MAX_AMOUNT = Decimal("1e12")


def named(field: str) -> str:
    """A field as a refusal names it: its label and the name ``saisie documents set``
    takes (``TTC (gross)``), so the screen and the command line both find it."""
    return f"{t(f'document.field.{field}')} ({field})"


def typed_date(field: str, text: str) -> date:
    """``31/01/2026``, ``31.01.2026``, ``31/01/26`` or ``2026-01-31``.

    Raises:
        InvalidInput: not a date, or one that does not exist (the message says which part).
    """
    label = named(field)
    found = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if found:
        year, month, day = (int(part) for part in found.groups())
    else:
        found = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})", text)
        if not found:
            raise InvalidInput(t("view.invalid.date_format", field=label, value=text[:40]))
        day, month, year = (int(part) for part in found.groups())
        year += 2000 if year < 100 else 0
    if not 1 <= month <= 12:
        raise InvalidInput(t("view.invalid.month", field=label, value=text[:40], month=month))
    if not 1 <= year <= 9999:
        raise InvalidInput(t("view.invalid.date_format", field=label, value=text[:40]))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise InvalidInput(t("view.invalid.day", field=label, value=text[:40],
                             month=f"{month:02d}/{year}", days=days))
    return date(year, month, day)


def typed_amount(field: str, text: str) -> Decimal:
    """``1 250,00``, ``1250.5``, ``-12,30`` (two decimals kept).

    Raises:
        InvalidInput: not an amount, or beyond what an invoice holds.
    """
    label = named(field)
    compact = text.replace(" ", "").replace("\u202f", "").replace("\u00a0", "").replace("€", "")
    if compact.count(",") == 1 and "." in compact and compact.index(".") < compact.index(","):
        compact = compact.replace(".", "")  # 1.250,00
    compact = compact.replace(",", ".")
    try:
        value = Decimal(compact)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not re.fullmatch(r"-?\d+(\.\d*)?", compact):
        raise InvalidInput(t("view.invalid.amount", field=label, value=text[:40]))
    if abs(value) >= MAX_AMOUNT:
        raise InvalidInput(t("view.invalid.amount_large", field=label, value=text[:40]))
    if value != value.quantize(Decimal("0.01")):
        raise InvalidInput(t("view.invalid.cents", field=label, value=text[:40]))
    return value.quantize(Decimal("0.01"))


def typed_vat_rate(text: str, territory: str | None = None) -> str:
    """A VAT rate used in France (``20``, ``5,5``, ``5.5 %``), as ``5.50``.

    Any French rate is taken, not only the dossier's: a document states the rate of
    where the supply was made (a mainland firm's hotel night in La Réunion at 8.5 %).

    Args:
        territory: the dossier's VAT territory: a refusal lists its rates first.

    Raises:
        InvalidInput: not a number, or a rate France does not use (the message lists them).
    """
    label = named("vat_rate")
    compact = text.replace("%", "").replace(" ", "").replace(",", ".")
    try:
        rate = Decimal(compact)
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite():
        raise InvalidInput(t("view.invalid.rate_format", field=label, value=text[:40]))
    if rate not in FRENCH_VAT_RATES:
        raise InvalidInput(t("view.invalid.rate", field=label, value=text[:40],
                             rates=_rates_listed(territory)))
    return f"{rate:.2f}"


def _rates_listed(territory: str | None) -> str:
    if territory is None:
        return t("view.invalid.rates")
    from books.dossiers.vat import rates_text, territory_label

    return t("territory.document_rates", territory=territory_label(territory),
             rates=rates_text(territory), others=t("view.invalid.rates"))
