"""``show`` commands for people: labels and values the interface language's way.

``--json`` keeps field names and raw values (ISO dates, decimal strings);
this is the readable face: ``Raison sociale  Épicerie Martin``,
``Archivé  non``, ``Limite de crédit  12 500,50``, ``Dernière activité
02/12/2026 09:04``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from tui.cli.common import echo


def label(name: str, *prefixes: str) -> str:
    """A field's label: the first catalog key ``<prefix><name>`` that exists, else the name."""
    from books.i18n import known, t

    for prefix in prefixes:
        if known(f"{prefix}{name}"):
            return t(f"{prefix}{name}")
    return name


def yes_no(value: bool) -> str:
    """``oui`` / ``non``."""
    from books.i18n import t

    return t("cli.yes") if value else t("cli.no")


def when(iso: str) -> str:
    """An ISO date or timestamp as the interface language writes it."""
    from books.formats import format_date, format_datetime

    try:
        return format_date(date.fromisoformat(iso)) if len(iso) == 10 else format_datetime(datetime.fromisoformat(iso))
    except ValueError:
        return iso


def amount(text: str) -> str:
    """A decimal string (``12500.50``) as the interface language writes amounts."""
    from books.formats import format_amount

    try:
        return format_amount(Decimal(text))
    except InvalidOperation:
        return text


def print_fields(data: dict[str, Any], labels: Callable[[str], str],
                 values: dict[str, Callable[[Any], str]]) -> None:
    """``label  value`` lines, labels padded to one column; empty fields left out."""
    rows: list[tuple[str, str]] = []
    for key, value in data.items():
        if value in (None, "", [], {}):
            continue
        if key in values:
            value = values[key](value)
        elif isinstance(value, bool):
            value = yes_no(value)
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items())
        rows.append((labels(key), str(value)))
    _aligned(rows)


def _aligned(rows: Iterable[tuple[str, str]]) -> None:
    rows = list(rows)
    width = max((len(name) for name, _ in rows), default=0)
    for name, value in rows:
        echo(f"{name:<{width}}  {value}")
