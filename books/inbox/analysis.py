"""What a read document is for its dossier: purchase or sale, whose, which fields, which flags.

Pure functions over the reader's JSON (what ``saisie extract --json`` prints)
and the dossier's identity and defaults: the pipeline calls them after
reading, and again when a person changes the direction or the dossier.
Every failed check is a flag a person sees; nothing is silently fixed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from books.dossiers.identity import FLAGS, DossierIdentity
from books.matching.names import reduce_name

CENT = Decimal("0.01")

__all__ = ["FLAGS", "Analysis", "DossierIdentity"]

@dataclass
class Analysis:
    """The pipeline's conclusions on one document."""

    direction: str
    """``purchase``, ``sale`` or ``unknown``."""
    addressed: bool
    counterpart: dict[str, Any]
    """The other side (seller of a purchase, buyer of a sale) as read."""
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)


def siren_of(side: dict[str, Any]) -> str | None:
    """The SIREN a side carries (its SIREN, its SIRET's, or its French VAT number's)."""
    legal = "".join(ch for ch in (side.get("legal_id") or "") if ch.isdigit())
    if len(legal) in (9, 14):
        return legal[:9]
    vat = "".join(ch for ch in (side.get("vat_id") or "") if ch.isalnum()).upper()
    if vat.startswith("FR") and len(vat) == 13 and vat[4:].isdigit():
        return vat[4:]
    return None


def is_dossier(side: dict[str, Any], dossier: DossierIdentity) -> bool | None:
    """Whether a side is the dossier: by identifiers, else by name; ``None`` when the
    side says nothing."""
    siren = siren_of(side)
    vat = "".join(ch for ch in (side.get("vat_id") or "") if ch.isalnum()).upper()
    own_vat = "".join(ch for ch in (dossier.vat_id or "") if ch.isalnum()).upper()
    if siren or vat:
        return bool((siren and siren == dossier.siren) or (vat and vat == own_vat))
    name = side.get("name")
    if name:
        return reduce_name(name).key == reduce_name(dossier.name).key
    return None


def direction_of(extracted: dict[str, Any], dossier: DossierIdentity,
                 hint: str | None) -> tuple[str, bool]:
    """(direction, addressed to the dossier) from the buyer and seller, else the folder's hint."""
    buyer = is_dossier(extracted.get("buyer") or {}, dossier)
    seller = is_dossier(extracted.get("seller") or {}, dossier)
    if buyer:
        return "purchase", True
    if seller:
        return "sale", True
    said_otherwise = buyer is False or seller is False
    return hint or "unknown", not said_otherwise


def analyse(extracted: dict[str, Any], dossier: DossierIdentity, hint: str | None,
            today: date, at: datetime) -> Analysis:
    """Direction, counterpart, fields with their provenance, and the checks' flags."""
    direction, addressed = direction_of(extracted, dossier, hint)
    side = "seller" if direction == "purchase" else "buyer"
    counterpart = dict(extracted.get(side) or {}) if direction != "unknown" else {}
    found = Analysis(direction=direction, addressed=addressed, counterpart=counterpart)
    found.fields = resolve_defaults(extracted, dossier, at)
    found.flags = checks(extracted, dossier, today)
    if direction == "unknown":
        found.flags.append("direction_unknown")
    if not addressed:
        found.flags.append("not_addressed")
    return found


def resolve_defaults(extracted: dict[str, Any], dossier: DossierIdentity,
                     at: datetime) -> dict[str, dict[str, Any]]:
    """The accounting fields this issue knows: from the document, else the dossier's defaults.
    Each value carries its provenance (``source`` ``document`` or ``default``)."""
    stamp = at.isoformat()

    def value(v: Any, source: str, rule: str | None = None) -> dict[str, Any]:
        return {"value": v, "source": source, "rule": rule, "by": None, "at": stamp}

    fields: dict[str, dict[str, Any]] = {}
    currency = extracted.get("currency")
    fields["currency"] = (value(currency, "document") if currency
                          else value(dossier.base_currency, "default", "dossier.base_currency"))
    issued = _date(extracted.get("issue_date"))
    due = extracted.get("due_date")
    if due:
        fields["due_date"] = value(due, "document")
    elif issued is not None:
        fields["due_date"] = value((issued + timedelta(days=dossier.default_due_days)).isoformat(),
                                   "default", "dossier.default_due_days")
    if dossier.default_payment_method:
        fields["payment_method"] = value(dossier.default_payment_method, "default",
                                         "dossier.default_payment_method")
    rates = sorted({line.get("rate") for line in extracted.get("vat") or [] if line.get("rate")})
    if rates:
        fields["vat_rate"] = value(rates[0] if len(rates) == 1 else ", ".join(rates), "document")
    return fields


def checks(extracted: dict[str, Any], dossier: DossierIdentity, today: date) -> list[str]:
    """The checks that need no database: totals, type, dates, currency."""
    flags = []
    if not totals_add_up(extracted):
        flags.append("totals")
    gross = _amount((extracted.get("totals") or {}).get("gross"))
    if extracted.get("document_type") == "invoice" and gross is not None and gross < 0:
        flags.append("credit_note_as_invoice")
    issued = _date(extracted.get("issue_date"))
    if issued is not None and issued > today:
        flags.append("date_future")
    if issued is not None and issued < date(today.year - 1, 1, 1):
        flags.append("date_old")
    currency = extracted.get("currency")
    if currency and currency != dossier.base_currency:
        flags.append("foreign_currency")
    return flags


def totals_add_up(extracted: dict[str, Any]) -> bool:
    """Net + VAT = gross, the VAT breakdown adds up, payable = gross − prepaid (to the cent)."""
    totals = extracted.get("totals") or {}
    net, tax, gross = (_amount(totals.get(k)) for k in ("net", "tax", "gross"))
    prepaid, payable = _amount(totals.get("prepaid")), _amount(totals.get("payable"))
    if None not in (net, tax, gross) and abs(net + tax - gross) >= CENT:  # type: ignore[operator]
        return False
    lines = extracted.get("vat") or []
    amounts = [_amount(line.get("amount")) for line in lines]
    if tax is not None and lines and None not in amounts and abs(sum(amounts) - tax) >= CENT:  # type: ignore[arg-type]
        return False
    bases = [_amount(line.get("base")) for line in lines]
    if net is not None and lines and None not in bases and abs(sum(bases) - net) >= CENT:  # type: ignore[arg-type]
        return False
    if gross is not None and payable is not None:
        expected = gross - (prepaid or Decimal(0))
        if abs(expected - payable) >= CENT and payable != gross:
            return False
    return True


def _amount(text: Any) -> Decimal | None:
    if text in (None, ""):
        return None
    try:
        value = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _date(text: Any) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None
