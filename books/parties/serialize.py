"""A party as JSON for ``--json`` output (stable keys for scripts)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.models import Party
    from store.parties.listing import PartyListRow

FIELDS = (
    "code", "name", "kind", "siren", "siret", "vat_id", "address", "postcode", "city", "country",
    "email", "phone", "iban", "bic", "payment_terms_days", "payment_method", "account",
    "sepa_mandate_ref", "other_guarantees", "comments", "source", "archived", "version",
)


def party_json(party: Party, groups: list[str]) -> dict[str, Any]:
    """Every field of a party; amounts as exact decimal strings, dates ISO."""
    data: dict[str, Any] = {name: getattr(party, name) for name in FIELDS}
    for name in ("credit_limit", "insurer_guarantee"):
        value = getattr(party, name)
        data[name] = None if value is None else str(value)
    data["sepa_mandate_date"] = party.sepa_mandate_date.isoformat() if party.sepa_mandate_date else None
    data["custom_fields"] = dict(party.custom_fields or {})
    data["groups"] = groups
    return data


def row_json(row: PartyListRow) -> dict[str, Any]:
    """A list row as JSON."""
    return {
        "code": row.code, "name": row.name, "siren": row.siren, "siret": row.siret,
        "vat_id": row.vat_id, "city": row.city, "groups": list(row.groups),
        "documents": row.documents, "source": row.source, "archived": row.archived,
        "payment_terms_days": row.payment_terms_days, "payment_method": row.payment_method,
        "account": row.account,
    }
