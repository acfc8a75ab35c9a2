"""Company identifiers (checked with python-stdnum) and text folding."""

from __future__ import annotations

import re
import unicodedata

from books.errors import InvalidInput
from books.i18n import t


def fold(text: str) -> str:
    """Accents stripped and case folded: the key for sorting and matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def slugify(text: str, max_length: int = 60) -> str:
    """A lowercase ASCII slug: ``Boulangerie Dupré & Fils`` → ``boulangerie-dupre-fils``."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug[:max_length].rstrip("-") or "dossier"


def _validated(module_name: str, key: str, value: str, field: str) -> str:
    """``value`` checked and compacted by a python-stdnum module.

    Raises:
        InvalidInput: naming the field, the value and why (catalog ``key``).
    """
    import importlib

    from stdnum.exceptions import ValidationError

    module = importlib.import_module(f"stdnum.{module_name}")
    try:
        return str(module.validate(value))
    except ValidationError as exc:
        raise InvalidInput(t(key, field=field, value=value, reason=_reason(exc))) from exc


def _reason(error: Exception) -> str:
    """Why python-stdnum refused a number, in the user's language (its own text is English)."""
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

    for kind, key in ((InvalidChecksum, "checksum"), (InvalidLength, "length"),
                      (InvalidFormat, "format"), (InvalidComponent, "component")):
        if isinstance(error, kind):
            return t(f"id.reason.{key}")
    return t("id.reason.other")


def clean_siren(value: str, field: str = "siren") -> str:
    """A valid SIREN (9 digits, Luhn), compacted."""
    return _validated("fr.siren", "id.invalid_siren", value, field)


def clean_siret(value: str, field: str = "siret") -> str:
    """A valid SIRET (14 digits), compacted."""
    return _validated("fr.siret", "id.invalid_siret", value, field)


def clean_vat(value: str, field: str = "vat") -> str:
    """A valid EU VAT number with its country prefix, compacted (``FR…``)."""
    return _validated("eu.vat", "id.invalid_vat", value, field)


def clean_iban(value: str, field: str = "iban") -> str:
    """A valid IBAN, compacted."""
    return _validated("iban", "id.invalid_iban", value, field)


def clean_bic(value: str, field: str = "bic") -> str:
    """A valid BIC (8 or 11 characters), compacted."""
    return _validated("bic", "id.invalid_bic", value, field)


def vat_matches_siren(vat_id: str, siren_number: str) -> bool:
    """Whether a French VAT number carries this SIREN."""
    return vat_id.startswith("FR") and vat_id[4:] == siren_number


def siren_check_digit(stem: str) -> str:
    """The Luhn digit completing a number stem (SIREN, SIRET), for generated data."""
    total = 0
    for position, char in enumerate(reversed(stem)):
        digit = int(char) * (2 if position % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return str((10 - total % 10) % 10)


def french_vat(siren_number: str) -> str:
    """The French VAT number of a SIREN: ``FR`` + key + SIREN."""
    key = (12 + 3 * (int(siren_number) % 97)) % 97
    return f"FR{key:02d}{siren_number}"


def clean_email(value: str, field: str = "email") -> str:
    """A plausible email address, trimmed.

    Raises:
        InvalidInput: when it is not of the form ``name@domain.tld``.
    """
    from books.safetext import check_text

    value = value.strip()
    check_text(field, value)
    if len(value) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise InvalidInput(t("id.invalid_email", field=field, value=value))
    return value
