"""The one exception the readers raise for a file they cannot read."""

from __future__ import annotations


class ReadError(Exception):
    """A file could not be read; ``key`` names the catalog message (``extract.error.*``).

    :func:`books.invoices.read_invoice` catches it and turns it into the
    result's ``error`` text, so callers never see it.
    """

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
