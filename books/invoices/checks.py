"""Plausibility checks run on every result: totals that disagree, missing essentials.

They never change a value; they add a warning a person will read in review.
"""

from __future__ import annotations

from decimal import Decimal

from books.i18n import t
from books.invoices.model import Extraction

TOLERANCE = Decimal("0.01")
"""Rounding allowed between amounts that should agree."""

LIGHT_PROFILES = ("minimum", "basicwl")
"""Factur-X profiles without lines: a booking aid, the PDF stays the invoice."""


def check(result: Extraction) -> None:
    """Add warnings to ``result`` for inconsistent totals or missing key fields."""
    _check_essentials(result)
    _check_totals(result)
    _check_vat_breakdown(result)
    _check_profile(result)
    _check_decimals(result)


def _warn(result: Extraction, key: str, **values: object) -> None:
    message = t(key, **values)
    if message not in result.warnings:
        result.warnings.append(message)


def _check_essentials(result: Extraction) -> None:
    filled = set(result.filled_fields())
    if not filled or (result.format == "pdf" and not filled - {"currency", "type_code"}):
        if result.format in ("pdf", "image"):
            _warn(result, "extract.warning.no_data")
        return
    if not result.number:
        _warn(result, "extract.warning.no_number")
    if not result.issue_date:
        _warn(result, "extract.warning.no_issue_date")
    if result.totals.payable is None and result.totals.gross is None:
        _warn(result, "extract.warning.no_total")


def _differ(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) > TOLERANCE


def _check_totals(result: Extraction) -> None:
    totals = result.totals
    if None not in (totals.net, totals.tax, totals.gross):
        if _differ(totals.net + totals.tax, totals.gross):
            _warn(result, "extract.warning.net_tax_gross", net=totals.net, tax=totals.tax, gross=totals.gross)
    if totals.gross is not None and totals.payable is not None:
        expected = totals.gross - (totals.prepaid or Decimal(0)) + (totals.rounding or Decimal(0))
        if _differ(expected, totals.payable):
            _warn(
                result,
                "extract.warning.payable",
                gross=totals.gross,
                prepaid=totals.prepaid or Decimal(0),
                payable=totals.payable,
            )


def _check_vat_breakdown(result: Extraction) -> None:
    totals = result.totals
    if not result.vat:
        return
    amounts = [line.amount for line in result.vat]
    if totals.tax is not None and None not in amounts:
        total = sum(amounts, Decimal(0))
        if _differ(total, totals.tax):
            _warn(result, "extract.warning.vat_sum", total=total, tax=totals.tax)
    bases = [line.base for line in result.vat]
    if totals.net is not None and None not in bases:
        total = sum(bases, Decimal(0))
        if _differ(total, totals.net):
            _warn(result, "extract.warning.base_sum", total=total, net=totals.net)


def _check_profile(result: Extraction) -> None:
    profile = (result.profile or "").lower()
    if any(profile.endswith(light) for light in LIGHT_PROFILES):
        _warn(result, "extract.warning.light_profile")


def _check_decimals(result: Extraction) -> None:
    """EN 16931 BR-DEC: document and line amounts carry at most two decimals."""
    totals = result.totals
    amounts = [totals.net, totals.tax, totals.gross, totals.prepaid, totals.payable]
    amounts += [v for line in result.vat for v in (line.base, line.amount)]
    amounts += [line.net for line in result.lines]
    for amount in amounts:
        if amount is not None and amount.as_tuple().exponent < -2 and amount != round(amount, 2):
            _warn(result, "extract.warning.decimals", amount=amount)
            return

