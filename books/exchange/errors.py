"""Errors of an import that stops: cancelled by the person, or refused as a whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

from books.errors import InvalidInput, SaisieError

if TYPE_CHECKING:
    from books.exchange.result import ImportResult


class ImportCancelled(SaisieError):
    """The person cancelled: nothing was written."""


class ImportRefused(InvalidInput):
    """``--strict`` and some rows were rejected: nothing was written.

    Attributes:
        result: the counts and rejections that led to the refusal.
    """

    def __init__(self, message: str, result: ImportResult) -> None:
        super().__init__(message)
        self.result = result
