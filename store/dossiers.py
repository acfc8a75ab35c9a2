"""Queries on the firm, dossiers and invitations."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from store.errors import StaleVersion
from store.models import Document, Dossier, DossierAccess, Firm, Invitation
from store.rows import DossierRow


def get_firm(*, session: Session) -> Firm | None:
    """The firm (there is one per database)."""
    return session.execute(select(Firm).order_by(Firm.id).limit(1)).scalar_one_or_none()


def ensure_firm(*, session: Session, name: str) -> Firm:
    """The firm, created with default values when the database has none."""
    firm = get_firm(session=session)
    if firm is None:
        firm = Firm(name=name)
        session.add(firm)
        session.flush()
    return firm


def list_dossiers(
    *, session: Session, user_id: int | None, archived: bool = False
) -> list[DossierRow]:
    """Dossiers by name; only those ``user_id`` was given access to unless None."""
    waiting = (
        select(Document.dossier_id, func.count().label("n"))
        .where(Document.status.in_(("review", "reviewed")))
        .group_by(Document.dossier_id)
        .subquery()
    )
    query = (
        select(Dossier, func.coalesce(waiting.c.n, 0))
        .outerjoin(waiting, waiting.c.dossier_id == Dossier.id)
        .where(Dossier.archived == archived)
        .order_by(func.lower(Dossier.name), Dossier.id)
    )
    if user_id is not None:
        query = query.join(DossierAccess, DossierAccess.dossier_id == Dossier.id).where(
            DossierAccess.user_id == user_id
        )
    return [
        DossierRow(
            d.id, d.slug, d.name, d.sector, d.inbox_path, d.archived, d.last_activity_at, n
        )
        for d, n in session.execute(query)
    ]


def get_dossier(*, session: Session, slug: str) -> Dossier | None:
    """The dossier with this slug, detached from the session."""
    dossier = session.execute(select(Dossier).where(Dossier.slug == slug)).scalar_one_or_none()
    if dossier is not None:
        session.expunge(dossier)
    return dossier


def vat_territory(*, session: Session, dossier_id: int) -> str:
    """The dossier's VAT territory (``mainland`` when there is no such dossier)."""
    found = session.execute(select(Dossier.vat_territory).where(Dossier.id == dossier_id))
    return found.scalar_one_or_none() or "mainland"


def slugs_like(*, session: Session, stem: str) -> set[str]:
    """Existing slugs equal to ``stem`` or starting with ``stem-``."""
    query = select(Dossier.slug).where(
        (Dossier.slug == stem) | Dossier.slug.startswith(f"{stem}-")
    )
    return set(session.execute(query).scalars())


def dossiers_with_contact_email(*, session: Session, email: str) -> list[Dossier]:
    """Dossiers whose client contact has this email (case-insensitive)."""
    query = select(Dossier).where(func.lower(Dossier.contact_email) == email.lower())
    return list(session.execute(query).scalars())


def dossier_names(*, session: Session) -> list[str]:
    """The names of every dossier (archived ones included)."""
    return list(session.execute(select(Dossier.name).order_by(Dossier.name)).scalars())


def insert_dossier(*, session: Session, **fields: Any) -> Dossier:
    """Insert a dossier and return it with its id."""
    dossier = Dossier(**fields)
    session.add(dossier)
    session.flush()
    return dossier


def update_dossier(
    *, session: Session, dossier_id: int, expected_version: int, changes: dict[str, Any]
) -> Dossier:
    """Apply ``changes`` if nobody changed the dossier since ``expected_version``.

    The UPDATE checks the version itself (``WHERE id = ? AND version = ?``):
    the check and the write are one step on every database.

    Raises:
        StaleVersion: the dossier was changed by someone else meanwhile.
    """
    table = Dossier.__table__
    result = session.execute(
        update(table)
        .where(table.c.id == dossier_id, table.c.version == expected_version)
        .values(**changes, version=table.c.version + 1)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleVersion(dossier_id)
    dossier = session.get(Dossier, dossier_id, populate_existing=True)
    assert dossier is not None
    return dossier


def add_invitation(*, session: Session, **fields: Any) -> Invitation:
    """Record an invitation sent (or handed over) to a dossier's client."""
    invitation = Invitation(**fields)
    session.add(invitation)
    session.flush()
    return invitation


def latest_invitation(*, session: Session, dossier_id: int) -> Invitation | None:
    """The newest invitation of a dossier."""
    query = (
        select(Invitation)
        .where(Invitation.dossier_id == dossier_id)
        .order_by(Invitation.id.desc())
        .limit(1)
    )
    return session.execute(query).scalar_one_or_none()


def dossier_counts(*, session: Session, dossier_id: int) -> dict[str, int]:
    """Parties and documents of a dossier, by kind and status."""
    from store.models import Party

    counts: dict[str, int] = {"customer": 0, "supplier": 0, "review": 0, "reviewed": 0,
                              "published": 0, "failed": 0}
    parties = (
        select(Party.kind, func.count())
        .where(Party.dossier_id == dossier_id, Party.archived.is_(False), Party.deleted_at.is_(None))
        .group_by(Party.kind)
    )
    documents = (
        select(Document.status, func.count())
        .where(Document.dossier_id == dossier_id)
        .group_by(Document.status)
    )
    for key, n in session.execute(parties):
        counts[key] = n
    for key, n in session.execute(documents):
        counts[key] = n
    return counts
