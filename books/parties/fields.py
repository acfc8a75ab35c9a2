"""Party fields: what they are, how they are checked, how they are searched."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from books.errors import InvalidInput, all_or_nothing
from books.i18n import known, t
from books.identity import (
    clean_bic,
    clean_email,
    clean_iban,
    clean_siren,
    clean_siret,
    clean_vat,
    fold,
)
from books.payment_methods import clean_payment_method
from books.phones import clean_phone
from books.safetext import check_text

KINDS = ("customer", "supplier")
SOURCES = ("manual", "csv", "sync")

TEXT_LIMITS: dict[str, int] = {
    "code": 40, "name": 200, "address": 300, "postcode": 20, "city": 100, "phone": 40,
    "payment_method": 40, "account": 20, "sepa_mandate_ref": 35, "other_guarantees": 500,
    "comments": 4000,
}
"""Maximum lengths of the free-text fields (the store's column sizes)."""

MANAGED_IN_SAISIE = ("credit_limit", "insurer_guarantee", "other_guarantees")
"""Fields the firm manages in Saisie: a re-import never overwrites them."""


def search_key(
    code: str, name: str, siren: str | None = None, siret: str | None = None,
    vat_id: str | None = None, city: str | None = None,
) -> str:
    """What the list filter matches: code, name, ids and city, folded, space-separated."""
    parts = (code, name, siren, siret, vat_id, city)
    return fold(" ".join(p for p in parts if p))[:500]


def sort_key(name: str) -> str:
    """The ordering key of a name (accents stripped, case folded)."""
    return fold(name)[:200]


def clean_text(field: str, value: Any) -> str | None:
    """A trimmed single-line text within its length limit, or None when empty.

    Raises:
        InvalidInput: too long, or holding a control character (:mod:`books.safetext`).
    """
    check_text(field_label(field), value)
    text = " ".join(str(value).split()) if value is not None else ""
    limit = TEXT_LIMITS.get(field, 200)
    if len(text) > limit:
        raise InvalidInput(t("field.too_long", field=field_label(field), max=limit))
    return text or None


def clean_amount(field: str, value: Any) -> Decimal | None:
    """A money amount: ``12 500,50`` and ``12500.50`` both read as 12500.50."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, Decimal):
        amount = value
    else:
        text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        text = text.replace("€", "")
        if "," in text and "." in text:
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise InvalidInput(t("party.bad_amount", field=field, value=value)) from None
    if not amount.is_finite() or amount.copy_abs() >= Decimal("1e15"):
        raise InvalidInput(t("party.bad_amount", field=field, value=value))
    return amount.quantize(Decimal("0.01"))


def clean_days(field: str, value: Any) -> int | None:
    """A number of days (payment terms) between 0 and 365."""
    if value is None or str(value).strip() == "":
        return None
    try:
        days = int(str(value).strip())
    except ValueError:
        raise InvalidInput(t("party.bad_days", field=field, value=value)) from None
    if not 0 <= days <= 365:
        raise InvalidInput(t("party.bad_days", field=field, value=value))
    return days


def clean_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """Check and normalise the party fields present in ``values``.

    Raises:
        InvalidInput: naming the wrong field by its label and why (with its key in
            ``field``); InvalidFields when several are wrong, every one of them.
    """
    out: dict[str, Any] = {}
    errors: list[InvalidInput] = []
    for field, value in values.items():
        try:
            out.update(_clean_field(field, value, values))
        except InvalidInput as exc:
            errors.append(InvalidInput(exc.message, field))
            continue
        if field in ("code", "name") and not out.get(field):
            errors.append(InvalidInput(t("party.required", field=field_label(field)), field))
    all_or_nothing(errors)
    return out


def field_label(field: str) -> str:
    """A party field as the forms name it ("Raison sociale" for ``name``), for messages."""
    for key in (f"form.{field}", f"record.field.{field}"):
        if known(key):
            return t(key).removesuffix(" *")
    return field


def _clean_field(field: str, value: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    """One field checked and normalised, as ``{field: value}``."""
    out: dict[str, Any] = {}
    label = field_label(field)
    empty = value is None or (isinstance(value, str) and not value.strip())
    if field in ("siren", "siret", "vat_id", "iban", "bic", "email"):
        cleaner = {"siren": clean_siren, "siret": clean_siret, "vat_id": clean_vat,
                   "iban": clean_iban, "bic": clean_bic, "email": clean_email}[field]
        out[field] = None if empty else cleaner(str(value), label)
    elif field in ("credit_limit", "insurer_guarantee"):
        out[field] = clean_amount(label, value)
    elif field == "payment_terms_days":
        out[field] = clean_days(label, value)
    elif field == "country":
        out[field] = None if empty else _country(str(value))
    elif field == "phone":
        out[field] = None if empty else clean_phone(str(value), t("record.field.phone"),
                                                    _region(values.get("country")))
    elif field == "payment_method":
        out[field] = clean_payment_method(None if empty else str(value),
                                          t("record.field.payment_method"))
    elif field == "custom_fields":
        for key, item in (value or {}).items():
            check_text(str(key), key)
            check_text(str(key), item)
        out[field] = value
    elif field in ("sepa_mandate_date", "archived", "source", "kind"):
        out[field] = value
    elif field in TEXT_LIMITS or field in ("address",):
        out[field] = clean_text(field, value)
    else:
        raise InvalidInput(t("party.unknown_field", field=field))
    return out


def _region(country: Any) -> str | None:
    """The country a phone number without prefix is read in (France by default)."""
    code = str(country or "").strip().upper()
    return code if len(code) == 2 and code.isalpha() else None


def _country(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 2 or not code.isalpha():
        raise InvalidInput(t("party.bad_country", value=value))
    return code


def with_keys(fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` plus the derived ``sort_key`` and ``search_key`` (needs code and name)."""
    return {
        **fields,
        "sort_key": sort_key(fields["name"]),
        "search_key": search_key(fields["code"], fields["name"], fields.get("siren"),
                                 fields.get("siret"), fields.get("vat_id"), fields.get("city")),
    }
