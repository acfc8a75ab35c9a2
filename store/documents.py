"""Queries on documents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from store.document_keys import with_key
from store.models import Document


def insert_many(*, session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert documents in one executemany (each with its search key)."""
    if rows:
        session.execute(insert(Document.__table__),
                        [with_key({"extracted": {}, "fields": {}, **row}) for row in rows])


def known_hashes(*, session: Session, dossier_id: int) -> set[str]:
    """Content hashes of a dossier's documents (the same file is never taken twice)."""
    query = select(Document.file_hash).where(Document.dossier_id == dossier_id)
    return set(session.execute(query).scalars())


def count_for_party(*, session: Session, party_id: int) -> int:
    """How many documents are tied to a party (published or not)."""
    query = select(func.count()).select_from(Document).where(Document.party_id == party_id)
    return session.execute(query).scalar_one()


GROUPED_FROM = 5000
"""From this many parties, their documents are counted by one grouped read of the dossier."""


def counts_for_parties(*, session: Session, party_ids: Sequence[int],
                       dossier_id: int | None = None) -> dict[int, int]:
    """How many documents are tied to each of these parties (only those with some).

    Given the parties' dossier, a large selection is answered by one grouped
    read of the dossier's documents rather than a lookup per 5,000 ids.
    """
    if dossier_id is not None and len(party_ids) > GROUPED_FROM:
        query = (select(Document.party_id, func.count())
                 .where(Document.dossier_id == dossier_id, Document.party_id.is_not(None))
                 .group_by(Document.party_id))
        wanted = set(party_ids)
        return {party: count for party, count in session.execute(query).all() if party in wanted}
    counts: dict[int, int] = {}
    for start in range(0, len(party_ids), 5000):
        chunk = party_ids[start:start + 5000]
        query = (select(Document.party_id, func.count()).where(Document.party_id.in_(chunk))
                 .group_by(Document.party_id))
        counts.update({party: count for party, count in session.execute(query).all()})
    return counts
