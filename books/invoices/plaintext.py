"""Text read from an invoice, without control characters (issue 14 item 10).

A PDF's text layer or an XML's C1 characters can carry terminal escape
sequences into a seller's name; every text field of a result loses its control
and bidi characters once reading is done (:func:`books.safetext.strip_controls`).
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from books.safetext import strip_controls


def strip_result(value: Any) -> Any:
    """``value`` (a result dataclass, a list, a dict or a text) with its texts cleaned,
    dataclasses and lists changed in place."""
    if isinstance(value, str):
        return strip_controls(value)
    if is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            if item.name == "file":  # the path as given, which callers match (escaped on display)
                continue
            current = getattr(value, item.name)
            cleaned = strip_result(current)
            if cleaned is not current:
                setattr(value, item.name, cleaned)
        return value
    if isinstance(value, list):
        value[:] = [strip_result(item) for item in value]
        return value
    if isinstance(value, dict):
        return {strip_result(key): strip_result(item) for key, item in value.items()}
    return value
