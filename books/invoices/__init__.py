"""Reading invoices: Factur-X/ZUGFeRD PDFs, CII and UBL XML, plain PDFs and scans.

Pure domain code (no database, no Textual). The one entry point is
:func:`read_invoice`, which never raises for a bad file::

    from books.invoices import read_invoice

    result = read_invoice("facture.pdf")
    if result.error is None:
        print(result.number, result.totals.payable)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from books.invoices.model import Extraction, Line, PartyInfo, Totals, VatLine

if TYPE_CHECKING:
    from books.invoices.reader import read_invoice

__all__ = ["Extraction", "Line", "PartyInfo", "Totals", "VatLine", "read_invoice"]


def __getattr__(name: str) -> Any:
    """``read_invoice`` is imported on first use: a process that only drives the
    sandboxed reader (``saisie extract``) never loads lxml, pdfium and the heuristics."""
    if name == "read_invoice":
        from books.invoices.reader import read_invoice

        return read_invoice
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
