"""Dates as written in invoices, turned into ISO ``YYYY-MM-DD`` strings."""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def iso_date(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` for a real calendar date, ``None`` otherwise."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_xml_date(value: str | None, fmt: str | None = None) -> str | None:
    """An ISO date from a CII ``DateTimeString`` (format 102) or a UBL ``xs:date``.

    Args:
        value: the text of the element.
        fmt: the CII ``format`` attribute (``102`` = CCYYMMDD), if any.

    Returns:
        The ISO date, or ``None`` when the value is not a full calendar date.
    """
    if not value:
        return None
    value = value.strip()
    match = _COMPACT.match(value) if fmt in (None, "102") else None
    match = match or _ISO.match(value)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    return iso_date(year, month, day)
