"""Checking what a person types for a dossier: names, sectors, identity, inbox."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from books.currencies import clean_currency
from books.dossiers.vat import clean_postcode, clean_territory, proposed_territory
from books.errors import InvalidInput, all_or_nothing
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
    "accounting_software", "publishers", "postcode", "vat_territory",
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
    errors: list[InvalidInput] = []
    cleaned: dict[str, str | None] = {}
    for key, value, cleaner in (("siren", siren, clean_siren), ("vat_id", vat_id, clean_vat)):
        try:
            cleaned[key] = clean_optional(value, cleaner, field_label(key))
        except InvalidInput as exc:
            errors.append(InvalidInput(exc.message, key))
    all_or_nothing(errors)
    siren, vat_id = cleaned["siren"], cleaned["vat_id"]
    if siren and vat_id and vat_id.startswith("FR") and not vat_matches_siren(vat_id, siren):
        raise InvalidInput(t("dossier.vat_siren_mismatch", vat=vat_id, siren=siren), "vat_id")
    return siren, vat_id


LABELS = {"name": "settings.name", "siren": "settings.siren", "vat_id": "settings.vat",
          "base_currency": "settings.currency", "default_due_days": "settings.due_days",
          "default_payment_method": "settings.payment_method",
          "accounting_software": "settings.accounting_software", "contact_name": "settings.contact_name",
          "contact_email": "settings.contact_email", "contact_phone": "settings.contact_phone",
          "sector": "settings.sector", "publishers": "settings.publishers",
          "postcode": "territory.postcode", "vat_territory": "territory.field"}
"""Catalog keys of the dossier fields' labels: messages name a field as the settings do."""


def field_label(key: str) -> str:
    """A dossier field as the settings form names it (``Devise de base`` for ``base_currency``)."""
    return t(LABELS[key]) if key in LABELS else key


def clean_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise a dossier's edited fields.

    Raises:
        InvalidInput: naming the wrong field by its label (its key in ``field``);
            InvalidFields when several are wrong, every one of them.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(t("dossier.bad_field", field=", ".join(sorted(unknown))))
    out: dict[str, Any] = {}
    errors: list[InvalidInput] = []
    for key, value in changes.items():
        if key in ("siren", "vat_id"):
            continue
        try:
            out[key] = _clean_change(key, value)
        except InvalidInput as exc:
            errors.append(InvalidInput(exc.message, key))
    all_or_nothing(errors)
    return out


def _clean_change(key: str, value: Any) -> Any:
    label = field_label(key)
    if key == "name":
        return clean_name(value)
    if key == "sector":
        return clean_sector(value)
    if key == "base_currency":
        return clean_currency(value, label)
    if key == "default_due_days":
        return clean_due_days(value)
    if key == "contact_email":
        return clean_optional(value, clean_email, label)
    if key == "contact_phone":
        return clean_phone(value, label)
    if key == "default_payment_method":
        return clean_payment_method(value, label)
    if key == "publishers":
        return clean_publishers(value)
    if key == "postcode":
        return clean_postcode(value, label)
    if key == "vat_territory":
        return clean_territory(value, label)
    return clean_text(value, label, 200)


def clean_publishers(value: Any) -> str:
    """Who publishes the dossier's documents: ``all`` or ``leads``
    (:data:`books.access.permissions.PUBLISHERS`)."""
    from books.access.permissions import PUBLISHERS

    if value not in PUBLISHERS:
        raise InvalidInput(t("review.bad_publishers", value=str(value)[:40],
                             choices=", ".join(PUBLISHERS)))
    return str(value)


def with_territory(changes: dict[str, Any], current_territory: str | None = None) -> dict[str, Any]:
    """``changes`` with the VAT territory its postal code proposes, when the person gave
    a postal code and no territory, and the code says another one than ``current_territory``."""
    if "vat_territory" in changes or not changes.get("postcode"):
        return changes
    proposed = proposed_territory(changes["postcode"])
    if proposed is None or proposed == (current_territory or "mainland"):
        return changes
    return {**changes, "vat_territory": proposed}


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
