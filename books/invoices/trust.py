"""How far a document's read values may be trusted without a person (issue 20).

A value read from an e-invoice's XML is exact (confidence 1.0). A value read
from a PDF's text or a scan carries the reader's confidence
(:mod:`books.invoices.text_heuristics`): at :data:`SURE` or above it is
confirmed (a strong label next to it, other printed amounts agreeing); under
:data:`TO_CHECK` it is shown as "à vérifier". Auto-publish asks
:func:`amounts_sure` before booking anything: never on a text-only document
whose amounts are not all sure.

The functions read the extraction's JSON form (``Extraction.to_json()``, as
stored in ``Document.extracted``), so the inbox and the rules need no reader
objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SURE = 0.9
"""A read value at or above this confidence is confirmed."""
TO_CHECK = 0.6
"""A read value below this confidence is shown as "à vérifier"."""
TEXT_FORMATS = frozenset({"pdf", "image"})
"""Formats read from text or pixels rather than from an invoice's XML."""
AMOUNT_FIELDS = ("totals.net", "totals.tax", "totals.gross", "totals.payable")
"""The amounts a booking rests on, as named in ``confidence``."""


def is_text_only(extracted: Mapping[str, Any] | None) -> bool:
    """Whether the values were read from a PDF's text or a scan (no invoice XML)."""
    return bool(extracted) and extracted.get("format") in TEXT_FORMATS  # type: ignore[union-attr]


def confidence_of(extracted: Mapping[str, Any] | None, name: str) -> float | None:
    """The reader's confidence in field ``name`` (``totals.gross``, ``number``…):
    1.0 for a value from XML, ``None`` when the field holds nothing."""
    if not extracted or not _holds(extracted, name):
        return None
    if not is_text_only(extracted):
        return 1.0
    value = (extracted.get("confidence") or {}).get(name)
    return float(value) if isinstance(value, int | float) else 0.0


def amounts_sure(extracted: Mapping[str, Any] | None) -> bool:
    """Whether the document's amounts may be booked without a person looking: always
    for an e-invoice's XML; for a text-only document, only when its payable (or
    gross) amount is there and every amount read is at least :data:`SURE`."""
    if not extracted or extracted.get("error"):
        return False
    if not is_text_only(extracted):
        return True
    if not (_holds(extracted, "totals.payable") or _holds(extracted, "totals.gross")):
        return False
    scores = [confidence_of(extracted, name) for name in AMOUNT_FIELDS]
    return all(score is None or score >= SURE for score in scores)


def to_check(extracted: Mapping[str, Any] | None) -> list[str]:
    """The fields read below :data:`TO_CHECK`: to show as "à vérifier"."""
    if not is_text_only(extracted):
        return []
    confidence = extracted.get("confidence") or {}  # type: ignore[union-attr]
    return [name for name, value in confidence.items()
            if isinstance(value, int | float) and value < TO_CHECK and _holds(extracted, name)]  # type: ignore[arg-type]


def _holds(extracted: Mapping[str, Any], name: str) -> bool:
    """Whether field ``name`` (dotted for nested ones) holds a value."""
    value: Any = extracted
    for part in name.split("."):
        if not isinstance(value, Mapping):
            return False
        value = value.get(part)
    return value not in (None, "", [], {})
