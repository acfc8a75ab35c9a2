"""Merging duplicate parties, and the undo journal that can take it back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from store.models import (
    Contact,
    Document,
    GroupMember,
    Party,
    PartyAlias,
    Payment,
    Reminder,
    UndoEntry,
    utcnow,
)
from store.parties.changes import soft_delete, undelete

MOVABLE = {"documents": Document, "contacts": Contact, "payments": Payment, "reminders": Reminder,
           "aliases": PartyAlias}
"""What follows a merged party to the one that stays (table with a ``party_id``)."""


def merge(*, session: Session, keep_id: int, other_ids: Sequence[int],
          actor: str | None = None) -> dict[str, Any]:
    """Move everything of ``other_ids`` to ``keep_id`` and delete them.

    Returns the undo payload: every moved row with its former party.
    """
    payload: dict[str, Any] = {"keep": keep_id, "others": list(other_ids)}
    for name, table in MOVABLE.items():
        rows = session.execute(
            select(table.id, table.party_id).where(table.party_id.in_(other_ids))
        ).all()
        payload[name] = {str(row_id): party for row_id, party in rows}
        if rows:
            session.execute(update(table).where(table.id.in_([r for r, _ in rows])).values(party_id=keep_id))
    payload["groups_added"] = _merge_groups(session, keep_id, other_ids)
    names = session.execute(select(Party.name).where(Party.id.in_(other_ids))).scalars().all()
    keep_name = session.execute(select(Party.name).where(Party.id == keep_id)).scalar_one()
    created = []
    for name in sorted(set(names) - {keep_name}):
        alias = PartyAlias(party_id=keep_id, name=name, created_by=actor)
        session.add(alias)
        session.flush()
        created.append(alias.id)
    payload["aliases_created"] = created
    soft_delete(session=session, party_ids=other_ids)
    session.execute(update(Party).where(Party.id == keep_id)
                    .values(version=Party.version + 1, updated_at=utcnow()))
    return payload


def _merge_groups(session: Session, keep_id: int, other_ids: Sequence[int]) -> list[list[int]]:
    kept = set(session.execute(select(GroupMember.group_id).where(GroupMember.party_id == keep_id)).scalars())
    theirs = set(session.execute(
        select(GroupMember.group_id).where(GroupMember.party_id.in_(other_ids))
    ).scalars())
    added = sorted(theirs - kept)
    if added:
        session.execute(insert(GroupMember), [{"group_id": g, "party_id": keep_id} for g in added])
    return [[g, keep_id] for g in added]


def unmerge(*, session: Session, payload: dict[str, Any]) -> None:
    """Take a merge back exactly."""
    for name, table in MOVABLE.items():
        for row_id, party in payload[name].items():
            session.execute(update(table).where(table.id == int(row_id)).values(party_id=party))
    for group_id, party_id in payload["groups_added"]:
        session.execute(delete(GroupMember).where(GroupMember.group_id == group_id,
                                                  GroupMember.party_id == party_id))
    if payload["aliases_created"]:
        session.execute(delete(PartyAlias).where(PartyAlias.id.in_(payload["aliases_created"])))
    undelete(session=session, party_ids=payload["others"], links={})
    session.execute(update(Party).where(Party.id == payload["keep"])
                    .values(version=Party.version + 1, updated_at=utcnow()))


# ---------------------------------------------------------------- undo journal


def add_undo(
    *, session: Session, dossier_id: int, actor: str, action: str, summary: str, payload: dict[str, Any]
) -> int:
    """Journal an undoable action; returns its id."""
    entry = UndoEntry(dossier_id=dossier_id, actor=actor, action=action, summary=summary[:300],
                      payload=payload)
    session.add(entry)
    session.flush()
    assert entry.id is not None
    return entry.id


def latest_undo(*, session: Session, dossier_id: int) -> UndoEntry | None:
    """The newest action of a dossier not undone yet (locked against a second undo)."""
    query = (
        select(UndoEntry).where(UndoEntry.dossier_id == dossier_id, UndoEntry.undone.is_(False))
        .order_by(UndoEntry.id.desc()).limit(1).with_for_update()
    )
    return session.execute(query).scalar_one_or_none()


def mark_undone(*, session: Session, entry_id: int) -> None:
    """An undone action is not undone twice."""
    session.execute(update(UndoEntry).where(UndoEntry.id == entry_id).values(undone=True))
