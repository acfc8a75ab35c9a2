"""The audit log: append and read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from store.models import AuditEvent, Dossier, utcnow
from store.rows import AuditRow


def add_event(
    *,
    session: Session,
    actor: str,
    entity: str,
    action: str,
    dossier_id: int | None = None,
    entity_id: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append one event; a dossier's last activity moves to now."""
    now = utcnow()
    session.add(
        AuditEvent(
            at=now,
            actor=actor,
            dossier_id=dossier_id,
            entity=entity,
            entity_id=entity_id,
            action=action,
            before=before,
            after=after,
        )
    )
    if dossier_id is not None:
        session.execute(update(Dossier).where(Dossier.id == dossier_id).values(last_activity_at=now))


def list_events(
    *,
    session: Session,
    dossier_id: int | None = None,
    dossier_ids: set[int] | None = None,
    limit: int = 200,
) -> list[AuditRow]:
    """The newest events first, for one dossier or a set of them."""
    query = (
        select(AuditEvent, Dossier.slug)
        .outerjoin(Dossier, Dossier.id == AuditEvent.dossier_id)
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    if dossier_id is not None:
        query = query.where(AuditEvent.dossier_id == dossier_id)
    if dossier_ids is not None:
        query = query.where(AuditEvent.dossier_id.in_(dossier_ids))
    rows = []
    for event, slug in session.execute(query):
        rows.append(
            AuditRow(
                event.id, event.at, event.actor, slug, event.entity, event.entity_id,
                event.action, event.before, event.after,
            )
        )
    return rows


def last_event_about(*, session: Session, entity: str, entity_prefix: str
                     ) -> tuple[str, datetime] | None:
    """Who did the last thing logged about an entity (its ``entity_id`` starting with
    ``entity_prefix``) and when, or None."""
    found = session.execute(
        select(AuditEvent.actor, AuditEvent.at)
        .where(AuditEvent.entity == entity,
               AuditEvent.entity_id.like(f"{entity_prefix}%"))
        .order_by(AuditEvent.id.desc()).limit(1)).first()
    return None if found is None else (found[0], found[1])


def last_actors(*, session: Session, entity: str, entity_ids: list[str]) -> dict[str, str]:
    """Who did the last thing logged about each of these entities (by ``entity_id``)."""
    found: dict[str, str] = {}
    for start in range(0, len(entity_ids), 500):
        chunk = entity_ids[start:start + 500]
        newest = (select(func.max(AuditEvent.id))
                  .where(AuditEvent.entity == entity, AuditEvent.entity_id.in_(chunk))
                  .group_by(AuditEvent.entity_id))
        rows = session.execute(select(AuditEvent.entity_id, AuditEvent.actor)
                               .where(AuditEvent.id.in_(newest)))
        found.update({entity_id: actor for entity_id, actor in rows})
    return found
