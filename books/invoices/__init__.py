"""Reading invoices: Factur-X/ZUGFeRD PDFs, CII and UBL XML, plain PDFs and scans.

Pure domain code (no database, no Textual). The one entry point is
:func:`read_invoice`, which never raises for a bad file::

    from books.invoices import read_invoice

    result = read_invoice("facture.pdf")
    if result.error is None:
        print(result.number, result.totals.payable)
"""

from __future__ import annotations

from books.invoices.model import Extraction, Line, PartyInfo, Totals, VatLine
from books.invoices.reader import read_invoice

__all__ = ["Extraction", "Line", "PartyInfo", "Totals", "VatLine", "read_invoice"]
