"""Checking what a person types for a dossier: names, sectors, identity, inbox."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from books.currencies import clean_currency
from books.errors import InvalidInput
from books.i18n import os_reason, t
from books.identity import clean_email, clean_siren, clean_vat, slugify, vat_matches_siren
from books.payment_methods import clean_payment_method
from books.phones import clean_phone
from books.safetext import check_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

NAME_MAX = 120
SECTORS = (
    "commerce", "restauration", "btp", "services", "industrie", "transport", "sante",
    "immobilier", "agriculture", "profession_liberale", "association", "autre",
)
"""Business sectors offered for a dossier (labels in the catalog as ``sector.<code>``)."""

EDITABLE = (
    "name", "sector", "siren", "vat_id", "base_currency", "default_due_days",
    "default_payment_method", "contact_name", "contact_email", "contact_phone",
    "accounting_software",
)
"""Fields ``edit_dossier`` accepts."""


def clean_name(name: str) -> str:
    """A dossier name: required, at most 120 characters, no control characters."""
    check_text(t("field.name"), name)
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(t("dossier.name_required"))
    if len(name) > NAME_MAX:
        raise InvalidInput(t("field.too_long", field=t("field.name"), max=NAME_MAX))
    return name


def clean_sector(sector: str | None) -> str | None:
    """A sector code from :data:`SECTORS`, or None."""
    if not sector:
        return None
    if sector not in SECTORS:
        raise InvalidInput(t("dossier.bad_sector", sector=sector, choices=", ".join(SECTORS)))
    return sector


def clean_optional(value: str | None, cleaner: Any, name: str) -> str | None:
    value = (value or "").strip()
    return cleaner(value, name) if value else None


def clean_text(value: Any, name: str, limit: int) -> str | None:
    check_text(name, value)
    value = " ".join(str(value or "").split())
    if len(value) > limit:
        raise InvalidInput(t("field.too_long", field=name, max=limit))
    return value or None


def clean_identity(siren: str | None, vat_id: str | None) -> tuple[str | None, str | None]:
    """SIREN and VAT number checked, and consistent with each other."""
    siren = clean_optional(siren, clean_siren, "siren")
    vat_id = clean_optional(vat_id, clean_vat, "vat")
    if siren and vat_id and vat_id.startswith("FR") and not vat_matches_siren(vat_id, siren):
        raise InvalidInput(t("dossier.vat_siren_mismatch", vat=vat_id, siren=siren))
    return siren, vat_id


def clean_changes(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(t("dossier.bad_field", field=", ".join(sorted(unknown))))
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "name":
            out[key] = clean_name(value)
        elif key == "sector":
            out[key] = clean_sector(value)
        elif key == "base_currency":
            out[key] = clean_currency(value, key)
        elif key == "default_due_days":
            out[key] = clean_due_days(value)
        elif key == "contact_email":
            out[key] = clean_optional(value, clean_email, key)
        elif key == "contact_phone":
            out[key] = clean_phone(value, t("settings.contact_phone"))
        elif key == "default_payment_method":
            out[key] = clean_payment_method(value, t("settings.payment_method"))
        elif key in ("siren", "vat_id"):
            continue
        else:
            out[key] = clean_text(value, key, 200)
    return out


def clean_due_days(value: Any) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(t("dossier.bad_due_days", value=value)) from None
    if not 0 <= days <= 365:
        raise InvalidInput(t("dossier.bad_due_days", value=value))
    return days


def unique_slug(session: Session, name: str) -> str:
    from store import dossiers

    stem = slugify(name)
    taken = dossiers.slugs_like(session=session, stem=stem)
    if stem not in taken:
        return stem
    n = 2
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


def prepare_inbox(path: Path) -> bool:
    """Create the dossier's inbox folder; True when it was created now."""
    existed = path.is_dir()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(t("dossier.inbox_unwritable", path=path, reason=os_reason(exc))) from exc
    if not os.access(path, os.W_OK | os.X_OK):
        raise InvalidInput(t("dossier.inbox_unwritable", path=path, reason=t("error.not_writable")))
    return not existed
