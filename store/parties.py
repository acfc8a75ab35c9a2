"""Queries on parties (customers and suppliers), their groups and contacts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from store.models import Contact, GroupMember, Party, PartyGroup, utcnow

PARTY_DEFAULTS: dict[str, Any] = {
    name: None
    for name in (
        "siren", "siret", "vat_id", "address", "postcode", "city", "country", "email", "phone",
        "payment_terms_days", "payment_method", "iban", "bic", "sepa_mandate_ref",
        "sepa_mandate_date", "account", "credit_limit", "insurer_guarantee", "other_guarantees",
        "comments",
    )
}


def insert_many(*, session: Session, rows: Sequence[dict[str, Any]], chunk: int = 5000) -> None:
    """Insert many parties in executemany batches (no ORM unit of work).

    Each row needs ``dossier_id``, ``kind``, ``code``, ``name``, ``sort_key``;
    other columns default to empty.
    """
    now = utcnow()
    base = {**PARTY_DEFAULTS, "custom_fields": {}, "source": "manual", "archived": False,
            "version": 1, "created_at": now, "updated_at": now}
    for start in range(0, len(rows), chunk):
        batch = [{**base, **row} for row in rows[start:start + chunk]]
        session.execute(insert(Party.__table__), batch)


def ids_by_code(*, session: Session, dossier_id: int, kind: str) -> dict[str, int]:
    """Party ids of a dossier's list, by code."""
    query = select(Party.code, Party.id).where(Party.dossier_id == dossier_id, Party.kind == kind)
    return dict(session.execute(query).tuples().all())


def count_parties(*, session: Session, dossier_id: int, kind: str) -> int:
    """How many parties a list holds (archived included)."""
    query = select(func.count()).select_from(Party).where(
        Party.dossier_id == dossier_id, Party.kind == kind
    )
    return session.execute(query).scalar_one()


def ensure_groups(*, session: Session, dossier_id: int, names: Iterable[str]) -> dict[str, int]:
    """Group ids by name, creating the groups that do not exist yet."""
    wanted = set(names)
    query = select(PartyGroup.name, PartyGroup.id).where(PartyGroup.dossier_id == dossier_id)
    existing = dict(session.execute(query).tuples().all())
    for name in sorted(wanted - existing.keys()):
        group = PartyGroup(dossier_id=dossier_id, name=name)
        session.add(group)
        session.flush()
        assert group.id is not None
        existing[name] = group.id
    return existing


def add_members(*, session: Session, pairs: Sequence[tuple[int, int]]) -> None:
    """Put parties in groups: ``(group_id, party_id)`` pairs."""
    if pairs:
        session.execute(insert(GroupMember.__table__), [{"group_id": g, "party_id": p} for g, p in pairs])


def add_contacts(*, session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert contacts (``party_id``, ``name`` and optional fields)."""
    base = {"role": None, "email": None, "phone": None, "favourite_email": False,
            "favourite_reminder": False}
    if rows:
        session.execute(insert(Contact.__table__), [{**base, **row} for row in rows])
