"""Showing dates, amounts and counts the way the interface language writes them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from books.i18n import get_language


def as_local(moment: datetime) -> datetime:
    """A stored timestamp (UTC; naive on SQLite) in the machine's time zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def format_datetime(moment: datetime | None) -> str:
    """``23/11/2026 14:05`` in French, ``2026-11-23 14:05`` in English."""
    if moment is None:
        return ""
    local = as_local(moment)
    return local.strftime("%d/%m/%Y %H:%M" if get_language() == "fr" else "%Y-%m-%d %H:%M")


def format_date(day: date | None) -> str:
    """``23/11/2026`` in French, ``2026-11-23`` in English."""
    if day is None:
        return ""
    return day.strftime("%d/%m/%Y") if get_language() == "fr" else day.isoformat()


def format_amount(amount: Decimal | None, currency: str = "") -> str:
    """``1 234,56 €``-style in French, ``1,234.56`` in English."""
    if amount is None:
        return ""
    text = f"{amount:,.2f}"
    if get_language() == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    symbol = {"EUR": "€", "USD": "$", "GBP": "£"}.get(currency, currency)
    return f"{text} {symbol}".strip()
